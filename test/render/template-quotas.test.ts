/** CX4040: a rendered template over a CloudFormation per-template quota is refused (render.ts). */
import { TEMPLATE_QUOTAS } from '../../src/limits/cloudformation';
import type { RenderedFile, Template } from '../../src/render/render';
import { checkTemplateQuotas } from '../../src/render/template-quotas';

function file(template: Template, logicalId = 'LoadBalancerStack'): RenderedFile {
  return { path: `${logicalId}.json`, content: JSON.stringify(template), stack: `p/ComposeX/${logicalId}`, logicalId, parent: 'p.json', template } as unknown as RenderedFile;
}

const many = <T,>(n: number, value: T): Record<string, T> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`X${i}`, value]));

test('templates at the quotas pass', () => {
  const t: Template = {
    Resources: many(TEMPLATE_QUOTAS.resources, { Type: 'AWS::SNS::Topic' }),
    Parameters: many(TEMPLATE_QUOTAS.parameters, { Type: 'String' }),
    Outputs: many(TEMPLATE_QUOTAS.outputs, { Value: 'x' }),
  };
  expect(checkTemplateQuotas([file(t)])).toEqual([]);
});

test('one over each quota: an error per quota, naming the template, the stack and the quota', () => {
  const t: Template = {
    Resources: many(TEMPLATE_QUOTAS.resources + 1, { Type: 'AWS::SNS::Topic' }),
    Outputs: many(TEMPLATE_QUOTAS.outputs + 1, { Value: 'x' }),
    Mappings: many(TEMPLATE_QUOTAS.mappings + 1, { a: { b: 'c' } }),
  };
  const found = checkTemplateQuotas([file(t)]);
  expect(found.map((d) => [d.code, d.severity, d.file, d.line])).toEqual([
    ['CX4040', 'error', 'LoadBalancerStack.json', 1],
    ['CX4040', 'error', 'LoadBalancerStack.json', 1],
    ['CX4040', 'error', 'LoadBalancerStack.json', 1],
  ]);
  expect(found[0].message).toBe(
    'template LoadBalancerStack.json (stack LoadBalancerStack) declares 501 resources; the CloudFormation quota "resources per template" is 500 and cannot be raised',
  );
  expect(found[1].message).toContain('201 outputs');
  expect(found[2].message).toContain('201 mappings');
  expect(found[0].hint).toContain('please report it');
});
