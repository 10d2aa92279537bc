/**
 * The examples of ECS ComposeX's documentation pages (test/fixtures/ecs-composex/docs, each with its
 * page and commit), each rendered as ECS ComposeX's tests render a use case: over its base
 * `use-cases/blog.features.yml`. A snippet that names services it does not declare gets their
 * images from `composex/docs-snippets.images.yml` (Compose refuses a service without an image);
 * others get what else they leave out: the values their placeholders stand for
 * (`composex/vpc-use.ids.yml`), the service they scale (`composex/sqs-scaling.service.yml`), the
 * engine of a database or the keys of a table (`composex/rds-rdsfeatures.engine.yml`,
 * `composex/cloudmap-rds.engine.yml`, `composex/cloudmap-dynamodb.keys.yml`). Each one renders (every template through the
 * bundled validator), or is refused only for a Lookup, or is refused where the snippet itself is
 * not a working file or where composex refuses on purpose: every error pinned at its
 * file:line:column, so a new refusal fails here. docs/migration.md lists the outcomes and why.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import type { Diagnostic } from '../../src/diagnostics';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const BASE = 'use-cases/blog.features.yml';
const IMAGES = 'composex/docs-snippets.images.yml';

function compile(files: readonly string[]) {
  return loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: [BASE, ...files], env: { HOME: '/home/test' } });
}

/** `CODE line:column` of each error in `file`. */
function errorsIn(diagnostics: readonly Diagnostic[], file: string): string[] {
  return diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${path.relative(DIR, d.file ?? '')}:${d.line}:${d.column}`).map((l) => l.replace(`${file}:`, ''));
}

type Row = readonly [snippet: string, overlays: readonly string[]];

/** Render unchanged. */
const RENDERS: readonly Row[] = [
  ['cloudmap-dynamodb', ['composex/cloudmap-dynamodb.keys.yml']],
  ['cloudmap-rds', ['composex/cloudmap-rds.engine.yml']],
  ['cluster-properties', []],
  ['dns-private', []],
  ['dns-public-private', []],
  ['ecs-capacity-merged', [IMAGES]], // strategies merged, the second Base dropped (CX3970, CX3971): family-merges.test.ts
  ['ecs-capacity-simple', [IMAGES]], // the second Base dropped (CX3971)
  ['events-daily', []],
  ['events-ec2-pattern', [IMAGES]],
  ['howto-autoscaling-custom-alarm', []],
  ['howto-public-subnets-vpc', []],
  ['howto-secrets-jsonkeys', []],
  ['howto-secrets-raw', []],
  ['howto-secrets-taskrole', []],
  ['howto-secrets-varname', []],
  ['iam-managed-policies', [IMAGES]],
  ['iam-permissions-boundary', []],
  ['kms-services', [IMAGES]],
  ['kms-simple', [IMAGES]],
  ['logging-retention', [IMAGES]],
  ['rds-new-db', []],
  ['rds-rdsfeatures', ['composex/rds-rdsfeatures.engine.yml']],
  ['rds-wordpress-secretsmappings', [IMAGES]],
  ['s3-permissions', [IMAGES]],
  ['secrets-arn', []],
  ['secrets-short', [IMAGES]],
  ['sqs-queues-with-dlq', []],
  ['sqs-sam-policy', [IMAGES]],
  ['sqs-scaling', ['composex/sqs-scaling.service.yml']],
  ['tags-list', []],
  ['vpc-use', ['composex/vpc-use.ids.yml']],
  ['xray-enable', [IMAGES]],
];

describe('documentation snippets that render over the base', () => {
  test.each(RENDERS)('%s', (snippet, overlays) => {
    const compiled = compile([`docs/${snippet}.yml`, ...overlays]);
    expect(errorsIn(compiled.diagnostics, `docs/${snippet}.yml`)).toEqual([]);
    const result = renderModel(compiled.model!);
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

/** What AWS would refuse is left out, with a warning at it; the rest as written. */
describe('snippets that write what AWS would refuse: that one thing left out, located', () => {
  function rendered(snippet: string) {
    const compiled = compile([`docs/${snippet}.yml`]);
    const warnings = compiled.diagnostics.filter((d) => d.severity === 'warning' && d.file?.endsWith(`docs/${snippet}.yml`)).map((d) => `${d.code} ${d.line}:${d.column}`);
    const resources = renderModel(compiled.model!).files.flatMap((f) => Object.values(f.template.Resources ?? {}));
    return { warnings, resources };
  }

  test('events-daily: the rule name with a space (CX3335); the rule runs batch-processing on its schedule, under a generated name', () => {
    const { warnings, resources } = rendered('events-daily');
    expect(warnings).toEqual(['CX3701 6:12', 'CX3335 15:13']); // CX3701: its images are pulled from Docker Hub
    const rules = resources.filter((r) => r.Type === 'AWS::Events::Rule');
    expect(rules.map((r) => [r.Properties?.Name, r.Properties?.ScheduleExpression, r.Properties?.Description])).toEqual([[undefined, 'rate(12 hours)', 'example event triggered ECS']]);
  });

  test('tags-list: the <value> tag (CX3360); no resource gets it', () => {
    const { warnings, resources } = rendered('tags-list');
    expect(warnings).toEqual(['CX3360 6:12']);
    expect(JSON.stringify(resources)).not.toContain('<value>');
  });

  test('dns-public-private: the namespace and zone ids as written (AWS documents a namespace id\'s length only)', () => {
    const { warnings, resources } = rendered('dns-public-private');
    expect(warnings).toEqual([]);
    expect(resources.filter((r) => r.Type.startsWith('AWS::ServiceDiscovery::') && r.Type.endsWith('Namespace'))).toEqual([]);
    expect(JSON.stringify(resources)).toContain('ns-abcd012344');
  });
});

/** Refused only for a Lookup (composex renders offline; `composex lookup` answers it). */
const LOOKUPS: readonly (readonly [string, readonly string[], readonly string[]])[] = [
  ['cloudmap-services-examples', [IMAGES], ['CX3261 7:5', 'CX3261 11:5']],
  ['cluster-lookup', [], ['CX3680 5:3']],
  ['dns-records-elbv2', [], ['CX3267 7:5', 'CX3267 12:5']],
  ['dynamodb-lookup', [IMAGES], ['CX3680 6:5']],
  ['rds-lookup', [], ['CX3680 6:5']],
  ['secrets-lookup-jsonkeys', [], ['CX3680 9:7']],
  ['ssm-lookup', [IMAGES], ['CX3680 6:5']],
  ['vpc-lookup', [], ['CX3680 5:3']],
  // lookups by empty selectors ({}): nothing to look up by, so `composex lookup` cannot answer them either
  ['vpc-extra-subnets', [IMAGES], ['CX3608 6:5', 'CX3608 7:5', 'CX3608 8:5', 'CX3608 9:5', 'CX3608 11:13']],
];

describe('documentation snippets refused only for a Lookup', () => {
  test.each(LOOKUPS)('%s', (snippet, overlays, errors) => {
    const compiled = compile([`docs/${snippet}.yml`, ...overlays]);
    expect(compiled.model).toBeUndefined();
    expect(errorsIn(compiled.diagnostics, `docs/${snippet}.yml`)).toEqual(errors);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error').every((d) => /Lookup|look .* up/.test(d.message))).toBe(true);
  });
});

/**
 * Refused: the snippet is not a working file as written (AWS, or Compose, refuses it too, or it
 * leaves out what the resource needs), or composex refuses on purpose (docs/migration.md, why).
 */
const REFUSED: readonly (readonly [string, readonly string[], readonly string[], string])[] = [
  ['alarms-composite', [], ['CX3302 6:5', 'CX3342 9:5'], '`Properties {}` has no colon: alarm-01 is a string; alarm-02 has no metric'],
  ['dynamodb-two-services', [], ['CX3633 5:3', 'CX3633 5:3'], 'a table without keys'],
  ['elbv2-oidc', [], ['CX3251 21:13'], 'authentication on an HTTP listener, which ELB refuses (its key with a stray quote is left out, CX3256, as ECS ComposeX ignores it)'],
  ['howto-rds-mappings-service', [IMAGES], ['CX3610 5:3', 'CX3301 7:7', 'CX3602 10:7'], 'EngineName is no key of x-rds; no Access'],
  ['howto-rds-nextcloud', [IMAGES], ['CX3610 5:3', 'CX3301 10:7', 'CX3602 13:7'], 'EngineName is no key of x-rds; no Access'],
  ['kinesis-services', [], ['CX1202 4:11'], 'services is a list, which Compose refuses'],
  ['network-ingress', [], ['CX3106 15:17', 'CX3106 17:17', 'CX3302 18:17'], 'placeholder ids and Myself: True/False'],
  ['network-vpc-mapping', [IMAGES], ['CX3302 10:5', 'CX3302 12:5', 'CX3302 14:5', 'CX3302 16:5', 'CX3023 17:3'], 'the older flat x-vpc form (VpcId: {Tags}), which ECS ComposeX\'s own schema refuses'],
  ['route53-elbv2', [], ['CX1001 16:5'], 'a literal ... in the YAML'],
  ['sqs-dlq', [], ['CX1201 10:1'], 'AppQueue is indented to the top level'],
  ['vpc-create', [], ['CX3303 7:14'], 'a CIDR with host bits set'],
];

describe('documentation snippets refused, each error located', () => {
  test.each(REFUSED)('%s', (snippet, overlays, errors) => {
    const compiled = compile([`docs/${snippet}.yml`, ...overlays]);
    expect(compiled.model).toBeUndefined();
    expect(errorsIn(compiled.diagnostics, `docs/${snippet}.yml`)).toEqual(errors);
  });
});

test('every snippet under fixtures/docs is in one of the tables above', () => {
  const listed = new Set([...RENDERS, ...LOOKUPS, ...REFUSED].map((r) => r[0]));
  const files = fs.readdirSync(path.join(DIR, 'docs'));
  const covered = new Set(['acm', 'cloudmap-services', 'route53-acm']); // published-examples.test.ts
  covered.add('cognito_userpool-elbv2'); // cognito_userpool-examples.test.ts
  covered.add('ecr-grafana'); // ecr-docker-opts-examples.test.ts
  expect(files.map((f) => f.replace(/\.yml$/, '')).filter((f) => !listed.has(f) && !covered.has(f))).toEqual([]);
});
