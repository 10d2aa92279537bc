/**
 * ECS ComposeX's example of the x-ecr page (docs/ecr-grafana.yml, over the image composex's
 * docs-snippets.images.yml gives `grafana`): grafana/grafana is not in a private ECR repository,
 * so, as ECS ComposeX skips it, nothing is pinned or scanned, and it says so at the key (CX3930).
 *
 * ECS ComposeX's published x-docker_opts example (use-cases/docker-images-dummy.yaml) over
 * use-cases/blog.features.yml: each `InterpolateWithDigest: true` is a digest lookup. Without
 * composex.lock.json the file is refused only for them (CX3680 at each, none for serviceC, which
 * names its digest already); with the lock `composex lookup` writes, every image runs by digest
 * and the templates pass the validator.
 */
import { collectLookupRequests } from '../../src/resolve/lookup-requests';
import type { LockFile } from '../../src/resolve/lock';
import { at, BASE, compile, located, render } from './fixture-helpers';

test('the x-ecr page example renders; its x-ecr is not applied to grafana/grafana, with a warning at it', () => {
  const snippet = 'docs/ecr-grafana.yml';
  const { warnings, diagnostics, files } = render([BASE, snippet, 'composex/docs-snippets.images.yml']);
  expect(warnings.filter((w) => w.includes(snippet))).toEqual([at('CX3930', snippet, 'x-ecr')]);
  expect(diagnostics.find((d) => d.code === 'CX3930')!.message).toContain('grafana/grafana is not one: its InterpolateWithDigest and VulnerabilitiesScan are not applied');
  expect(JSON.stringify(files.map((f) => f.template))).toContain('"Image":"grafana/grafana"');
});

const FILE = 'use-cases/docker-images-dummy.yaml';
const EXPORTER = 'public.ecr.aws/nginx/nginx-prometheus-exporter';
const PUBLISHED_C = 'sha256:1c6eba17d7768401ba1ed056101fc56ec3e3b5c82e508fdd8968fbcd96ec9574';
const digest = (c: string) => `sha256:${c.repeat(64)}`;

test('without composex.lock.json: refused only for the four digests to look up, each at its InterpolateWithDigest', () => {
  const { diagnostics } = compile([BASE, FILE]);
  expect(located(diagnostics)).toEqual([1, 2, 4, 5].map((n) => at('CX3680', FILE, 'InterpolateWithDigest', n)));
});

describe('with the lock composex lookup writes', () => {
  const DIGESTS: Record<string, string> = { serviceA: digest('a'), serviceB: digest('b'), serviceD: digest('d'), serviceE: digest('e') };
  let images: string[];
  let warnings: string[];
  beforeAll(() => {
    const project = compile([BASE, FILE]).load.project!;
    const requests = collectLookupRequests(project).requests.filter((r) => r.query.kind === 'image');
    const lock: LockFile = {
      version: 1,
      lookups: Object.fromEntries(
        requests.map((r) => {
          const service = r.key.split('.')[1];
          const image = r.query.kind === 'image' ? r.query.image : '';
          return [r.key, { query: r.query, answer: { image: `${image.slice(0, image.lastIndexOf(':'))}@${DIGESTS[service]}`, digest: DIGESTS[service] }, takenAt: '2026-12-01T00:00:00.000Z' }];
        }),
      ),
    };
    expect(requests.map((r) => [r.key, r.query])).toEqual([
      ['services.serviceA.image', { kind: 'image', image: `${EXPORTER}:0.10.0-amd6` }],
      ['services.serviceB.image', { kind: 'image', image: `${EXPORTER}:0.10.0` }],
      ['services.serviceD.image', { kind: 'image', image: `${EXPORTER}:0.10.0` }],
      ['services.serviceE.image', { kind: 'image', image: 'busybox:latest' }],
    ]);
    const result = render([BASE, FILE], { lock });
    warnings = result.warnings.filter((w) => w.includes(FILE));
    images = result.files.flatMap((f) =>
      Object.values(f.template.Resources ?? {})
        .filter((r) => r.Type === 'AWS::ECS::TaskDefinition')
        .flatMap((r) => ((r.Properties as { ContainerDefinitions: { Name: string; Image: string }[] }).ContainerDefinitions ?? []).map((c) => `${c.Name} ${c.Image}`)),
    );
  });

  test('every service of the file runs its image by digest; serviceC by the digest it names', () => {
    expect(images.filter((i) => i.startsWith('service')).sort()).toEqual([
      `serviceA ${EXPORTER}@${digest('a')}`,
      `serviceB ${EXPORTER}@${digest('b')}`,
      `serviceC ${EXPORTER}@${PUBLISHED_C}`,
      `serviceD ${EXPORTER}@${digest('d')}`,
      `serviceE busybox@${digest('e')}`,
    ]);
  });

  test('no warning about the file: every key is applied', () => {
    expect(warnings).toEqual([]);
  });
});
