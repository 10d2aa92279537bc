/**
 * The family's FireLens log router (`LogRouterModel`, planned by resolve/firelens-router.ts) → its
 * container definition, as the Amazon ECS Developer Guide's FireLens example runs it ("Example
 * Amazon ECS task definition: Route logs to FireLens"): the AWS for Fluent Bit image, essential,
 * `firelensConfiguration` of type fluentbit, its own logs with awslogs to the family's log group.
 * No port mapping: FireLens listens on 24224 inside the task only (the family's security group
 * opens only declared container ports). Its configuration file, when it has one, is in a task
 * volume the secrets init container fills first (`DependsOn` SUCCESS). Its outputs call AWS with
 * the task role, which holds exactly their actions (resolve/firelens-policy.ts and the grants).
 */
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import type { FireLensValue, LogRouterModel } from '../../resolve/model';
import { FLUENT_BIT_HEALTH_PORT } from '../../resolve/firelens-router';

type ContainerDefinition = CfnTaskDefinition.ContainerDefinitionProperty;

export interface LogRouterContext {
  /** Name of the family's log group, valid in the family stack. */
  readonly logGroupName: string;
  readonly region: string;
  /** A value of its environment, valid in the family stack. */
  readonly value: (value: FireLensValue) => string;
  /** Variables of its x- resource grants (the delivery stream names its configuration reads). */
  readonly environment: readonly CfnTaskDefinition.KeyValuePairProperty[];
}

export function logRouterContainer(router: LogRouterModel, ctx: LogRouterContext): ContainerDefinition {
  const environment = [...router.environment.map((v) => ({ name: v.name, value: ctx.value(v.value) })), ...ctx.environment.filter((v) => !router.environment.some((r) => r.name === v.name))];
  return {
    name: router.name,
    image: router.image,
    essential: true,
    firelensConfiguration: { type: 'fluentbit', options: Object.fromEntries(router.firelensOptions.map((o) => [o.name, o.value])) },
    environment: environment.sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0)),
    ...(router.mounts.length > 0 ? { mountPoints: router.mounts.map((m) => ({ sourceVolume: 'name' in m ? m.name : m.volume, containerPath: m.containerPath, readOnly: m.readOnly })) } : {}),
    ...(router.waitsFor ? { dependsOn: [{ containerName: router.waitsFor, condition: 'SUCCESS' }] } : {}),
    ...(router.healthCheck
      ? { healthCheck: { command: ['CMD-SHELL', `curl -sf http://127.0.0.1:${FLUENT_BIT_HEALTH_PORT}/api/v1/health || exit 1`], interval: 15, timeout: 10, retries: 3, startPeriod: 30 } }
      : {}),
    cpu: router.cpu,
    memory: router.memory,
    memoryReservation: router.memoryReservation,
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': ctx.logGroupName, 'awslogs-region': ctx.region, 'awslogs-stream-prefix': router.name },
    },
  };
}
