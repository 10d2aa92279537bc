/**
 * The `x-` keys that ECS ComposeX and Docker's ECS integration define and composex does not
 * implement, as data: one row per key and level, with what a deployment would lack without it
 * and where the work is tracked. A file using one is refused (CX1430) unless the user accepts
 * rendering without it (`--allow-unsupported-keys`: one warning each, CX1431), because a file
 * written for those tools expects what the key creates: silence would deploy a service without
 * its bucket, its load balancer or its permissions.
 *
 * When composex implements a key, delete its row: that is all it takes (a key composex reads is
 * never refused, and test/compose/x-key-check.test.ts fails while a row names one).
 *
 * Sources: ECS ComposeX's syntax reference (docs.compose-x.io, "Services-level Extension Fields"
 * and the resource modules; the top-level and service keys of its compose-spec.json) and Docker's
 * ECS integration (compose-ecs: the `x-aws-*` extension constants).
 */

/** Where a key is written: the top level, a service, or a service's `deploy.update_config`. */
export type XKeyLevel = 'top' | 'service' | 'update_config';

export interface UnsupportedXKey {
  readonly key: string;
  readonly level: XKeyLevel;
  readonly tool: 'ECS ComposeX' | "Docker's ECS integration";
  /** What the deployment would lack, completing "without it, …". */
  readonly missing: string;
  /** What to write instead today, when composex has an equivalent. */
  readonly instead?: string;
  /** Where implementing it is tracked. */
  readonly tracked: string;
}

const CX = 'ECS ComposeX' as const;
const DOCKER = "Docker's ECS integration" as const;
const NOT_PLANNED = 'not planned yet';
/** AWS App Mesh: "On September 30, 2026, AWS will discontinue support for AWS App Mesh" (App Mesh User Guide). */
const DISCONTINUED = 'never: AWS discontinued App Mesh on 30 September 2026 (its resources can no longer be created)';

export const UNSUPPORTED_X_KEYS: readonly UnsupportedXKey[] = [
  { key: 'x-appmesh', level: 'top', tool: CX, missing: 'no App Mesh mesh, virtual node, router or route would be created', instead: 'services reach each other through Service Connect; declare who calls whom with depends_on, links or x-network', tracked: DISCONTINUED },
  // ECS ComposeX, top level: storage, databases, messaging
  // ECS ComposeX, services
  // x-configs: the settings key of ECS ComposeX's first releases (use-cases/all-in-one.yml, blog.families.x.yml), which its
  // current releases replaced with the services' x-iam, x-network, x-scaling, x-xray and x-logging
  { key: 'x-configs', level: 'top', tool: CX, missing: 'the settings it gives every service (network, IAM, scaling, X-Ray, logging) would not be applied', instead: 'x-network, x-iam, x-scaling, x-xray and x-logging on the services', tracked: NOT_PLANNED },
  { key: 'x-configs', level: 'service', tool: CX, missing: 'the service would not get the IAM policies, scaling, ingress, X-Ray or log retention it sets', instead: 'x-iam, x-scaling, x-network, x-xray and x-logging on the service', tracked: NOT_PLANNED },
  // Docker's ECS integration (x-aws-protocol, x-aws-healthcheck-path, x-aws-pull_credentials, x-aws-min_percent, x-aws-max_percent,
  // x-aws-cluster, x-aws-role, x-aws-policies and a service's x-aws-logs_retention are read)
  { key: 'x-aws-vpc', level: 'top', tool: DOCKER, missing: 'the services would run in a new VPC, not the one it names', instead: 'x-vpc: {VpcId, PublicSubnets, PrivateSubnets}', tracked: NOT_PLANNED },
  { key: 'x-aws-subnets', level: 'top', tool: DOCKER, missing: 'the tasks would not run in the subnets it names', instead: 'x-vpc: {VpcId, PublicSubnets, PrivateSubnets}', tracked: NOT_PLANNED },
  { key: 'x-aws-loadbalancer', level: 'top', tool: DOCKER, missing: 'a new load balancer would be created instead of using the one it names', instead: 'declare the load balancer, its listeners and targets in x-elbv2 (composex creates it)', tracked: NOT_PLANNED },
  { key: 'x-aws-cloudformation', level: 'top', tool: DOCKER, missing: 'its CloudFormation overlay would not be applied to the templates', instead: 'embed composex in a CDK app (the ComposeX construct) and change the resources there', tracked: NOT_PLANNED },
  { key: 'x-aws-logs_retention', level: 'top', tool: DOCKER, missing: "the log groups would keep composex's default retention", instead: 'x-logging: {RetentionInDays: <days>} on the services', tracked: NOT_PLANNED },
  { key: 'x-aws-autoscaling', level: 'service', tool: DOCKER, missing: 'no auto scaling: the service would keep its deploy.replicas count whatever the load', instead: 'deploy.x-aws-autoscaling: {min, max, cpu} (where Docker reads it; composex maps it), or x-scaling', tracked: NOT_PLANNED },
];

/** Where docs/migration.md explains the refusal and the flag. */
export const UNSUPPORTED_KEYS_DOC = 'docs/migration.md#x--keys-composex-does-not-implement';
