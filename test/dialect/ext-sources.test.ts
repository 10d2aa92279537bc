/** `x-network.Ingress.ExtSources` from anywhere (0.0.0.0/0, ::/0), as ECS ComposeX files write it. */
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { formatSummary } from '../../src/render/summary';
import { projectDir, yaml } from '../helpers/project-dir';
import { ingressTriples } from '../helpers/templates';
import { at, located } from './helpers';

const compose = (publicIp: boolean) => yaml`
  name: dialect
  services:
    app03:
      image: nginx:1.27
      expose: ["5000"]
      x-network:
        AssignPublicIp: ${publicIp}
        Ingress:
          ExtSources:
            - Ipv4: 0.0.0.0/0
              Description: ANYWHERE
            - IPv6: "::/0"
`;

function compile(text: string) {
  return loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), files: ['compose.yaml'], env: { HOME: '/home/test' } });
}

describe('ExtSources from anywhere', () => {
  test('accepted as declared: one rule per CIDR to the tasks, a located warning each', () => {
    const text = compose(false);
    const result = compile(text);
    expect(result.model).toBeDefined();
    expect(located(result.diagnostics.filter((d) => d.code === 'CX3105'))).toEqual([`CX3105 ${at(text, '0.0.0.0/0')}`, `CX3105 ${at(text, '"::/0"')}`]);
    expect(result.diagnostics.find((d) => d.code === 'CX3105')!.severity).toBe('warning');
    const rendered = renderModel(result.model!);
    expect(ingressTriples(rendered).filter((t) => t.includes('/0 '))).toEqual(['family app03 <- 0.0.0.0/0 tcp/5000', 'family app03 <- ::/0 tcp/5000']);
  });

  test('the summary lists it as reachable from the internet when the tasks have a public IP', () => {
    const result = compile(compose(true));
    const summary = formatSummary(result.model!, renderModel(result.model!));
    expect(summary).toContain('tcp/5000 of family app03 (public IP) from 0.0.0.0/0 (x-network.Ingress.ExtSources)');
    expect(summary).toContain('tcp/5000 of family app03 (public IP) from ::/0 (x-network.Ingress.ExtSources)');
  });

  test('without a public IP the tasks are in private subnets: the summary says nothing reaches them from the internet', () => {
    const result = compile(compose(false));
    const summary = formatSummary(result.model!, renderModel(result.model!));
    expect(summary).toContain('Reachable from the internet: nothing');
  });

  test('a CIDR with host bits set is still refused', () => {
    const text = compose(false).replace('0.0.0.0/0', '1.2.3.4/0');
    const result = compile(text);
    expect(result.model).toBeUndefined();
    expect(located(result.diagnostics, 'error')).toEqual([`CX3106 ${at(text, '1.2.3.4/0')}`]);
  });
});
