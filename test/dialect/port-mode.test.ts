/**
 * ECS ComposeX writes `ports[].mode: awsvpc`. There a port is the container's and load balancers
 * come from x-elbv2 only, so composex puts no load balancer in front of it either (CX3250, at the
 * mode); `ingress` and `host` (Compose, Swarm) publish as before.
 */
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
    client:
      image: curlimages/curl:8.8.0
      depends_on: [web]
`;

const listeners = (r: ReturnType<typeof renderText>) =>
  r.files.flatMap((f) => Object.values(f.template.Resources ?? {})).filter((x) => x.Type === 'AWS::ElasticLoadBalancingV2::Listener').map((l) => l.Properties?.Port);

describe('ports[].mode', () => {
  test('ingress and host publish on the load balancer, alike', () => {
    const ingress = renderText(withMode('ingress'));
    const host = renderText(withMode('host'));
    expect(host.files.map((f) => [f.path, f.template])).toEqual(ingress.files.map((f) => [f.path, f.template]));
    expect(listeners(ingress)).toEqual([5000]);
  });

  test('awsvpc: a container port, no load balancer, a warning at the mode naming the fix', () => {
    const text = withMode('awsvpc');
    const result = compileText(text);
    expect(located(result.diagnostics, 'warning').filter((l) => l.startsWith('CX3250'))).toEqual([`CX3250 ${at(text, 'awsvpc')}`]);
    const warning = result.diagnostics.find((d) => d.code === 'CX3250')!;
    expect(warning.hint).toMatch(/remove mode: awsvpc/);
    expect(warning.hint).toMatch(/x-elbv2/);
    const rendered = renderText(text);
    expect(listeners(rendered)).toEqual([]);
    expect(rendered.files.map((f) => f.path)).not.toContain('LoadBalancer.json');
    // the container still listens on 5000, and the caller that declares it may connect
    const web = rendered.files.find((f) => f.path === 'FamilyWeb.json')!;
    const task = Object.values(web.template.Resources ?? {}).find((r) => r.Type === 'AWS::ECS::TaskDefinition')!;
    const containers = task.Properties!.ContainerDefinitions as { Name: string; PortMappings?: { ContainerPort: number }[] }[];
    expect(containers.find((c) => c.Name === 'web')!.PortMappings?.map((p) => p.ContainerPort)).toEqual([5000]);
    const ingressRules = rendered.files
      .flatMap((f) => Object.values(f.template.Resources ?? {}))
      .filter((r) => r.Type === 'AWS::EC2::SecurityGroupIngress')
      .map((r) => [r.Properties!.FromPort, r.Properties!.ToPort]);
    expect(ingressRules).toEqual([[5000, 5000]]);
  });

  test('another mode is still refused where it is written', () => {
    const text = withMode('bridge');
    const result = compileText(text);
    expect(result.model).toBeUndefined();
    expect(located(result.diagnostics, 'error')).toEqual([`CX1250 ${at(text, 'bridge')}`]);
    expect(result.diagnostics[0].hint).toMatch(/awsvpc/);
  });
});
