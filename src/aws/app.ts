/**
 * The generate stage: an `AppModel` → nested stacks in a given stack.
 *
 *   root stack (given)
 *   ├─ Repository<Id>      ECR repository per built image, and its <Id>Image parameter (root resources)
 *   ├─ NetworkStack        new VPC            (or VpcId / PublicSubnetIds / PrivateSubnetIds root parameters,
 *   │                                          or the CDK user's ec2.IVpc: nothing)
 *   ├─ ClusterStack        cluster + namespace (existing cluster: namespace only; user's ecs.ICluster: nothing)
 *   ├─ NetworkingStack     security groups + ingress rules (sharded when large, see security-groups.ts)
 *   ├─ SecretsStack        secrets created empty            (when the project creates any)
 *   ├─ StorageStack        EFS per named volume             (when any)
 *   ├─ TopicsStack         x-sns topics                     (when any; TopicsNN shards when large)
 *   ├─ QueuesStack         x-sqs queues, policies, subscriptions (QueuesNN shards when large)
 *   ├─ DatabasesStack      x-rds databases and their secrets (DatabasesNN shards when large)
 *   ├─ WebAclsStack        x-wafv2_webacl web ACLs          (when any is created; their associations are in the Elbv2 stacks)
 *   ├─ CloudMapStack       x- resources registered in the Cloud Map namespace (Settings.x-cloudmap; when any)
 *   ├─ LoadBalancerStack   ALB or NLB, listeners, targets   (when ports are published; LoadBalancer2Stack… past 50)
 *   ├─ CertificatesStack   x-acm certificates, DNS-validated (when any)
 *   ├─ Elbv2<Id>Stack      one per x-elbv2 load balancer, its alias records, its x-wafv2_webacl association (then no LoadBalancerStack)
 *   ├─ Family<Id>Stack     one per family                   (under FamiliesNN group stacks past 300 families)
 *   ├─ AlarmsStack         x-alarms that watch no family's service (when any)
 *   └─ DashboardsStack     x-dashboards CloudWatch dashboards (when any)
 *
 * Every nested stack has a fixed logical ID in its parent (`FamilyApiStack`), and every value it
 * needs arrives as a named parameter (`stack-io.ts`).
 */
import { NestedStack, Stack } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { TEMPLATE_QUOTAS } from '../limits/cloudformation';
import type { AppModel, DashboardTarget, Family, ListenerModel, ResourceGrant } from '../resolve/model';
import { alarmValueKeys, AlarmsStack } from './alarms';
import { DashboardsStack } from './dashboards';
import { ClusterRefs, ClusterStack, createNamespace, existingNamespaceArn } from './cluster';
import { CloudMapRegistrationsStack } from './cloudmap-registrations';
import { FamilyInputs, FamilyStack, resourceValueKey } from './family';
import { LoadBalancerStack, targetKey } from './load-balancer';
import { Elbv2Stack } from './elbv2';
import { CertificatesStack, hostedZoneIds } from './dns';
import { loadBalancerName, NameTable } from './names';
import { dataSubnets, existingVpcRefs, NetworkRefs, NetworkStack, userVpcRefs } from './network';
import { SecretsStack } from './secrets';
import { familyShard, Networking } from './security-groups';
import { exportToRoot, importString, setStackLogicalId } from './stack-io';
import { clusterName } from './family/scaling';
import { StorageStack } from './volumes';
import { ImageRepositories } from './repositories';
import { applyProjectTags } from './tags';
import { BackingServices, familyValueParameters, grantValues, packValues, type RawPropertyOrigins, type StackValue } from './resources';
import { valueIn } from './resources/values';

export interface ComposeXStacksProps {
  readonly model: AppModel;
  /** Run in this VPC of the CDK app instead of `model.vpc`: no Network stack, no VPC parameters. */
  readonly vpc?: ec2.IVpc;
  /** Run in this cluster of the CDK app instead of `model.cluster`: no Cluster stack. */
  readonly cluster?: ecs.ICluster;
}

/** Past this many families, family stacks are grouped under `FamiliesNN` stacks (root: 500 resources). */
export const MAX_FAMILIES_IN_ROOT = 300;
/**
 * Resources of the root kept free of nested stacks (CloudFormation: 500 resources per template,
 * src/limits/cloudformation.ts): families are grouped as well when they and the other nested
 * stacks (resource shards, security-group shards, load balancers) would leave less room.
 */
export const ROOT_RESERVED_RESOURCES = 20;
/** Parameters a `FamiliesNN` group stack may take before it is split into parts. */
export const MAX_GROUP_PARAMETERS = 180;

export class ComposeXStacks extends Construct {
  readonly model: AppModel;
  /** The stack the nested stacks are in. */
  readonly root: Stack;
  readonly network?: NetworkStack;
  readonly networkRefs: NetworkRefs;
  readonly cluster?: ClusterStack;
  readonly clusterRefs: ClusterRefs;
  readonly networking: Networking;
  readonly secrets?: SecretsStack;
  readonly storage?: StorageStack;
  readonly backing: BackingServices;
  /** x- resources registered in the Cloud Map namespace (`Settings.x-cloudmap`). */
  readonly cloudMap?: CloudMapRegistrationsStack;
  /** The first load balancer's stack (`LoadBalancerStack`). */
  readonly loadBalancer?: LoadBalancerStack;
  /** Every load balancer's stack, by index (more than one past 50 published ports). */
  readonly loadBalancers: LoadBalancerStack[] = [];
  /** x-acm certificates composex creates. */
  readonly certificates?: CertificatesStack;
  /** The x-elbv2 load balancers' stacks, by name. */
  readonly elbv2 = new Map<string, Elbv2Stack>();
  /** Family stacks by family name. */
  readonly families = new Map<string, FamilyStack>();
  /** `FamiliesNN` group stacks (only past `MAX_FAMILIES_IN_ROOT` families). */
  readonly familyGroups: NestedStack[] = [];
  /** x-alarms that watch no family's ECS service. */
  readonly alarms?: AlarmsStack;
  /** x-dashboards. */
  readonly dashboards?: DashboardsStack;
  /** ECR repositories and image parameters of the images composex builds (absent when none). */
  readonly images?: ImageRepositories;

  constructor(scope: Construct, id: string, props: ComposeXStacksProps) {
    super(scope, id);
    const model = props.model;
    this.model = model;
    this.root = Stack.of(this);
    applyProjectTags(this, model.tags ?? []);
    const volumeIds = new NameTable(model.volumes.map((v) => v.name));
    const secretIds = new NameTable(model.secrets.map((s) => s.name));
    if (model.images && model.images.length > 0) this.images = new ImageRepositories(this, 'Images', model.images);

    // Network
    if (props.vpc) {
      this.networkRefs = userVpcRefs(props.vpc);
    } else if (model.vpc.kind === 'new') {
      this.network = new NetworkStack(this, 'Network', { settings: model.vpc });
      this.networkRefs = this.network.refs;
    } else {
      this.networkRefs = existingVpcRefs(this, model.vpc, new Set(model.families.flatMap((f) => (f.subnetGroup ? [f.subnetGroup] : []))));
    }

    // Cluster and Service Connect namespace
    const namespace = model.serviceConnectNamespace;
    if (props.cluster) {
      // x-cloudmap wins over the cluster's default namespace: the file says where services register.
      const namespaceArn =
        namespace?.kind === 'existing'
          ? existingNamespaceArn(this, namespace)
          : namespace
            ? createNamespace(this, model.projectName, namespace, this.networkRefs.vpcId).attrArn
            : (props.cluster.defaultCloudMapNamespace?.namespaceArn ?? createNamespace(this, model.projectName).attrArn);
      this.clusterRefs = { clusterName: props.cluster.clusterName, namespaceArn };
    } else if (model.cluster.kind === 'existing' && namespace?.kind === 'existing') {
      // Nothing to create: a Cluster stack would have no resource, which CloudFormation refuses.
      this.clusterRefs = { clusterName: model.cluster.clusterArn ?? model.cluster.clusterName, namespaceArn: existingNamespaceArn(this, namespace) };
    } else {
      this.cluster = new ClusterStack(this, 'Cluster', {
        projectName: model.projectName,
        settings: model.cluster,
        ...(namespace ? { namespace } : {}),
        vpcId: this.networkRefs.vpcId,
      });
      this.clusterRefs =
        model.cluster.kind === 'existing'
          ? { ...this.cluster.refs, clusterName: model.cluster.clusterArn ?? model.cluster.clusterName }
          : this.cluster.refs;
    }

    this.networking = new Networking(this, 'Networking', { model, vpcId: this.networkRefs.vpcId, volumeIds });

    const created = model.secrets.filter((s) => s.kind === 'created');
    if (created.length > 0) {
      this.secrets = new SecretsStack(this, 'Secrets', { projectName: model.projectName, secrets: created, secretIds });
    }

    if (model.volumes.length > 0) {
      this.storage = new StorageStack(this, 'Storage', {
        projectName: model.projectName,
        volumes: model.volumes,
        volumeIds,
        subnets: dataSubnets(this.networkRefs),
        securityGroupId: (volume) => this.networking.groupId({ kind: 'volume', volume }),
      });
    }

    this.backing = new BackingServices(this, {
      model,
      dataSubnets: dataSubnets(this.networkRefs),
      securityGroupId: (resource, name) => this.networking.groupId({ kind: 'resource', resource, name }),
    });

    if (model.cloudMapRegistrations && model.cloudMapRegistrations.length > 0) {
      this.cloudMap = new CloudMapRegistrationsStack(this, 'CloudMap', {
        registrations: model.cloudMapRegistrations,
        namespaceArn: this.clusterRefs.namespaceArn,
        value: (kind, name, attribute) => this.backing.value(kind, name, attribute),
      });
    }

    const zones = model.hostedZones ?? [];
    // Before the default load balancer when its x-load-balancer certificate is an x-acm one (it
    // imports the ARN); after it otherwise, where it always was, so other templates do not move.
    const lbNeedsAcm = (model.loadBalancer?.listeners ?? []).some((l) => l.tls?.certificates.some((c) => c.kind === 'acm'));
    let zoneIds = lbNeedsAcm ? hostedZoneIds(this.root, zones) : undefined;
    if (model.certificates && zoneIds) this.certificates = new CertificatesStack(this, 'Certificates', { certificates: model.certificates, zones, zoneIds });
    if (model.loadBalancer) {
      if (!this.networkRefs.publicSubnetIds) {
        // resolve reports this for x-vpc (CX3303); a CDK user's VPC can still lack them.
        throw new Error('composex: published ports need an internet-facing load balancer, but the VPC has no public subnets');
      }
      for (let index = 0; index < (model.loadBalancer.count ?? 1); index++) {
        this.loadBalancers.push(
          new LoadBalancerStack(this, loadBalancerName(index), {
            model,
            loadBalancer: model.loadBalancer,
            index,
            vpcId: this.networkRefs.vpcId,
            publicSubnetIds: this.networkRefs.publicSubnetIds,
            securityGroupId: this.networking.groupId(index === 0 ? { kind: 'loadBalancer' } : { kind: 'loadBalancer', index }),
            ...(this.certificates ? { certificateArn: (name: string) => this.certificates!.certificateArn(name) } : {}),
          }),
        );
      }
      this.loadBalancer = this.loadBalancers[0];
    }
    zoneIds ??= hostedZoneIds(this.root, zones);
    const ids = zoneIds;
    if (model.certificates && !this.certificates) this.certificates = new CertificatesStack(this, 'Certificates', { certificates: model.certificates, zones, zoneIds });
    // x-wafv2_webacl: the web ACL that protects an application load balancer (resolve allows one).
    const webAclOf = (lb: string) => {
      const acl = model.resources.webAcl.find((a) => a.loadBalancers.includes(lb));
      return acl ? { webAclArn: this.backing.value('webAcl', acl.name, 'Arn') } : {};
    };
    for (const lb of model.elbv2 ?? []) {
      const subnets = lb.scheme === 'internet-facing' ? this.networkRefs.publicSubnetIds : this.networkRefs.privateSubnetIds;
      // resolve reports this for x-vpc (CX3303); a CDK user's VPC can still lack them.
      if (!subnets) throw new Error(`composex: x-elbv2 '${lb.name}' is internet-facing, but the VPC has no public subnets`);
      this.elbv2.set(
        lb.name,
        new Elbv2Stack(this, `Elbv2${lb.logicalId}`, {
          lb,
          vpcId: this.networkRefs.vpcId,
          subnetIds: { name: lb.scheme === 'internet-facing' ? 'PublicSubnetIds' : 'PrivateSubnetIds', value: subnets },
          securityGroupId: this.networking.groupId({ kind: 'elbv2', name: lb.name }),
          ...(this.certificates ? { certificateArn: (name: string) => this.certificates!.certificateArn(name) } : {}),
          zoneId: (zone: string) => ({ name: `HostedZone${zones.find((z) => z.name === zone)!.logicalId}Id`, value: ids.get(zone)! }),
          userPool: (pool: string, attribute: string) => this.backing.value('userPool', pool, attribute),
          ...webAclOf(lb.name),
        }),
      );
    }

    // Families: directly in the root, or in groups when the root would pass 500 resources.
    // Each family's grants, once (in model order): a family stack reads only its own.
    const grantsOf = new Map<string, ResourceGrant[]>(model.families.map((f) => [f.name, []]));
    for (const grant of model.grants) grantsOf.get(grant.family)?.push(grant);
    const inputs = new Map(model.families.map((f) => [f.name, this.familyInputs(f, secretIds, grantsOf.get(f.name)!)]));
    const parentOf = this.familyParents(inputs);
    for (const family of model.families) {
      const stack = new FamilyStack(parentOf.get(family.name) ?? this, `Family${family.logicalId}`, {
        model,
        family,
        inputs: inputs.get(family.name)!,
        grants: grantsOf.get(family.name)!,
        volumeIds,
        root: this.root,
      });
      this.families.set(family.name, stack);
    }
    // Start order across families (depends_on): a stack dependency where both stacks share a
    // parent. Across group stacks it is not expressed (it could form cycles between groups); ECS
    // retries tasks whose dependencies are not up yet.
    for (const family of model.families) {
      const stack = this.families.get(family.name)!;
      for (const other of family.dependsOnFamilies) {
        const target = this.families.get(other);
        if (target && target.nestedStackParent === stack.nestedStackParent) {
          stack.nestedStackResource!.addResourceDependency(target.nestedStackResource!);
        }
      }
    }

    const projectAlarms = (model.alarms ?? []).filter((a) => a.family === undefined);
    if (projectAlarms.length > 0) {
      this.alarms = new AlarmsStack(this, 'Alarms', {
        alarms: projectAlarms,
        value: (stack, kind, name, attribute) => valueIn(stack, this.backing.value(kind, name, attribute), this.root),
        // A family's ECS service name and an alarm's scaling policies: outputs of the family's stack.
        ecsOf: (stack, family) => this.ecsNames(stack, family),
        policies: (stack, alarm, family) => {
          const producer = this.families.get(family)!;
          const policies = producer.alarmPolicies.get(alarm.name)!;
          const name = (direction: string) => `Family${producer.family.logicalId}${alarm.logicalId}Scale${direction}Policy`;
          return {
            out: importString(stack, name('Out'), exportToRoot(producer, name('Out'), policies.out, this.root), this.root),
            in: importString(stack, name('In'), exportToRoot(producer, name('In'), policies.in, this.root), this.root),
          };
        },
        // An x-elbv2 dimension: the full name, an output of the load balancer's stack.
        elbv2: (stack, loadBalancer, targetGroup) => {
          const producer = this.elbv2.get(loadBalancer)!;
          const id = `Elbv2${producer.model.logicalId}${targetGroup === undefined ? 'LoadBalancer' : `TargetGroup${targetGroup}`}FullName`;
          return importString(stack, id, targetGroup === undefined ? producer.loadBalancerFullName() : producer.targetGroupFullName(targetGroup), this.root);
        },
        root: this.root,
      });
    }
    if (model.dashboards) {
      this.dashboards = new DashboardsStack(this, 'Dashboards', {
        dashboards: model.dashboards,
        ecsOf: (stack, family) => this.ecsNames(stack, family),
        targetLabel: (target) => this.targetGroupLabel(target),
        root: this.root,
      });
    }
  }

  /** A family's cluster and ECS service names, valid in `stack`: the service's name is an output of the family's stack. */
  private ecsNames(stack: NestedStack, family: string): { cluster: string; service: string } {
    const producer = this.families.get(family)!;
    const name = `Family${producer.family.logicalId}ServiceName`;
    const cluster = clusterName(this.clusterRefs.clusterName);
    return {
      cluster: importString(stack, cluster === this.clusterRefs.clusterName ? 'ClusterName' : 'ClusterResourceName', cluster, this.root),
      service: importString(stack, name, exportToRoot(producer, name, producer.service!.attrName, this.root), this.root),
    };
  }

  /** The resource label of a target group in front of a family (as its family stack names it), valid in the root. */
  private targetGroupLabel(target: DashboardTarget): { name: string; value: string } {
    if (target.kind === 'loadBalancer') {
      const stack = this.loadBalancers[target.listener.loadBalancer ?? 0];
      return { name: `${stack.targetGroupLogicalId(target.listener)}Label`, value: stack.requestCountLabel(target.listener) };
    }
    const stack = this.elbv2.get(target.loadBalancer)!;
    return { name: `Elbv2${stack.model.logicalId}${Elbv2Stack.targetGroupLogicalId(target.targetGroup)}Label`, value: stack.requestCountLabel(target.targetGroup) };
  }

  /** The x- resources created from raw `Properties`, by logical id (where validator findings on them point). */
  get rawProperties(): RawPropertyOrigins {
    if (!this.storage || this.storage.rawProperties.size === 0) return this.backing.rawProperties;
    return new Map([...this.backing.rawProperties, ...this.storage.rawProperties]);
  }

  /** Every nested stack composex created (groups before their children). */
  get nestedStacks(): NestedStack[] {
    return [
      ...(this.network ? [this.network] : []),
      ...(this.cluster ? [this.cluster] : []),
      ...this.networking.stacks,
      ...(this.secrets ? [this.secrets] : []),
      ...(this.storage ? [this.storage] : []),
      ...this.backing.stacks,
      ...(this.cloudMap ? [this.cloudMap] : []),
      ...(this.certificates ? [this.certificates] : []),
      ...this.loadBalancers,
      ...this.elbv2.values(),
      ...this.familyGroups,
      ...this.families.values(),
      ...(this.alarms ? [this.alarms] : []),
      ...(this.dashboards ? [this.dashboards] : []),
    ];
  }

  /**
   * Where a family's tasks run: its extra subnet group (networks.<n>.x-vpc, ECS ComposeX), else the
   * public subnets when it has a public IP, else the private subnets.
   */
  private familySubnets(family: Family): FamilyInputs['subnetIds'] {
    // A CDK user's VPC replaces x-vpc and its groups (warned: CX5117): its subnets are used as for any family.
    const group = family.subnetGroup ? this.networkRefs.subnetGroups?.get(family.subnetGroup) : undefined;
    if (group) return { name: group.parameter, value: group.ids };
    const publicSubnets = family.assignPublicIp ? this.networkRefs.publicSubnetIds : undefined;
    return publicSubnets ? { name: 'PublicSubnetIds', value: publicSubnets } : { name: 'PrivateSubnetIds', value: this.networkRefs.privateSubnetIds };
  }

  private familyInputs(family: Family, secretIds: NameTable, grants: readonly ResourceGrant[]): FamilyInputs {
    const owner = { kind: 'family', family: family.name } as const;
    const seen = new Set<string>();
    // Request-count scaling (TgtTargetsCount) and 5xx alarms read the ALB target groups' labels.
    const labels = family.scaling?.requestsPerTarget !== undefined || (this.model.alarms ?? []).some((a) => a.family === family.name && a.serviceMath?.on === 'targetGroups');
    const listeners: ListenerModel[] = [];
    for (const l of this.model.loadBalancer?.listeners ?? []) {
      if (l.target.family !== family.name || seen.has(targetKey(l))) continue;
      seen.add(targetKey(l));
      listeners.push(l);
    }
    const createdSecretArns = new Map<string, { name: string; arn: string }>();
    for (const name of family.secrets) {
      const secret = this.model.secrets.find((s) => s.name === name);
      if (secret?.kind === 'created' && this.secrets) {
        createdSecretArns.set(name, { name: `Secret${secretIds.id(name)}Arn`, arn: this.secrets.secretArn(name) });
      }
    }
    const volumes = new Map<string, { fileSystemId: string; accessPointId: string }>();
    for (const name of family.volumes) {
      if (this.storage?.volumes.has(name)) volumes.set(name, this.storage.volumeRefs(name));
    }
    const resourceValues = new Map<string, { value: StackValue; secret: boolean }>();
    for (const grant of grants) {
      for (const { kind, resource, attribute, secret } of grantValues(grant)) {
        resourceValues.set(resourceValueKey(kind, resource, attribute), { value: this.backing.value(kind, resource, attribute), secret });
      }
    }
    return {
      cluster: this.clusterRefs.clusterName,
      namespaceArn: this.clusterRefs.namespaceArn,
      subnetIds: this.familySubnets(family),
      securityGroupId: { name: `${this.networking.groupLogicalId(owner)}Id`, value: this.networking.groupId(owner) },
      targetGroups: [
        ...listeners.map((l) => {
          const stack = this.loadBalancers[l.loadBalancer ?? 0];
          const label = labels && l.protocol === 'HTTP' ? { label: { name: `${stack.targetGroupLogicalId(l)}Label`, value: stack.requestCountLabel(l) } } : {};
          return { service: l.target.service, containerPort: l.target.containerPort, name: `${stack.targetGroupLogicalId(l)}Arn`, arn: stack.targetGroupArn(l), ...label };
        }),
        ...[...this.elbv2.values()].flatMap((stack) =>
          stack.model.targetGroups
            .filter((tg) => tg.family === family.name)
            .map((tg) => {
              const id = `Elbv2${stack.model.logicalId}${Elbv2Stack.targetGroupLogicalId(tg)}`;
              const label = labels && stack.model.type === 'application' ? { label: { name: `${id}Label`, value: stack.requestCountLabel(tg) } } : {};
              return { service: tg.service, containerPort: tg.containerPort, name: `${id}Arn`, arn: stack.targetGroupArn(tg), ...label };
            }),
        ),
      ],
      createdSecretArns,
      volumes,
      resourceValues: packValues(resourceValues),
      ...(family.execLogging && this.cluster ? { execLogging: this.cluster.execLoggingArns() } : {}),
      ...this.alarmValues(family),
      ...this.imageValues(family),
    };
  }

  /** The image parameters and repository ARNs of the family's built images. */
  private imageValues(family: Family): Pick<FamilyInputs, 'images'> {
    const built = family.containers.filter((c) => c.built !== undefined);
    if (built.length === 0 || !this.images) return {};
    return {
      images: new Map(
        built.map((c) => [c.name, { parameter: c.built!.parameter, repositoryArnParameter: `${c.built!.repository}Arn`, ...this.images!.refs(c.name) }]),
      ),
    };
  }

  /** Topic ARNs and dimension values of the alarms in the family's stack. */
  private alarmValues(family: Family): { alarmValues?: Map<string, StackValue> } {
    const alarms = (this.model.alarms ?? []).filter((a) => a.family === family.name);
    if (alarms.length === 0) return {};
    return { alarmValues: new Map(alarmValueKeys(alarms).map((k) => [resourceValueKey(k.kind, k.name, k.attribute), this.backing.value(k.kind, k.name, k.attribute)])) };
  }

  /**
   * Up to `MAX_FAMILIES_IN_ROOT` families (and while the root keeps `ROOT_RESERVED_RESOURCES` free),
   * none (family stacks go in the root). Beyond, each family
   * goes to the group of its name's hash (`FamiliesNN`, so adding a family never moves another),
   * split into parts when a group would take more than `MAX_GROUP_PARAMETERS` parameters.
   */
  private familyParents(inputs: ReadonlyMap<string, FamilyInputs>): Map<string, NestedStack> {
    const parents = new Map<string, NestedStack>();
    const others = this.nestedStacks.length + (this.images?.repositories.size ?? 0);
    const families = this.model.families.length;
    if (families <= MAX_FAMILIES_IN_ROOT && families + others <= TEMPLATE_QUOTAS.resources - ROOT_RESERVED_RESOURCES) return parents;
    const byShard = new Map<string, Family[]>();
    for (const f of this.model.families) {
      const shard = familyShard(f.name);
      byShard.set(shard, [...(byShard.get(shard) ?? []), f]);
    }
    for (const shard of [...byShard.keys()].sort()) {
      let part = 0;
      let group: NestedStack | undefined;
      let parameters = new Set<string>();
      for (const family of byShard.get(shard)!) {
        const names = parameterNames(inputs.get(family.name)!);
        const added = names.filter((n) => !parameters.has(n));
        if (!group || parameters.size + added.length > MAX_GROUP_PARAMETERS) {
          part++;
          const name = part === 1 ? `Families${shard}` : `Families${shard}Part${part}`;
          group = new NestedStack(this, name, { description: `composex: families (shard ${shard})` });
          setStackLogicalId(group, `${name}Stack`);
          this.familyGroups.push(group);
          parameters = new Set();
        }
        for (const n of names) parameters.add(n);
        parents.set(family.name, group);
      }
    }
    return parents;
  }
}

/** Names of the parameters a family stack takes (as a group stack passes them through). */
function parameterNames(inputs: FamilyInputs): string[] {
  return [
    'ClusterName',
    'NamespaceArn',
    inputs.subnetIds.name,
    inputs.securityGroupId.name,
    ...inputs.targetGroups.map((t) => t.name),
    ...inputs.targetGroups.flatMap((t) => (t.label ? [t.label.name] : [])),
    ...[...inputs.createdSecretArns.values()].map((s) => s.name),
    ...[...inputs.volumes.keys()].flatMap((v) => [`FileSystem${v}Id`, `AccessPoint${v}Id`]),
    ...familyValueParameters(inputs.resourceValues.values()),
    ...[...(inputs.images?.values() ?? [])].flatMap((i) => [i.parameter, i.repositoryArnParameter]),
  ];
}

/** Builds the composex nested stacks for `model` in `scope` (see `ComposeXStacks`). */
export function buildStacks(
  scope: Stack,
  model: AppModel,
  options: Omit<ComposeXStacksProps, 'model'> & { readonly id?: string } = {},
): ComposeXStacks {
  return new ComposeXStacks(scope, options.id ?? 'ComposeX', { model, ...options });
}
