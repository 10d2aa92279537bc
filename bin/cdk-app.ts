/**
 * Example CDK app: a Compose project as ECS services inside an ordinary CDK stack.
 *
 *   npx cdk synth          (offline: no credentials, no lookups — the stack is environment-agnostic)
 *
 * The project is built here as a resolved model until the loader is wired in; then this becomes
 * `new ComposeX(stack, 'Shop', { project: loadProject({ files: ['examples/shop/compose.yaml'] }) ... })`.
 */
import { App, Stack } from 'aws-cdk-lib';
import { SourceMap } from '../src/compose/source-map';
import type { ServiceConfig } from '../src/compose/types';
import { ComposeX } from '../src/aws/construct';
import type { AppModel, Family } from '../src/resolve/model';

function service(name: string, fields: Partial<ServiceConfig>): ServiceConfig {
  return {
    name,
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

function family(services: ServiceConfig[], fields: Partial<Family> & Pick<Family, 'name'>): Family {
  return {
    logicalId: fields.name[0].toUpperCase() + fields.name.slice(1),
    services,
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

/** web (published on port 80) → api → db (named volume, a created secret). */
export function exampleModel(): AppModel {
  const web = service('web', {
    image: 'public.ecr.aws/nginx/nginx:1.27',
    ports: [{ target: 80, published: '80', protocol: 'tcp' }],
    depends_on: { api: { condition: 'service_started', required: true, restart: false } },
  });
  const api = service('api', {
    image: 'public.ecr.aws/docker/library/node:22-alpine',
    command: ['node', 'server.js'],
    environment: { PORT: '8080', DB_HOST: 'db' },
    expose: ['8080'],
    secrets: [{ source: 'db_password' }],
    depends_on: { db: { condition: 'service_healthy', required: true, restart: false } },
    deploy: { resources: { limits: { cpus: 0.5, memory: 1024 * 1024 * 1024 } } },
  });
  const db = service('db', {
    image: 'public.ecr.aws/docker/library/postgres:16',
    expose: ['5432'],
    volumes: [{ type: 'volume', source: 'pgdata', target: '/var/lib/postgresql/data' }],
    secrets: [{ source: 'db_password' }],
    healthcheck: { test: ['CMD', 'pg_isready'], interval: 5, retries: 5 },
  });
  const services = [api, db, web];
  return {
    projectName: 'shop',
    project: {
      name: 'shop',
      workingDir: process.cwd(),
      files: [],
      services: Object.fromEntries(services.map((s) => [s.name, s])),
      networks: { default: {} },
      volumes: { pgdata: {} },
      secrets: { db_password: { environment: 'DB_PASSWORD' } },
      configs: {},
      extensions: {},
      disabledServices: [],
      environment: {},
      sourceMap: new SourceMap(),
    },
    families: [
      family([api], {
        name: 'api',
        ports: [{ service: 'api', port: 8080, protocol: 'tcp' }],
        secrets: ['db_password'],
        dependsOnFamilies: ['db'],
      }),
      family([db], {
        name: 'db',
        ports: [{ service: 'db', port: 5432, protocol: 'tcp' }],
        secrets: ['db_password'],
        volumes: ['pgdata'],
      }),
      family([web], { name: 'web', ports: [{ service: 'web', port: 80, protocol: 'tcp' }], dependsOnFamilies: ['api'] }),
    ],
    ingress: [
      { source: { kind: 'cidr', cidr: '0.0.0.0/0' }, target: { kind: 'loadBalancer' }, protocol: 'tcp', fromPort: 80, toPort: 80, reason: 'published: 80' },
      { source: { kind: 'loadBalancer' }, target: { kind: 'family', family: 'web' }, protocol: 'tcp', fromPort: 80, toPort: 80, reason: 'published: 80' },
      { source: { kind: 'family', family: 'web' }, target: { kind: 'family', family: 'api' }, protocol: 'tcp', fromPort: 8080, toPort: 8080, reason: 'depends_on: api' },
      { source: { kind: 'family', family: 'api' }, target: { kind: 'family', family: 'db' }, protocol: 'tcp', fromPort: 5432, toPort: 5432, reason: 'depends_on: db' },
      { source: { kind: 'family', family: 'db' }, target: { kind: 'volume', volume: 'pgdata' }, protocol: 'tcp', fromPort: 2049, toPort: 2049, reason: 'volumes: pgdata' },
    ],
    loadBalancer: {
      type: 'application',
      listeners: [{ port: 80, protocol: 'HTTP', target: { family: 'web', service: 'web', containerPort: 80 }, healthCheckPath: '/' }],
    },
    vpc: { kind: 'new', maxAzs: 2, natGateways: 1, cidr: '10.0.0.0/16' },
    cluster: { kind: 'new', containerInsights: true },
    secrets: [{ name: 'db_password', kind: 'created', jsonKeys: [], varName: 'DB_PASSWORD' }],
    volumes: [{ name: 'pgdata', families: ['db'] }],
  };
}

const app = new App({
  analyticsReporting: false,
  // Set here rather than in cdk.json, where the CLI reserves `aws:` context keys.
  context: { 'aws:cdk:enable-path-metadata': false, 'aws:cdk:disable-creation-stack-traces': true },
});
// Environment-agnostic on purpose: nothing is looked up, so synth needs no credentials.
const stack = new Stack(app, 'ComposeXExample', { description: 'composex example: a Compose project on ECS Fargate' });
new ComposeX(stack, 'Shop', { project: exampleModel() });
app.synth();
