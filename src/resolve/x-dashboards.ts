/**
 * `x-dashboards` (ECS ComposeX's syntax and meaning, its dashboards module): CloudWatch dashboards
 * with predefined widgets for the ECS services of the families named.
 *
 *   x-dashboards:
 *     all-services:
 *       Type: cloudwatch                   # the only type (ECS ComposeX's schema)
 *       Settings: {start: -PT12H}          # the time range shown (default -PT12H)
 *       Services:
 *         app03: {UsePredefinedMetrics: true}
 *         bignicefamily: {UsePredefinedMetrics: true}   # a family's name, as ECS ComposeX reads it
 *
 * A `Services` key is a family's name (ECS ComposeX reads only those), or a service's: then its
 * families. Each family gets a section (resolve/dashboard-widgets.ts). The dashboard is named
 * `<root stack name>--<key>`, as ECS ComposeX names it, so one file deploys as several stacks;
 * a key CloudWatch would refuse in a name is warned about and replaced (CX3911). A dashboard past
 * CloudWatch's limits (500 widgets, 2,500 metrics) is split into several (CX3912).
 */
import type { Path } from '../compose/source-map';
import { TEMPLATE_QUOTAS } from '../limits/cloudformation';
import { CODES } from './codes';
import { compareStrings, describePath, ResolveContext } from './context';
import { DEFAULT_DASHBOARD_START, MAX_DASHBOARD_METRICS, MAX_DASHBOARD_WIDGETS, sectionSize } from './dashboard-widgets';
import { familiesOf, Membership } from './families';
import { targetGroupKey } from './load-balancer-split';
import type { ClusterSettings, DashboardModel, DashboardSection, DashboardTarget, Elbv2Model, LoadBalancerModel } from './model';
import { logicalIds, nameHash } from './names';
import { checkKeys, isPlainObject, readBoolean, readObject, readString } from './readers';

export const DASHBOARDS_KEY = 'x-dashboards';
export const X_DASHBOARDS_KEYS = ['Type', 'Settings', 'Services', 'Resources'];
export const DASHBOARD_SERVICE_KEYS = ['UsePredefinedMetrics', 'Metrics'];
const DASHBOARD_TYPE = 'cloudwatch';
/** CloudWatch PutDashboard: DashboardName is 1–255 of `A-Z a-z 0-9 - _`. */
const NAME_CHARACTERS = /^[A-Za-z0-9_-]+$/;
/** 255 less a stack name (CloudFormation: at most 128 characters) and `--`. */
export const MAX_NAME_SUFFIX = 255 - 128 - 2;
/** Room kept in the name for a part number (`-2`) of a split dashboard. */
const PART_ROOM = 4;
/** A relative time range (`-PT12H`, `-P7D`, `-P3M`): what `start` alone may be. */
const RELATIVE_START = /^-P(?=\d|T\d)(\d+[YMWD])*(T(\d+[HMS])+)?$/;

export interface DashboardsInput {
  readonly membership: Membership;
  readonly cluster: ClusterSettings;
  /** Families that have no ECS service (x-events `DeleteDefaultService`). */
  readonly withoutService: ReadonlyMap<string, Path>;
  readonly loadBalancer?: LoadBalancerModel;
  readonly elbv2: readonly Elbv2Model[];
}

/** Every dashboard of the file (parts of a split one each), sorted by logical id. */
export function readDashboards(ctx: ResolveContext, input: DashboardsInput): DashboardModel[] {
  const raw = ctx.project.extensions[DASHBOARDS_KEY];
  if (raw === undefined) return [];
  const top = readObject(ctx, raw, [DASHBOARDS_KEY], '{all-services: {Type: cloudwatch, Services: {api: {UsePredefinedMetrics: true}}}}');
  if (!top) return [];
  const names = Object.keys(top).sort(compareStrings);
  const ids = logicalIds(names);
  // A key CloudWatch takes keeps its name; a replaced one yields to it.
  const suffixes = new Set(names.filter((n) => NAME_CHARACTERS.test(n) && n.length <= MAX_NAME_SUFFIX - PART_ROOM));
  const out: DashboardModel[] = [];
  for (const name of names) {
    const path: Path = [DASHBOARDS_KEY, name];
    const entry = readObject(ctx, top[name] ?? {}, path, '{Type: cloudwatch, Services: {api: {UsePredefinedMetrics: true}}}');
    if (!entry) continue;
    checkKeys(ctx, entry, path, X_DASHBOARDS_KEYS);
    if (entry.Type !== undefined && entry.Type !== DASHBOARD_TYPE) {
      ctx.error(CODES.DASHBOARD_INVALID, `${describePath([...path, 'Type'])} is ${JSON.stringify(entry.Type)}: the only dashboards are CloudWatch's`, [...path, 'Type'], `write Type: ${DASHBOARD_TYPE}`);
    }
    if (entry.Resources !== undefined) {
      ctx.warning(
        CODES.DASHBOARD_NOT_READ,
        `${describePath([...path, 'Resources'])} is not read: ECS ComposeX's schema takes it, but neither it nor composex adds widgets for x- resources; the dashboard shows the services only`,
        [...path, 'Resources'],
        'remove Resources; add the resource metrics to the dashboard in the CloudWatch console, or watch them with x-alarms',
        'key',
      );
    }
    const suffix = nameSuffix(ctx, name, path, suffixes);
    const start = readStart(ctx, entry.Settings, [...path, 'Settings']);
    const sections = readSections(ctx, entry.Services, [...path, 'Services'], input);
    if (start === undefined || sections === undefined) continue;
    if (sections.length === 0) {
      ctx.warning(CODES.DASHBOARD_EMPTY, `dashboard '${name}' names no service whose metrics it shows: it is created empty (as ECS ComposeX creates it)`, path, 'list the services or families under Services: {<name>: {UsePredefinedMetrics: true}}, or remove the dashboard', 'key');
    } else {
      warnContainerInsights(ctx, input.cluster, name, path);
    }
    const parts = splitSections(sections);
    if (parts === undefined) {
      ctx.error(CODES.DASHBOARD_TOO_LARGE, `dashboard '${name}': one family's widgets pass CloudWatch's limits (${MAX_DASHBOARD_WIDGETS} widgets, ${MAX_DASHBOARD_METRICS} metrics in a dashboard)`, path, 'put fewer target groups in front of the family', 'key');
      continue;
    }
    if (parts.length > 1) {
      ctx.warning(
        CODES.DASHBOARD_TOO_LARGE,
        `dashboard '${name}' would hold more than CloudWatch takes in one dashboard (${MAX_DASHBOARD_WIDGETS} widgets, ${MAX_DASHBOARD_METRICS} metrics): it is split into ${parts.length} dashboards, '<stack>--${suffix}' and '<stack>--${suffix}-2'${parts.length > 2 ? ` to '-${parts.length}'` : ''}, each with whole families`,
        path,
        'split the Services of the dashboard into several dashboards yourself to choose which families go together',
        'key',
      );
    }
    parts.forEach((part, i) =>
      out.push({
        name,
        logicalId: `Dashboard${ids.get(name)!}${i === 0 ? '' : `Part${i + 1}`}`,
        nameSuffix: i === 0 ? suffix : `${suffix}-${i + 1}`,
        start,
        sections: part,
      }),
    );
  }
  out.sort((a, b) => compareStrings(a.logicalId, b.logicalId));
  return checkStackParameters(ctx, out) ? out : [];
}

/** The Dashboards stack's parameters besides one per family and target group: the root stack's and the cluster's names. */
const OWN_PARAMETERS = 2;

/**
 * The Dashboards stack takes the name of each family's ECS service and each target group's label
 * as a parameter: CloudFormation takes at most 200 in a template (a quota it does not raise).
 */
function checkStackParameters(ctx: ResolveContext, dashboards: readonly DashboardModel[]): boolean {
  const values = new Set<string>();
  for (const dashboard of dashboards) {
    for (const section of dashboard.sections) {
      values.add(`family\0${section.family}`);
      for (const t of section.targets) values.add(t.kind === 'loadBalancer' ? `lb\0${targetGroupKey(t.listener)}` : `elbv2\0${t.loadBalancer}\0${t.targetGroup.id}`);
    }
    if (OWN_PARAMETERS + values.size <= TEMPLATE_QUOTAS.parameters) continue;
    ctx.error(
      CODES.DASHBOARD_TOO_LARGE,
      `the dashboards name more ECS services and target groups than one stack can take from the others (${TEMPLATE_QUOTAS.parameters - OWN_PARAMETERS}, CloudFormation's ${TEMPLATE_QUOTAS.parameters} parameters less the stack's and the cluster's names); dashboard '${dashboard.name}' is the first over it`,
      [DASHBOARDS_KEY, dashboard.name],
      'show fewer families in the dashboards of one project, or split the project into several compose projects',
      'key',
    );
    return false;
  }
  return true;
}

function readStart(ctx: ResolveContext, raw: unknown, path: Path): string | undefined {
  if (raw === undefined) return DEFAULT_DASHBOARD_START;
  const settings = readObject(ctx, raw, path, '{start: -PT12H}');
  if (!settings) return undefined;
  checkKeys(ctx, settings, path, ['start']);
  if (settings.start === undefined) return DEFAULT_DASHBOARD_START;
  const start = readString(ctx, settings.start, [...path, 'start'], 'a relative time range such as -PT12H');
  if (start === undefined) return undefined;
  if (!RELATIVE_START.test(start)) {
    ctx.error(
      CODES.DASHBOARD_INVALID,
      `${describePath([...path, 'start'])} is '${start}': CloudWatch takes a start without an end only as a relative time range, -P followed by an ISO 8601 duration (-PT8H, -P7D, -P3M)`,
      [...path, 'start'],
      `write a duration such as ${DEFAULT_DASHBOARD_START} (the last 12 hours)`,
    );
    return undefined;
  }
  return start;
}

/** `Services`: one section per family named, in the order written, each once. */
function readSections(ctx: ResolveContext, raw: unknown, path: Path, input: DashboardsInput): DashboardSection[] | undefined {
  if (raw === undefined) return [];
  const services = readObject(ctx, raw, path, '{api: {UsePredefinedMetrics: true}}');
  if (!services) return undefined;
  const { membership } = input;
  const families: string[] = [];
  let valid = true;
  for (const name of Object.keys(services)) {
    const at: Path = [...path, name];
    const entry = services[name] ?? {};
    if (!isPlainObject(entry)) {
      readObject(ctx, entry, at, '{UsePredefinedMetrics: true}');
      valid = false;
      continue;
    }
    checkKeys(ctx, entry, at, DASHBOARD_SERVICE_KEYS);
    const named = membership.servicesOf.has(name) ? [name] : [...familiesOf(membership, name)].sort(compareStrings);
    if (named.length === 0) {
      ctx.unknownService(name, at, 'x-dashboards Services entry', 'key', [...membership.servicesOf.keys()]);
      valid = false;
      continue;
    }
    if (entry.Metrics !== undefined) {
      ctx.warning(CODES.DASHBOARD_NOT_READ, `${describePath([...at, 'Metrics'])} is not read: ECS ComposeX's schema takes it, but neither it nor composex adds widgets for it; '${name}' gets the predefined widgets`, [...at, 'Metrics'], 'remove Metrics', 'key');
    }
    const predefined = entry.UsePredefinedMetrics === undefined ? true : readBoolean(ctx, entry.UsePredefinedMetrics, [...at, 'UsePredefinedMetrics']);
    if (predefined === undefined) {
      valid = false;
      continue;
    }
    if (!predefined) {
      ctx.warning(
        CODES.DASHBOARD_NOT_READ,
        `${describePath([...at, 'UsePredefinedMetrics'])} is false: '${name}' gets no widgets (ECS ComposeX adds its predefined widgets whatever this says, and has no others)`,
        [...at, 'UsePredefinedMetrics'],
        `write UsePredefinedMetrics: true to show the ECS service of '${name}', or remove the entry`,
      );
      continue;
    }
    for (const family of named) {
      if (input.withoutService.has(family)) {
        ctx.warning(CODES.DASHBOARD_NO_SERVICE, `family '${family}' has no ECS service (x-events DeleteDefaultService): dashboard entry '${name}' has no metrics to show and is left out`, at, `remove '${name}' from the dashboard, or keep the family's service`, 'key');
        continue;
      }
      if (!families.includes(family)) families.push(family);
    }
  }
  if (!valid) return undefined;
  return families.map((family) => ({ family, services: [...(membership.servicesOf.get(family) ?? [])], targets: targetsOf(family, input) }));
}

/** The target groups in front of `family`: composex's load balancer (one per target group), then x-elbv2's. */
function targetsOf(family: string, input: DashboardsInput): DashboardTarget[] {
  const targets: DashboardTarget[] = [];
  const seen = new Set<string>();
  const lb = input.loadBalancer;
  for (const listener of lb?.listeners ?? []) {
    if (listener.target.family !== family || seen.has(targetGroupKey(listener))) continue;
    seen.add(targetGroupKey(listener));
    targets.push({ kind: 'loadBalancer', type: lb!.type, listener });
  }
  for (const elbv2 of input.elbv2) {
    for (const targetGroup of elbv2.targetGroups) {
      if (targetGroup.family === family) targets.push({ kind: 'elbv2', type: elbv2.type, loadBalancer: elbv2.name, targetGroup });
    }
  }
  return targets;
}

function warnContainerInsights(ctx: ResolveContext, cluster: ClusterSettings, name: string, path: Path): void {
  if (cluster.kind === 'new' && cluster.containerInsights) return;
  const off = cluster.kind === 'new';
  ctx.warning(
    CODES.DASHBOARD_CONTAINER_INSIGHTS,
    `dashboard '${name}' shows Container Insights metrics (CPU and memory reserved and used, task counts, network), but ${off ? 'x-cluster turns Container Insights off' : 'the services run in an existing cluster, which may not have Container Insights on'}: those widgets stay empty${off ? '' : ' unless it is on'}; the AWS/ECS and load balancer widgets show data anyway`,
    path,
    off ? 'remove ContainerInsights: false from x-cluster (Container Insights is on by default)' : 'turn Container Insights on for the cluster (aws ecs update-cluster-settings --settings name=containerInsights,value=enabled)',
    'key',
  );
}

/**
 * The key, where CloudWatch takes it in a name (`A-Z a-z 0-9 - _`, and short enough after a
 * 128-character stack name); otherwise, with a warning, the key with each other character
 * replaced by `-`, shortened; a second dashboard whose name would be the same gets a hash of its key.
 */
function nameSuffix(ctx: ResolveContext, name: string, path: Path, taken: Set<string>): string {
  const max = MAX_NAME_SUFFIX - PART_ROOM;
  if (NAME_CHARACTERS.test(name) && name.length <= max) return name;
  let suffix = name.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, max);
  if (taken.has(suffix)) suffix = `${suffix.slice(0, max - 9)}-${nameHash(name)}`;
  ctx.warning(
    CODES.DASHBOARD_NAME_CHANGED,
    `dashboard '${name}' is named '<stack>--${suffix}': CloudWatch refuses '${name}' in a dashboard name (${name.length > max ? `at most ${max} characters here, after the stack's name` : 'only letters, digits, - and _'})`,
    path,
    `rename the dashboard with letters, digits, - and _ only${name.length > max ? `, at most ${max} characters` : ''}`,
    'key',
  );
  taken.add(suffix);
  return suffix;
}

/** Whole sections in dashboards within CloudWatch's limits; undefined when one section alone passes them. */
function splitSections(sections: readonly DashboardSection[]): DashboardSection[][] | undefined {
  const parts: DashboardSection[][] = [[]];
  let widgets = 0;
  let metrics = 0;
  for (const section of sections) {
    const size = sectionSize(section);
    if (size.widgets > MAX_DASHBOARD_WIDGETS || size.metrics > MAX_DASHBOARD_METRICS) return undefined;
    if (widgets + size.widgets > MAX_DASHBOARD_WIDGETS || metrics + size.metrics > MAX_DASHBOARD_METRICS) {
      parts.push([]);
      widgets = 0;
      metrics = 0;
    }
    parts[parts.length - 1].push(section);
    widgets += size.widgets;
    metrics += size.metrics;
  }
  return parts;
}
