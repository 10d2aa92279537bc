/** What a family stack takes from the other stacks (built by app.ts). */
import type { ListenerModel } from '../../resolve/model';
import type { FamilyValue, StackValue } from '../resources';

/** Key of `FamilyInputs.resourceValues`. */
export function resourceValueKey(kind: string, resource: string, attribute: string): string {
  return `${kind}\0${resource}\0${attribute}`;
}

/** What a family needs from the other stacks; every value is valid in the root stack. */
export interface FamilyInputs {
  /** Cluster name or ARN. */
  readonly cluster: string;
  readonly namespaceArn: string;
  /** Subnets of the tasks (private; public when the family has a public IP), joined with `,`. */
  readonly subnetIds: { readonly name: string; readonly value: string };
  readonly securityGroupId: { readonly name: string; readonly value: string };
  /**
   * Target groups the service registers its tasks in: the container, its port, and the ARN (a
   * parameter `name`); `label`: the ALBRequestCountPerTarget resource label, for a family that
   * scales on requests (the default load balancer's HTTP target groups only).
   */
  readonly targetGroups: readonly { readonly service: string; readonly containerPort: number; readonly name: string; readonly arn: string; readonly label?: { readonly name: string; readonly value: string } }[];
  /** ARNs of the secrets composex creates, by secret name (only those the family injects). */
  readonly createdSecretArns: ReadonlyMap<string, { readonly name: string; readonly arn: string }>;
  /** EFS ids by volume name (only those the family mounts). */
  readonly volumes: ReadonlyMap<string, { readonly fileSystemId: string; readonly accessPointId: string }>;
  /** Values of x- resources its grants need, by `resourceValueKey(kind, resource, attribute)`. */
  readonly resourceValues: ReadonlyMap<string, FamilyValue>;
  /**
   * Built images of its containers, by service: the image (root parameter `parameter`) and the ARN
   * of its ECR repository (passed as `repositoryArnParameter`); absent when none is built.
   */
  readonly images?: ReadonlyMap<string, { readonly parameter: string; readonly image: string; readonly repositoryArnParameter: string; readonly repositoryArn: string }>;
  /** ARNs of the cluster's ECS Exec logging resources its task role writes to; absent without them. */
  readonly execLogging?: { readonly logGroupArn?: string; readonly bucketArn?: string; readonly keyArn?: string };
  /** Values its alarms read (topic ARNs, queue names), by `resourceValueKey`; absent without alarms. */
  readonly alarmValues?: ReadonlyMap<string, StackValue>;
}

/**
 * The family's target groups that carry a resource label (on application load balancers, when its
 * scaling or alarms read one), each once: two listeners may forward to one target group.
 */
export function labelledTargetGroups(targetGroups: FamilyInputs['targetGroups']): (FamilyInputs['targetGroups'][number] & { readonly label: { readonly name: string; readonly value: string } })[] {
  return [...new Map(targetGroups.flatMap((t) => (t.label ? [[t.label.name, { ...t, label: t.label }] as const] : []))).values()];
}
