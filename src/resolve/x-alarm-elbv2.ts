/**
 * `x-elbv2` references in the `Dimensions` of an x-alarms alarm, as ECS ComposeX reads them
 * (its alarms.rst "Linking to x-resources properties"; alarms/alarms_elbv2.py):
 *
 *   x-alarms:
 *     unhealthy:
 *       Properties:
 *         Namespace: AWS/NetworkELB
 *         MetricName: HealthyHostCount
 *         Dimensions:
 *           - {Name: LoadBalancer, Value: "x-elbv2::lbC"}               # its LoadBalancerFullName (net/<name>/<id>)
 *           - {Name: TargetGroup, Value: "x-elbv2::lbC::app03::5000"}  # the TargetGroupFullName of family app03's
 *                                                                       # target group on port 5000 (targetgroup/<name>/<id>)
 *
 * These are the values ELB publishes its CloudWatch metrics under (AWS: "LoadBalancer: the final
 * portion of the load balancer ARN", "TargetGroup: the final portion of the target group ARN"),
 * the `LoadBalancerFullName` and `TargetGroupFullName` attributes of the CloudFormation resources.
 * ECS ComposeX reads them only in a dimension named LoadBalancer or TargetGroup of an
 * AWS/ApplicationELB or AWS/NetworkELB alarm and leaves the text as it is elsewhere; composex
 * resolves them in any namespace and says so (CX3339) where ECS ComposeX would not have.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import type { AlarmDimension, Elbv2Model } from './model';
import { isPlainObject } from './readers';

export const ELBV2_KEY = 'x-elbv2';
/** The namespace ELB publishes a load balancer's metrics in, by its type. */
const NAMESPACE: Readonly<Record<Elbv2Model['type'], string>> = { application: 'AWS/ApplicationELB', network: 'AWS/NetworkELB' };
const TARGET_GROUP = /^([^:]+)::([^:]+)::(\d+)$/;

/**
 * `x-elbv2::<reference>` written as the value of dimension `name`: the load balancer's or target
 * group's full name; undefined (with an error) when it names nothing composex creates.
 */
export function readElbv2Dimension(
  ctx: ResolveContext,
  name: string,
  reference: string,
  path: Path,
  loadBalancers: readonly Elbv2Model[],
  namespace: unknown,
): AlarmDimension | undefined {
  const written = `${ELBV2_KEY}::${reference}`;
  const target = TARGET_GROUP.exec(reference);
  const shape = name === 'LoadBalancer' ? !reference.includes('::') : name === 'TargetGroup' ? target !== null : undefined;
  if (shape !== true) {
    ctx.error(
      CODES.ALARM_ELBV2_REFERENCE,
      shape === undefined
        ? `dimension '${name}' has the value '${written}': an x-elbv2 reference is the value of a LoadBalancer or TargetGroup dimension (as in ECS ComposeX)`
        : `dimension ${name} has the value '${written}', which is not ${name === 'LoadBalancer' ? 'a load balancer' : 'a target group'}`,
      path,
      'a LoadBalancer dimension takes "x-elbv2::<load balancer>", a TargetGroup dimension "x-elbv2::<load balancer>::<family>::<port>" (the port of its Services entry)',
    );
    return undefined;
  }
  const lbName = target ? target[1] : reference;
  const lb = loadBalancers.find((l) => l.name === lbName);
  if (!lb) {
    // A load balancer that is written but did not resolve has its own errors already.
    const declared = ctx.project.extensions[ELBV2_KEY];
    if (isPlainObject(declared) && Object.prototype.hasOwnProperty.call(declared, lbName)) return undefined;
    ctx.error(CODES.ALARM_ELBV2_REFERENCE, `x-elbv2 has no load balancer '${lbName}'`, path, suggestion(lbName, loadBalancers.map((l) => l.name), 'load balancer'));
    return undefined;
  }
  let targetGroup: string | undefined;
  if (target) {
    const [, , family, port] = target;
    const tg = lb.targetGroups.find((t) => t.family === family && t.containerPort === Number(port));
    if (!tg) {
      const written = lb.targetGroups.map((t) => `${ELBV2_KEY}::${lb.name}::${t.family}::${t.containerPort}`);
      ctx.error(
        CODES.ALARM_ELBV2_REFERENCE,
        `x-elbv2 '${lb.name}' has no target group for family '${family}' on port ${port}: a target group is a Services entry (<family>:<service>, port) that a listener targets`,
        path,
        written.length === 0 ? `give load balancer '${lb.name}' a Services entry {name: ${family}:<service>, port: ${port}} and a listener whose Targets name it` : suggestion(`${ELBV2_KEY}::${reference}`, written, 'target group'),
      );
      return undefined;
    }
    targetGroup = tg.id;
  }
  const expected = NAMESPACE[lb.type];
  if (namespace !== expected) {
    ctx.warning(
      CODES.ALARM_ELBV2_NAMESPACE,
      `'${written}' is read as the ${targetGroup ? 'target group' : 'load balancer'}'s full name, but the alarm watches namespace ${typeof namespace === 'string' ? namespace : 'none'}: ${lb.type} load balancer '${lb.name}' publishes its metrics in ${expected}, so the alarm would find no data${
        Object.values(NAMESPACE).includes(namespace as string) ? '' : ' (ECS ComposeX resolves x-elbv2 only in AWS/ApplicationELB and AWS/NetworkELB alarms, and keeps the text as the value elsewhere)'
      }`,
      path,
      `write Namespace: ${expected}`,
    );
  }
  return { name, elbv2: { loadBalancer: lb.name, ...(targetGroup ? { targetGroup } : {}) } };
}
