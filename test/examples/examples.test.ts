/**
 * Every example rendered end to end and read back from the synthesized templates: the validator
 * finds no error, the ingress rules are exactly the declared ones, IAM has no wildcard action.
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { chooseFargateSize } from '../../src/limits/fargate';
import { validateTemplates } from '../../src/render/validate';
import { asList, EXAMPLES, ingressTriples, inlineIngress, renderProject, resourcesOf, roleStatements } from '../helpers/templates';
import { Tracer } from '../helpers/trace';

const examples: [string, string[]][] = [
  ['tweet-app', ['compose.yaml']],
  ['counters', ['compose.yaml']],
  ['django-nginx', ['compose.yaml']],
  ['mongodb', ['docker-compose.yml', 'cloud/docker-compose.override.yml']],
  ['shop', ['compose.yaml']],
  ['dns', ['compose.yaml']],
  ['build-from-source', ['compose.yaml']],
  ['load-balancers', ['compose.yaml']],
];

function render(example: string, files: string[]) {
  const dir = path.join(EXAMPLES, example);
  return renderProject({ cwd: dir, files });
}

const rendered = new Map(examples.map(([name, files]) => [name, render(name, files)]));

describe.each(examples)('example %s', (name) => {
  const result = rendered.get(name)!;

  test('every template passes the CloudFormation validator with no error', () => {
    const errors = validateTemplates(result.files).filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
  });

  test('no IAM statement has a wildcard action or NotAction; "*" resources only where AWS requires them', () => {
    // ECR's login token, and the X-Ray daemon's actions (X-Ray has no resource type for them)
    const allowedOnStar = new Set(['ecr:GetAuthorizationToken', 'xray:GetSamplingRules', 'xray:GetSamplingStatisticSummaries', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
    for (const statements of roleStatements(result).values()) {
      for (const st of statements) {
        expect(st.NotAction).toBeUndefined();
        for (const action of asList(st.Action)) expect(action).not.toContain('*');
        if (asList(st.Resource as unknown).includes('*')) {
          for (const action of asList(st.Action)) expect(allowedOnStar).toContain(action);
        }
      }
    }
    expect(resourcesOf(result, 'AWS::IAM::ManagedPolicy')).toEqual([]);
  });

  test('no ingress from the internet except on load-balancer listener ports, and no inline ingress', () => {
    expect(inlineIngress(result)).toEqual([]);
    for (const rule of ingressTriples(result)) {
      if (rule.includes('0.0.0.0/0') || rule.includes('::/0')) expect(rule).toMatch(/^load balancer( \S+)? <- /);
    }
  });

  test('each task definition has the smallest Fargate size holding its container definitions, and no more', () => {
    for (const def of resourcesOf(result, 'AWS::ECS::TaskDefinition')) {
      const p = def.resource.Properties!;
      const containers = p.ContainerDefinitions as { Cpu?: number; Memory?: number; MemoryReservation?: number }[];
      const cpu = containers.reduce((n, c) => n + (c.Cpu ?? 0), 0);
      const memory = containers.reduce((n, c) => n + Math.max(c.Memory ?? 0, c.MemoryReservation ?? 0), 0);
      const size = chooseFargateSize(cpu, memory)!;
      expect({ file: def.file, cpu: p.Cpu, memory: p.Memory }).toEqual({ file: def.file, cpu: String(size.cpu), memory: String(size.memory) });
    }
  });

  test('the task role and the execution role are separate roles', () => {
    for (const def of resourcesOf(result, 'AWS::ECS::TaskDefinition')) {
      const p = def.resource.Properties!;
      expect(p.TaskRoleArn).toBeDefined();
      expect(p.ExecutionRoleArn).toBeDefined();
      expect(JSON.stringify(p.TaskRoleArn)).not.toEqual(JSON.stringify(p.ExecutionRoleArn));
    }
  });
});

/** The exact ingress of each example: declared edges and nothing else (negative cases implied). */
test.each<[string, string[]]>([
  [
    'tweet-app',
    [
      'family nginx <- load balancer tcp/80',
      'family tweet-api <- family nginx tcp/8080',
      'family tweet-api <- family tweet-text-ui tcp/8080',
      'family tweet-api <- family tweet-ui tcp/8080',
      'family tweet-text-ui <- family nginx tcp/8081',
      'family tweet-ui <- family nginx tcp/8082',
      'load balancer <- 0.0.0.0/0 tcp/80',
    ],
  ],
  [
    'counters',
    [
      'EFS volume pgdata <- family postgres tcp/2049',
      'family postgres <- family postgres-counter tcp/5432',
      'family postgres-counter <- family proxy tcp/80',
      'family proxy <- load balancer tcp/80',
      'family redis <- family redis-counter tcp/6379',
      'family redis-counter <- family proxy tcp/80',
      'load balancer <- 0.0.0.0/0 tcp/80',
    ],
  ],
  ['django-nginx', ['family django <- family nginx tcp/8080', 'family nginx <- load balancer tcp/80', 'load balancer <- 0.0.0.0/0 tcp/80']],
  ['mongodb', ['EFS volume mongo-data <- family mongos tcp/2049']],
  ['build-from-source', ['family api <- load balancer tcp/8080', 'family cache <- family api tcp/6379', 'load balancer <- 0.0.0.0/0 tcp/80']],
  [
    'shop',
    [
      'EFS volume mqtt-data <- family mqtt tcp/2049',
      'family api <- family frontend tcp/8000',
      'family api <- family worker tcp/8000',
      'family frontend <- load balancer tcp/80',
      'family mqtt <- family api tcp/1883',
      'family mqtt <- family worker tcp/1883',
      'family mqtt <- load balancer tcp/1883',
      'load balancer <- 0.0.0.0/0 tcp/1883',
      'load balancer <- 0.0.0.0/0 tcp/80',
    ],
  ],
  [
    'load-balancers',
    [
      'family api <- load balancer public tcp/8000',
      'family ledger <- load balancer ledger tcp/6000',
      'family web <- load balancer public tcp/8080',
      'load balancer ledger <- 10.0.0.0/16 tcp/6000',
      'load balancer public <- 0.0.0.0/0 tcp/443',
      'load balancer public <- 0.0.0.0/0 tcp/80',
    ],
  ],
])('%s: the ingress rules are exactly the declared ones', (name, expected) => {
  expect(ingressTriples(rendered.get(name)!)).toEqual([...expected].sort());
});

describe('shop in detail', () => {
  const result = rendered.get('shop')!;

  test('the api family holds both containers, with the secret from Secrets Manager as a file and sorted environment', () => {
    const [api] = resourcesOf(result, 'AWS::ECS::TaskDefinition').filter((d) => d.file === 'FamilyApi.json');
    const containers = api.resource.Properties!.ContainerDefinitions as Record<string, unknown>[];
    // the services, the container that writes the api's secret file before it starts, the X-Ray daemon
    expect(containers.map((c) => c.Name)).toEqual(['api', 'log-router', 'composex-secrets', 'xray-daemon']);
    const [apiContainer, logRouter, init] = containers;
    expect((apiContainer.Environment as { Name: string }[]).map((e) => e.Name)).toEqual(['AWS_XRAY_DAEMON_ADDRESS', 'LOG_LEVEL', 'MQTT_HOST', 'STRIPE_KEY_FILE']);
    expect(apiContainer.Secrets).toBeUndefined();
    expect(apiContainer.MountPoints).toEqual([{ SourceVolume: 'secrets-api', ContainerPath: '/run/secrets', ReadOnly: true }]);
    expect(apiContainer.DependsOn).toEqual([
      { ContainerName: 'composex-secrets', Condition: 'SUCCESS' },
      { ContainerName: 'log-router', Condition: 'START' },
      { ContainerName: 'xray-daemon', Condition: 'START' },
    ]);
    expect(logRouter.MountPoints).toBeUndefined();
    expect(init).toMatchObject({ Essential: false, Secrets: [{ Name: 'SECRET_STRIPE_KEY' }].map((s) => expect.objectContaining(s)) });
    expect((init.Command as string[])[0]).toContain(`printf '%s' "$SECRET_STRIPE_KEY" > '/composex-secrets/secrets-api/stripe-key'`);
    expect(api.resource.Properties!.Volumes).toEqual([{ Name: 'secrets-api' }]);
    expect(api.resource.Properties!.Cpu).toBe('1024');
  });

  test('the execution role of api reads exactly its secret; worker has no secret access', () => {
    const statements = roleStatements(result);
    const apiExec = statements.get('FamilyApi.json#ExecutionRole')!;
    const secretStatements = apiExec.filter((s) => asList(s.Action).includes('secretsmanager:GetSecretValue'));
    expect(secretStatements).toHaveLength(1);
    expect(JSON.stringify(secretStatements[0].Resource)).toContain('secret:shop/stripe-key');
    const workerExec = statements.get('FamilyWorker.json#ExecutionRole')!;
    expect(workerExec.some((s) => asList(s.Action).some((a) => a.startsWith('secretsmanager:')))).toBe(false);
    expect(statements.get('FamilyWorker.json#TaskRole')).toEqual([]);
  });

  test('the named volume is an encrypted EFS file system kept on deletion', () => {
    const [fs] = resourcesOf(result, 'AWS::EFS::FileSystem');
    expect(fs.resource.Properties!.Encrypted).toBe(true);
    expect(fs.resource.DeletionPolicy).toBe('Retain');
    expect(fs.resource.UpdateReplacePolicy).toBe('Retain');
  });

  test('one network load balancer with a listener per published port', () => {
    const [lb] = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(lb.resource.Properties!.Type).toBe('network');
    const listeners = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::Listener').map((l) => l.resource.Properties!.Port);
    expect(listeners.sort()).toEqual([1883, 80].sort());
  });
});

describe('dns in detail', () => {
  const result = rendered.get('dns')!;

  test('port 53 over TCP and UDP: one TCP_UDP listener forwarding to one TCP_UDP target group of ip targets, health checked over TCP', () => {
    expect(resourcesOf(result, 'AWS::ElasticLoadBalancingV2::LoadBalancer').map((r) => r.resource.Properties!.Type)).toEqual(['network']);
    const listeners = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::Listener');
    expect(listeners.map((l) => [l.id, l.resource.Properties!.Port, l.resource.Properties!.Protocol])).toEqual([['ListenerTcpUdp53', 53, 'TCP_UDP']]);
    const groups = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(groups.map((g) => g.id)).toEqual(['TargetGroupDnsDns53TcpUdp']);
    expect(groups[0].resource.Properties).toMatchObject({ Protocol: 'TCP_UDP', Port: 53, TargetType: 'ip', HealthCheckProtocol: 'TCP' });
    expect(listeners[0].resource.Properties!.DefaultActions).toEqual([{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupDnsDns53TcpUdp' } }]);
  });

  test('the container maps 53/tcp and 53/udp; the service registers container port 53 in the target group', () => {
    const [def] = resourcesOf(result, 'AWS::ECS::TaskDefinition');
    const [container] = (def.resource.Properties!.ContainerDefinitions as { Name: string; PortMappings: unknown[] }[]).filter((c) => c.Name === 'dns');
    expect(container.PortMappings).toEqual([
      { ContainerPort: 53, Name: 'dns-53', Protocol: 'tcp' },
      { ContainerPort: 53, Name: 'dns-53-udp', Protocol: 'udp' },
    ]);
    const [service] = resourcesOf(result, 'AWS::ECS::Service');
    expect((service.resource.Properties!.LoadBalancers as { ContainerName: string; ContainerPort: number }[]).map((l) => [l.ContainerName, l.ContainerPort])).toEqual([['dns', 53]]);
  });

  test('ingress: the internet to the load balancer and the load balancer to the task on 53, TCP and UDP, nothing else', () => {
    expect(ingressTriples(result).sort()).toEqual(['family dns <- load balancer tcp/53', 'family dns <- load balancer udp/53', 'load balancer <- 0.0.0.0/0 tcp/53', 'load balancer <- 0.0.0.0/0 udp/53']);
  });
});

describe('build-from-source: an image built from source, rendered offline (no Docker, no AWS)', () => {
  const result = rendered.get('build-from-source')!;

  test('no warning at all: the example shows good practice', () => {
    expect(result.warnings).toEqual([]);
  });

  test('the api gets an ECR repository kept on deletion and a root parameter ApiImage; the cache runs its public image', () => {
    const repositories = resourcesOf(result, 'AWS::ECR::Repository');
    expect(repositories.map((r) => [r.file, r.id, r.resource.DeletionPolicy])).toEqual([['build-from-source.json', 'RepositoryApi', 'Retain']]);
    const root = result.files[0].template;
    expect(Object.keys(root.Parameters ?? {})).toEqual(['ApiImage']);
    const images = resourcesOf(result, 'AWS::ECS::TaskDefinition').map((d) => (d.resource.Properties!.ContainerDefinitions as { Image: unknown }[])[0].Image);
    expect(images).toEqual([{ Ref: 'ApiImage' }, 'public.ecr.aws/docker/library/redis:7.4']);
  });

  test('rendering does not run docker: it works with an empty PATH', () => {
    const saved = process.env.PATH;
    process.env.PATH = '';
    try {
      const again = renderProject({ cwd: path.join(EXAMPLES, 'build-from-source') });
      expect(again.files.map((f) => f.content)).toEqual(result.files.map((f) => f.content));
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('Service Connect as ECS accepts it', () => {
  // ECS: at most one client alias per Service Connect service; each name and port, and each
  // discovery name, unique in the namespace (ServiceConnectService, ServiceConnectClientAlias).
  test.each(examples.map(([name]) => name))('%s: one client alias per entry, names and discovery names unique in the project', (name) => {
    const entries = resourcesOf(rendered.get(name)!, 'AWS::ECS::Service').flatMap(
      (s) => ((s.resource.Properties!.ServiceConnectConfiguration as { Services?: { DiscoveryName: string; ClientAliases: { DnsName: string; Port: number }[] }[] }).Services ?? []),
    );
    expect(entries.filter((e) => e.ClientAliases.length !== 1)).toEqual([]);
    const endpoints = entries.map((e) => `${e.ClientAliases[0].DnsName}:${e.ClientAliases[0].Port}`);
    expect(new Set(endpoints).size).toBe(endpoints.length);
    const discovery = entries.map((e) => e.DiscoveryName);
    expect(new Set(discovery).size).toBe(discovery.length);
    for (const d of discovery) expect(d).toMatch(/^[a-z0-9_][a-z0-9_-]{0,63}$/);
  });
});

describe('determinism and stable identifiers', () => {
  test('rendering twice gives identical bytes (json and yaml)', () => {
    for (const format of ['json', 'yaml'] as const) {
      const a = renderProject({ cwd: path.join(EXAMPLES, 'shop') }, { format });
      const b = renderProject({ cwd: path.join(EXAMPLES, 'shop') }, { format });
      expect(b.files.map((f) => f.content)).toEqual(a.files.map((f) => f.content));
      expect(b.manifest).toEqual(a.manifest);
    }
  });

  test('adding a service leaves every existing logical ID unchanged', () => {
    const dir = path.join(EXAMPLES, 'tweet-app');
    const before = renderProject({ cwd: dir });
    const extra = path.join(__dirname, 'fixtures', 'tweet-app-extra.yaml');
    const after = renderProject({ cwd: dir, files: ['compose.yaml', extra] });
    for (const file of before.files) {
      const later = after.files.find((f) => f.path === file.path);
      expect(later).toBeDefined();
      const ids = Object.keys(file.template.Resources ?? {});
      expect(Object.keys(later!.template.Resources ?? {})).toEqual(expect.arrayContaining(ids));
    }
  });

  test('local TemplateURLs name files that exist; bucket mode uses content-hash keys under the prefix', () => {
    const local = rendered.get('shop')!;
    const names = new Set(local.files.map((f) => f.path));
    for (const { resource } of resourcesOf(local, 'AWS::CloudFormation::Stack')) {
      expect(names).toContain(resource.Properties!.TemplateURL);
    }
    const bucket = renderProject({ cwd: path.join(EXAMPLES, 'shop') }, { bucket: 'my-bucket', prefix: 'p/q' });
    for (const { resource } of resourcesOf(bucket, 'AWS::CloudFormation::Stack')) {
      expect(resource.Properties!.TemplateURL).toMatch(/^https:\/\/my-bucket\.s3\.amazonaws\.com\/p\/q\/[0-9a-f]{64}\.json$/);
    }
  });

  test('no CDK bookkeeping leaks into the templates', () => {
    for (const f of rendered.get('shop')!.files) {
      expect(f.content).not.toMatch(/CDKMetadata|BootstrapVersion|aws:cdk:path|AssetParameters/);
    }
  });
});

describe('what ECS cannot honour is said, once', () => {
  test('Swarm placement constraints of the counters example are warned about, not dropped silently', () => {
    expect(rendered.get('counters')!.warnings.filter((c) => c === 'CX1302')).toHaveLength(3);
  });

  test('anonymous Docker Hub pulls: one warning in the examples whose images exist only there, none elsewhere', () => {
    const hub = Object.fromEntries(examples.map(([name]) => [name, rendered.get(name)!.warnings.filter((c) => c === 'CX3701').length]));
    expect(hub).toEqual({ 'tweet-app': 1, counters: 1, 'django-nginx': 0, mongodb: 1, shop: 0, dns: 1, 'build-from-source': 0, 'load-balancers': 0 });
  });

  test('network access Compose gives implicitly: the examples declare every edge and port they use, and publish no data store', () => {
    const implicit = new Set(['CX3110', 'CX3111', 'CX3112', 'CX3210', 'CX3211']);
    const found = Object.fromEntries(examples.map(([name]) => [name, rendered.get(name)!.warnings.filter((c) => implicit.has(c))]));
    expect(found).toEqual({ 'tweet-app': [], counters: [], 'django-nginx': [], mongodb: [], shop: [], dns: [], 'build-from-source': [], 'load-balancers': [] });
  });

  test('the development file mounts source inside its build context: each mount left out with one warning (CX3536), nothing refused', () => {
    const compiled = loadAndCompile({ cwd: path.join(EXAMPLES, 'django-nginx'), files: ['compose.yaml', 'compose.dev.yaml'], env: {} });
    const mounts = compiled.diagnostics.filter((d) => ['CX1301', 'CX3534', 'CX3535', 'CX3536'].includes(d.code));
    expect(mounts.map((d) => [d.severity, d.code, path.basename(d.file ?? ''), d.line])).toEqual([
      ['warning', 'CX3536', 'compose.dev.yaml', 13],
      ['warning', 'CX3536', 'compose.dev.yaml', 14],
    ]);
  });
});

describe('load-balancers in detail (x-elbv2, x-acm, x-route53, x-cloudmap)', () => {
  const result = rendered.get('load-balancers')!;
  const props = (type: string) => resourcesOf(result, type).map((r) => [`${r.file}#${r.id}`, r.resource.Properties]);

  test('x-cloudmap: one private DNS namespace in the VPC, the one every ECS service registers in', () => {
    const namespaces = resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace');
    expect(namespaces.map((n) => [n.file, n.resource.Properties!.Name])).toEqual([['Cluster.json', 'storefront.internal']]);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::HttpNamespace')).toEqual([]);
    const tracer = new Tracer(result.files);
    const used = new Set(
      resourcesOf(result, 'AWS::ECS::Service').map((s) => tracer.trace(s.file, (s.resource.Properties!.ServiceConnectConfiguration as { Namespace: unknown }).Namespace)),
    );
    expect([...used]).toEqual([`AWS::ServiceDiscovery::PrivateDnsNamespace:${namespaces[0].id}.Arn`]);
  });

  test('an internet-facing ALB and an internal NLB, no default load balancer', () => {
    expect(props('AWS::ElasticLoadBalancingV2::LoadBalancer').map(([id, p]) => [id, (p as Record<string, unknown>).Type, (p as Record<string, unknown>).Scheme])).toEqual([
      ['Elbv2Ledger.json#LoadBalancer', 'network', 'internal'],
      ['Elbv2Public.json#LoadBalancer', 'application', 'internet-facing'],
    ]);
  });

  test('80 redirects to HTTPS; 443 is TLS 1.2+ with the x-acm certificate and forwards / to web', () => {
    const listeners = Object.fromEntries(props('AWS::ElasticLoadBalancingV2::Listener'));
    expect(listeners['Elbv2Public.json#Listener80']).toMatchObject({ Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] });
    expect(listeners['Elbv2Public.json#Listener443']).toMatchObject({
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: { Ref: 'CertificateSiteArn' } }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupWebWeb8080' } }],
    });
    expect(listeners['Elbv2Ledger.json#Listener6000']).toMatchObject({ Protocol: 'TCP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupLedgerLedger6000' } }] });
  });

  test('host and path rules in the order of the file', () => {
    expect(props('AWS::ElasticLoadBalancingV2::ListenerRule').map(([id, p]) => [id, (p as Record<string, unknown>).Priority, (p as Record<string, unknown>).Conditions])).toEqual([
      ['Elbv2Public.json#Listener443Rule1', 1, [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } }, { Field: 'path-pattern', PathPatternConfig: { Values: ['/v1/*'] } }]],
      ['Elbv2Public.json#Listener443Rule2', 2, [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }]],
    ]);
  });

  test('the certificate is validated by DNS in the hosted zone, for every name', () => {
    expect(props('AWS::CertificateManager::Certificate')).toEqual([
      [
        'Certificates.json#CertificateSite',
        {
          DomainName: 'example.com',
          SubjectAlternativeNames: ['www.example.com', 'api.example.com'],
          ValidationMethod: 'DNS',
          DomainValidationOptions: ['example.com', 'www.example.com', 'api.example.com'].map((DomainName) => ({ DomainName, HostedZoneId: 'Z0123456789ABCDEFGHIJ' })),
        },
      ],
    ]);
  });

  test('alias records to the load balancer in the existing zone', () => {
    const alias = { DNSName: { 'Fn::GetAtt': ['LoadBalancer', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['LoadBalancer', 'CanonicalHostedZoneID'] }, EvaluateTargetHealth: true };
    expect(props('AWS::Route53::RecordSet')).toEqual([
      ['Elbv2Public.json#AliasApiExampleCom', { HostedZoneId: 'Z0123456789ABCDEFGHIJ', Name: 'api.example.com', Type: 'A', AliasTarget: alias }],
      ['Elbv2Public.json#AliasWwwExampleCom', { HostedZoneId: 'Z0123456789ABCDEFGHIJ', Name: 'www.example.com', Type: 'A', AliasTarget: alias }],
    ]);
  });

  test('renders without a warning', () => {
    expect(result.warnings).toEqual([]);
  });
});
