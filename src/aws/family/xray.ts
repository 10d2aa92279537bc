/**
 * The family's X-Ray daemon (`XrayDaemonModel`, planned by resolve/x-xray.ts) → its container
 * definition, as AWS's ECS example runs it ("Running the X-Ray daemon on Amazon ECS"): 32 CPU
 * units, a 256 MiB memory reservation, UDP 2000. Not essential: if it stops, traces are lost but
 * the services keep serving. It logs to the family's log group. The daemon calls X-Ray with the
 * task role (the credentials every container of the task gets), which holds exactly its actions
 * (task-role.ts); `AWS_REGION` tells it where to send them.
 */
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import type { XrayDaemonModel } from '../../resolve/model';

type ContainerDefinition = CfnTaskDefinition.ContainerDefinitionProperty;

export interface XrayDaemonContext {
  /** Name of the family's log group, valid in the family stack. */
  readonly logGroupName: string;
  readonly region: string;
}

export function xrayDaemonContainer(daemon: XrayDaemonModel, ctx: XrayDaemonContext): ContainerDefinition {
  return {
    name: daemon.name,
    image: daemon.image,
    essential: false,
    cpu: daemon.cpu,
    memoryReservation: daemon.memoryReservation,
    portMappings: [{ containerPort: daemon.port, protocol: 'udp' }],
    environment: [{ name: 'AWS_REGION', value: ctx.region }],
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': ctx.logGroupName, 'awslogs-region': ctx.region, 'awslogs-stream-prefix': daemon.name },
    },
  };
}
