/** A family name (ecs.task.family) where a service name is expected, and a service in several families. */
import { yaml } from '../helpers/project-dir';
import { at, atAfter, compileText, located } from './helpers';

const TEXT = yaml`
  name: dialect
  services:
    app01:
      image: nginx:1.27
      expose: ["5000"]
      deploy: {labels: {ecs.task.family: bignicefamily}}
    app02:
      image: nginx:1.27
      expose: ["5000"]
      deploy: {labels: {ecs.task.family: youtoo}}
    app03:
      image: nginx:1.27
      expose: ["6000"]
      depends_on: [youtoo]
    worker:
      image: nginx:1.27
      depends_on:
        bignicefamily: {condition: service_healthy}
      deploy: {labels: {ecs.task.family: bignicefamily}}
    rproxy:
      image: nginx:1.27
      depends_on: [app02]
      deploy: {labels: {ecs.task.family: "bignicefamily, youtoo"}}
`;

describe('family names in depends_on', () => {
  const { model, diagnostics } = compileText(TEXT);

  test('renders: a family name stands for its services', () => {
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(model).toBeDefined();
  });

  test('depends_on a family waits for every service of it: app03 (its own family) calls app02 and rproxy', () => {
    const app03 = model!.families.find((f) => f.name === 'app03')!;
    expect([...app03.dependsOnFamilies].sort()).toEqual(['bignicefamily', 'youtoo']); // rproxy is in both
    const rules = model!.ingress.filter((r) => r.source.kind === 'family' && r.source.family === 'app03').map((r) => `${r.target.kind === 'family' ? r.target.family : r.target.kind} ${r.fromPort}`);
    // rproxy declares no port: nginx's default (80, CX3110) in each of its families
    expect(rules.sort()).toEqual(['bignicefamily 80', 'youtoo 5000', 'youtoo 80']);
  });

  test('inside its own family, a family name is the other services of the family, with the condition', () => {
    const family = model!.families.find((f) => f.name === 'bignicefamily')!;
    const worker = family.containers.find((c) => c.name === 'worker')!;
    expect(worker.dependsOn).toEqual([
      { containerName: 'app01', condition: 'HEALTHY' },
      { containerName: 'rproxy', condition: 'HEALTHY' },
    ]);
  });

  test('a service in two families (comma-separated) runs in both tasks', () => {
    const families = model!.families.filter((f) => f.containers.some((c) => c.name === 'rproxy')).map((f) => f.name);
    expect(families).toEqual(['bignicefamily', 'youtoo']);
  });

  test('a name that is neither a service nor a family is refused where it is written, naming both', () => {
    const text = TEXT.replace('depends_on: [youtoo]', 'depends_on: [youtooo]');
    const result = compileText(text);
    expect(result.model).toBeUndefined();
    expect(located(result.diagnostics, 'error')).toEqual([`CX1401 ${at(text, 'youtooo')}`]);
    expect(result.diagnostics[0].hint).toBe("did you mean 'youtoo'?");
  });
});

describe('a service in two families (blog.features.yml: rproxy in bignicefamily and youtoo)', () => {
  const text = yaml`
    name: dialect
    services:
      app01: {image: nginx:1.27, expose: ["5000"], deploy: {labels: {ecs.task.family: bignicefamily}}}
      app02: {image: nginx:1.27, expose: ["5000"], depends_on: [app01, bignicefamily], deploy: {labels: {ecs.task.family: youtoo}}}
      rproxy: {image: nginx:1.27, expose: ["80"], depends_on: [app01, app02], deploy: {labels: {ecs.task.family: "bignicefamily,youtoo"}}}
  `;

  test('waits for a callee of one of its families in that task only; a family name skips members of the caller\'s own task', () => {
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    const family = (name: string) => model!.families.find((f) => f.name === name)!;
    expect(family('youtoo').dependsOnFamilies).toEqual(['bignicefamily']);
    expect(family('bignicefamily').dependsOnFamilies).toEqual([]);
    // bignicefamily's rproxy would wait for app02 of youtoo, which starts after bignicefamily: left out, said where
    expect(located(diagnostics, 'warning').filter((w) => w.startsWith('CX3010'))).toEqual([`CX3010 ${atAfter(text, 'expose: ["80"], ', 'depends_on')}`]);
    // in youtoo's task rproxy waits for app02; app02 does not wait for rproxy (it is in its own task)
    expect(family('youtoo').containers.find((c) => c.name === 'rproxy')!.dependsOn).toEqual([{ containerName: 'app02', condition: 'START' }]);
    expect(family('youtoo').containers.find((c) => c.name === 'app02')!.dependsOn ?? []).toEqual([]);
  });

  test('two families waiting for each other through entries that name no family: each entry orders no start, as in ECS ComposeX (CX1428)', () => {
    const cyclic = yaml`
      name: dialect
      services:
        a: {image: nginx:1.27, depends_on: [b], deploy: {labels: {ecs.task.family: one}}}
        b: {image: nginx:1.27, depends_on: [c], deploy: {labels: {ecs.task.family: two}}}
        c: {image: nginx:1.27, deploy: {labels: {ecs.task.family: one}}}
    `;
    const { model, diagnostics } = compileText(cyclic);
    expect(model).toBeDefined();
    expect(located(diagnostics, 'warning').filter((d) => d.startsWith('CX1428')).map((d) => d.split(' ')[0])).toEqual(['CX1428', 'CX1428']);
    expect(model!.families.map((f) => [f.name, f.dependsOnFamilies])).toEqual([
      ['one', []],
      ['two', []],
    ]);
  });

  test('written with family names, the same wait both ways stays refused: ECS ComposeX orders by family names, and here they make a cycle of services (CX1411)', () => {
    const cyclic = yaml`
      name: dialect
      services:
        a: {image: nginx:1.27, depends_on: [two], deploy: {labels: {ecs.task.family: one}}}
        b: {image: nginx:1.27, depends_on: [one], deploy: {labels: {ecs.task.family: two}}}
        c: {image: nginx:1.27, deploy: {labels: {ecs.task.family: one}}}
    `;
    const { model, diagnostics } = compileText(cyclic);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error').map((d) => d.split(' ')[0])).toEqual(['CX1411']);
  });
});
