/** The same published port on several services (ECS ComposeX with x-elbv2): still refused without x-elbv2, saying why. */
import { yaml } from '../helpers/project-dir';
import { at, compileText, located } from './helpers';

const TEXT = yaml`
  name: dialect
  services:
    app01:
      image: nginx:1.27
      ports: [{mode: awsvpc, protocol: tcp, published: 5000, target: 5000}]
    app02:
      image: nginx:1.27
      ports: [{mode: awsvpc, protocol: tcp, published: 5000, target: 5000}]
`;

test('two services publishing 5000: CX3201 at both, the hint names x-elbv2', () => {
  const { model, diagnostics } = compileText(TEXT);
  expect(model).toBeUndefined();
  expect(located(diagnostics, 'error')).toEqual([`CX3201 ${at(TEXT, '5000, target', 1)}`, `CX3201 ${at(TEXT, '5000, target', 2)}`]);
  for (const d of diagnostics.filter((d) => d.code === 'CX3201')) expect(d.hint).toMatch(/x-elbv2 publishes container ports/);
});
