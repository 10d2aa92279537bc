/**
 * x-ecr and x-docker_opts on a service: InterpolateWithDigest asks `composex lookup` for the
 * image's digest (a request keyed `services.<service>.image`) and render names `<image>@sha256:…`
 * from the lock; x-ecr.VulnerabilitiesScan becomes a scan `composex deploy` checks. Read at the
 * resolve level (no templates): the requests, the pinned image, the scan model, each diagnostic at
 * its key.
 */
import { resolveProject } from '../../src/resolve';
import { collectLookupRequests } from '../../src/resolve/lookup-requests';
import type { LockFile } from '../../src/resolve/lock';
import { compose, dedent, pos } from './fixtures';

const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api';
const DIGEST = `sha256:${'a'.repeat(64)}`;
const lock = (entries: Record<string, { image: string; roleArn?: string }>): LockFile => ({
  version: 1,
  lookups: Object.fromEntries(
    Object.entries(entries).map(([service, query]) => {
      const name = query.image.slice(0, query.image.lastIndexOf(':'));
      return [`services.${service}.image`, { query: { kind: 'image' as const, ...query }, answer: { image: `${name}@${DIGEST}`, digest: DIGEST }, takenAt: '2026-12-01T00:00:00.000Z' }];
    }),
  ),
});
const service = (name: string, image: string | undefined, keys: string) => `  ${name}:\n${image ? `    image: ${image}\n` : '    build: .\n'}${keys.replace(/^/gm, '    ')}\n`;
const project = (...services: string[]) => dedent(`name: shop\nservices:\n${services.join('')}`);
const brief = (d: { code: string; severity: string; line?: number; column?: number }) => ({ code: d.code, severity: d.severity, line: d.line, column: d.column });

describe('InterpolateWithDigest', () => {
  const text = project(
    service('api', `${ECR}:1.2`, 'x-ecr:\n  InterpolateWithDigest: true\n  RoleArn: arn:aws:iam::123456789012:role/ecr-read'),
    service('web', 'nginx', 'x-docker_opts: {InterpolateWithDigest: true}'),
    service('pinned', `nginx@${DIGEST}`, 'x-docker_opts: {InterpolateWithDigest: true}'),
    service('off', 'nginx:1.27', 'x-docker_opts: {InterpolateWithDigest: false}'),
  );

  test('asks composex lookup for the digest of the tag written (latest when none), with x-ecr.RoleArn; nothing for an image pinned already or false', () => {
    const { requests, diagnostics } = collectLookupRequests(compose(text));
    expect(diagnostics).toEqual([]);
    expect(requests.map((r) => [r.key, r.query, r.location && { line: r.location.line, column: r.location.column }])).toEqual([
      ['services.api.image', { kind: 'image', image: `${ECR}:1.2`, roleArn: 'arn:aws:iam::123456789012:role/ecr-read' }, { line: pos(text, 'InterpolateWithDigest').line, column: pos(text, 'InterpolateWithDigest').column }],
      ['services.web.image', { kind: 'image', image: 'nginx:latest' }, { line: pos(text, 'InterpolateWithDigest', 2).line, column: pos(text, 'InterpolateWithDigest', 2).column }],
    ]);
  });

  test('render names the image by the digest of the lock; other images stay as written', () => {
    const { model, diagnostics } = resolveProject(compose(text), { lock: lock({ api: { image: `${ECR}:1.2`, roleArn: 'arn:aws:iam::123456789012:role/ecr-read' }, web: { image: 'nginx:latest' } }) });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const image = (s: string) => model!.families.flatMap((f) => f.containers).find((c) => c.name === s)!.image;
    expect(image('api')).toBe(`${ECR}@${DIGEST}`);
    expect(image('web')).toBe(`nginx@${DIGEST}`);
    expect(image('pinned')).toBe(`nginx@${DIGEST}`);
    expect(image('off')).toBe('nginx:1.27');
    expect(model!.imageScans).toBeUndefined();
  });

  test('without the lock: CX3680 at the InterpolateWithDigest that asks; a lock of another tag: CX3681', () => {
    const missing = resolveProject(compose(text)).diagnostics.filter((d) => d.severity === 'error');
    expect(missing.map(brief)).toEqual([
      { code: 'CX3680', severity: 'error', ...lc(pos(text, 'InterpolateWithDigest')) },
      { code: 'CX3680', severity: 'error', ...lc(pos(text, 'InterpolateWithDigest', 2)) },
    ]);
    expect(missing[0].message).toContain('services.api.image Lookup needs composex.lock.json');
    const stale = resolveProject(compose(text), { lock: lock({ api: { image: `${ECR}:1.1`, roleArn: 'arn:aws:iam::123456789012:role/ecr-read' }, web: { image: 'nginx:latest' } }) });
    expect(stale.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['CX3681']);
  });
});

const lc = (p: { line: number; column: number }) => ({ line: p.line, column: p.column });

describe('VulnerabilitiesScan', () => {
  test('a private ECR image: the scan deploy checks, by the pinned digest, with ECS ComposeX defaults (threshold 0, stop on findings and on a failed scan)', () => {
    const text = project(service('api', `${ECR}:1.2`, 'x-ecr:\n  InterpolateWithDigest: true\n  VulnerabilitiesScan:\n    Thresholds: {HIGH: 5, LOW: 10}'));
    const { model, diagnostics } = resolveProject(compose(text), { lock: lock({ api: { image: `${ECR}:1.2` } }) });
    // Said once: the templates do not carry the check (CX3934, info).
    expect(diagnostics.map(brief)).toEqual([{ code: 'CX3934', severity: 'info', ...lc(pos(text, 'VulnerabilitiesScan')) }]);
    expect(diagnostics[0].message).toContain("the ECR scan findings of 'api' are checked by `composex deploy`");
    expect(model!.imageScans).toEqual([
      {
        service: 'api',
        image: `${ECR}@${DIGEST}`,
        registryId: '123456789012',
        region: 'eu-west-1',
        repositoryName: 'shop/api',
        imageId: { imageDigest: DIGEST },
        thresholds: { CRITICAL: 0, HIGH: 5, MEDIUM: 0, LOW: 10 },
        ignoreFindings: false,
        treatFailedAs: 'Failure',
        location: { file: '/project/compose.yaml', ...lc(pos(text, 'VulnerabilitiesScan')) },
      },
    ]);
  });

  test('not pinned: the scan of the tag written; IgnoreFailure and TreatFailedAs are read', () => {
    const text = project(service('api', ECR, 'x-ecr:\n  VulnerabilitiesScan: {IgnoreFailure: true, TreatFailedAs: Success}'));
    const { model, diagnostics } = resolveProject(compose(text));
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model!.imageScans![0]).toMatchObject({ imageId: { imageTag: 'latest' }, ignoreFindings: true, treatFailedAs: 'Success', image: ECR });
  });
});

describe('diagnostics at the key', () => {
  test.each([
    ['x-ecr on an image outside private ECR: CX3930, nothing pinned or scanned', service('api', 'public.ecr.aws/nginx/nginx:1.27', 'x-ecr: {InterpolateWithDigest: true, VulnerabilitiesScan: {}}'), 'CX3930', 'warning', 'x-ecr', 'is not one: its InterpolateWithDigest and VulnerabilitiesScan are not applied'],
    ['x-ecr on a service composex builds: CX3931', service('api', undefined, 'x-ecr: {VulnerabilitiesScan: {}}'), 'CX3931', 'warning', 'x-ecr', "service 'api' has no image: composex builds it"],
    ['TreatFailedAs that is neither: CX3932', service('api', ECR, 'x-ecr: {VulnerabilitiesScan: {TreatFailedAs: Ignore}}'), 'CX3932', 'error', 'Ignore', "must be Success or Failure, not 'Ignore'"],
    ['RoleArn that is no role ARN: CX3933', service('api', ECR, 'x-ecr: {RoleArn: ecr-read, VulnerabilitiesScan: {}}'), 'CX3933', 'error', 'ecr-read', 'must be the ARN of an IAM role'],
    ['two different RoleArns: CX3933 at the second', service('api', ECR, 'x-ecr:\n  RoleArn: arn:aws:iam::111122223333:role/a\n  VulnerabilitiesScan: {RoleArn: arn:aws:iam::111122223333:role/b}'), 'CX3933', 'error', 'RoleArn: arn:aws:iam::111122223333:role/b', 'names another role'],
    ['an unknown key: CX3301 with a suggestion', service('api', ECR, 'x-docker_opts: {InterpolateWithDigests: true}'), 'CX3301', 'error', 'InterpolateWithDigests', "unknown key 'InterpolateWithDigests'"],
    ['a threshold that is not a whole number: CX3302', service('api', ECR, 'x-ecr: {VulnerabilitiesScan: {Thresholds: {HIGH: many}}}'), 'CX3302', 'error', 'many', 'an integer'],
  ])('%s', (_what, svc, code, severity, marker, message) => {
    const text = project(svc);
    const found = resolveProject(compose(text)).diagnostics.filter((d) => d.code === code);
    expect(found.map(brief)).toEqual([{ code, severity, ...lc(pos(text, marker)) }]);
    expect(found[0].message).toContain(message);
  });
});
