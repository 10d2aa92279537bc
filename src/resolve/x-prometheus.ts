/**
 * `x-prometheus` on a service (ECS ComposeX's syntax): the CloudWatch agent runs as a sidecar of
 * the service's family, discovers the family's tasks through the ECS API and scrapes their
 * Prometheus exporters into CloudWatch Container Insights (cloudwatch-agent.ts plans it).
 *
 *   x-prometheus:
 *     ContainersInsights:
 *       EnableCWAgentDebug: true              # the agent logs in debug mode
 *       CollectForJavaJmx: true               # or {ExporterPort: 1234, ExporterPath, source_labels, label_matcher}
 *       CollectForNginx: {ExporterPort: 9113} # the nginx-prometheus-exporter's metrics
 *       CustomRules:                          # other exporters: a port and the metrics to keep
 *         - ExporterPort: 1234
 *           EmfProcessors: [{source_labels: [container_name], label_matcher: app03,
 *                            dimensions: [[ClusterName, TaskDefinitionFamily]], metric_selectors: ["^startsEnds$"]}]
 *       ScrapingConfiguration: {Interval: 15s, Timeout: 5s}   # or {ScrapingConfigurationFile: prometheus.yml}
 *       CollectEmf: true                      # the agent also takes embedded metric format logs
 *
 * Defaults are ECS ComposeX's (its ecs_prometheus module): JMX on port 9404, nginx on 9113, path
 * `/metrics`, the `job` label matched against `^.*jmx.*$` / `^.*nginx.*$`, scraping every minute
 * with a 10 s timeout. What composex does not do is warned about where it is written (CX3923).
 */
import { parse as parseYaml } from 'yaml';
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { readProjectFile } from './project-file';
import { checkKeys, isPlainObject, readBoolean, readInteger, readList, readObject, readString, readStringList, XObject } from './readers';

export const CONTAINERS_INSIGHTS_KEYS = [
  'CollectEmf',
  'EnableCWAgentDebug',
  'ScrapingConfiguration',
  'CollectForAppMesh',
  'CollectForAppmesh',
  'CollectForJavaJmx',
  'CollectForNginx',
  'AutoAddNginxPrometheusExporter',
  'CollectForNginxPlus',
  'CustomRules',
  'EnableTasksDiscovery',
];
const EXPORTER_KEYS = ['ExporterPort', 'ExporterPath', 'source_labels', 'label_matcher'];
const CUSTOM_RULE_KEYS = ['ExporterPort', 'ExporterPath', 'EmfProcessors'];
const DECLARATION_KEYS = ['source_labels', 'label_matcher', 'dimensions', 'metric_selectors'];
const SCRAPING_KEYS = ['Interval', 'Timeout', 'ScrapingConfigurationFile'];

/** The result file of the agent's ECS discovery, which the Prometheus configuration reads (AWS's and ECS ComposeX's path). */
export const SD_RESULT_FILE = '/tmp/cwagent_ecs_auto_sd.yaml';
export const METRICS_DEFAULT_PATH = '/metrics';

/** An exporter composex tells the agent to scrape in every task of the family. */
export interface ExporterJob {
  /** `javajmx`, `nginx`, `custom-0`, … (the job is named after the family and this). */
  readonly kind: string;
  readonly port: number;
  readonly path: string;
}

/** An EMF metric declaration of the agent's `emf_processor` (CloudWatch agent configuration). */
export interface MetricDeclaration {
  readonly source_labels: readonly string[];
  readonly label_matcher: string;
  readonly dimensions: readonly (readonly string[])[];
  readonly metric_selectors: readonly string[];
}

export interface PrometheusSetting {
  readonly debug: boolean;
  readonly emf: boolean;
  readonly jobs: readonly ExporterJob[];
  readonly declarations: readonly MetricDeclaration[];
  readonly interval?: string;
  readonly timeout?: string;
  /** The Prometheus configuration a `ScrapingConfigurationFile` holds (checked). */
  readonly scrapeConfig?: string;
  /** Where the scraping configuration is written (for a disagreement in the family). */
  readonly scrapingPath?: Path;
}

/** Prometheus's duration (`1m`, `15s`, `1h30m`, `500ms`); ECS ComposeX's schema takes the same pattern. */
const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86400e3, 7 * 86400e3, 86400e3, 3600e3, 60e3, 1e3, 1];

export function durationMs(text: string): number | undefined {
  if (text === '0') return 0;
  const m = DURATION.exec(text);
  if (!m || text === '') return undefined;
  return m.slice(1).reduce((sum, n, i) => sum + (n ? Number(n) * UNIT_MS[i] : 0), 0);
}

function ignored(ctx: ResolveContext, path: Path, what: string, fix: string): void {
  ctx.warning(CODES.CW_AGENT_OPTION_IGNORED, `${describePath(path)}: ${what}`, path, fix, 'key');
}

/** What a service asks with `x-prometheus`, or `undefined` (absent, or errors reported). */
export function readPrometheusSetting(ctx: ResolveContext, service: string): PrometheusSetting | undefined {
  const raw = ctx.project.services[service]['x-prometheus'];
  const path: Path = ['services', service, 'x-prometheus'];
  if (raw === undefined || raw === null) return undefined;
  const top = readObject(ctx, raw, path, '{ContainersInsights: {CollectForJavaJmx: true}}');
  if (!top) return undefined;
  checkKeys(ctx, top, path, ['ContainersInsights']);
  if (top.ContainersInsights === undefined) {
    ctx.warning(CODES.PROMETHEUS_NOTHING_TO_SCRAPE, `${describePath(path)} has no ContainersInsights: no CloudWatch agent is added for it`, path, 'write ContainersInsights: {CollectForJavaJmx: true} (or another exporter), or remove x-prometheus', 'key');
    return undefined;
  }
  const at: Path = [...path, 'ContainersInsights'];
  const ci = readObject(ctx, top.ContainersInsights, at, '{CollectForJavaJmx: true}');
  if (!ci) return undefined;
  checkKeys(ctx, ci, at, CONTAINERS_INSIGHTS_KEYS);
  const flag = (key: string) => (ci[key] === undefined ? false : (readBoolean(ctx, ci[key], [...at, key]) ?? false));
  const jobs: ExporterJob[] = [];
  const declarations: MetricDeclaration[] = [];

  const jmx = readExporter(ctx, ci.CollectForJavaJmx, [...at, 'CollectForJavaJmx'], { kind: 'javajmx', port: 9404, matcher: '^.*jmx.*$' });
  if (jmx) {
    jobs.push(jmx.job);
    declarations.push(...jmxDeclarations(jmx.sourceLabels, jmx.matcher));
  }
  const nginx = readExporter(ctx, ci.CollectForNginx, [...at, 'CollectForNginx'], { kind: 'nginx', port: 9113, matcher: '^.*nginx.*$' });
  if (nginx) {
    jobs.push(nginx.job);
    declarations.push({ source_labels: nginx.sourceLabels, label_matcher: nginx.matcher, dimensions: [['ClusterName', 'TaskDefinitionFamily', 'ServiceName']], metric_selectors: ['^nginx_.*$'] });
  }
  if (ci.CustomRules !== undefined) readCustomRules(ctx, ci.CustomRules, [...at, 'CustomRules'], jobs, declarations);

  for (const key of ['CollectForAppMesh', 'CollectForAppmesh']) {
    if (flag(key)) ignored(ctx, [...at, key], 'composex adds no envoy proxy (AWS discontinued App Mesh on 30 September 2026), so there are no envoy metrics to collect; ignored', `remove ${key}`);
  }
  if (flag('AutoAddNginxPrometheusExporter')) {
    ignored(ctx, [...at, 'AutoAddNginxPrometheusExporter'], 'composex does not add the nginx-prometheus-exporter sidecar (it must be told where nginx serves stub_status, which ECS ComposeX does not say either); ignored', 'declare the exporter as a service of the family (image nginx/nginx-prometheus-exporter, command [--nginx.scrape-uri=http://127.0.0.1:<port>/stub_status], expose 9113)');
  }
  if (flag('CollectForNginxPlus')) ignored(ctx, [...at, 'CollectForNginxPlus'], 'ECS ComposeX reads no NGINX Plus rule and neither does composex; ignored', 'use CollectForNginx with the exporter port of your NGINX Plus exporter');
  if (flag('EnableTasksDiscovery')) ignored(ctx, [...at, 'EnableTasksDiscovery'], "the agent discovers the family's tasks whenever a Collect* key or CustomRules asks for an exporter; this key adds nothing", 'remove EnableTasksDiscovery');

  const scraping = ci.ScrapingConfiguration === undefined ? {} : readScraping(ctx, ci.ScrapingConfiguration, [...at, 'ScrapingConfiguration']);
  if (scraping === undefined) return undefined;
  const debug = flag('EnableCWAgentDebug');
  const emf = flag('CollectEmf');
  if (jobs.length === 0 && !emf) {
    ctx.warning(
      CODES.PROMETHEUS_NOTHING_TO_SCRAPE,
      `${describePath(at)} names no exporter to scrape (CollectForJavaJmx, CollectForNginx or CustomRules with an ExporterPort) and no EMF collection: no CloudWatch agent is added for it`,
      at,
      'add CollectForJavaJmx: true, CollectForNginx: true or a CustomRules entry with its ExporterPort',
      'key',
    );
    return undefined;
  }
  return { debug, emf, jobs, declarations, ...scraping };
}

/** `CollectForJavaJmx` / `CollectForNginx`: `true`, or an ExporterConfig overriding the defaults. */
function readExporter(
  ctx: ResolveContext,
  raw: unknown,
  path: Path,
  defaults: { kind: string; port: number; matcher: string },
): { job: ExporterJob; sourceLabels: string[]; matcher: string } | undefined {
  if (raw === undefined || raw === false) return undefined;
  const base = { job: { kind: defaults.kind, port: defaults.port, path: METRICS_DEFAULT_PATH }, sourceLabels: ['job'], matcher: defaults.matcher };
  if (raw === true) return base;
  if (!isPlainObject(raw)) {
    ctx.error(CODES.PROMETHEUS_INVALID, `${describePath(path)} must be true, false or {ExporterPort, ExporterPath, source_labels, label_matcher}, not ${JSON.stringify(raw)}`, path, `write ${path[path.length - 1]}: true`);
    return undefined;
  }
  checkKeys(ctx, raw, path, EXPORTER_KEYS);
  const port = raw.ExporterPort === undefined ? defaults.port : readInteger(ctx, raw.ExporterPort, [...path, 'ExporterPort'], 1, 65535);
  const metricsPath = readMetricsPath(ctx, raw.ExporterPath, [...path, 'ExporterPath']);
  const sourceLabels = raw.source_labels === undefined ? base.sourceLabels : readStringList(ctx, raw.source_labels, [...path, 'source_labels']);
  const matcher = raw.label_matcher === undefined ? base.matcher : readRegex(ctx, raw.label_matcher, [...path, 'label_matcher']);
  if (port === undefined || metricsPath === undefined || sourceLabels === undefined || matcher === undefined) return undefined;
  return { job: { kind: defaults.kind, port, path: metricsPath }, sourceLabels, matcher };
}

function readMetricsPath(ctx: ResolveContext, raw: unknown, path: Path): string | undefined {
  if (raw === undefined) return METRICS_DEFAULT_PATH;
  const text = readString(ctx, raw, path, '/metrics');
  if (text === undefined) return undefined;
  if (!/^\/[\x21-\x7e]*$/.test(text)) {
    ctx.error(CODES.PROMETHEUS_INVALID, `${describePath(path)} must be a URL path starting with / (printable ASCII, no spaces), not ${JSON.stringify(text)}`, path, 'e.g. ExporterPath: /metrics');
    return undefined;
  }
  return text;
}

/** A label matcher: a regular expression the agent (Go's RE2) compiles; JavaScript's syntax is close enough to catch a broken one. */
function readRegex(ctx: ResolveContext, raw: unknown, path: Path): string | undefined {
  const text = readString(ctx, raw, path, '^.*jmx.*$');
  if (text === undefined) return undefined;
  try {
    new RegExp(text);
  } catch (e) {
    ctx.error(CODES.PROMETHEUS_INVALID, `${describePath(path)} is not a regular expression: ${(e as Error).message}`, path, 'escape the special characters, e.g. ^app03$');
    return undefined;
  }
  return text;
}

/**
 * `CustomRules`: each an exporter port (and path) to scrape in the family's tasks and the metric
 * declarations (`EmfProcessors`) that turn its metrics into CloudWatch metrics. An entry that is a
 * bare declaration (ECS ComposeX's first form, no ExporterPort) is read as a declaration only (CX3927).
 */
function readCustomRules(ctx: ResolveContext, raw: unknown, path: Path, jobs: ExporterJob[], declarations: MetricDeclaration[]): void {
  const list = readList(ctx, raw, path, '[{ExporterPort: 1234, EmfProcessors: [...]}]');
  if (!list) return;
  list.forEach((item, i) => {
    const at = [...path, i];
    const rule = readObject(ctx, item, at, '{ExporterPort: 1234, EmfProcessors: [...]}');
    if (!rule) return;
    if (rule.ExporterPort === undefined && rule.EmfProcessors === undefined && DECLARATION_KEYS.some((k) => rule[k] !== undefined)) {
      checkKeys(ctx, rule, at, DECLARATION_KEYS);
      const declaration = readDeclaration(ctx, rule, at);
      if (!declaration) return;
      declarations.push(declaration);
      ctx.warning(
        CODES.PROMETHEUS_RULE_WITHOUT_PORT,
        `${describePath(at)} has no ExporterPort: it is read as a metric declaration only (ECS ComposeX's first CustomRules form), and no exporter is scraped for it`,
        at,
        'write {ExporterPort: <the exporter port>, EmfProcessors: [<this rule>]} so the agent scrapes the exporter',
        'key',
      );
      return;
    }
    checkKeys(ctx, rule, at, CUSTOM_RULE_KEYS);
    const port = readInteger(ctx, rule.ExporterPort, [...at, 'ExporterPort'], 1, 65535);
    const metricsPath = readMetricsPath(ctx, rule.ExporterPath, [...at, 'ExporterPath']);
    const processors = readList(ctx, rule.EmfProcessors, [...at, 'EmfProcessors'], '[{source_labels, label_matcher, dimensions, metric_selectors}]');
    if (port === undefined || metricsPath === undefined || !processors) return;
    const read = processors.map((p, j) => {
      const pat = [...at, 'EmfProcessors', j];
      const obj = readObject(ctx, p, pat, '{source_labels, label_matcher, dimensions, metric_selectors}');
      if (!obj) return undefined;
      checkKeys(ctx, obj, pat, DECLARATION_KEYS);
      return readDeclaration(ctx, obj, pat);
    });
    if (read.some((d) => d === undefined)) return;
    jobs.push({ kind: `custom-${i}`, port, path: metricsPath });
    declarations.push(...(read as MetricDeclaration[]));
  });
}

function readDeclaration(ctx: ResolveContext, obj: XObject, path: Path): MetricDeclaration | undefined {
  const sourceLabels = readStringList(ctx, obj.source_labels, [...path, 'source_labels']);
  const matcher = readRegex(ctx, obj.label_matcher, [...path, 'label_matcher']);
  const selectors = readStringList(ctx, obj.metric_selectors, [...path, 'metric_selectors']);
  const dimensionsRaw = readList(ctx, obj.dimensions, [...path, 'dimensions'], '[[ClusterName, TaskDefinitionFamily]]');
  if (!sourceLabels || matcher === undefined || !selectors || !dimensionsRaw) return undefined;
  const dimensions: string[][] = [];
  for (const [i, set] of dimensionsRaw.entries()) {
    const names = readStringList(ctx, set, [...path, 'dimensions', i]);
    if (!names) return undefined;
    // CloudWatch: at most 30 dimensions a metric (PutMetricData, "Dimensions" member limit).
    if (names.length === 0 || names.length > 30) {
      ctx.error(CODES.PROMETHEUS_INVALID, `${describePath([...path, 'dimensions', i])} must list 1 to 30 label names (a CloudWatch metric has at most 30 dimensions)`, [...path, 'dimensions', i], 'e.g. [ClusterName, TaskDefinitionFamily]');
      return undefined;
    }
    dimensions.push(names);
  }
  for (const [i, s] of selectors.entries()) if (readRegex(ctx, s, [...path, 'metric_selectors', i]) === undefined) return undefined;
  return { source_labels: sourceLabels, label_matcher: matcher, dimensions, metric_selectors: selectors };
}

/** `ScrapingConfiguration`: Interval and Timeout of the generated configuration, or a configuration file. */
function readScraping(ctx: ResolveContext, raw: unknown, path: Path): Pick<PrometheusSetting, 'interval' | 'timeout' | 'scrapeConfig' | 'scrapingPath'> | undefined {
  const obj = readObject(ctx, raw, path, '{Interval: 15s, Timeout: 5s}');
  if (!obj) return undefined;
  checkKeys(ctx, obj, path, SCRAPING_KEYS);
  const duration = (key: string): string | undefined | null => {
    if (obj[key] === undefined) return undefined;
    const text = typeof obj[key] === 'number' ? `${String(obj[key])}s` : obj[key];
    if (typeof text !== 'string' || durationMs(text) === undefined) {
      ctx.error(CODES.PROMETHEUS_INVALID, `${describePath([...path, key])} must be a Prometheus duration (1m, 15s, 1h30m, 500ms), not ${JSON.stringify(obj[key])}`, [...path, key], `e.g. ${key}: ${key === 'Interval' ? '1m' : '10s'}`);
      return null;
    }
    return text;
  };
  const interval = duration('Interval');
  const timeout = duration('Timeout');
  if (interval === null || timeout === null) return undefined;
  // Prometheus refuses a configuration whose scrape_timeout is greater than its scrape_interval.
  if (durationMs(timeout ?? '10s')! > durationMs(interval ?? '1m')!) {
    ctx.error(CODES.PROMETHEUS_INVALID, `${describePath([...path, 'Timeout'])} (${timeout ?? '10s'}) is longer than the scrape interval (${interval ?? '1m'}): Prometheus refuses such a configuration`, [...path, timeout !== undefined ? 'Timeout' : 'Interval'], 'make the Timeout at most the Interval');
    return undefined;
  }
  const out = { ...(interval !== undefined ? { interval } : {}), ...(timeout !== undefined ? { timeout } : {}), scrapingPath: path };
  if (obj.ScrapingConfigurationFile === undefined) return out;
  const fileAt = [...path, 'ScrapingConfigurationFile'];
  const given = readString(ctx, obj.ScrapingConfigurationFile, fileAt, 'prometheus/scrape_config.yaml');
  if (given === undefined) return undefined;
  const text = readProjectFile(ctx, given, fileAt, 'ScrapingConfigurationFile', CODES.SCRAPE_CONFIG_FILE_UNREADABLE);
  if (text === undefined) return undefined;
  const problem = scrapeConfigProblem(text);
  if (problem) {
    ctx.warning(CODES.SCRAPE_CONFIG_LEFT_OUT, `${given} is not a Prometheus configuration the agent can load (${problem}): it is left out, and composex's configuration is used`, fileAt, `fix the file (see the Prometheus scrape_config reference), e.g. file_sd_configs: [{files: [${SD_RESULT_FILE}]}]`);
    return out;
  }
  if (!text.includes(SD_RESULT_FILE)) {
    ctx.warning(CODES.SCRAPE_CONFIG_LEFT_OUT, `${given} does not read ${SD_RESULT_FILE}, where the agent writes the tasks it discovers: the exporters composex configures would not be scraped`, fileAt, `add a job with file_sd_configs: [{files: [${SD_RESULT_FILE}]}]`);
  }
  return { ...out, scrapeConfig: text };
}

/** Why Prometheus would refuse `text` (the parts it would refuse at load), or `undefined`. */
export function scrapeConfigProblem(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (e) {
    return `not YAML: ${(e as Error).message.split('\n')[0]}`;
  }
  if (!isPlainObject(parsed)) return 'not a mapping';
  const jobs = parsed.scrape_configs;
  if (!Array.isArray(jobs) || jobs.length === 0) return 'scrape_configs must be a non-empty list';
  for (const [i, job] of jobs.entries()) {
    if (!isPlainObject(job) || typeof job.job_name !== 'string' || job.job_name === '') return `scrape_configs[${i}] needs a job_name`;
    for (const key of Object.keys(job).filter((k) => k.endsWith('_sd_configs') || k === 'static_configs')) {
      if (!Array.isArray(job[key])) return `scrape_configs[${i}].${key} must be a list`;
    }
  }
  return undefined;
}

/** ECS ComposeX's JMX declarations (its emf_processors.get_jmx_processor), matching `labels` against `matcher`. */
function jmxDeclarations(labels: readonly string[], matcher: string): MetricDeclaration[] {
  return [
    {
      source_labels: labels,
      label_matcher: matcher,
      dimensions: [['ClusterName', 'TaskDefinitionFamily']],
      metric_selectors: [
        '^jvm_threads_(current|daemon)$',
        '^jvm_classes_loaded$',
        '^java_lang_operatingsystem_(freephysicalmemorysize|totalphysicalmemorysize|freeswapspacesize|totalswapspacesize|systemcpuload|processcpuload|availableprocessors|openfiledescriptorcount)$',
        '^catalina_manager_(rejectedsessions|activesessions)$',
        '^jvm_gc_collection_seconds_(count|sum)$',
        '^catalina_globalrequestprocessor_(bytesreceived|bytessent|requestcount|errorcount|processingtime)$',
      ],
    },
    { source_labels: labels, label_matcher: matcher, dimensions: [['ClusterName', 'TaskDefinitionFamily', 'area']], metric_selectors: ['^jvm_memory_bytes_used$'] },
    { source_labels: labels, label_matcher: matcher, dimensions: [['ClusterName', 'TaskDefinitionFamily', 'pool']], metric_selectors: ['^jvm_memory_pool_bytes_used$'] },
  ];
}
