/**
 * ECS ComposeX's published example files (test/fixtures/ecs-composex, MPL-2.0, each with its
 * source URL), rendered as ECS ComposeX's own tests combine them: a use-case file over its base
 * file `use-cases/blog.features.yml`. Each one renders (the templates read for a few facts), or
 * is refused only for a Lookup (`composex lookup`), or needs --allow-unsupported-keys for a key
 * composex does not implement, or is refused where composex refuses on purpose; every error is
 * pinned at its file:line:column, so a new refusal fails here. docs/migration.md ("ECS
 * ComposeX's published examples") lists the outcomes and why.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { resourcesOf } from '../helpers/templates';
import { SSM_ACCESS } from '../../src/resolve/resources/access';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const BASE = 'use-cases/blog.features.yml';
/** composex's changes to the base (docs/migration.md): an override file, the base itself unchanged. */
const CHANGES = 'composex/blog.features.changes.yml';

function compile(files: readonly string[], allowUnsupportedKeys = false) {
  return loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: [...files], env: { HOME: '/home/test' } }, { allowUnsupportedKeys });
}

/** `CODE file:line:column` of each error (or warning with `severity`). */
function located(diagnostics: readonly Diagnostic[], severity: Diagnostic['severity'] = 'error'): string[] {
  return diagnostics.filter((d) => d.severity === severity).map((d) => `${d.code} ${path.relative(DIR, d.file ?? '')}:${d.line}:${d.column}`);
}

/**
 * `CODE file:line:column` of the `occurrence`-th `marker` in a fixture file; with `prefix`, of what
 * follows it (`at('CX3201', f, '5000', 2, 'published: ')`: the value of the second such line).
 */
function at(code: string, file: string, marker: string, occurrence = 1, prefix = ''): string {
  const text = fs.readFileSync(path.join(DIR, file), 'utf8');
  let index = -1;
  for (let i = 0; i < occurrence; i++) index = text.indexOf(prefix + marker, index + 1);
  if (index < 0) throw new Error(`${prefix}${marker} not in ${file}`);
  const before = text.slice(0, index + prefix.length).split('\n');
  return `${code} ${file}:${before.length}:${before[before.length - 1].length + 1}`;
}

function render(files: readonly string[], allowUnsupportedKeys = false): RenderResult & { warnings: string[] } {
  const compiled = compile(files, allowUnsupportedKeys);
  if (!compiled.model) throw new Error(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  const result = renderModel(compiled.model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return { ...result, warnings: located(compiled.diagnostics, 'warning') };
}

function template(result: RenderResult, file: string) {
  const f = result.files.find((x) => x.path === file);
  if (!f) throw new Error(`no ${file} in ${result.files.map((x) => x.path).join(', ')}`);
  return f.template.Resources ?? {};
}

describe('use-cases/blog.features.yml, the base of every use case', () => {
  test('unchanged: refused, each place located (composex/blog.features.changes.yml holds the changes)', () => {
    const { model, diagnostics } = compile([BASE]);
    expect(model).toBeUndefined();
    expect(located(diagnostics).sort()).toEqual(
      [
        // an empty secret a service uses has nothing to deliver
        at('CX3502', BASE, 'abcd'),
        at('CX3502', BASE, 'zyx'),
        // "rate(1h)" is not an Application Auto Scaling schedule; DisableScaleIn alone tracks nothing
        at('CX3320', BASE, 'rate(1h)', 1),
        at('CX3320', BASE, 'rate(1h)', 2),
        at('CX3320', BASE, 'rate(1h)', 3),
        at('CX3320', BASE, 'TargetScaling'),
      ].sort(),
    );
  });

  test('its ports (mode: awsvpc) are container ports, as in ECS ComposeX: a warning at each mode, no load balancer', () => {
    const { diagnostics } = compile([BASE]);
    expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX3250')).sort()).toEqual(
      [at('CX3250', BASE, 'awsvpc', 1), at('CX3250', BASE, 'awsvpc', 2), at('CX3250', BASE, 'awsvpc', 3), at('CX3250', BASE, 'awsvpc', 4)].sort(),
    );
    expect(diagnostics.filter((d) => d.code === 'CX3201' || d.code === 'CX3204')).toEqual([]);
  });

  test('with the changes: renders; families, x-xray, x-logging, x-iam, x-network, x-tags read from the templates', () => {
    const result = render([BASE, CHANGES]);
    const stacks = result.files.map((f) => f.path);
    expect(stacks).toEqual(expect.arrayContaining(['FamilyBignicefamily.json', 'FamilyYoutoo.json', 'FamilyApp03.json']));
    expect(stacks).not.toContain('LoadBalancer.json'); // no published port is left
    // rproxy runs in both families; x-xray: true adds the daemon beside it; the secrets are files (composex-secrets)
    const containers = (file: string) =>
      resourcesOf(result, 'AWS::ECS::TaskDefinition')
        .filter((r) => r.file === file)
        .flatMap(({ resource }) => (resource.Properties!.ContainerDefinitions as { Name: string }[]).map((c) => c.Name));
    expect(containers('FamilyBignicefamily.json').sort()).toEqual(['app01', 'composex-secrets', 'rproxy', 'xray-daemon']);
    expect(containers('FamilyYoutoo.json').sort()).toEqual(['app02', 'composex-secrets', 'rproxy', 'xray-daemon']);
    // x-logging RetentionInDays 1337 rounded to a value CloudWatch accepts (CX3350)
    const groups = resourcesOf(result, 'AWS::Logs::LogGroup').map(({ file, resource }) => `${file} ${String(resource.Properties!.RetentionInDays)}`);
    expect(groups).toEqual(expect.arrayContaining(['FamilyBignicefamily.json 1096', 'FamilyApp03.json 30']));
    // youtoo waits for bignicefamily (app02 depends on app01 and on the family), not the reverse
    const root = result.files.find((f) => f.path === 'ecs-composex.json')!;
    const dependsOn = (id: string) => [root.template.Resources?.[id]?.DependsOn ?? []].flat();
    expect(dependsOn('FamilyYoutooStack')).toContain('FamilyBignicefamilyStack');
    expect(dependsOn('FamilyBignicefamilyStack')).not.toContain('FamilyYoutooStack');
    // x-tags on the family's resources
    const tags = (resourcesOf(result, 'AWS::ECS::Service')[0].resource.Properties!.Tags as { Key: string; Value: string }[]) ?? [];
    expect(tags).toContainEqual({ Key: 'costcentre', Value: 'lambda' });
    // x-iam Policies and ManagedPolicyArns on the task role
    const roles = resourcesOf(result, 'AWS::IAM::Role').filter(({ file }) => file === 'FamilyBignicefamily.json');
    expect(JSON.stringify(roles)).toContain('cloudwatch:PutMetricData');
    expect(JSON.stringify(roles)).toContain('arn:aws:iam::aws:policy/ReadOnlyAccess');
    expect(result.warnings).toEqual(expect.arrayContaining([at('CX3350', BASE, '1337')]));
    // app03's x-aws-min_percent: 50 / x-aws-max_percent: 150 (Docker's ECS integration): its deployment configuration
    const deployment = (file: string) => resourcesOf(result, 'AWS::ECS::Service').find((r) => r.file === file)!.resource.Properties!.DeploymentConfiguration;
    expect(deployment('FamilyApp03.json')).toMatchObject({ MinimumHealthyPercent: 50, MaximumPercent: 150 });
    expect(deployment('FamilyYoutoo.json')).toMatchObject({ MinimumHealthyPercent: 0, MaximumPercent: 100 }); // read-write volume: stop-first
  });
});

describe('use cases that render over the base (with its changes)', () => {
  test('elbv2/create_only.yml: needs --allow-unsupported-keys for x-dns (CX1430 without it, one CX1431 with it); the load balancers as declared', () => {
    const file = 'use-cases/elbv2/create_only.yml';
    expect(located(compile([BASE, CHANGES, file]).diagnostics)).toEqual([at('CX1430', file, 'x-dns')]);
    const result = render([BASE, CHANGES, file], true);
    expect(result.warnings).toContain(at('CX1431', file, 'x-dns'));
    const lbA = template(result, 'Elbv2LbA.json');
    // Protocol HTTP with Certificates: HTTPS (ECS ComposeX's meaning), the modern TLS policy
    const listener = (r: typeof lbA, port: number) => Object.values(r).find((x) => x.Type === 'AWS::ElasticLoadBalancingV2::Listener' && x.Properties!.Port === port)!.Properties!;
    expect(listener(lbA, 443)).toMatchObject({ Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(listener(lbA, 80).DefaultActions).toEqual([expect.objectContaining({ Type: 'redirect', RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS', Port: '443' }) })]);
    // the second certificate of 8080 is a ListenerCertificate (a listener's Certificates takes one)
    expect(listener(lbA, 8080).Certificates).toHaveLength(1);
    expect(lbA.Listener8080Certificate2.Properties!.Certificates).toEqual([{ CertificateArn: 'arn:aws:acm:eu-west-1:012345678912:certificate/102402a1-d0d2-46ff-b26b-33008f072ee8' }]);
    // cross_zone: True on an application load balancer is what an ALB does anyway: no attribute
    const attributes = Object.values(lbA).find((x) => x.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer')!.Properties!.LoadBalancerAttributes as { Key: string }[];
    expect(attributes.map((a) => a.Key)).not.toContain('load_balancing.cross_zone.enabled');
    const lbC = template(result, 'Elbv2LbC.json');
    expect(listener(lbC, 8080).Protocol).toBe('TCP');
    expect(listener(lbC, 8081)).toMatchObject({ Protocol: 'TLS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(resourcesOf(result, 'AWS::CertificateManager::Certificate').map(({ resource }) => resource.Properties!.DomainName)).toEqual(['test.lambda-my-aws.io']);
  });

  test('sqs/simple_queue.yml: five queues, EnvNames, the FIFO queue, step scaling of app03 on queueE (list-form `scaling`)', () => {
    const file = 'use-cases/sqs/simple_queue.yml';
    const result = render([BASE, CHANGES, file]);
    const queues = resourcesOf(result, 'AWS::SQS::Queue');
    expect(queues).toHaveLength(5);
    expect(queues.filter(({ resource }) => resource.Properties!.FifoQueue === true)).toHaveLength(1);
    const variables = resourcesOf(result, 'AWS::ECS::TaskDefinition').flatMap(({ resource }) =>
      (resource.Properties!.ContainerDefinitions as { Environment?: { Name: string }[] }[]).flatMap((c) => (c.Environment ?? []).map((e) => e.Name)),
    );
    expect(variables).toEqual(expect.arrayContaining(['queueb', 'FIFO_QUEUE', 'QUEUE_D', 'QUEUE_E']));
    const policies = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter(({ resource }) => resource.Properties!.PolicyType === 'StepScaling');
    expect(policies.map(({ file: f }) => f)).toEqual(['FamilyApp03.json', 'FamilyApp03.json']); // out and in
    // the first step's LowerBound 0 is read as 1, said at the value
    expect(result.warnings).toContain(at('CX3326', file, '0', 1, 'LowerBound: '));
  });

  test('sns/simple_sns.yml: the topic; app01 (in bignicefamily) and youtoo may publish', () => {
    const result = render([BASE, CHANGES, 'use-cases/sns/simple_sns.yml']);
    expect(resourcesOf(result, 'AWS::SNS::Topic')).toHaveLength(1);
    const publishers = resourcesOf(result, 'AWS::IAM::Role').filter(({ resource }) => JSON.stringify(resource).includes('sns:Publish')).map(({ file }) => file);
    expect(publishers.sort()).toEqual(['FamilyBignicefamily.json', 'FamilyYoutoo.json']);
  });

  test('ssm/simple_parameter.yml, its three parameters of one name renamed: five parameters; access SSMParameterReadPolicy (AWS SAM) is RO, with exactly its actions', () => {
    const file = 'use-cases/ssm/simple_parameter.yml';
    const result = render([BASE, CHANGES, file, 'composex/ssm-simple_parameter.names.yml']);
    expect(resourcesOf(result, 'AWS::SSM::Parameter')).toHaveLength(5);
    const statements = (family: string) =>
      resourcesOf(result, 'AWS::IAM::Policy')
        .concat(resourcesOf(result, 'AWS::IAM::Role'))
        .filter(({ file: f }) => f === family)
        .flatMap(({ resource }) => JSON.stringify(resource).match(/"ssm:[A-Za-z]+"/g) ?? []);
    // youtoo: SSMParameterReadPolicy on parameterC, D and S; rproxy (in youtoo too): RO on the same
    expect([...new Set(statements('FamilyYoutoo.json'))].sort()).toEqual(SSM_ACCESS.RO.actions.map((a) => `"${a}"`));
    expect(statements('FamilyBignicefamily.json')).toContain('"ssm:PutParameter"'); // RW on parameterB
  });

  test('events/simple.yml, without the x-scaling of app03: the rule named "demo" (Properties.Name) runs app03, which has no ECS service', () => {
    const result = render([BASE, CHANGES, 'use-cases/events/simple.yml', 'composex/events-simple.no-scaling.yml']);
    const rules = resourcesOf(result, 'AWS::Events::Rule');
    expect(rules.map(({ file, resource }) => [file, resource.Properties!.Name, resource.Properties!.ScheduleExpression])).toEqual([['FamilyApp03.json', 'demo', 'rate(2 minutes)']]);
    expect(resourcesOf(result, 'AWS::ECS::Service').filter(({ file }) => file === 'FamilyApp03.json')).toEqual([]);
  });

  test('kinesis/create_only.yml: stream-02 is PROVISIONED without ShardCount: 1 shard, as ECS ComposeX did, said at its StreamModeDetails (CX3349)', () => {
    const file = 'use-cases/kinesis/create_only.yml';
    const result = render([BASE, CHANGES, file]);
    const streams = resourcesOf(result, 'AWS::Kinesis::Stream');
    const stream02 = streams.find(({ resource }) => resource.Properties!.Name === 'stream-02')!;
    expect(stream02.resource.Properties).toMatchObject({ ShardCount: 1, StreamModeDetails: { StreamMode: 'PROVISIONED' } });
    expect(result.warnings).toContain(at('CX3349', file, 'StreamModeDetails'));
    expect(result.warnings.filter((w) => w.startsWith('CX3349'))).toHaveLength(1);
  });

  test('kms/simple_kms.yml: two keys with their aliases', () => {
    const result = render([BASE, CHANGES, 'use-cases/kms/simple_kms.yml']);
    expect(resourcesOf(result, 'AWS::KMS::Key')).toHaveLength(2);
    expect(resourcesOf(result, 'AWS::KMS::Alias')).toHaveLength(2);
  });

  test("docs/acm.yml (x-acm's documentation example): the certificate, validated by DNS in the zone given", () => {
    const result = render([BASE, CHANGES, 'docs/acm.yml']);
    const [cert] = resourcesOf(result, 'AWS::CertificateManager::Certificate');
    expect(cert.resource.Properties).toMatchObject({ DomainName: 'test.lambda-my-aws.io', ValidationMethod: 'DNS' });
    expect(JSON.stringify(cert.resource.Properties!.DomainValidationOptions)).toContain('ZABCDEFGHIS0123');
  });

  test("docs/route53-acm.yml (x-route53's documentation example): the zone a root parameter (Lookup: true), the certificate validated in it", () => {
    const result = render([BASE, CHANGES, 'docs/route53-acm.yml']);
    const root = result.files.find((f) => f.path === 'ecs-composex.json')!;
    expect(Object.keys(root.template.Parameters ?? {}).filter((p) => p.startsWith('HostedZone'))).toHaveLength(1);
    const [cert] = resourcesOf(result, 'AWS::CertificateManager::Certificate');
    expect(cert.resource.Properties).toMatchObject({ DomainName: 'test.compose-x.io', SubjectAlternativeNames: ['someother.test.compose-x.io'] });
  });
});

describe('use cases refused only for a Lookup: composex lookup answers it', () => {
  test('kms/create_and_lookup.yml: CX3680 at the Lookup of keyC, nothing else', () => {
    const file = 'use-cases/kms/create_and_lookup.yml';
    const { model, diagnostics } = compile([BASE, CHANGES, file]);
    expect(model).toBeUndefined();
    expect(located(diagnostics)).toEqual([at('CX3680', file, 'Lookup')]);
    expect(diagnostics.find((d) => d.code === 'CX3680')!.hint).toMatch(/composex lookup/);
  });
});

/**
 * Refused on purpose (docs/migration.md says why for each): every error of each file, located.
 * An entry here is a difference an ECS ComposeX user meets; it leaves the list when composex
 * reads what the file writes.
 */
const REFUSED: readonly { file: string; errors: readonly string[] }[] = [
  // a literal MasterUserPassword: passwords never appear in a template
  { file: 'use-cases/rds/rds_basic.yml', errors: [at('CX3609', 'use-cases/rds/rds_basic.yml', 'MasterUserPassword')] },
  // EnvNames must be variable names; Access on a bucket is {objects, bucket}
  { file: 'use-cases/s3/simple_s3_bucket.yml', errors: [at('CX3601', 'use-cases/s3/simple_s3_bucket.yml', 'BUCKET_ABCD-01'), at('CX3630', 'use-cases/s3/simple_s3_bucket.yml', 'name: app03')] },
  // its services section moves rproxy to bignicefamily only: app02 waits for the family (rproxy), rproxy for app02
  { file: 'use-cases/dynamodb/table.yml', errors: [at('CX1411', BASE, 'app02', 1, '      - ')] },
  // Memcached 1.6.6 cannot encrypt in transit, which composex turns on; composex owns the subnet group
  { file: 'use-cases/elasticache/create_only.yml', errors: [at('CX3670', 'use-cases/elasticache/create_only.yml', '1.6.6'), at('CX3606', 'use-cases/elasticache/create_only.yml', 'CacheSubnetGroupName')] },
  // three parameters named /some/yet-other-parameter (AWS SAM's SSMParameterReadPolicy is read: RO)
  {
    file: 'use-cases/ssm/simple_parameter.yml',
    errors: [at('CX3601', 'use-cases/ssm/simple_parameter.yml', '/some/yet-other-parameter', 2), at('CX3601', 'use-cases/ssm/simple_parameter.yml', '/some/yet-other-parameter', 3)],
  },
  // Scaling, ServiceName and CompositeExpression are read (test/ecs-composex/alarms-create-only.test.ts renders the
  // file with the topic ARN corrected); the ARN ...:topic/sometopic names no SNS topic, and CloudWatch refuses it
  { file: 'use-cases/alarms/create_only.yml', errors: [at('CX3342', 'use-cases/alarms/create_only.yml', 'arn:aws:sns')] },
  // Properties.Name is read (the rule's name); app03, which DeleteDefaultService leaves without an
  // ECS service, has x-scaling (from blog.features.yml): nothing would run it to scale
  { file: 'use-cases/events/simple.yml', errors: [at('CX3331', 'use-cases/events/simple.yml', 'True')] },
  // the documentation's Port 43 is not a port of serviceA (8080:80, 8443:443)
  { file: 'docs/cloudmap-services.yml', errors: [at('CX3262', 'docs/cloudmap-services.yml', '43 #')] },
];

describe('use cases refused where composex refuses on purpose, each place located', () => {
  test.each(REFUSED)('$file', ({ file, errors }) => {
    const files = file.startsWith('docs/cloudmap') ? [file, 'composex/cloudmap-services.image.yml'] : [BASE, CHANGES, file];
    const { model, diagnostics } = compile(files, true);
    expect(model).toBeUndefined();
    expect(located(diagnostics).sort()).toEqual([...errors].sort());
  });
});
