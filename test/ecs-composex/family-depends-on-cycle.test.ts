/**
 * `depends_on` across families as ECS ComposeX orders it (families wait only for the family names
 * depends_on lists): where composex's stricter reading would close a start cycle with an entry a
 * family name stands for (ECS ComposeX's use-cases/dynamodb/table.yml over blog.features.yml), the
 * entry naming a service of another family is a call, not a start order (CX1425). Other cycles
 * stay refused (CX1411).
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { yaml } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';
import { atAfter, compileText, located, renderText } from '../dialect/helpers';

/** dynamodb/table.yml's shape: rproxy moved to bignicefamily only, app02 (youtoo) waiting for that family. */
const families = (app02Label = ', labels: {ecs.task.family: youtoo}') => yaml`
  name: dialect
  services:
    app01:
      image: nginx:1.27
      expose: ["5000"]
      deploy:
        labels:
          ecs.task.family: bignicefamily
    app02:
      image: nginx:1.27
      expose: ["5000"]
      depends_on:
        - app01
        - bignicefamily
      deploy: {replicas: 1${app02Label}}
    rproxy:
      image: nginx:1.27
      depends_on:
        - app01
        - app02
      deploy:
        labels:
          ecs.task.family: bignicefamily
`;

describe('a depends_on entry naming a service of another family, closing a cycle through a family name', () => {
  test('read as ECS ComposeX reads it: no start order, the call kept; a warning at the entry; youtoo starts after bignicefamily', () => {
    const text = families();
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    const warnings = diagnostics.filter((d) => d.code === 'CX1425');
    expect(located(warnings, 'warning')).toEqual([`CX1425 ${atAfter(text, '      - app01\n      - ', 'app02')}`]);
    expect(warnings[0].message).toContain("'app02' depends on family 'bignicefamily', which holds 'rproxy'");
    expect(warnings[0].message).toContain('ECS ComposeX orders families only by the family names depends_on lists');
    expect(warnings[0].hint).toMatch(/put both in one family/);
    expect(model!.families.map((f) => [f.name, f.dependsOnFamilies])).toEqual([
      ['bignicefamily', []],
      ['youtoo', ['bignicefamily']],
    ]);
    // rproxy may still call app02: bignicefamily → youtoo on port 5000
    expect(model!.ingress.filter((r) => r.target.kind === 'family' && r.target.family === 'youtoo' && r.source.kind === 'family').map((r) => (r.source.kind === 'family' ? r.source.family : ''))).toEqual(['bignicefamily']);
    const rendered = renderText(text);
    const root = rendered.files.find((f) => f.template.Resources?.FamilyYoutooStack !== undefined)!;
    const dependsOn = (id: string) => [root.template.Resources?.[id]?.DependsOn ?? []].flat();
    expect(dependsOn('FamilyYoutooStack')).toContain('FamilyBignicefamilyStack');
    expect(dependsOn('FamilyBignicefamilyStack')).not.toContain('FamilyYoutooStack');
    // inside bignicefamily, rproxy still waits for app01 (a container dependency)
    const [task] = resourcesOf(rendered, 'AWS::ECS::TaskDefinition').filter((r) => r.file === 'FamilyBignicefamily.json');
    const rproxy = (task.resource.Properties!.ContainerDefinitions as { Name: string; DependsOn?: { ContainerName: string }[] }[]).find((c) => c.Name === 'rproxy')!;
    expect(rproxy.DependsOn!.map((d) => d.ContainerName)).toContain('app01');
  });

  test('the service it names is its own family (no label): ECS ComposeX would order both ways too, so the cycle stays refused (CX1411)', () => {
    const text = families('');
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.code === 'CX1425')).toEqual([]);
    expect(located(diagnostics, 'error').map((l) => l.split(' ')[0])).toEqual(['CX1411']);
  });

  test('a cycle of service names alone (no family name in depends_on) stays refused (CX1411), as Compose refuses it', () => {
    const text = yaml`
      name: dialect
      services:
        a:
          image: nginx:1.27
          depends_on: [b]
          deploy: {labels: {ecs.task.family: one}}
        b:
          image: nginx:1.27
          depends_on: [a]
          deploy: {labels: {ecs.task.family: two}}
    `;
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(diagnostics.filter((d) => d.code === 'CX1425')).toEqual([]);
    expect(located(diagnostics, 'error').map((l) => l.split(' ')[0])).toEqual(['CX1411']);
  });

  test('without the cycle (rproxy in both families, as blog.features.yml has it): no CX1425', () => {
    const text = families().replace(/(rproxy:[\s\S]*ecs\.task\.family: )bignicefamily/, '$1bignicefamily,youtoo');
    const { model, diagnostics } = compileText(text);
    expect(model).toBeDefined();
    expect(diagnostics.filter((d) => d.code === 'CX1425' || d.severity === 'error')).toEqual([]);
  });
});

test("ECS ComposeX's use-cases/dynamodb/table.yml over blog.features.yml: CX1425 at rproxy's `- app02`, no cycle, no error", () => {
  const dir = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
  const { diagnostics } = loadAndCompile({ cwd: dir, projectDirectory: dir, files: ['use-cases/blog.features.yml', 'use-cases/dynamodb/table.yml'], env: { HOME: '/home/test' } });
  const where = (code: string) => diagnostics.filter((d) => d.code === code).map((d) => `${path.relative(dir, d.file ?? '')}:${d.line}:${d.column}`);
  expect(where('CX1425')).toEqual(['use-cases/blog.features.yml:212:9']);
  expect(where('CX1411')).toEqual([]);
  expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`)).toEqual([]);
});

describe('a cycle of the families that no family name closes (efs/simple_efs.yml over blog.features.yml)', () => {
  const text = () => yaml`
    name: dialect
    services:
      app01:
        image: nginx:1.27
        expose: ["5000"]
        deploy: {labels: {ecs.task.family: together}}
      app02:
        image: nginx:1.27
        expose: ["5000"]
        depends_on: [app01]
        deploy: {labels: {ecs.task.family: youtoo}}
      rproxy:
        image: nginx:1.27
        depends_on: {app02: {condition: service_started}}
        deploy: {labels: {ecs.task.family: together}}
  `;

  test('each entry naming a service of the other family orders no start (CX1428 at each); the project renders without CX3007', () => {
    const written = text();
    const { diagnostics } = compileText(written);
    const result = renderText(written);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX1428'))).toEqual([`CX1428 ${atAfter(written, 'depends_on: [', 'app01')}`, `CX1428 ${atAfter(written, 'depends_on: {', 'app02')}`]);
    const stacks = resourcesOf(result, 'AWS::CloudFormation::Stack').filter((s) => s.id.startsWith('Family'));
    expect(stacks.map((s) => [s.id, s.resource.DependsOn ?? []])).toEqual([
      ['FamilyTogetherStack', []],
      ['FamilyYoutooStack', []],
    ]);
  });
});
