/**
 * AppModel values for the generate-stage tests, built directly (independent of load / resolve).
 */
import { renderApp } from '../../src/render/render';
import { Stack } from 'aws-cdk-lib';
import type { ComposeProject, ServiceConfig } from '../../src/compose/types';
import { SourceMap } from '../../src/compose/source-map';
import type { AppModel, Family, IngressRule, ListenerModel } from '../../src/resolve/model';
import { noResources } from '../../src/resolve/resources/registry';
import { pascalCase } from '../../src/aws/names';

export function service(name: string, fields: Partial<ServiceConfig> = {}): ServiceConfig {
  return {
    name,
    image: 'nginx:1.27',
    environment: {},
    labels: {},
    ports: [],
    expose: [],
    volumes: [],
    depends_on: {},
    links: [],
    networks: { default: null },
    secrets: [],
    configs: [],
    ...fields,
  };
}

export function family(name: string, services: ServiceConfig[], fields: Partial<Family> = {}): Family {
  return {
    name,
    logicalId: pascalCase(name),
    services: [...services].sort((a, b) => a.name.localeCompare(b.name)),
    networks: ['default'],
    ports: [],
    desiredCount: 1,
    assignPublicIp: false,
    capacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1 }],
    enableExecuteCommand: false,
    logRetentionDays: 30,
    iam: { policies: [], managedPolicyArns: [] },
    secrets: [],
    volumes: [],
    dnsNames: services.map((s) => s.name),
    dependsOnFamilies: [],
    ...fields,
  };
}

export function project(services: ServiceConfig[], sourceMap = new SourceMap()): ComposeProject {
  return {
    name: 'shop',
    workingDir: '/work/shop',
    files: ['/work/shop/compose.yaml'],
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    networks: { default: {} },
    volumes: {},
    secrets: {},
    configs: {},
    extensions: {},
    disabledServices: [],
    environment: {},
    sourceMap,
  };
}

export function model(families: Family[], fields: Partial<AppModel> = {}): AppModel {
  const sorted = [...families].sort((a, b) => a.name.localeCompare(b.name));
  return {
    projectName: 'shop',
    project: project(sorted.flatMap((f) => f.services)),
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
  const api = service('api', {
    image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2',
    command: ['node', 'server.js'],
    entrypoint: ['/sbin/tini', '--'],
    working_dir: '/app',
    user: '1000:1000',
    environment: { ZED: 'last', ALPHA: 'first', UNSET: null, MIDDLE: 'm' },
    labels: { 'com.example.team': 'shop' },
    healthcheck: { test: ['CMD-SHELL', 'curl -f http://localhost:8080/health || exit 1'], interval: 10, timeout: 3, retries: 4, start_period: 20 },
    depends_on: {
      migrate: { condition: 'service_completed_successfully', required: true, restart: false },
      db: { condition: 'service_healthy', required: true, restart: false },
    },
    ulimits: { nofile: { soft: 65535, hard: 65535 } },
    sysctls: { 'net.core.somaxconn': '1024' },
    cap_add: ['SYS_PTRACE'],
    cap_drop: ['NET_RAW'],
    init: true,
    read_only: true,
    stop_grace_period: 30,
    tmpfs: ['/tmp'],
    platform: 'linux/amd64',
    deploy: {
      replicas: 2,
      resources: { limits: { cpus: 0.5, memory: 1024 * 1024 * 1024 }, reservations: { memory: 512 * 1024 * 1024 } },
      update_config: { order: 'start-first' },
    },
    secrets: [{ source: 'db_password' }, { source: 'stripe' }],
    'x-ecs': { EphemeralStorage: 30 },
  });
  const migrate = service('migrate', { image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2', command: ['node', 'migrate.js'] });
  const web = service('web', { image: 'public.ecr.aws/nginx/nginx:1.27', platform: 'linux/arm64', depends_on: { api: { condition: 'service_started', required: true, restart: false } } });
  const worker = service('worker', { image: 'ghcr.io/acme/worker:2', deploy: { update_config: { order: 'stop-first' } } });
  const db = service('db', {
    image: 'postgres:16',
    volumes: [{ type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data' }],
    secrets: [{ source: 'db_password' }],
    healthcheck: { test: ['CMD', 'pg_isready'], interval: 5, retries: 5 },
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
    }),
    family('worker', [worker], {
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        { capacityProvider: 'FARGATE_SPOT', weight: 3 },
      ],
      dnsNames: [],
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
