/**
 * What the templates and the render summary say about network access Compose gives implicitly:
 * the default port of a known image in the security groups, the task definition and Service
 * Connect; a data store published only with the opt-in; ports without a host port not on a
 * listener; the ports reachable from the internet and the task size per family in the summary.
 */
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { formatSummary } from '../../src/render/summary';
import type { AppModel } from '../../src/resolve/model';
import { runCli } from '../helpers/cli';
import { ingressTriples, resourcesOf } from '../helpers/templates';
import { projectDir, yaml } from '../helpers/project-dir';

function render(text: string) {
  const compiled = loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: { HOME: '/home/test' } });
  if (!compiled.model) throw new Error(compiled.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const result = renderModel(compiled.model);
  return { model: compiled.model as AppModel, result, diagnostics: compiled.diagnostics, summary: formatSummary(compiled.model, result) };
}

function taskDefinition(result: ReturnType<typeof render>['result'], family: string) {
  const def = resourcesOf(result, 'AWS::ECS::TaskDefinition').find((d) => d.resource.Properties?.Family === family || String(JSON.stringify(d.resource.Properties?.Family)).includes(family));
  if (!def) throw new Error(`no task definition for ${family}`);
  return def.resource.Properties as { ContainerDefinitions: { Name: string; PortMappings?: { ContainerPort: number; Name?: string }[] }[] };
}

function serviceConnect(result: ReturnType<typeof render>['result']) {
  return resourcesOf(result, 'AWS::ECS::Service').flatMap(({ resource }) => {
    const sc = resource.Properties?.ServiceConnectConfiguration as { Services?: { PortName: string; ClientAliases: { Port: number; DnsName: string }[] }[] } | undefined;
    return (sc?.Services ?? []).map((s) => s.ClientAliases.map((a) => `${a.DnsName}:${a.Port}`).join(','));
  });
}

describe('a service others reach that declares no port (C14)', () => {
  const r = render(yaml`
    name: shop
    services:
      api:
        image: example/api:1
        depends_on: [db, cache]
        environment:
          DATABASE_HOST: db
          REDIS_URL: redis://cache:6379/0
      db:
        image: public.ecr.aws/docker/library/postgres:16
      cache:
        image: valkey/valkey:8
  `);

  test('the security groups admit the caller on the image default ports, and nothing else', () => {
    expect(ingressTriples(r.result)).toEqual(['family cache <- family api tcp/6379', 'family db <- family api tcp/5432']);
  });

  test('the container maps the port and Service Connect serves the name on it', () => {
    const db = taskDefinition(r.result, 'db').ContainerDefinitions.find((c) => c.Name === 'db')!;
    expect(db.PortMappings?.map((p) => p.ContainerPort)).toEqual([5432]);
    expect(serviceConnect(r.result)).toEqual(expect.arrayContaining(['db:5432', 'cache:6379']));
  });

  test('one note per service, no warning', () => {
    expect(r.diagnostics.filter((d) => d.code !== 'CX3701').map((d) => [d.severity, d.code])).toEqual([
      ['info', 'CX3110'],
      ['info', 'CX3110'],
    ]);
  });
});

describe('the summary says what the internet reaches (C16) and the task size (C18)', () => {
  test('load balancer listeners with their targets; a data store only with the opt-in', () => {
    const r = render(yaml`
      name: shop
      services:
        web:
          image: nginx:1.27
          ports: ["80:8080"]
          depends_on: [db]
          deploy: {resources: {limits: {cpus: "0.3", memory: 600M}}}
        db:
          image: postgres:16
          ports: ["5432:5432"]
          x-network: {PublicDataStore: true}
    `);
    const listeners = resourcesOf(r.result, 'AWS::ElasticLoadBalancingV2::Listener').map((l) => l.resource.Properties?.Port).sort();
    expect(listeners).toEqual([5432, 80].sort());
    expect(ingressTriples(r.result)).toEqual(
      [
        'family db <- family web tcp/5432',
        'family db <- load balancer tcp/5432',
        'family web <- load balancer tcp/8080',
        'load balancer <- 0.0.0.0/0 tcp/5432',
        'load balancer <- 0.0.0.0/0 tcp/80',
      ].sort(),
    );
    expect(r.summary).toContain(
      [
        'Reachable from the internet:',
        '  tcp/80 on the network load balancer from 0.0.0.0/0 (TCP listener) → web (family web) port 8080',
        '  tcp/5432 on the network load balancer from 0.0.0.0/0 (TCP listener) → db (family db) port 5432',
      ].join('\n'),
    );
    expect(r.summary).toContain('\nweb (web)\n  task size: 512 CPU units, 1024 MiB (rounded up to a Fargate size: its containers ask for 307 CPU units, 600 MiB)\n');
    expect(r.summary).toContain('\ndb (db)\n  task size: 256 CPU units, 512 MiB (the smallest Fargate size: no service sets deploy.resources)\n');
  });

  test('nothing published: "nothing"; ports without a host port are no listener; an exact size is shown as is', () => {
    const r = render(yaml`
      name: quiet
      services:
        api:
          image: example/api:1
          ports: ["8080"]
          deploy: {resources: {limits: {cpus: "0.25", memory: 512M}}}
    `);
    expect(resourcesOf(r.result, 'AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
    expect(ingressTriples(r.result)).toEqual([]);
    expect(r.diagnostics.map((d) => d.code)).toContain('CX3211');
    expect(r.summary).toContain('\nReachable from the internet: nothing\n');
    expect(r.summary).toContain('\napi (api)\n  task size: 256 CPU units, 512 MiB\n');
  });

  test('ExtSources to tasks with a public IP are listed; private ranges and tasks without a public IP are not', () => {
    const r = render(yaml`
      name: direct
      services:
        api:
          image: example/api:1
          expose: ["8443"]
          x-network:
            AssignPublicIp: true
            Ingress: {ExtSources: [{IPv4: 203.0.113.0/24, Name: partner}, {IPv4: 10.1.0.0/16}]}
        admin:
          image: example/admin:1
          expose: ["9000"]
          x-network: {Ingress: {ExtSources: [{IPv4: 198.51.100.0/24}]}}
    `);
    const section = r.summary.slice(r.summary.indexOf('Reachable from the internet:')).split('\n\n')[0];
    expect(section).toBe(['Reachable from the internet:', '  tcp/8443 of family api (public IP) from 203.0.113.0/24 (x-network.Ingress.ExtSources)'].join('\n'));
  });
});

test('composex render prints the note with its position and counts it, and the summary on stdout', async () => {
  const dir = projectDir({
    'compose.yaml': yaml`
      name: notes
      services:
        api: {image: public.ecr.aws/docker/library/python:3.12, depends_on: [db]}
        db: {image: public.ecr.aws/docker/library/postgres:16}
    `,
  });
  const r = await runCli(['render', '-o', `${dir}/out`], dir);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain('compose.yaml:4:');
  expect(r.stderr).toContain("info CX3110: 'db' declares no ports; its image postgres listens on 5432 by default");
  expect(r.stderr).toMatch(/\n1 note\n$/);
  expect(r.stdout).toContain('Reachable from the internet: nothing');
  expect(r.stdout).toContain('tcp/5432 from family api (depends_on: db)');
});

test('undeclared references through the loader: env_file values point at env_file, list items at the item, command words at the command', () => {
  const dir = projectDir({
    'compose.yaml': yaml`
      services:
        web:
          image: web
          env_file: app.env
          command: run --api http://api:8000
        worker:
          image: worker
          environment:
            - CACHE=cache:6379
            - LEVEL=info
        api: {image: api, expose: ["8000"]}
        cache: {image: redis, expose: ["6379"]}
    `,
    'app.env': 'X=1\nAPI_URL=http://api:8000\n',
  });
  const compiled = loadAndCompile({ cwd: dir, env: { HOME: '/home/test' } });
  const found = compiled.diagnostics.filter((d) => d.code === 'CX3112').map((d) => [d.line, d.column, d.message.split(' names ')[0]]);
  expect(found).toEqual([
    [4, 15, "environment variable API_URL of 'web'"],
    [5, 14, "the command of 'web'"],
    [9, 9, "environment variable CACHE of 'worker'"],
  ]);
  // Nothing in the templates changes: the warning is about a connection no rule allows.
  expect(ingressTriples(renderModel(compiled.model!))).toEqual([]);
});
