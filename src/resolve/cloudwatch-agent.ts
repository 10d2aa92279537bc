/**
 * The CloudWatch agent sidecar of a family whose services ask for it with `x-prometheus`
 * (x-prometheus.ts) or `x-monitoring` (x-monitoring.ts), as ECS ComposeX adds it (its
 * managed_sidecars/aws_cw_agent.py: `cloudwatch-agent`, 0.1 vCPU, 256 MiB, port 25888/tcp, not
 * essential, the family's services start after it).
 *
 * - Prometheus: the agent discovers the running tasks of this family's task definition through
 *   the ECS API (`ecs_service_discovery.task_definition_list`, CloudWatch "Detailed guide for
 *   autodiscovery on Amazon ECS clusters") and scrapes each exporter port the file names; the EMF
 *   declarations turn the metrics it keeps into CloudWatch metrics (namespace
 *   ECS/ContainerInsights/Prometheus), written as logs to `/aws/ecs/containerinsights/<cluster>/prometheus`.
 * - EMF: the agent listens on 127.0.0.1:25888 (CloudWatch "Using the CloudWatch agent to send
 *   embedded metric format logs"); every service of the family gets `AWS_EMF_AGENT_ENDPOINT`
 *   (unless it sets it) and, in the family stack, `AWS_EMF_LOG_GROUP_NAME`: the family's log group,
 *   so the task role may write there and nowhere else (plus the groups services name themselves).
 *
 * Its configuration is in the container definition (`CW_CONFIG_CONTENT`, and the Prometheus
 * configuration in `PROMETHEUS_CONFIG_CONTENT`), where ECS ComposeX writes two SSM parameters the
 * execution role reads: nothing to read at start, and a new task definition revision when it changes.
 */
import { stringify as toYaml } from 'yaml';
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import type { CloudwatchAgentModel, ContainerPort } from './model';
import type { MonitoringSetting } from './x-monitoring';
import { ExporterJob, MetricDeclaration, PrometheusSetting, SD_RESULT_FILE } from './x-prometheus';

/** AWS's agent image on Amazon ECR Public, a released version (EMF needs 1.230621.0 or later). */
export const CW_AGENT_IMAGE = 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:1.300062.0b1304';
/** ECS ComposeX's `cpus: 0.1` (102 CPU units) and `memory: 256M`, the latter as a reservation. */
export const CW_AGENT_CPU = 102;
export const CW_AGENT_MEMORY_RESERVATION_MIB = 256;
/** The agent's default EMF socket (tcp:25888). */
export const CW_AGENT_EMF_PORT = 25888;
export const EMF_ENDPOINT_VARIABLE = 'AWS_EMF_AGENT_ENDPOINT';
export const EMF_ENDPOINT = `tcp://127.0.0.1:${CW_AGENT_EMF_PORT}`;
/** What the aws-embedded-metrics libraries read for the log group of their EMF logs. */
export const EMF_LOG_GROUP_VARIABLE = 'AWS_EMF_LOG_GROUP_NAME';
const CW_AGENT_NAME = 'cloudwatch-agent';

/** The job of the generated Prometheus configuration that reads the discovery result (AWS's name). */
const FILE_SD_JOB = 'cwagent-ecs-file-sd-config';

/** The Prometheus configuration composex writes: the discovered targets, every `interval`. */
export function defaultScrapeConfig(interval = '1m', timeout = '10s'): string {
  return toYaml({
    global: { scrape_interval: interval, scrape_timeout: timeout },
    scrape_configs: [{ job_name: FILE_SD_JOB, sample_limit: 10000, file_sd_configs: [{ files: [SD_RESULT_FILE] }] }],
  });
}

export interface AgentAsked {
  readonly prometheus: ReadonlyMap<string, PrometheusSetting>;
  readonly monitoring: ReadonlyMap<string, MonitoringSetting>;
}

/**
 * The agent of the family `family` whose sorted `members` include services that asked, or
 * `undefined`. A family port on 25888 with EMF is CX3922; services that configure the agent
 * differently (scraping, image) are CX3928.
 */
export function planCloudwatchAgent(
  ctx: ResolveContext,
  family: string,
  members: readonly string[],
  asked: AgentAsked,
  ports: readonly ContainerPort[],
): CloudwatchAgentModel | undefined {
  const prom = members.filter((m) => asked.prometheus.has(m));
  const mon = members.filter((m) => asked.monitoring.has(m));
  if (prom.length === 0 && mon.length === 0) return undefined;
  const settings = prom.map((s) => ({ service: s, setting: asked.prometheus.get(s)! }));
  const emf = mon.length > 0 || settings.some((s) => s.setting.emf);

  const image = agreeOn(ctx, family, mon.map((s) => ({ service: s, value: asked.monitoring.get(s)!.image, path: ['services', s, 'x-monitoring'] })), 'the CloudWatch agent image');
  const scraping = agreeOn(
    ctx,
    family,
    settings.filter((s) => s.setting.scrapingPath).map((s) => ({ service: s.service, value: JSON.stringify([s.setting.interval, s.setting.timeout, s.setting.scrapeConfig]), path: s.setting.scrapingPath! })),
    'the Prometheus ScrapingConfiguration',
  );
  const chosen = settings.find((s) => s.setting.scrapingPath && JSON.stringify([s.setting.interval, s.setting.timeout, s.setting.scrapeConfig]) === scraping)?.setting;

  if (emf) {
    const clash = ports.find((p) => p.port === CW_AGENT_EMF_PORT);
    if (clash) {
      const where = mon[0] !== undefined ? ['services', mon[0], 'x-monitoring'] : ['services', prom[0], 'x-prometheus'];
      ctx.error(
        CODES.CW_AGENT_PORT_CLASH,
        `service '${clash.service}' listens on port ${CW_AGENT_EMF_PORT}/${clash.protocol}, where the CloudWatch agent takes EMF logs (all containers of a task share one network namespace)`,
        where,
        'move the service to another port, or give it its own family (deploy.labels: ecs.task.family) without EMF collection',
        'key',
      );
    }
  }

  const jobs = uniqueJobs(family, settings.flatMap((s) => s.setting.jobs.map((j) => ({ ...j, service: s.service }))));
  const declarations = uniqueDeclarations(settings.flatMap((s) => s.setting.declarations));
  const taken = new Set(members);
  let name = CW_AGENT_NAME;
  for (let n = 2; taken.has(name); n++) name = `${CW_AGENT_NAME}-${n}`;
  const emfLogGroups = emf
    ? [...new Set(members.flatMap((m) => {
        const value = ctx.project.services[m].environment?.[EMF_LOG_GROUP_VARIABLE];
        return typeof value === 'string' && value !== '' ? [value] : [];
      }))].sort(compareStrings)
    : [];
  return {
    name,
    image: image ?? CW_AGENT_IMAGE,
    cpu: CW_AGENT_CPU,
    memoryReservation: CW_AGENT_MEMORY_RESERVATION_MIB,
    emf,
    debug: settings.some((s) => s.setting.debug),
    ...(jobs.length > 0
      ? {
          prometheus: {
            scrapeConfig: chosen?.scrapeConfig ?? defaultScrapeConfig(chosen?.interval, chosen?.timeout),
            jobs,
            declarations,
          },
        }
      : {}),
    services: [...members].sort(compareStrings),
    emfLogGroups,
  };
}

/** The value services agree on (the first), or an error (CX3928) at each that differs. */
function agreeOn(ctx: ResolveContext, family: string, candidates: readonly { service: string; value: string | undefined; path: Path }[], what: string): string | undefined {
  const given = candidates.filter((c) => c.value !== undefined);
  if (given.length === 0) return undefined;
  for (const other of given.slice(1)) {
    if (other.value === given[0].value) continue;
    ctx.error(
      CODES.CW_AGENT_FAMILY_CONFLICT,
      `services '${given[0].service}' and '${other.service}' of family '${family}' set ${what} differently (${ctx.where(given[0].path)} and here); one CloudWatch agent serves the whole task`,
      other.path,
      'make them equal, or write it on one service of the family only',
      'key',
    );
  }
  return given[0].value;
}

/** The jobs of the family, named `<family>-<kind>-prometheus-exporter` as ECS ComposeX names them; one per port and path. */
function uniqueJobs(family: string, jobs: readonly (ExporterJob & { service: string })[]): { name: string; port: number; path: string }[] {
  const out: { name: string; port: number; path: string }[] = [];
  const seen = new Set<string>();
  let custom = 0;
  for (const job of jobs) {
    const key = `${job.port}${job.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const kind = job.kind.startsWith('custom-') ? `custom-sd-${custom++}` : `${job.kind}-prometheus-exporter`;
    out.push({ name: `${family}-${kind}`, port: job.port, path: job.path });
  }
  return out;
}

function uniqueDeclarations(list: readonly MetricDeclaration[]): MetricDeclaration[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = JSON.stringify(d);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
