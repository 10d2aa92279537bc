/** ECS ComposeX writes `ports[].mode: awsvpc`; on Fargate it means what ingress and host mean. */
import { yaml } from '../helpers/project-dir';
import { at, compileText, located, renderText } from './helpers';

const withMode = (mode: string) => yaml`
  name: dialect
  services:
    web:
      image: nginx:1.27
      ports:
        - mode: ${mode}
          protocol: tcp
          published: 5000
          target: 5000
`;

describe('ports[].mode', () => {
  test('awsvpc renders exactly as ingress and host do', () => {
    const awsvpc = renderText(withMode('awsvpc'));
    const ingress = renderText(withMode('ingress'));
    const host = renderText(withMode('host'));
    const templates = (r: typeof awsvpc) => r.files.map((f) => [f.path, f.template]);
    expect(templates(awsvpc)).toEqual(templates(ingress));
    expect(templates(awsvpc)).toEqual(templates(host));
    expect(awsvpc.warnings).toEqual(ingress.warnings);
    // the listener of the published port is there
    const listeners = awsvpc.files.flatMap((f) => Object.values(f.template.Resources ?? {})).filter((r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener');
    expect(listeners.map((l) => l.Properties?.Port)).toEqual([5000]);
  });

  test('another mode is still refused where it is written', () => {
    const text = withMode('bridge');
    const result = compileText(text);
    expect(result.model).toBeUndefined();
    expect(located(result.diagnostics, 'error')).toEqual([`CX1250 ${at(text, 'bridge')}`]);
    expect(result.diagnostics[0].hint).toMatch(/awsvpc/);
  });
});
