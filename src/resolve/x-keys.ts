/**
 * The top-level and service `x-` keys the resolve stage reads, per level: what the load stage's
 * `x-` key check (src/compose/x-key-check.ts) treats as known. The resource kinds come from their
 * registry, so a kind that lands there is read without a change here.
 */
import type { ReadXKeys } from '../compose/x-key-check';
import { RESOURCE_KINDS, RESOURCE_SPECS } from './resources/registry';
import { DOCKER_CLUSTER } from './cluster';
import { PULL_CREDENTIALS } from './x-aws';
import { DOCKER_POLICIES, DOCKER_ROLE } from './x-iam';
import { DOCKER_LOGS_RETENTION } from './x-logging';
import { MAX_PERCENT, MIN_PERCENT } from './x-aws-percent';

export const READ_X_KEYS: ReadXKeys = {
  top: ['x-vpc', 'x-cluster', 'x-alarms', 'x-tags', 'x-elbv2', 'x-acm', 'x-route53', 'x-dns', 'x-cloudmap', 'x-load-balancer', 'x-efs', 'x-dashboards', DOCKER_CLUSTER, ...RESOURCE_KINDS.map((kind) => RESOURCE_SPECS[kind].key)],
  // x-aws-healthcheck-path: the health check path of the service's published ports (load-balancer.ts);
  // x-aws-role / x-aws-policies: the task role (x-iam.ts); x-aws-logs_retention: the log group (x-logging.ts)
  service: ['x-network', 'x-iam', 'x-ecs', 'x-logging', 'x-scaling', 'x-xray', 'x-alarms', PULL_CREDENTIALS, 'x-aws-healthcheck-path', MIN_PERCENT, MAX_PERCENT, DOCKER_ROLE, DOCKER_POLICIES, DOCKER_LOGS_RETENTION, 'x-codeguru_profiler', 'x-codeguru-profiler', 'x-prometheus', 'x-monitoring', 'x-ecr', 'x-docker_opts'],
  // x-aws-min_percent / x-aws-max_percent: the deployment configuration (x-aws-percent.ts)
  update_config: [MIN_PERCENT, MAX_PERCENT],
};
