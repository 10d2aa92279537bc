/**
 * One nested stack per family: the task definition, the ECS service, the task role, the
 * execution role and the log group. Everything the family needs from other stacks arrives as a
 * parameter of this stack (see `stack-io.ts`), so its template stays small whatever the size of
 * the project.
 */
import { Aws, NestedStack, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ComposeProject, ServiceConfig } from '../compose/types';
import type { AppModel, Family, ListenerModel, SecretModel } from '../resolve/model';
import { completionTargets, containerDefinition } from './containers';
import { familyArchitecture, familyEphemeralStorage, familyTaskSize } from './fargate';
import { NameTable, portMappingName } from './names';
import { planTaskRolePolicies } from './policy-size';
import { serviceTags } from './service-tags';
import { ecsTasksTrustPolicy, executionRolePolicy, taskRolePolicies } from './roles';
import { createdSecretReference, externalSecretReference, type SecretReference } from './secrets';
import { importList, importSecretArn, importString, setStackLogicalId } from './stack-io';
import { familyResourceAccess, familyValueIn, type FamilyValue } from './resources';

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
  readonly targetGroups: readonly { readonly listener: ListenerModel; readonly name: string; readonly arn: string }[];
  /** ARNs of the secrets composex creates, by secret name (only those the family injects). */
  readonly createdSecretArns: ReadonlyMap<string, { readonly name: string; readonly arn: string }>;
  /** EFS ids by volume name (only those the family mounts). */
  readonly volumes: ReadonlyMap<string, { readonly fileSystemId: string; readonly accessPointId: string }>;
  /** Values of x- resources its grants need, by `resourceValueKey(kind, resource, attribute)`. */
  readonly resourceValues: ReadonlyMap<string, FamilyValue>;
}

export interface FamilyStackProps {
  readonly model: AppModel;
  readonly family: Family;
  readonly inputs: FamilyInputs;
  readonly volumeIds: NameTable;
  /** The stack holding the composex nested stacks (values of `inputs` are valid there). */
  readonly root: Stack;
}

export class FamilyStack extends NestedStack {
  readonly family: Family;
  readonly taskDefinition: ecs.CfnTaskDefinition;
  readonly service: ecs.CfnService;
  readonly taskRole: iam.CfnRole;
  readonly executionRole: iam.CfnRole;
  readonly logGroup: logs.CfnLogGroup;

  constructor(scope: Construct, id: string, props: FamilyStackProps) {
    const { model, family, inputs, root } = props;
    super(scope, id, { description: `composex: family ${family.name}` });
    setStackLogicalId(this, `Family${family.logicalId}Stack`);
    this.family = family;
    const imported = (name: string, value: string) => importString(this, name, value, root);

    this.logGroup = new logs.CfnLogGroup(this, 'LogGroup', { retentionInDays: family.logRetentionDays });

    // Secrets the family injects: ValueFrom for the containers, IAM resources for the execution role.
    const secretRefs = new Map<string, { model: SecretModel; reference: SecretReference }>();
    for (const name of family.secrets) {
      const secret = model.secrets.find((s) => s.name === name);
      if (!secret) continue;
      const created = inputs.createdSecretArns.get(name);
      const reference =
        secret.kind === 'created' && created
          ? createdSecretReference(importSecretArn(this, created.name, created.arn, root))
          : externalSecretReference(secret.ref ?? secret.name);
      secretRefs.set(name, { model: secret, reference });
    }

    // Named volumes: one EFS task volume each, through its access point, encrypted in transit.
    // Access is by network (the volume's security group admits only families that mount it);
    // IAM authorization stays off so the task role holds only what x-iam grants.
    const efsVolumes: ecs.CfnTaskDefinition.VolumeProperty[] = [];
    const efsVolumeNames = new Map<string, string>();
    for (const volume of family.volumes) {
      const refs = inputs.volumes.get(volume);
      if (!refs) continue;
      const vid = props.volumeIds.id(volume);
      const name = `efs-${volume.replace(/[^A-Za-z0-9_-]/g, '-')}`;
      efsVolumeNames.set(volume, name);
      efsVolumes.push({
        name,
        efsVolumeConfiguration: {
          filesystemId: imported(`FileSystem${vid}Id`, refs.fileSystemId),
          transitEncryption: 'ENABLED',
          authorizationConfig: { accessPointId: imported(`AccessPoint${vid}Id`, refs.accessPointId), iam: 'DISABLED' },
        },
      });
    }

    // x- resources: task role statements, variables and secrets, from the family's grants only.
    const access = familyResourceAccess(
      model.grants.filter((g) => g.family === family.name),
      (kind, resource, attribute) => {
        const entry = inputs.resourceValues.get(resourceValueKey(kind, resource, attribute));
        if (!entry) throw new Error(`internal: no value ${attribute} of ${kind} '${resource}' for family '${family.name}'`);
        return familyValueIn(this, entry, root);
      },
    );

    const waitedFor = completionTargets(family);
    const ephemeral: string[] = [];
    const containers = family.services.map((service) => {
      const mapped = containerDefinition(service, {
        family,
        logGroupName: this.logGroup.ref,
        region: Aws.REGION,
        essential: !waitedFor.has(service.name),
        secret: (name) => secretRefs.get(name),
        efsVolumeName: (volume) => efsVolumeNames.get(volume),
        resourceEnvironment: (name) => access.environment.get(name) ?? [],
        resourceSecrets: (name) => access.secrets.get(name) ?? [],
      });
      ephemeral.push(...mapped.ephemeralVolumes);
      return mapped.definition;
    });

    this.executionRole = new iam.CfnRole(this, 'ExecutionRole', {
      description: `composex ${model.projectName}: ECS starts tasks of ${family.name} with this role`,
      assumeRolePolicyDocument: ecsTasksTrustPolicy(),
      policies: [
        {
          policyName: 'TaskExecution',
          policyDocument: executionRolePolicy({
            images: family.services.map((s) => s.image ?? ''),
            logGroupArn: this.logGroup.attrArn,
            secretResources: [...[...secretRefs.values()].flatMap((s) => s.reference.policyResources), ...access.executionSecretArns],
          }),
        },
      ],
    });

    const taskPolicies = taskRolePolicies(family);
    const plan = planTaskRolePolicies(taskPolicies, access.statements);
    if (access.statements.length > 0 && plan.inline) {
      taskPolicies.push({ PolicyName: 'ComposeXResources', PolicyDocument: { Version: '2012-10-17', Statement: access.statements } });
    }
    this.taskRole = new iam.CfnRole(this, 'TaskRole', {
      description: `composex ${model.projectName}: the application role of ${family.name}`,
      assumeRolePolicyDocument: ecsTasksTrustPolicy(),
      ...(taskPolicies.length > 0
        ? { policies: taskPolicies.map((p) => ({ policyName: p.PolicyName, policyDocument: p.PolicyDocument })) }
        : {}),
      ...(family.iam.managedPolicyArns.length > 0 ? { managedPolicyArns: family.iam.managedPolicyArns.map(policyArn) } : {}),
      ...(family.iam.permissionsBoundary ? { permissionsBoundary: policyArn(family.iam.permissionsBoundary) } : {}),
    });

    // Past the inline limit, the resource statements go to managed policies on the task role.
    const managedPolicies = plan.managed.map(
      (statements, i) =>
        new iam.CfnManagedPolicy(this, `TaskRoleResources${i + 1}`, {
          description: `composex ${model.projectName}: resources ${family.name} may use (${i + 1} of ${plan.managed.length})`,
          roles: [this.taskRole.ref],
          policyDocument: { Version: '2012-10-17', Statement: statements },
        }),
    );

    const size = familyTaskSize(family);
    const storage = familyEphemeralStorage(family);
    this.taskDefinition = new ecs.CfnTaskDefinition(this, 'TaskDefinition', {
      family: `${model.projectName}-${family.name}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255),
      networkMode: 'awsvpc',
      requiresCompatibilities: ['FARGATE'],
      cpu: String(size.cpu),
      memory: String(size.memory),
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: familyArchitecture(family) },
      executionRoleArn: this.executionRole.attrArn,
      taskRoleArn: this.taskRole.attrArn,
      containerDefinitions: containers,
      ...(efsVolumes.length + ephemeral.length > 0
        ? { volumes: [...efsVolumes, ...ephemeral.map((name) => ({ name }))] }
        : {}),
      ...(storage !== undefined ? { ephemeralStorage: { sizeInGiB: storage } } : {}),
    });

    const subnets = importList(this, inputs.subnetIds.name, inputs.subnetIds.value, root);
    const securityGroup = imported(inputs.securityGroupId.name, inputs.securityGroupId.value);
    const loadBalancers = inputs.targetGroups.map((tg) => ({
      containerName: tg.listener.target.service,
      containerPort: tg.listener.target.containerPort,
      targetGroupArn: imported(tg.name, tg.arn),
    }));
    const usesDefaultStrategy =
      family.capacityProviderStrategy.length === 0 ||
      (family.capacityProviderStrategy.length === 1 &&
        family.capacityProviderStrategy[0].capacityProvider === 'FARGATE' &&
        family.capacityProviderStrategy[0].base === undefined);

    const endpoints = serviceConnectServices(family, model.project);
    this.service = new ecs.CfnService(this, 'Service', {
      cluster: imported('ClusterName', inputs.cluster),
      taskDefinition: this.taskDefinition.ref,
      desiredCount: family.desiredCount,
      // The default (FARGATE only) is a launch type, so it also works on existing clusters that
      // have no capacity providers associated.
      ...(usesDefaultStrategy
        ? { launchType: 'FARGATE' }
        : {
            capacityProviderStrategy: family.capacityProviderStrategy.map((c) => ({
              capacityProvider: c.capacityProvider,
              weight: c.weight,
              ...(c.base !== undefined ? { base: c.base } : {}),
            })),
          }),
      deploymentConfiguration: deploymentConfiguration(family),
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets,
          securityGroups: [securityGroup],
          assignPublicIp: family.assignPublicIp ? 'ENABLED' : 'DISABLED',
        },
      },
      ...(loadBalancers.length > 0 ? { loadBalancers } : {}),
      ...(loadBalancers.length > 0 && startPeriod(family) > 0
        ? { healthCheckGracePeriodSeconds: startPeriod(family) }
        : {}),
      serviceConnectConfiguration: {
        enabled: true,
        namespace: imported('NamespaceArn', inputs.namespaceArn),
        ...(endpoints.length > 0 ? { services: endpoints } : {}),
      },
      enableExecuteCommand: family.enableExecuteCommand,
      ...(serviceTags(family).length > 0 ? { tags: serviceTags(family) } : {}),
    });
    // Tasks start only once their role holds every permission.
    for (const policy of managedPolicies) this.service.addResourceDependency(policy);
  }
}

/**
 * The longest healthcheck `start_period` of the family: the load balancer's failed health checks
 * are ignored that long after a task starts, as the container's own health check is.
 */
function startPeriod(family: Family): number {
  return Math.max(0, ...family.services.map((s) => (s.healthcheck?.disable ? 0 : Math.round(s.healthcheck?.start_period ?? 0))));
}

/** A managed policy ARN as given, or a policy name of the deploying account made into its ARN. */
export function policyArn(arnOrName: string): string {
  return arnOrName.startsWith('arn:') ? arnOrName : `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:policy/${arnOrName}`;
}

/**
 * `deploy.update_config.order` of the family's first service that sets one: `start-first` keeps
 * every task serving during a deployment (200/100), `stop-first` replaces tasks in place (100/0).
 * Without one, the ECS default rolling update (200/100). The circuit breaker always rolls back a
 * deployment that cannot reach a steady state.
 */
export function deploymentConfiguration(family: Family): ecs.CfnService.DeploymentConfigurationProperty {
  const order = family.services.map((s) => s.deploy?.update_config?.order).find((o) => o !== undefined);
  const [maximumPercent, minimumHealthyPercent] = order === 'stop-first' ? [100, 0] : [200, 100];
  // failure_action: rollback (the default) rolls a failing deployment back; pause stops it where
  // it is; continue lets it go on (no circuit breaker).
  const action = family.services.map((s) => s.deploy?.update_config?.failure_action).find((a) => a !== undefined) ?? 'rollback';
  return { maximumPercent, minimumHealthyPercent, deploymentCircuitBreaker: { enable: action !== 'continue', rollback: action === 'rollback' } };
}

/**
 * Service Connect endpoints: for each TCP container port of the family, the names callers use
 * (`dnsNames`) on that port. A name belongs to the service it designates — the service of that
 * name, the one with that network alias, or the one other services link to under that alias — so
 * `api:8080` and `worker:9000` in one family stay distinct; a name the family answers to as a
 * whole maps to every port.
 */
export function serviceConnectServices(family: Family, project: ComposeProject): ecs.CfnService.ServiceConnectServiceProperty[] {
  const members = new Set(family.services.map((s) => s.name));
  const ownerOf = (dnsName: string): string | undefined => {
    if (members.has(dnsName)) return dnsName;
    for (const s of family.services) {
      if (Object.values(s.networks ?? {}).some((n) => n?.aliases?.includes(dnsName))) return s.name;
    }
    for (const s of Object.values(project.services) as ServiceConfig[]) {
      for (const link of s.links ?? []) {
        const [target, alias] = link.split(':');
        if (alias === dnsName && members.has(target)) return target;
      }
    }
    return undefined;
  };
  const seen = new Set<string>();
  const out: ecs.CfnService.ServiceConnectServiceProperty[] = [];
  for (const port of family.ports) {
    if (port.protocol !== 'tcp') continue; // Service Connect proxies TCP only
    const aliases = family.dnsNames
      .filter((name) => {
        const owner = ownerOf(name);
        return owner === undefined || owner === port.service;
      })
      .filter((name) => !seen.has(`${name}:${port.port}`));
    if (aliases.length === 0) continue;
    for (const name of aliases) seen.add(`${name}:${port.port}`);
    const portName = portMappingName(port.service, port.port, port.protocol);
    out.push({
      portName,
      discoveryName: portName,
      clientAliases: aliases.map((dnsName) => ({ port: port.port, dnsName })),
    });
  }
  return out;
}
