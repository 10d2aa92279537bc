/**
 * One host port published as TCP and as UDP, in the templates: a TCP_UDP listener on the host port,
 * a TCP_UDP target group on the container port (ip targets, health checked over TCP), the
 * container's two port mappings, ingress for both protocols on exactly those ports; a port
 * published over one protocol keeps its TCP or UDP listener next to it.
 */
import { validateTemplates } from '../../src/render/validate';
import { projectDir } from '../helpers/project-dir';
import { ingressTriples, renderProject, resourcesOf } from '../helpers/templates';

const result = renderProject({
  cwd: projectDir({
    'compose.yaml': `
name: voice
services:
  sip:
    image: public.ecr.aws/docker/library/python:3.12-slim
    ports: ["5060:15060/tcp", "5060:15060/udp", "10000:10000/udp"]
  admin:
    image: public.ecr.aws/docker/library/python:3.12-slim
    ports: ["2222:22"]
`,
  }),
});

test('zero validator errors', () => {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
});

test('listeners: TCP_UDP on 5060, UDP on 10000, TCP on 2222, each forwarding to its own target group', () => {
  const listeners = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::Listener').map((l) => [l.id, l.resource.Properties!.Port, l.resource.Properties!.Protocol, l.resource.Properties!.DefaultActions]);
  expect(listeners).toEqual([
    ['Listener2222', 2222, 'TCP', [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupAdminAdmin22' } }]],
    ['ListenerTcpUdp5060', 5060, 'TCP_UDP', [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupSipSip15060TcpUdp' } }]],
    ['ListenerUdp10000', 10000, 'UDP', [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupSipSip10000Udp' } }]],
  ]);
  const groups = Object.fromEntries(resourcesOf(result, 'AWS::ElasticLoadBalancingV2::TargetGroup').map((g) => [g.id, g.resource.Properties]));
  expect(groups.TargetGroupSipSip15060TcpUdp).toMatchObject({ Protocol: 'TCP_UDP', Port: 15060, TargetType: 'ip', HealthCheckProtocol: 'TCP' });
  expect(groups.TargetGroupSipSip10000Udp).toMatchObject({ Protocol: 'UDP', Port: 10000, TargetType: 'ip', HealthCheckProtocol: 'TCP' });
  expect(groups.TargetGroupAdminAdmin22).toMatchObject({ Protocol: 'TCP', Port: 22 });
});

test('the container maps 15060 over TCP and UDP; the ECS service registers each container port once', () => {
  const sip = resourcesOf(result, 'AWS::ECS::TaskDefinition').flatMap((d) => d.resource.Properties!.ContainerDefinitions as { Name: string; PortMappings: { ContainerPort: number; Protocol: string }[] }[]).find((c) => c.Name === 'sip')!;
  expect(sip.PortMappings.map((m) => `${m.ContainerPort}/${m.Protocol}`)).toEqual(['10000/udp', '15060/tcp', '15060/udp']);
  const services = resourcesOf(result, 'AWS::ECS::Service').map((s) => (s.resource.Properties!.LoadBalancers as { ContainerName: string; ContainerPort: number }[]).map((l) => `${l.ContainerName}:${l.ContainerPort}`).sort());
  expect(services.sort()).toEqual([['admin:22'], ['sip:10000', 'sip:15060']]);
});

test('ingress: both protocols of the TCP_UDP port, one protocol of the others, nothing else', () => {
  expect(ingressTriples(result).sort()).toEqual(
    [
      'family admin <- load balancer tcp/22',
      'family sip <- load balancer tcp/15060',
      'family sip <- load balancer udp/10000',
      'family sip <- load balancer udp/15060',
      'load balancer <- 0.0.0.0/0 tcp/2222',
      'load balancer <- 0.0.0.0/0 tcp/5060',
      'load balancer <- 0.0.0.0/0 udp/10000',
      'load balancer <- 0.0.0.0/0 udp/5060',
    ].sort(),
  );
});
