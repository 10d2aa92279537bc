/**
 * The resolve stage: `ComposeProject` → `AppModel`. Families, the network access graph (every
 * ingress rule and nothing else), the load balancer, VPC / cluster settings, secrets and volumes,
 * with every cross-reference checked. All problems are reported together; the model is returned
 * only when there is no error.
 *
 * Diagnostic codes: data in `codes.ts`, one line each in docs/diagnostics.md (a test keeps the two
 * in step); the ECS / Fargate limits of the resolved families (CX40xx): ecs-check.ts.
 */
import type { ComposeProject } from '../compose/types';
import { dedupeDiagnostics, Diagnostic, hasErrors, sortDiagnostics, type ConfigPath } from '../diagnostics';
import type { AppModel, Family, LoadBalancerModel, VpcSettings } from './model';
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { execLoggingTargets, reportExecLoggingUnused, reportExecOnExistingCluster } from './cluster-exec-logging';
import { checkServiceProviders, defaultStrategyOf, reportExistingClusterProviders, resolveCluster } from './cluster';
import { resolveCloudMap } from './x-cloudmap';
import { checkRegistrationNames, resolveResourceCloudMap, resourceNamespaceChoices } from './resource-cloudmap';
import { chooseNamespace, readXDns, withXDnsRecords } from './x-dns';
import {
  completionTargets,
  containerModel,
  familyArchitecture,
  familyDeployment,
  familyEphemeralStorage,
  familyServiceTags,
  familyGracePeriod,
  familyTaskSize,
} from './containers';
import { familyDnsNames } from './dns-names';
import { checkDatabaseZones } from './database-zones';
import { checkDomainZones } from './opensearch-zones';
import { checkEcs } from './ecs-check';
import { withEndpointsLabel } from './endpoints';
import { serviceEdges } from './edges';
import { assignFamilies } from './families';
import { resolveFamilySettings, ServiceSettings } from './family-settings';
import { finalizeIngress, serviceIngress, sourceIngress } from './ingress';
import { checkSecurityGroupRules } from './security-group-quota';
import { readDefaultLbCertificates } from './load-balancer-tls';
import { resolveLoadBalancer } from './load-balancer';
import { checkElbv2Subnets, reportPortsOutsideElbv2, resolveElbv2 } from './elbv2';
import { withClientSecrets } from './elbv2-authenticate';
import { resolveDns } from './dns';
import { logicalIds } from './names';
import { serviceNetworks } from './network-scope';
import { familyStartOrder } from './ordering';
import { declaredPorts, familyPorts } from './ports';
import { withImageDefaultPorts } from './image-ports';
import { reportUndeclaredReferences } from './references';
import { resolveResources } from './resources';
import { RESOURCE_SPECS } from './resources/registry';
import { checkQueueScaling, queueScalers } from './resources/sqs-scaling';
import { resolveSecrets } from './secrets';
import { planSecretsInit, resolveSecretFiles } from './secret-files';
import { resolveConfigFiles, withConfigFiles } from './config-files';
import { serviceConnectEndpoints } from './service-connect';
import { checkMountTargetZones, resolveVolumes } from './volumes';
import { readXEfs } from './x-efs';
import { declaredSubnetGroups, resolveVpc } from './vpc';
import { placeFamiliesInSubnetGroups } from './subnet-groups';
import { checkLookedUpVpcs } from './lookup-vpc';
import type { LockFile } from './lock';
import { readEcsSettings } from './x-ecs';
import { readDeploymentPercents } from './x-aws-percent';
import { checkWindowsFamilies, familyOperatingSystems, WINDOWS_MINIMUM_CPU } from './runtime-platform';
import { checkRequestScaling, readScalingSettings, scalingPathsByFamily } from './x-scaling';
import { checkScheduledFamilies, readEvents } from './x-events';
import { readProjectTags } from './x-tags';
import { readIamSettings } from './x-iam';
import { readLoggingSettings } from './x-logging';
import { checkComputePlatformLabel } from './compute-platform-label';
import { planLogRouters } from './firelens-router';
import { logRouterModel, routerConfigFiles, routerGrants, withRouterFiles } from './firelens-wiring';
import { readNetworkSettings } from './x-network';
import { planXrayDaemon, readXraySetting } from './x-xray';
import { planCloudwatchAgent } from './cloudwatch-agent';
import { readMonitoringSetting } from './x-monitoring';
import { readPrometheusSetting } from './x-prometheus';
import { alarmScalers, checkAlarmFamilies, readAlarms } from './x-alarms';
import { readDashboards } from './x-dashboards';
import { reportDockerEcsKeys } from './x-aws';
import { reportDockerHubPulls } from './images';
import { resolveBuiltImages } from './built-images';
import { resolveImageOptions } from './x-ecr';
import { withCurrentTopicsForm } from './resources/sns-topics-form';

export type * from './model';
export { CODES } from './codes';

export interface ResolveResult {
  /** Present only when there is no error. */
  readonly model?: AppModel;
  /** Errors and warnings, deduplicated and sorted by position. */
  readonly diagnostics: Diagnostic[];
}

export interface ResolveOptions {
  /** The answers of `composex lookup` (composex.lock.json); without it every `Lookup` is an error. */
  readonly lock?: LockFile;
}

export function resolveProject(written: ComposeProject, options: ResolveOptions = {}): ResolveResult {
  // ECS ComposeX's older x-sns form (topics under `Topics`), read as today's before anything reads x-sns.
  const { project, diagnostics: older } = withCurrentTopicsForm(written);
  const ctx = new ResolveContext(project, options.lock);
  ctx.diagnostics.push(...older);
  if (ctx.serviceNames.length === 0) return { diagnostics: [noServices(ctx)] };
  const membership = assignFamilies(ctx);
  const networks = serviceNetworks(ctx);
  const declared = declaredPorts(ctx);

  const settings = new Map<string, ServiceSettings>();
  for (const service of ctx.serviceNames) {
    settings.set(service, {
      network: readNetworkSettings(ctx, service),
      ecs: readEcsSettings(ctx, service),
      logging: readLoggingSettings(ctx, service),
      iam: readIamSettings(ctx, service),
      scaling: readScalingSettings(ctx, service),
      xray: readXraySetting(ctx, service),
      ...optionalSetting('prometheus', readPrometheusSetting(ctx, service)),
      ...optionalSetting('monitoring', readMonitoringSetting(ctx, service)),
    });
    checkComputePlatformLabel(ctx, service);
  }
  const networkSettings = new Map([...settings].map(([service, s]) => [service, s.network]));
  const cluster = resolveCluster(ctx);
  checkServiceProviders(ctx, cluster, new Map([...settings].map(([service, s]) => [service, s.ecs.capacityProviderStrategy])));
  const familySettings = resolveFamilySettings(ctx, membership, settings, defaultStrategyOf(cluster));

  const edges = serviceEdges(ctx, membership, networkSettings);
  const ports = withImageDefaultPorts(ctx, membership, declared, edges, networks, networkSettings);
  const portsOfFamily = familyPorts(ctx, membership, ports);
  reportUndeclaredReferences(ctx, membership, edges);
  const startOrder = familyStartOrder(ctx, membership, edges);
  const events = readEvents(ctx, membership);
  const dnsNames = familyDnsNames(ctx, membership, edges);
  // With x-elbv2, published ports are container ports and the load balancers are x-elbv2's.
  const xDns = readXDns(ctx); // ECS ComposeX's x-dns: one more zone, records, a namespace
  const dns = resolveDns(ctx, xDns.zone);
  const elbv2 = withXDnsRecords(ctx, xDns, resolveElbv2(ctx, membership, ports, dns));
  const defaultLbCertificates = readDefaultLbCertificates(ctx, dns.acm, elbv2.present);
  const lb = elbv2.present ? { ingress: [] } : resolveLoadBalancer(ctx, membership, networkSettings, defaultLbCertificates);
  if (elbv2.present) reportPortsOutsideElbv2(ctx, elbv2.loadBalancers);
  // Targets of an application load balancer: request-count scaling and 5xx alarms read its metrics.
  const albTargets = new Set([
    ...('loadBalancer' in lb ? (lb.loadBalancer?.listeners ?? []) : []).filter((l) => l.protocol === 'HTTP').map((l) => l.target.family),
    ...elbv2.loadBalancers.filter((b) => b.type === 'application').flatMap((b) => b.targetGroups.map((tg) => tg.family)),
  ]);
  checkRequestScaling(ctx, membership.servicesOf, (service) => settings.get(service)?.scaling, albTargets);
  const fileSecrets = resolveSecrets(ctx, membership);
  const configFiles = resolveConfigFiles(ctx, membership);
  const routers = planLogRouters(ctx, membership, (family) => (portsOfFamily.get(family) ?? []).map(({ service, port, protocol }) => ({ service, port, protocol })));
  const secrets = withConfigFiles(withConfigFiles(fileSecrets, configFiles), routerConfigFiles(routers));
  // A secret LinksTo keeps from the execution role is not injected: no file either.
  const secretFiles = resolveSecretFiles(ctx, fileSecrets.secrets.filter((s) => s.injected !== false), configFiles);
  const volumes = resolveVolumes(ctx, membership, readXEfs(ctx, membership));
  const resources = resolveResources(ctx, membership, fileSecrets.secrets, routerGrants(routers));
  reportDockerEcsKeys(ctx, fileSecrets.secrets);
  reportDockerHubPulls(ctx);
  const vpc = resolveVpc(ctx);
  const namespace = chooseNamespace(ctx, xDns, resolveCloudMap(ctx, resourceNamespaceChoices(ctx)));
  const cloudMapRegistrations = resolveResourceCloudMap(ctx, resources.resources, namespace);
  const tags = readProjectTags(ctx);
  const builtImages = resolveBuiltImages(ctx, membership, logicalIds(ctx.serviceNames));
  const builtOf = new Map(builtImages.map((b) => [b.service, { parameter: b.parameter, repository: b.repositoryLogicalId }]));
  const imageOptions = resolveImageOptions(ctx);

  const ingress = finalizeIngress([
    ...serviceIngress(ctx, membership, edges, ports, networks),
    ...sourceIngress(ctx, membership, networkSettings, ports),
    ...lb.ingress,
    ...elbv2.ingress,
    ...volumes.ingress,
    ...resources.ingress,
  ]);

  checkSecurityGroupRules(ctx, ingress, (target) => {
    if (target.kind === 'family') {
      const first = membership.servicesOf.get(target.family)?.[0];
      return first === undefined ? undefined : ['services', first];
    }
    if (target.kind === 'resource') return [RESOURCE_SPECS[target.resource].key, target.name];
    if (target.kind === 'volume') return ['volumes', target.volume];
    if (target.kind === 'elbv2') return ['x-elbv2', target.name];
    return undefined;
  });

  const publishedFamilies = new Set([...(lb.loadBalancer?.listeners ?? []).map((l) => l.target.family), ...elbv2.targetFamilies]);
  const xrayAsked = new Map([...settings].flatMap(([service, s]) => (s.xray ? [[service, s.xray] as const] : [])));
  const agentAsked = {
    prometheus: new Map([...settings].flatMap(([service, s]) => (s.prometheus ? [[service, s.prometheus] as const] : []))),
    monitoring: new Map([...settings].flatMap(([service, s]) => (s.monitoring ? [[service, s.monitoring] as const] : []))),
  };
  const ids = logicalIds(membership.servicesOf.keys());
  const secretModels = new Map(secrets.secrets.map((s) => [s.name, s]));
  const volumeNames = new Set(volumes.volumes.map((v) => v.name));
  const allServices = ctx.serviceNames.map((service) => project.services[service]);
  const servicesOf = new Map([...membership.servicesOf].map(([name, services]) => [name, services.map((service) => project.services[service])]));
  const osOf = familyOperatingSystems(ctx, membership, (service) => settings.get(service)!.ecs);
  const unlabelled: Family[] = [...servicesOf].map(([name, configs]) => {
    const s = familySettings.get(name)!;
    const windows = osOf.get(name) && osOf.get(name)!.value !== 'LINUX' ? osOf.get(name)!.value : undefined;
    const ports = (portsOfFamily.get(name) ?? []).map(({ service, port, protocol }) => ({ service, port, protocol }));
    const router = routers.get(name);
    const secretsPlan = planSecretsInit(...withRouterFiles(configs.map((c) => c.name), secretFiles, router));
    const xray = planXrayDaemon(ctx, configs.map((c) => c.name), xrayAsked, s.xrayImage, ports);
    const cloudwatchAgent = planCloudwatchAgent(ctx, name, configs.map((c) => c.name), agentAsked, ports);
    const containerContext = {
      members: new Set(configs.map((c) => c.name)),
      waitedFor: completionTargets(configs),
      ports,
      secrets: secretModels,
      volumes: volumeNames,
      secretFiles,
      secretsPlan,
      ...(xray ? { xray } : {}),
      ...(cloudwatchAgent ? { cloudwatchAgent } : {}),
      ...(router ? { logRouter: { name: router.router.name, options: router.containers } } : {}),
      built: builtOf,
      ...(imageOptions.pinned.size > 0 ? { pinned: imageOptions.pinned } : {}),
    };
    const familyDns = dnsNames.get(name) ?? [];
    const containers = configs.map((config) => containerModel(config, containerContext));
    const logRouter = router ? logRouterModel(router, secretsPlan) : undefined;
    return {
      name,
      logicalId: ids.get(name)!,
      containers,
      networks: [...new Set(configs.flatMap((c) => networks.get(c.name) ?? []))].sort(),
      ports,
      desiredCount: s.desiredCount,
      // A family without an ECS service has nothing to scale: its x-scaling is ignored (CX3334).
      ...(s.scaling && !events.withoutService.has(name) ? { scaling: s.scaling } : {}),
      ...(events.withoutService.has(name) ? { ecsService: false as const } : {}),
      assignPublicIp: s.assignPublicIp,
      capacityProviderStrategy: s.capacityProviderStrategy,
      enableExecuteCommand: s.enableExecuteCommand,
      ...execLoggingTargets(cluster, s.enableExecuteCommand),
      logRetentionDays: s.logRetentionDays,
      iam: s.iam,
      secrets: secrets.byFamily.get(name) ?? [],
      ...(fileSecrets.taskRoleByFamily.has(name) ? { taskRoleSecrets: fileSecrets.taskRoleByFamily.get(name)! } : {}),
      ...(secretsPlan.init ? { secretsInit: secretsPlan.init } : {}),
      ...(xray ? { xray } : {}),
      ...(cloudwatchAgent ? { cloudwatchAgent } : {}),
      ...(logRouter ? { logRouter } : {}),
      volumes: volumes.byFamily.get(name) ?? [],
      dnsNames: familyDns,
      dependsOnFamilies: startOrder.get(name) ?? [],
      // the containers of its task definition: its services', the init container and the daemon planned above
      taskSize: familyTaskSize(
        { containers, ...(secretsPlan.init ? { secretsInit: secretsPlan.init } : {}), ...(xray ? { xray } : {}), ...(cloudwatchAgent ? { cloudwatchAgent } : {}), ...(logRouter ? { logRouter } : {}) },
        windows ? WINDOWS_MINIMUM_CPU : 0,
      ),
      cpuArchitecture: familyArchitecture(configs),
      ...(windows ? { operatingSystemFamily: windows } : {}),
      ...optionalStorage(familyEphemeralStorage(configs)),
      deployment: familyDeployment(configs, volumeNames, readDeploymentPercents(ctx, name, configs.map((c) => c.name))),
      healthCheckGracePeriodSeconds: familyGracePeriod(configs, publishedFamilies.has(name)),
      serviceConnect: serviceConnectEndpoints(configs, ports, familyDns, allServices),
      tags: familyServiceTags(configs),
    };
  });
  const families = placeFamiliesInSubnetGroups(ctx, declaredSubnetGroups(ctx), vpc.vpc, withEndpointsLabel(unlabelled, ingress), membership.servicesOf, networks);

  checkSubnetsFit(ctx, vpc.vpc, vpc.path, lb.loadBalancer, families);
  checkWindowsFamilies(ctx, families, osOf);
  checkRegistrationNames(ctx, cloudMapRegistrations, families.flatMap((f) => f.serviceConnect.map((e) => e.portName)));
  checkElbv2Subnets(ctx, elbv2.loadBalancers, vpc.vpc, vpc.path);
  checkScheduledFamilies(ctx, events, ingress, publishedFamilies, scalingPathsByFamily(ctx, membership.servicesOf, (service) => settings.get(service)?.scaling));
  const alarms = readAlarms(ctx, { membership, resources: resources.resources, cluster, albTargets, loadBalancers: elbv2.loadBalancers });
  checkAlarmFamilies(ctx, alarms, events.withoutService);
  const dashboards = readDashboards(ctx, { membership, cluster, withoutService: events.withoutService, ...(lb.loadBalancer ? { loadBalancer: lb.loadBalancer } : {}), elbv2: elbv2.loadBalancers });
  // After the alarms: a family scaled on a queue and on an alarm is a conflict too.
  checkQueueScaling(ctx, [...queueScalers(resources.grants), ...alarmScalers(alarms)], membership, familySettings, events.withoutService);
  checkDatabaseZones(ctx, vpc.vpc, vpc.path);
  checkDomainZones(ctx, vpc.vpc, resources.resources.opensearch);
  checkMountTargetZones(ctx, vpc.vpc, vpc.path, volumes.volumes);
  checkLookedUpVpcs(ctx, vpc.vpc, resources.resources);
  reportExecLoggingUnused(ctx, cluster.kind === 'new' ? cluster.execLogging : undefined, families.some((f) => f.enableExecuteCommand));
  reportExecOnExistingCluster(ctx, cluster, [...settings].filter(([, s]) => s.ecs.enableExecuteCommand === true).map(([service]) => service).sort());
  reportExistingClusterProviders(ctx, cluster, families.flatMap((f) => f.capacityProviderStrategy.map((c) => c.capacityProvider)));
  const locate = (path: ConfigPath, part: 'key' | 'value' = 'value') => (part === 'key' ? project.sourceMap.key(path) : project.sourceMap.value(path));
  ctx.diagnostics.push(
    ...checkEcs(
      { families, servicesOf, loadBalancer: lb.loadBalancer, vpc: vpc.vpc, volumes: volumes.volumes, secrets: secrets.secrets, grants: resources.grants, resources: resources.resources },
      locate,
    ),
  );

  // ClientSecret: {Secret: …} of x-elbv2 authentication, once the secrets are read (may read one more).
  const elbv2LoadBalancers = withClientSecrets(ctx, elbv2.loadBalancers, fileSecrets.secrets);

  const diagnostics = sortDiagnostics(dedupeDiagnostics(ctx.diagnostics));
  if (hasErrors(diagnostics)) return { diagnostics };
  const model: AppModel = {
    projectName: project.name,
    locate,
    families,
    ingress,
    ...(lb.loadBalancer ? { loadBalancer: lb.loadBalancer } : {}),
    ...(elbv2.loadBalancers.length > 0 ? { elbv2: elbv2LoadBalancers } : {}),
    ...(dns.certificates.length > 0 ? { certificates: dns.certificates } : {}),
    ...(dns.zones.length > 0 ? { hostedZones: dns.zones } : {}),
    vpc: vpc.vpc,
    cluster,
    ...(namespace ? { serviceConnectNamespace: namespace } : {}),
    ...(cloudMapRegistrations.length > 0 ? { cloudMapRegistrations } : {}),
    secrets: secrets.secrets,
    volumes: volumes.volumes,
    resources: resources.resources,
    grants: resources.grants,
    ...(events.scheduledTasks.length > 0 ? { scheduledTasks: events.scheduledTasks } : {}),
    ...(alarms.length > 0 ? { alarms } : {}),
    ...(dashboards.length > 0 ? { dashboards } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(builtImages.length > 0 ? { images: builtImages } : {}),
    ...(imageOptions.scans.length > 0 ? { imageScans: imageOptions.scans } : {}),
  };
  return { model, diagnostics };
}

function optionalStorage(gib: number | undefined): { ephemeralStorageGiB?: number } {
  return gib === undefined ? {} : { ephemeralStorageGiB: gib };
}

/** Nothing to deploy: an error, not an empty set of templates. */
function noServices(ctx: ResolveContext): Diagnostic {
  const disabled = ctx.project.disabledServices;
  const hint =
    disabled.length > 0
      ? `every service has a profile that is not enabled (${disabled.slice(0, 5).join(', ')}${disabled.length > 5 ? ', …' : ''}); enable one with --profile or COMPOSE_PROFILES`
      : 'declare at least one service under services:';
  ctx.error(CODES.NO_SERVICES, 'the project has no service to deploy', ['services'], hint, 'key');
  return ctx.diagnostics[0];
}

/**
 * An ALB needs subnets in two availability zones; with an existing VPC, anything facing the
 * internet (the load balancer, tasks with a public IP) needs public subnets.
 */
function checkSubnetsFit(
  ctx: ResolveContext,
  vpc: VpcSettings,
  vpcPath: Path,
  loadBalancer: LoadBalancerModel | undefined,
  families: readonly Family[],
): void {
  if (vpc.kind === 'new') {
    if (loadBalancer?.type === 'application' && vpc.maxAzs < 2) {
      ctx.error(
        CODES.ALB_NEEDS_TWO_AZS,
        `x-vpc.MaxAzs is ${vpc.maxAzs}, but the application load balancer for the published HTTP ports needs two availability zones`,
        [...vpcPath, 'MaxAzs'],
        'set MaxAzs to 2 or more',
      );
    }
    return;
  }
  const publicFamily = families.find((f) => f.assignPublicIp);
  if (vpc.publicSubnetIds.length === 0 && (loadBalancer || publicFamily)) {
    ctx.error(
      CODES.INVALID_VPC,
      loadBalancer
        ? 'x-vpc gives no PublicSubnets, but published ports need an internet-facing load balancer in public subnets'
        : `x-vpc gives no PublicSubnets, but family '${publicFamily!.name}' asks for a public IP (x-network.AssignPublicIp)`,
      vpcPath,
      'add PublicSubnets: [subnet-…, subnet-…]',
      'key',
    );
    return;
  }
  if (loadBalancer?.type === 'application' && vpc.publicSubnetIds.length < 2) {
    ctx.error(
      CODES.ALB_NEEDS_TWO_AZS,
      `x-vpc gives ${vpc.publicSubnetIds.length} public subnet, but the application load balancer for the published HTTP ports needs subnets in two availability zones`,
      [...vpcPath, 'PublicSubnets'],
      'add a public subnet in a second availability zone to x-vpc.PublicSubnets',
    );
  }
}

/** `{key: value}` when the service wrote the setting, `{}` otherwise (settings stay without undefined members). */
function optionalSetting<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
