/**
 * AppModel values for the generate-stage tests, built directly (independent of load / resolve).
 */
import { renderApp } from '../../src/render/render';
import { Stack } from 'aws-cdk-lib';
import type { AppModel, ContainerModel, Family, IngressRule, ListenerModel } from '../../src/resolve/model';
import { noResources } from '../../src/resolve/resources/registry';
import { pascalCase } from '../../src/aws/names';
import { portMappingName } from '../../src/resolve/names';

/** A container as resolve emits it, with the defaults of a service that sets nothing. */
export function container(name: string, fields: Partial<ContainerModel> = {}): ContainerModel {
  return {
    name,
    image: 'nginx:1.27',
    essential: true,
    environment: [],
    secrets: [],
    secretFiles: [],
    dockerLabels: {},
    portMappings: [],
    dependsOn: [],
    ulimits: [],
    systemControls: [],
    volumesFrom: [],
    mounts: [],
    logOptions: {},
    logStreamPrefix: name,
    ...fields,
  };
}

/**
 * A family of these containers. Containers without port mappings get those of `fields.ports`, and
 * Service Connect serves every TCP port under the family's names, as resolve does for a family
 * without network aliases or links.
 */
export function family(name: string, containers: ContainerModel[], fields: Partial<Family> = {}): Family {
  const ports = fields.ports ?? [];
  const dnsNames = fields.dnsNames ?? containers.map((c) => c.name);
  const members = new Set(containers.map((c) => c.name));
  return {
    name,
    logicalId: pascalCase(name),
    containers: [...containers]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) =>
        c.portMappings.length > 0
          ? c
          : { ...c, portMappings: ports.filter((p) => p.service === c.name).map((p) => ({ containerPort: p.port, protocol: p.protocol, name: portMappingName(p.service, p.port, p.protocol) })) },
      ),
    networks: ['default'],
    ports,
    desiredCount: 1,
    assignPublicIp: false,
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
    enableExecuteCommand: false,
    logRetentionDays: 30,
    iam: { policies: [], managedPolicyArns: [] },
    secrets: [],
    volumes: [],
    dnsNames,
    dependsOnFamilies: [],
    taskSize: { cpu: 256, memory: 512 },
    cpuArchitecture: 'X86_64',
    deployment: { maximumPercent: 200, minimumHealthyPercent: 100, circuitBreaker: { enable: true, rollback: true } },
    healthCheckGracePeriodSeconds: 0,
    serviceConnect: ports
      .filter((p) => p.protocol === 'tcp')
      .map((p) => ({ port: p, aliases: dnsNames.filter((n) => !members.has(n) || n === p.service) }))
      .filter(({ aliases }) => aliases.length > 0)
      .map(({ port, aliases }) => ({
        portName: portMappingName(port.service, port.port, port.protocol),
        clientAliases: aliases.map((dnsName) => ({ port: port.port, dnsName })),
      })),
    tags: [],
    ...fields,
  };
}

export function model(families: Family[], fields: Partial<AppModel> = {}): AppModel {
  const sorted = [...families].sort((a, b) => a.name.localeCompare(b.name));
  return {
    projectName: 'shop',
    locate: () => undefined,
    families: sorted,
    ingress: [],
    resources: noResources(),
    grants: [],
    vpc: { kind: 'new', maxAzs: 2, natGateways: 1, cidr: '10.0.0.0/16' },
    cluster: { kind: 'new', containerInsights: true },
    secrets: [],
    volumes: [],
    ...fields,
  };
}

export function familyIngress(source: string, target: string, port: number, reason = `depends_on: ${target}`): IngressRule {
  return {
    source: { kind: 'family', family: source },
    target: { kind: 'family', family: target },
    protocol: 'tcp',
    fromPort: port,
    toPort: port,
    reason,
  };
}

/**
 * A project using most features: a web front (published HTTP port 80 → ALB), an api family with
 * two containers (api + migrate sidecar that must finish first), web on arm64, a worker on spot, a database
 * with a named volume, an external and a created secret, an ECR image, x-iam and ECS Exec.
 */
export function richModel(extra: Family[] = []): AppModel {
  const api = container('api', {
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2',
    command: ['node', 'server.js'],
    entryPoint: ['/sbin/tini', '--'],
    workingDirectory: '/app',
    user: '1000:1000',
    environment: [
      { name: 'ALPHA', value: 'first' },
      { name: 'MIDDLE', value: 'm' },
      { name: 'ZED', value: 'last' },
    ],
    secrets: [
      { name: 'DB_PASSWORD', secret: 'db_password' },
      { name: 'STRIPE', secret: 'stripe' },
      { name: 'STRIPE_API_KEY', secret: 'stripe', jsonKey: 'apiKey' },
    ],
    dockerLabels: { 'com.example.team': 'shop' },
    healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], interval: 10, timeout: 3, retries: 4, startPeriod: 20 },
    dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }],
    ulimits: [{ name: 'nofile', softLimit: 65535, hardLimit: 65535 }],
    systemControls: [{ namespace: 'net.core.somaxconn', value: '1024' }],
    capabilities: { add: ['SYS_PTRACE'], drop: ['NET_RAW'] },
    initProcessEnabled: true,
    readonlyRootFilesystem: true,
    stopTimeout: 30,
    mounts: [{ kind: 'scratch', name: 'scratch-api-1', containerPath: '/tmp', readOnly: false }],
    cpu: 512,
    memory: 1024,
    memoryReservation: 512,
  });
  const migrate = container('migrate', { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2', command: ['node', 'migrate.js'], essential: false });
  const web = container('web', { image: 'public.ecr.aws/nginx/nginx:1.27' });
  const worker = container('worker', { image: 'ghcr.io/acme/worker:2' });
  const db = container('db', {
    image: 'postgres:16',
    mounts: [{ kind: 'volume', volume: 'pgdata', containerPath: '/var/lib/postgresql/data', readOnly: false }],
    secrets: [{ name: 'DB_PASSWORD', secret: 'db_password' }],
    healthCheck: { command: ['CMD', 'pg_isready'], interval: 5, retries: 5 },
  });

  const families: Family[] = [
    family('api', [api, migrate], {
      ports: [{ service: 'api', port: 8080, protocol: 'tcp' }],
      desiredCount: 2,
      enableExecuteCommand: true,
      logRetentionDays: 14,
      iam: {
        policies: [
          {
            PolicyName: 'ReadCatalog',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::shop-catalog/*' }],
            },
          },
        ],
        managedPolicyArns: ['arn:aws:iam::123456789012:policy/shop-extra'],
        permissionsBoundary: 'arn:aws:iam::123456789012:policy/boundary',
      },
      secrets: ['db_password', 'stripe'],
      dnsNames: ['api', 'backend'],
      dependsOnFamilies: ['db'],
      taskSize: { cpu: 512, memory: 1024 },
      ephemeralStorageGiB: 30,
      healthCheckGracePeriodSeconds: 20,
    }),
    family('db', [db], {
      ports: [{ service: 'db', port: 5432, protocol: 'tcp' }],
      secrets: ['db_password'],
      volumes: ['pgdata'],
      dnsNames: ['db'],
    }),
    family('web', [web], {
      ports: [{ service: 'web', port: 80, protocol: 'tcp' }],
      dependsOnFamilies: ['api'],
      cpuArchitecture: 'ARM64',
    }),
    family('worker', [worker], {
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
      dnsNames: [],
      deployment: { maximumPercent: 100, minimumHealthyPercent: 0, circuitBreaker: { enable: true, rollback: true } },
    }),
    ...extra,
  ];
  const listener: ListenerModel = {
    port: 80,
    protocol: 'HTTP',
    target: { family: 'web', service: 'web', containerPort: 80 },
    healthCheckPath: '/healthz',
  };
  return model(families, {
    ingress: [
      familyIngress('api', 'db', 5432),
      familyIngress('web', 'api', 8080),
      { source: { kind: 'loadBalancer' }, target: { kind: 'family', family: 'web' }, protocol: 'tcp', fromPort: 80, toPort: 80, reason: 'load balancer listener 80' },
      { source: { kind: 'cidr', cidr: '0.0.0.0/0' }, target: { kind: 'loadBalancer' }, protocol: 'tcp', fromPort: 80, toPort: 80, reason: 'published port 80' },
      { source: { kind: 'cidr', cidr: '10.20.0.0/16', description: 'office VPN' }, target: { kind: 'family', family: 'api' }, protocol: 'tcp', fromPort: 8080, toPort: 8080, reason: 'x-network.Ingress.ExtSources' },
      { source: { kind: 'family', family: 'db' }, target: { kind: 'volume', volume: 'pgdata' }, protocol: 'tcp', fromPort: 2049, toPort: 2049, reason: 'mounts volume pgdata' },
    ],
    loadBalancer: { type: 'application', listeners: [listener] },
    secrets: [
      { name: 'db_password', kind: 'created', jsonKeys: [], varName: 'DB_PASSWORD' },
      {
        name: 'stripe',
        kind: 'external',
        ref: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/stripe-AbCdEf',
        jsonKeys: [{ key: 'apiKey', varName: 'STRIPE_API_KEY' }],
        varName: 'STRIPE',
      },
    ],
    volumes: [{ name: 'pgdata', families: ['db'] }],
  });
}

/** A root stack in a fresh app with synth-time validation and metadata off (fast, deterministic). */
export function testStack(): Stack {
  const app = renderApp();
  return new Stack(app, 'Root');
}
