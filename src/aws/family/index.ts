/**
 * One nested stack per family: the task definition, the ECS service, the task role, the
 * execution role and the log group. Everything the family needs from other stacks arrives as a
 * parameter of this stack (see `stack-io.ts`), so its template stays small whatever the size of
 * the project. Each part has its builder: injected secrets and EFS volumes (volumes.ts), the roles
 * (iam.ts), the containers (containers.ts), the ECS service (service.ts).
 */
import { Aws, NestedStack, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { AppModel, Family, FireLensValue, ResourceGrant, ResourceKind } from '../../resolve/model';
import type { NameTable } from '../names';
import { familyResourceAccess, familyValueIn } from '../resources';
import { externalSecretReference } from '../secrets';
import { taskRoleSecretStatements, taskRoleStatements } from '../../resolve/task-role-statements';
import { PSEUDO } from '../pseudo';
import type { AgentPolicyRefs } from '../../resolve/cloudwatch-agent-policy';
import type { ExecLoggingRefs } from '../../resolve/exec-logging-policy';
import { setStackLogicalId } from '../stack-io';
import { containerDefinition } from './containers';
import { secretsInitContainer } from './secrets-init';
import { xrayDaemonContainer } from './xray';
import { cloudwatchAgentContainer } from './cloudwatch-agent';
import { logRouterContainer } from './log-router';
import { EMF_LOG_GROUP_VARIABLE } from '../../resolve/cloudwatch-agent';
import { executionRole, taskRole } from './iam';
import { scheduledTaskRules } from './events';
import type { ScaledQueue } from './queue-scaling';
import { buildAlarms } from '../alarms';
import { valueIn } from '../resources/values';
import { importString } from '../stack-io';
import { clusterName } from './scaling';
import { familyScaling } from './scaling';
import { alarmScaling, type AlarmPolicies } from './alarm-scaling';
import { familyService } from './service';
import { labelledTargetGroups, resourceValueKey, type FamilyInputs } from './inputs';
import { efsTaskVolumes, injectedSecrets } from './volumes';

export { policyArn } from './iam';

/** The queue the family is scaled on (x-sqs `Scaling`; at most one, CX3325), its name imported. */
function scaledQueue(stack: NestedStack, model: AppModel, family: Family, grants: readonly ResourceGrant[], inputs: FamilyInputs, root: Stack): ScaledQueue | undefined {
  const grant = grants.find((g) => g.scaling !== undefined);
  if (!grant?.scaling) return undefined;
  const queue = model.resources.queue.find((q) => q.name === grant.resource);
  const name = inputs.resourceValues.get(resourceValueKey('queue', grant.resource, 'QueueName'));
  if (!queue || !name) throw new Error(`internal: no name of queue '${grant.resource}' for family '${family.name}'`);
  return { name: queue.name, logicalId: queue.logicalId, queueName: familyValueIn(stack, name, root), scaling: grant.scaling };
}

/**
 * The customer-managed keys of looked-up databases' credentials secrets this family injects: the
 * execution role decrypts them (through Secrets Manager) to start the task.
 */
function lookedUpDatabaseSecretKeys(model: AppModel, grants: readonly ResourceGrant[]): string[] {
  const injected = new Set(grants.filter((g) => g.kind === 'database' && g.secrets.length > 0).map((g) => g.resource));
  return model.resources.database.flatMap((d) => (injected.has(d.name) && d.existing?.secretKmsKeyArn ? [d.existing.secretKmsKeyArn] : []));
}

export { resourceValueKey } from './inputs';
export type { FamilyInputs } from './inputs';

export interface FamilyStackProps {
  readonly model: AppModel;
  readonly family: Family;
  readonly inputs: FamilyInputs;
  /** The family's grants (`model.grants` of this family, in their order); default: read from the model. */
  readonly grants?: readonly ResourceGrant[];
  readonly volumeIds: NameTable;
  /** The stack holding the composex nested stacks (values of `inputs` are valid there). */
  readonly root: Stack;
}

export class FamilyStack extends NestedStack {
  readonly family: Family;
  readonly taskDefinition: ecs.CfnTaskDefinition;
  /** Absent when the family only runs as tasks of x-events rules (`DeleteDefaultService`). */
  readonly service?: ecs.CfnService;
  readonly taskRole: iam.CfnRole;
  readonly executionRole: iam.CfnRole;
  readonly logGroup: logs.CfnLogGroup;
  /** The scaling policies of the alarms that scale this family, by alarm name (valid in this stack). */
  alarmPolicies: ReadonlyMap<string, AlarmPolicies> = new Map();

  constructor(scope: Construct, id: string, props: FamilyStackProps) {
    const { model, family, inputs, root } = props;
    const grants = props.grants ?? model.grants.filter((g) => g.family === family.name);
    super(scope, id, { description: `composex: family ${family.name}` });
    setStackLogicalId(this, `Family${family.logicalId}Stack`);
    this.family = family;

    this.logGroup = new logs.CfnLogGroup(this, 'LogGroup', { retentionInDays: family.logRetentionDays });
    const secrets = injectedSecrets(this, model, family, inputs, root);
    const efs = efsTaskVolumes(this, family, model.volumes, inputs, props.volumeIds, root);

    // x- resources: task role statements, variables and secrets, from the family's grants only.
    const resourceValue = (kind: ResourceKind, resource: string, attribute: string) => {
      const entry = inputs.resourceValues.get(resourceValueKey(kind, resource, attribute));
      if (!entry) throw new Error(`internal: no value ${attribute} of ${kind} '${resource}' for family '${family.name}'`);
      return familyValueIn(this, entry, root);
    };
    const access = familyResourceAccess(grants, resourceValue);

    // Built images: the image and its repository's ARN, from the root.
    const builtImage = (service: string) => {
      const refs = inputs.images?.get(service);
      if (!refs) throw new Error(`internal: no image parameter for built service '${service}'`);
      return { image: importString(this, refs.parameter, refs.image, root), repositoryArn: importString(this, refs.repositoryArnParameter, refs.repositoryArn, root) };
    };
    const built = new Map(family.containers.filter((c) => c.built !== undefined).map((c) => [c.name, builtImage(c.name)]));

    // EMF logs go to the family's log group (the agent may write there), unless the service names one.
    const agent = family.cloudwatchAgent;
    const emfLogGroup = (c: (typeof family.containers)[number]) =>
      agent?.emf && agent.services.includes(c.name) && !c.environment.some((v) => v.name === EMF_LOG_GROUP_VARIABLE) ? [{ name: EMF_LOG_GROUP_VARIABLE, value: this.logGroup.ref }] : [];
    const fireLensValue = (v: FireLensValue): string =>
      'text' in v ? v.text : v.ref === 'resource' ? resourceValue(v.kind, v.resource, v.attribute) : v.ref === 'logGroup' ? this.logGroup.ref : Aws.REGION;
    const taskDefinitionFamily = `${model.projectName}-${family.name}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
    const scratch: string[] = [];
    const containers = family.containers.map((container) => {
      const mapped = containerDefinition(container, {
        image: built.get(container.name)?.image,
        logGroupName: this.logGroup.ref,
        region: Aws.REGION,
        secretValueFrom: (name) => secrets.get(name)?.valueFrom,
        // ECS takes a secret's full ARN or, in the same region, its name; not a partial ARN.
        pullCredentialsFrom: (name) => {
          const secret = model.secrets.find((s) => s.name === name);
          return secret?.kind === 'external' && secret.ref && !secret.ref.startsWith('arn:') ? secret.ref : secrets.get(name)?.valueFrom;
        },
        efsVolumeName: (volume) => efs.names.get(volume),
        resourceEnvironment: [...(access.environment.get(container.name) ?? []), ...emfLogGroup(container)],
        resourceSecrets: access.secrets.get(container.name) ?? [],
        fireLensValue,
      });
      scratch.push(...mapped.scratchVolumes);
      return mapped.definition;
    });
    // Secret files: written by a container that exits before the containers that read them start.
    if (family.secretsInit) {
      containers.push(secretsInitContainer(family.secretsInit, { logGroupName: this.logGroup.ref, region: Aws.REGION, secretValueFrom: (name) => secrets.get(name)?.valueFrom }));
      scratch.push(...family.secretsInit.volumes.map((v) => v.name));
    }
    // Tracing: the X-Ray daemon the services that asked send their segments to.
    if (family.xray) containers.push(xrayDaemonContainer(family.xray, { logGroupName: this.logGroup.ref, region: Aws.REGION }));
    // Metrics: the CloudWatch agent (x-prometheus, x-monitoring).
    if (agent) containers.push(cloudwatchAgentContainer(agent, { logGroupName: this.logGroup.ref, region: Aws.REGION, taskDefinitionFamily }));
    // Logs: the FireLens log router its awsfirelens containers log through.
    if (family.logRouter) containers.push(logRouterContainer(family.logRouter, { logGroupName: this.logGroup.ref, region: Aws.REGION, value: fireLensValue, environment: access.environment.get(family.logRouter.name) ?? [] }));

    this.executionRole = executionRole(this, model.projectName, family, {
      logGroupArn: this.logGroup.attrArn,
      secretResources: [
        ...[...secrets.values()].flatMap((s) => s.policyResources),
        ...access.executionSecretArns,
        // x-aws-pull_credentials given as an ARN (by secret name, it is one of the secrets above)
        ...family.containers.flatMap((c) => (c.repositoryCredentials?.startsWith('arn:') ? externalSecretReference(c.repositoryCredentials).policyResources : [])),
      ],
      secretKeyArns: [
        ...model.secrets.filter((s) => family.secrets.includes(s.name) && s.kmsKeyArn !== undefined).map((s) => s.kmsKeyArn!),
        ...lookedUpDatabaseSecretKeys(model, grants),
      ],
      repositoryArns: [...built.values()].map((b) => b.repositoryArn),
    });
    // Every statement of the task role beyond its inline policies, by kind (one list each, as the
    // resolve stage's size check counts them): volumes, secrets LinksTo gives it, resource grants.
    const statements = taskRoleStatements({
      volumes: efs.statements,
      secrets: taskRoleSecretStatements(family, model.secrets, PSEUDO),
      resources: access.statements,
    });
    const task = taskRole(
      this,
      model.projectName,
      family,
      statements,
      agent ? this.agentPolicyRefs(inputs.cluster, root) : undefined,
      family.logRouter ? this.logGroup.attrArn : undefined,
      this.execLoggingRefs(inputs, root),
    );
    this.taskRole = task.role;

    this.taskDefinition = new ecs.CfnTaskDefinition(this, 'TaskDefinition', {
      family: taskDefinitionFamily,
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: String(family.taskSize.cpu),
      memory: String(family.taskSize.memory),
      runtimePlatform: { operatingSystemFamily: family.operatingSystemFamily ?? 'LINUX', cpuArchitecture: family.cpuArchitecture },
      executionRoleArn: this.executionRole.attrArn,
      taskRoleArn: this.taskRole.attrArn,
      containerDefinitions: containers,
      ...(efs.volumes.length + scratch.length > 0 ? { volumes: [...efs.volumes, ...scratch.map((name) => ({ name }))] } : {}),
      ...(family.ephemeralStorageGiB !== undefined ? { ephemeralStorage: { sizeInGiB: family.ephemeralStorageGiB } } : {}),
    });

    if (family.ecsService !== false) {
      const service = familyService(this, family, inputs, this.taskDefinition, root);
      // Tasks start only once their role holds every permission.
      for (const policy of task.managedPolicies) service.addResourceDependency(policy);
      const target = familyScaling(this, family, service, inputs.cluster, root, scaledQueue(this, model, family, grants, inputs, root), inputs.targetGroups);
      this.service = service;
      // The policies of the alarms that scale this family (resolve made sure it has a Range).
      const scaledBy = (model.alarms ?? []).filter((a) => a.scaling?.some((s) => s.family === family.name));
      if (scaledBy.length > 0 && !target) throw new Error(`internal: family '${family.name}' is scaled on an alarm but has no scalable target`);
      this.alarmPolicies = target ? alarmScaling(this, family, target, scaledBy) : new Map();
      const alarms = (model.alarms ?? []).filter((a) => a.family === family.name);
      if (alarms.length > 0) {
        const name = clusterName(inputs.cluster);
        const cluster = importString(this, name === inputs.cluster ? 'ClusterName' : 'ClusterResourceName', name, root);
        buildAlarms(this, alarms, {
          value: (kind, resource, attribute) => {
            const value = inputs.alarmValues?.get(resourceValueKey(kind, resource, attribute));
            if (!value) throw new Error(`internal: no value ${attribute} of ${kind} '${resource}' for the alarms of family '${family.name}'`);
            return valueIn(this, value, root);
          },
          ecs: { cluster, service: service.attrName },
          policies: (alarm) => this.alarmPolicies.get(alarm.name)!,
          targetGroupLabels: labelledTargetGroups(inputs.targetGroups).map((t) => importString(this, t.label.name, t.label.value, root)),
        });
      }
    }
    const scheduled = (model.scheduledTasks ?? []).filter((t) => t.family === family.name);
    scheduledTaskRules(this, family, scheduled, inputs, { taskDefinition: this.taskDefinition, taskDefinitionFamily, taskRole: this.taskRole, executionRole: this.executionRole }, root);
  }

  /** The cluster's ECS Exec logging resources the task role writes to, valid in this stack. */
  private execLoggingRefs(inputs: FamilyInputs, root: Stack): ExecLoggingRefs | undefined {
    const arns = inputs.execLogging;
    if (!arns) return undefined;
    const get = (name: string, value: string | undefined) => (value === undefined ? '' : importString(this, name, value, root));
    return {
      logGroupArn: get('ExecLoggingLogGroupArn', arns.logGroupArn),
      bucketArn: get('ExecLoggingBucketArn', arns.bucketArn),
      keyArn: get('ExecLoggingKeyArn', arns.keyArn),
    };
  }

  /** The cluster and log group the CloudWatch agent's permissions name, valid in this stack. */
  private agentPolicyRefs(clusterInput: string, root: Stack): AgentPolicyRefs {
    const name = clusterName(clusterInput);
    const cluster = importString(this, name === clusterInput ? 'ClusterName' : 'ClusterResourceName', name, root);
    const clusterArn = clusterInput.startsWith('arn:') ? clusterInput : `arn:${PSEUDO.partition}:ecs:${PSEUDO.region}:${PSEUDO.accountId}:cluster/${cluster}`;
    return { ...PSEUDO, clusterName: cluster, clusterArn, familyLogGroupArn: this.logGroup.attrArn };
  }
}
