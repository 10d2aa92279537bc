/** CX4040–CX4042: a rendered template over a CloudFormation per-template quota is refused (render.ts). */
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
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

describe('CX4041: more built services than the root template has parameters for', () => {
  const images = Array.from({ length: 205 }, (_, i) => {
    const service = `s${String(i).padStart(3, '0')}`;
    return { service, parameter: `S${i}Image`, repositoryLogicalId: `RepositoryS${i}` };
  });
  const locate = (path: readonly (string | number)[]) => ({ file: 'compose.yaml', line: 10 + Number(String(path[1]).slice(1)), column: 5 });
  const model = { images, locate } as unknown as Parameters<typeof checkTemplateQuotas>[1];
  const root = (parameters: Record<string, unknown>): RenderedFile =>
    ({ path: 'p.json', content: '{}', stack: 'p', template: { Resources: {}, Parameters: parameters } }) as unknown as RenderedFile;
  const imageParameters = (n: number) => Object.fromEntries(images.slice(0, n).map((i) => [i.parameter, { Type: 'String' }]));

  test('located at the build: of the first service over the quota, saying how many may be built', () => {
    const found = checkTemplateQuotas([root({ VpcId: {}, PrivateSubnetIds: {}, PublicSubnetIds: {}, ...imageParameters(205) })], model);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ code: 'CX4041', severity: 'error', file: 'compose.yaml', line: 10 + 197, column: 5 });
    expect(found[0].message).toContain('205 services are built by composex');
    expect(found[0].message).toContain('3 other parameters: 208 in all');
    expect(found[0].message).toContain("'s197' is the first over it");
    expect(found[0].hint).toContain('build at most 197 services');
  });

  test('at the quota exactly: nothing', () => {
    expect(checkTemplateQuotas([root({ VpcId: {}, ...imageParameters(199) })], model)).toEqual([]);
  });

  test('over the quota without the images: the composex bug (CX4040), as in a nested template', () => {
    const found = checkTemplateQuotas([root({ ...many(201, { Type: 'String' }), ...imageParameters(2) })], model);
    expect(found.map((d) => d.code)).toEqual(['CX4040']);
    const nested = { ...root(imageParameters(205)), logicalId: 'FamilyApi', path: 'FamilyApi.json' } as RenderedFile;
    expect(checkTemplateQuotas([nested], model).map((d) => d.code)).toEqual(['CX4040']);
  });
});

describe('CX4042: more alarm imports than the Alarms stack has parameters for (a real render)', () => {
  // n families, each scaled by an x-alarms alarm of its own: two policy ARNs each come into the Alarms stack.
  const project = (n: number) => {
    const services = Array.from({ length: n }, (_, i) => `  s${String(i).padStart(3, '0')}:\n    image: nginx:1.27\n    x-scaling: {Range: "1-3"}\n`).join('');
    const alarms = Array.from(
      { length: n },
      (_, i) =>
        `  a${String(i).padStart(3, '0')}:\n    Properties: {Namespace: custom, MetricName: depth, Statistic: Sum, Period: 60, EvaluationPeriods: 1, Threshold: 10, ComparisonOperator: GreaterThanOrEqualToThreshold}\n    Services:\n      s${String(i).padStart(3, '0')}:\n        Scaling:\n          Steps: [{LowerBound: 0, Count: 2}]\n`,
    ).join('');
    return `services:\n${services}x-alarms:\n${alarms}`;
  };
  const render = (n: number) => {
    const dir = projectDir({ 'compose.yaml': project(n) });
    const compiled = loadAndCompile({ cwd: dir, projectDirectory: dir, files: ['compose.yaml'], env: {} });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return { text: project(n), result: renderModel(compiled.model!) };
  };

  test('100 scaled families: 200 parameters, within the quota', () => {
    const { result } = render(100);
    expect(Object.keys(result.files.find((f) => f.logicalId === 'AlarmsStack')!.template.Parameters ?? {})).toHaveLength(200);
    expect(result.diagnostics).toEqual([]);
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  });

  test('101: one error, at the x-alarms entry whose two imports pass 200, naming the quota and the fix', () => {
    const { text, result } = render(101);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['CX4042', 'error']]);
    const [d] = result.diagnostics;
    const line = text.split('\n').findIndex((l) => l === '  a100:') + 1;
    expect([d.line, d.column]).toEqual([line, 3]);
    expect(d.message).toContain('takes 202 values from other stacks');
    expect(d.message).toContain('"parameters per template" of 200');
    expect(d.hint).toContain('scale fewer families on x-alarms');
  });
});
