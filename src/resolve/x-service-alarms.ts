/**
 * `services.<name>.x-alarms.Predefined`: the alarms composex predefines on a family's ECS service
 * (x-alarm-tables.ts PREDEFINED_SERVICE_ALARMS), in the family's stack.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { compareStrings, ResolveContext } from './context';
import { familiesOf, type Membership } from './families';
import type { AlarmModel, ClusterSettings, Elbv2Model, ResourcesByKind } from './model';
import { checkKeys, readInteger, readObject } from './readers';
import { PREDEFINED_SERVICE_ALARMS, PREDEFINED_SETTINGS_KEYS } from './x-alarm-tables';
import { readTopics } from './x-alarm-topics';

/** What reading the alarms needs from the rest of resolve. */
export interface AlarmsInput {
  readonly membership: Membership;
  readonly resources: ResourcesByKind;
  readonly cluster: ClusterSettings;
  /** Families that are targets of an application load balancer (an HTTP target group). */
  readonly albTargets: ReadonlySet<string>;
  /** The x-elbv2 load balancers (dimensions `x-elbv2::<lb>` and `x-elbv2::<lb>::<family>::<port>`). */
  readonly loadBalancers: readonly Elbv2Model[];
}

export const SERVICE_ALARMS_KEYS = ['Predefined'];
export const SERVICE_PREDEFINED_KEYS = ['Topics', 'Settings'];

/** `services.<name>.x-alarms.Predefined`: alarms on the family's ECS service. */
export function readServiceAlarms(ctx: ResolveContext, input: AlarmsInput): Omit<AlarmModel, 'logicalId'>[] {
  const out: Omit<AlarmModel, 'logicalId'>[] = [];
  for (const service of ctx.serviceNames) {
    const raw = ctx.project.services[service]['x-alarms'];
    if (raw === undefined) continue;
    const path: Path = ['services', service, 'x-alarms'];
    const obj = readObject(ctx, raw, path, '{Predefined: {RunningTasksBelowDesired: {Topics: [{x-sns: alerts}]}}}');
    if (!obj) continue;
    checkKeys(ctx, obj, path, SERVICE_ALARMS_KEYS);
    const predefined = obj.Predefined === undefined ? {} : readObject(ctx, obj.Predefined, [...path, 'Predefined']);
    if (!predefined) continue;
    const families = familiesOf(input.membership, service);
    for (const name of Object.keys(predefined).sort(compareStrings)) {
      const at = [...path, 'Predefined', name];
      const table = PREDEFINED_SERVICE_ALARMS[name];
      if (!table) {
        ctx.error(CODES.INVALID_ALARM, `'${name}' is not a predefined service alarm composex creates`, at, `${suggestion(name, Object.keys(PREDEFINED_SERVICE_ALARMS), 'alarm')} (predefined: ${Object.keys(PREDEFINED_SERVICE_ALARMS).join(', ')}; other alarms: top-level x-alarms with Services)`, 'key');
        continue;
      }
      const entry = readObject(ctx, predefined[name] ?? {}, at, '{Topics: [{x-sns: alerts}], Settings: {EvaluationPeriods: 5}}');
      if (!entry) continue;
      checkKeys(ctx, entry, at, SERVICE_PREDEFINED_KEYS);
      const settings = entry.Settings === undefined ? {} : readObject(ctx, entry.Settings, [...at, 'Settings']);
      if (!settings) continue;
      checkKeys(ctx, settings, [...at, 'Settings'], PREDEFINED_SETTINGS_KEYS);
      const overrides: Record<string, number> = {};
      let valid = true;
      for (const key of PREDEFINED_SETTINGS_KEYS.filter((k) => settings[k] !== undefined)) {
        // CloudWatch: Period 10, 30 or a multiple of 60 seconds; at most 1 day of evaluation
        const [min, max] = key === 'Period' ? [10, 86400] : key === 'Threshold' ? [0, 100000] : [1, 1440];
        const value = readInteger(ctx, settings[key], [...at, 'Settings', key], min, max);
        if (value === undefined) valid = false;
        else overrides[key] = value;
      }
      const actions = readTopics(ctx, entry.Topics, [...at, 'Topics'], input);
      if (!valid || !actions) continue;
      if (table.math.on === 'targetGroups') {
        const outside = families.filter((f) => !input.albTargets.has(f));
        if (outside.length > 0) {
          ctx.error(CODES.INVALID_ALARM, `${name} of '${service}' watches the 5xx answers of an application load balancer's target groups, but family '${outside[0]}' is no target of one`, at, 'publish an HTTP port of the family (ports: ["80:8080"], every published port of the project HTTP, so that the load balancer is an ALB) or route to it from an x-elbv2 application load balancer; or remove this alarm', 'key');
          continue;
        }
      } else if (input.cluster.kind === 'new' && !input.cluster.containerInsights) {
        ctx.error(CODES.ALARM_NEEDS_CONTAINER_INSIGHTS, `${name} of '${service}' reads Container Insights metrics, but x-cluster turns Container Insights off: the alarm would never have data`, at, 'remove ContainerInsights: false from x-cluster (Container Insights is on by default), or remove this alarm', 'key');
        continue;
      }
      if (table.math.on === 'service' && input.cluster.kind === 'existing') {
        ctx.warning(CODES.ALARM_EXISTING_CLUSTER_INSIGHTS, `${name} of '${service}' reads Container Insights metrics of the existing cluster: without Container Insights on it, the alarm never has data`, at, 'turn Container Insights on for the cluster (aws ecs update-cluster-settings --settings name=containerInsights,value=enabled)', 'key');
      }
      const properties = { AlarmDescription: `composex: ${table.description} (${service})`, ...table.properties, ...overrides };
      for (const family of families) {
        out.push({
          name: `${family}.${service}.${name}`,
          family,
          properties,
          dimensions: [],
          serviceMath: table.math,
          actions,
          path: at,
        });
      }
    }
  }
  return out;
}
