/**
 * The family's CloudWatch agent (`CloudwatchAgentModel`, planned by resolve/cloudwatch-agent.ts) →
 * its container definition. Its configuration travels in the container's environment: the agent
 * reads `CW_CONFIG_CONTENT` (CloudWatch "Using the CloudWatch agent to send embedded metric format
 * logs", the ECS sidecar) and, through `prometheus_config_path: env:PROMETHEUS_CONFIG_CONTENT`, the
 * Prometheus configuration. Not essential (ECS ComposeX's managed sidecars are not): if it stops,
 * metrics are lost but the services keep serving. It logs to the family's log group; it calls
 * CloudWatch Logs and ECS with the task role, which holds exactly its actions
 * (resolve/cloudwatch-agent-policy.ts).
 */
import type { CfnTaskDefinition } from 'aws-cdk-lib/aws-ecs';
import type { CloudwatchAgentModel } from '../../resolve/model';
import { CW_AGENT_EMF_PORT } from '../../resolve/cloudwatch-agent';
import { SD_RESULT_FILE } from '../../resolve/x-prometheus';

type ContainerDefinition = CfnTaskDefinition.ContainerDefinitionProperty;

export interface CloudwatchAgentContext {
  /** Name of the family's log group, valid in the family stack. */
  readonly logGroupName: string;
  readonly region: string;
  /** The family's task definition family: the agent discovers the tasks of this one only. */
  readonly taskDefinitionFamily: string;
}

/** The agent's configuration (CW_CONFIG_CONTENT), as JSON. */
export function cloudwatchAgentConfig(agent: CloudwatchAgentModel, taskDefinitionFamily: string): Record<string, unknown> {
  const collected: Record<string, unknown> = {};
  if (agent.emf) collected.emf = {};
  if (agent.prometheus) {
    // The family's own task definition, any revision (its name holds only [A-Za-z0-9_-]: no regex escaping).
    const pattern = `.*:task-definition/${taskDefinitionFamily}:[0-9]+`;
    collected.prometheus = {
      prometheus_config_path: 'env:PROMETHEUS_CONFIG_CONTENT',
      ecs_service_discovery: {
        sd_frequency: '1m',
        sd_result_file: SD_RESULT_FILE,
        task_definition_list: agent.prometheus.jobs.map((job) => ({
          sd_job_name: job.name,
          sd_metrics_ports: String(job.port),
          sd_metrics_path: job.path,
          sd_task_definition_arn_pattern: pattern,
        })),
      },
      emf_processor: { metric_declaration_dedup: true, metric_declaration: agent.prometheus.declarations },
    };
  }
  return {
    ...(agent.debug ? { agent: { debug: true } } : {}),
    logs: { metrics_collected: collected, force_flush_interval: 15 },
  };
}

export function cloudwatchAgentContainer(agent: CloudwatchAgentModel, ctx: CloudwatchAgentContext): ContainerDefinition {
  return {
    name: agent.name,
    image: agent.image,
    essential: false,
    cpu: agent.cpu,
    memoryReservation: agent.memoryReservation,
    ...(agent.emf ? { portMappings: [{ containerPort: CW_AGENT_EMF_PORT, protocol: 'tcp' }] } : {}),
    environment: [
      { name: 'CW_CONFIG_CONTENT', value: JSON.stringify(cloudwatchAgentConfig(agent, ctx.taskDefinitionFamily)) },
      ...(agent.prometheus ? [{ name: 'PROMETHEUS_CONFIG_CONTENT', value: agent.prometheus.scrapeConfig }] : []),
    ],
    logConfiguration: {
      logDriver: 'awslogs',
      options: { 'awslogs-group': ctx.logGroupName, 'awslogs-region': ctx.region, 'awslogs-stream-prefix': agent.name },
    },
  };
}
