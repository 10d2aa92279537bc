/**
 * The same published port on several services. ECS ComposeX files (ports with mode: awsvpc) render:
 * their ports are container ports (CX3250). Compose ports (no mode) on one host port stay refused
 * without x-elbv2, saying why.
 */
import { yaml } from '../helpers/project-dir';
import { at, compileText, located } from './helpers';

const text = (mode: string) => yaml`
  name: dialect
  services:
    app01:
      image: nginx:1.27
      ports: [{${mode}protocol: tcp, published: 5000, target: 5000}]
    app02:
      image: nginx:1.27
      ports: [{${mode}protocol: tcp, published: 5000, target: 5000}]
`;

test('ECS ComposeX (mode: awsvpc): two services on 5000 render, each port a container port', () => {
  const TEXT = text('mode: awsvpc, ');
  const { model, diagnostics } = compileText(TEXT);
  expect(model).toBeDefined();
  expect(located(diagnostics, 'warning').filter((l) => l.startsWith('CX3250'))).toEqual([`CX3250 ${at(TEXT, 'awsvpc', 1)}`, `CX3250 ${at(TEXT, 'awsvpc', 2)}`]);
  expect(model!.loadBalancer).toBeUndefined();
});

test('Compose ports: two services publishing 5000 are CX3201 at both, the hint names x-elbv2', () => {
  const TEXT = text('');
  const { model, diagnostics } = compileText(TEXT);
  expect(model).toBeUndefined();
  expect(located(diagnostics, 'error')).toEqual([`CX3201 ${at(TEXT, '5000, target', 1)}`, `CX3201 ${at(TEXT, '5000, target', 2)}`]);
  for (const d of diagnostics.filter((d) => d.code === 'CX3201')) expect(d.hint).toMatch(/x-elbv2 publishes container ports/);
});
