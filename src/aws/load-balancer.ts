/**
 * The `LoadBalancer` nested stack: one internet-facing load balancer in the public subnets (an
 * ALB when every published port is HTTP, an NLB otherwise), a listener per published port (a
 * `TCP_UDP` listener and target group for a port published as both), and a target group (target
 * type `ip`, as awsvpc tasks need; TCP_UDP target groups take instance or ip targets) per
 * distinct target. Past 50 published
 * ports, resolve spreads the listeners over several load balancers (ELB allows 50 listeners per
 * load balancer, src/resolve/load-balancer-split.ts); each has a stack of its own
 * (`LoadBalancer2Stack`, …: at most 50 listeners, 50 target groups and 51 outputs, well inside
 * the CloudFormation quotas) and a security group of its own (`LoadBalancer2SecurityGroup`: at
 * most 50 inbound rules, inside the 60 a group may hold).
 *
 * Its security group and the ingress to it (listener ports only) are in the networking stack;
 * the ingress from it to the tasks (target ports only) too.
 */
import { Fn, NestedStack, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import type { AppModel, CertificateRef, ListenerModel, LoadBalancerModel } from '../resolve/model';
import { targetGroupKey } from '../resolve/load-balancer-split';
import { listenerProtocol } from '../resolve/load-balancer-tls';
import { loadBalancerName, pascalCase } from './names';
import { exportValue, importList, importString, setStackLogicalId } from './stack-io';

export interface LoadBalancerStackProps {
  readonly model: AppModel;
  readonly loadBalancer: LoadBalancerModel;
  /** Which of the project's load balancers this stack holds (its listeners are those with this index). */
  readonly index: number;
  /** Values valid in the root. */
  readonly vpcId: string;
  readonly publicSubnetIds: string;
  readonly securityGroupId: string;
  /** ARN of an `x-acm` certificate, valid in the root, with the parameter name it is imported under. */
  readonly certificateArn?: (name: string) => { readonly name: string; readonly value: string };
}

/**
 * Seconds a target group lets in-flight requests to a deregistered task finish before the task is
 * stopped. ELB's default, 300, makes every deployment and scale-in wait five minutes per task; web
 * requests finish well within 30.
 */
export const DEREGISTRATION_DELAY_SECONDS = 30;

/** Identity of a target group: one per (family, service, container port, protocol). */
export const targetKey = targetGroupKey;

/** In logical IDs: nothing for TCP and HTTP (so they never changed), `Udp`, `TcpUdp`. */
const PROTOCOL_SUFFIX: Readonly<Record<ListenerModel['protocol'], string>> = { HTTP: '', TCP: '', UDP: 'Udp', TCP_UDP: 'TcpUdp' };

export class LoadBalancerStack extends NestedStack {
  readonly loadBalancer: elbv2.CfnLoadBalancer;
  /** Listeners by `PROTOCOL/port`, e.g. `HTTP/80`. */
  readonly listeners = new Map<string, elbv2.CfnListener>();
  /** Target groups by `targetKey`. */
  readonly targetGroups = new Map<string, elbv2.CfnTargetGroup>();
  /** Logical IDs of target groups by `targetKey`. */
  private readonly targetGroupIds = new Map<string, string>();

  constructor(scope: Construct, id: string, props: LoadBalancerStackProps) {
    const count = props.loadBalancer.count ?? 1;
    super(scope, id, {
      description: props.index === 0 ? 'composex: internet-facing load balancer' : `composex: internet-facing load balancer ${props.index + 1} of ${count}`,
    });
    setStackLogicalId(this, `${loadBalancerName(props.index)}Stack`);
    const root = Stack.of(scope);
    const lb = props.loadBalancer;
    const familyIds = new Map(props.model.families.map((f) => [f.name, f.logicalId]));
    const vpcId = importString(this, 'VpcId', props.vpcId, root);

    this.loadBalancer = new elbv2.CfnLoadBalancer(this, 'LoadBalancer', {
      type: lb.type,
      scheme: 'internet-facing',
      subnets: importList(this, 'PublicSubnetIds', props.publicSubnetIds, root),
      securityGroups: [importString(this, 'LoadBalancerSecurityGroupId', props.securityGroupId, root)],
      // An NLB balances within each zone unless cross-zone is on (off by default for NLBs): with
      // tasks in one zone only, the other zone's address would have no target.
      loadBalancerAttributes:
        lb.type === 'application'
          ? [{ key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' }]
          : [{ key: 'load_balancing.cross_zone.enabled', value: 'true' }],
    });

    const certificate = (c: CertificateRef): string => {
      if (c.kind === 'arn') return c.arn;
      if (!props.certificateArn) throw new Error(`internal: x-acm certificate '${c.name}' without an ACM stack`);
      const arn = props.certificateArn(c.name);
      return importString(this, arn.name, arn.value, root);
    };
    const listeners = lb.listeners.filter((l) => (l.loadBalancer ?? 0) === props.index).sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
    for (const listener of listeners) {
      const key = targetKey(listener);
      let group = this.targetGroups.get(key);
      if (!group) {
        const t = listener.target;
        const familyId = familyIds.get(t.family);
        if (familyId === undefined) throw new Error(`internal: listener ${listener.port} targets unknown family '${t.family}'`);
        const logicalId = `TargetGroup${familyId}${pascalCase(t.service)}${t.containerPort}${PROTOCOL_SUFFIX[listener.protocol]}`;
        group = new elbv2.CfnTargetGroup(this, logicalId, {
          targetType: 'ip',
          vpcId,
          port: t.containerPort,
          protocol: listener.protocol,
          ...healthCheck(listener),
          targetGroupAttributes: [{ key: 'deregistration_delay.timeout_seconds', value: String(DEREGISTRATION_DELAY_SECONDS) }],
        });
        this.targetGroups.set(key, group);
        this.targetGroupIds.set(key, logicalId);
      }
      const listenerId = `Listener${PROTOCOL_SUFFIX[listener.protocol]}${listener.port}`;
      // x-load-balancer: the load balancer ends TLS; the target group keeps the container's protocol.
      const protocol = listenerProtocol(listener);
      const certificates = listener.tls?.certificates.map(certificate) ?? [];
      this.listeners.set(
        `${protocol}/${listener.port}`,
        new elbv2.CfnListener(this, listenerId, {
          loadBalancerArn: this.loadBalancer.ref,
          port: listener.port,
          protocol,
          ...(listener.tls ? { sslPolicy: listener.tls.sslPolicy, certificates: [{ certificateArn: certificates[0] }] } : {}),
          defaultActions: [
            listener.redirectToHttps
              ? { type: 'redirect', redirectConfig: { protocol: 'HTTPS', port: String(listener.redirectToHttps), statusCode: 'HTTP_301' } }
              : { type: 'forward', targetGroupArn: group.ref },
          ],
        }),
      );
      // A listener's Certificates takes exactly one (the default); the others are ListenerCertificates.
      certificates.slice(1).forEach((arn, i) => {
        new elbv2.CfnListenerCertificate(this, `${listenerId}Certificate${i + 2}`, {
          listenerArn: this.listeners.get(`${protocol}/${listener.port}`)!.ref,
          certificates: [{ certificateArn: arn }],
        });
      });
    }
    exportValue(this, 'LoadBalancerDnsName', this.loadBalancer.attrDnsName);
  }

  /** Logical ID of the target group of `listener` (e.g. `TargetGroupApiApi8080`). */
  targetGroupLogicalId(listener: ListenerModel): string {
    const id = this.targetGroupIds.get(targetKey(listener));
    if (id === undefined) throw new Error(`internal: no target group for ${targetKey(listener)}`);
    return id;
  }

  /**
   * The resource label of the target group of `listener` for the ALBRequestCountPerTarget metric,
   * valid in the root: `app/<lb name>/<lb id>/targetgroup/<tg name>/<tg id>`, the load balancer's
   * and the target group's full names joined (Application Auto Scaling, PredefinedMetricSpecification).
   */
  requestCountLabel(listener: ListenerModel): string {
    const group = this.targetGroups.get(targetKey(listener))!;
    return exportValue(this, `${this.targetGroupLogicalId(listener)}Label`, Fn.join('/', [this.loadBalancer.attrLoadBalancerFullName, group.attrTargetGroupFullName]));
  }

  /** ARN of the target group of `listener`, valid in the root. */
  targetGroupArn(listener: ListenerModel): string {
    const group = this.targetGroups.get(targetKey(listener))!;
    return exportValue(this, `${this.targetGroupLogicalId(listener)}Arn`, group.ref);
  }
}

/**
 * HTTP targets are checked with a GET on the health check path; TCP targets by a TCP connect.
 * UDP and TCP_UDP target groups cannot be checked over UDP (ELB: their health check protocol is
 * TCP, HTTP or HTTPS), so AWS checks TCP on the traffic port: a UDP-only service shows unhealthy
 * unless it also listens on TCP (documented limitation); a TCP_UDP service listens on TCP anyway.
 */
function healthCheck(listener: ListenerModel): Partial<elbv2.CfnTargetGroupProps> {
  if (listener.protocol === 'HTTP') {
    return {
      healthCheckEnabled: true,
      healthCheckProtocol: 'HTTP',
      healthCheckPath: listener.healthCheckPath ?? '/',
      matcher: { httpCode: '200-399' },
    };
  }
  return { healthCheckEnabled: true, healthCheckProtocol: 'TCP' };
}
