/**
 * The x-scaling and x-network keys of ECS ComposeX's first releases (src/resolve/first-release-keys.ts),
 * which its published use cases still write: `range` / `target_scaling` read as `Range` /
 * `TargetScaling`, `is_public: false`, `use_cloudmap`, `lb_type` warned as changing nothing or not
 * applied, `is_public: true` refused. use-cases/blog.features.x.yml and ecs/service_to_service.yml
 * now render over blog.features.yml.
 */
import { at, BASE, compile, located, render, Rendered } from './fixture-helpers';
import { pos, resolve } from '../resolve/fixtures';

const X = 'use-cases/blog.features.x.yml';
const S2S = 'use-cases/ecs/service_to_service.yml';

type Resource = { Type: string; Properties?: Record<string, unknown> };
const resources = (r: Rendered): Resource[] => r.files.flatMap((f) => Object.values(f.template.Resources ?? {}) as Resource[]);

describe('use-cases/blog.features.x.yml over blog.features.yml: renders', () => {
  let result: Rendered;
  beforeAll(() => {
    result = render([BASE, X]);
  });

  test('each older key warned at its place: range / target_scaling read (CX3991), is_public / lb_type / use_cloudmap (CX3992)', () => {
    const older = located(result.diagnostics, 'warning', X).filter((w) => /^CX399[12]/.test(w));
    expect(older).toEqual([
      at('CX3992', X, 'is_public'),
      at('CX3992', X, 'lb_type'),
      at('CX3992', X, 'use_cloudmap'),
      at('CX3991', X, 'range', 1),
      at('CX3991', X, 'target_scaling', 1),
      at('CX3991', X, 'range', 2),
      at('CX3991', X, 'target_scaling', 2),
      at('CX3991', X, 'range', 3),
      at('CX3991', X, 'target_scaling', 3),
      at('CX3992', X, 'is_public', 2),
      at('CX3992', X, 'lb_type', 2),
      at('CX3992', X, 'use_cloudmap', 2),
    ]);
  });

  test("app03's range 1-10 and CpuTarget 50 scale its service", () => {
    const targets = resources(result).filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalableTarget');
    expect(targets.map((t) => [t.Properties!.MinCapacity, t.Properties!.MaxCapacity])).toContainEqual([1, 10]);
    const policies = resources(result).filter((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(JSON.stringify(policies)).toContain('"TargetValue":50');
  });
});

describe('use-cases/ecs/service_to_service.yml over blog.features.yml', () => {
  test('compiles: is_public: False and use_cloudmap: True change nothing, range read (its x-scaling without TargetScaling keeps the Range)', () => {
    const { model, diagnostics } = compile([BASE, S2S]);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model).toBeDefined();
    expect(located(diagnostics, 'warning', S2S).filter((w) => /^CX399[12]/.test(w))).toEqual([
      at('CX3992', S2S, 'is_public'),
      at('CX3992', S2S, 'use_cloudmap'),
      at('CX3991', S2S, 'range'),
      at('CX3992', S2S, 'is_public', 2),
      at('CX3992', S2S, 'use_cloudmap', 2),
    ]);
  });
});

describe('first-release keys, one by one', () => {
  const text = (xnetwork: string, xscaling = '') => `services:\n  app:\n    image: nginx\n    x-network: ${xnetwork}\n${xscaling ? `    x-scaling: ${xscaling}\n` : ''}`;
  test.each([
    ['is_public: true is refused, with what to write today', text('{is_public: true}'), 'is_public', 'error', 'CX3993', /has no one meaning today/],
    ['use_cloudmap: false is not applied', text('{use_cloudmap: false}'), 'use_cloudmap', 'warning', 'CX3992', /is false: not applied/],
    ['range beside Range: Range is used', text('{}', '{Range: "1-3", range: "1-9"}'), 'range', 'warning', 'CX3991', /is written beside Range: Range is used/],
  ])('%s', (_name, yaml, marker, severity, code, message) => {
    const { diagnostics } = resolve(yaml);
    const found = diagnostics.filter((d) => d.code === code);
    const where = pos(yaml, marker);
    expect(found.map((d) => [d.severity, d.line, d.column])).toEqual([[severity, where.line, where.column]]);
    expect(found[0].message).toMatch(message);
  });

  test('range is read as Range: the scaling of the service', () => {
    const { model } = resolve(text('{}', '{range: "2-7", target_scaling: {CpuTarget: 60}}'));
    expect(model!.families[0].scaling).toMatchObject({ min: 2, max: 7, cpuTarget: 60 });
  });
});
