/**
 * x-load-balancer: HTTPS / TLS on composex's default load balancer of published ports, read from
 * the rendered templates (listener protocol, certificate, TLS policy, redirect), and its refusals.
 */
import { yaml } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';
import type { RenderResult } from '../../src/render/render';
import { at, compileText, located, renderText } from '../dialect/helpers';
import { internetReachable } from '../../src/render/internet';

const ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';
const ARN2 = 'arn:aws:acm:eu-west-1:123456789012:certificate/abcdefab-1234-1234-1234-123456789012';

function lbStack(result: RenderResult) {
  const f = result.files.find((x) => x.path === 'LoadBalancer.json');
  if (!f) throw new Error(`no LoadBalancer.json in ${result.files.map((x) => x.path).join(', ')}`);
  return f.template.Resources ?? {};
}

const listenerOn = (resources: ReturnType<typeof lbStack>, port: number) =>
  Object.values(resources).find((r) => r.Type === 'AWS::ElasticLoadBalancingV2::Listener' && r.Properties!.Port === port)!.Properties!;

describe('application load balancer with a certificate', () => {
  const text = yaml`
    name: tls
    services:
      web:
        image: public.ecr.aws/nginx/nginx:1.27
        ports: ["80:8080", "443:8080"]
      admin:
        image: public.ecr.aws/nginx/nginx:1.27
        ports: ["8080:80"]
    x-load-balancer:
      Certificates: [{Arn: "${ARN}"}, "${ARN2}"]
  `;
  const result = renderText(text);
  const lb = lbStack(result);

  test('port 443 is HTTPS with the first certificate and the modern TLS policy; the others are ListenerCertificates', () => {
    expect(listenerOn(lb, 443)).toMatchObject({ Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: ARN }] });
    const extra = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::ListenerCertificate');
    expect(extra.map(({ resource }) => resource.Properties!.Certificates)).toEqual([[{ CertificateArn: ARN2 }]]);
  });

  test('port 80 to the same container redirects to HTTPS (301); another port keeps forwarding over HTTP', () => {
    expect(listenerOn(lb, 80)).toMatchObject({ Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }] });
    expect(listenerOn(lb, 8080)).toMatchObject({ Protocol: 'HTTP', DefaultActions: [{ Type: 'forward' }] });
    expect(listenerOn(lb, 8080).SslPolicy).toBeUndefined();
  });

  test('the render summary names the HTTPS listener and the redirect', () => {
    const lines = internetReachable(compileText(text).model!);
    expect(lines).toContain('tcp/443 on the application load balancer from 0.0.0.0/0 (HTTPS listener) → web (family web) port 8080');
    expect(lines).toContain('tcp/80 on the application load balancer from 0.0.0.0/0 (HTTP listener) → redirects to HTTPS port 443');
  });

  test('the target group keeps HTTP to the container (the load balancer ends TLS)', () => {
    const groups = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::TargetGroup').map(({ resource }) => `${String(resource.Properties!.Protocol)} ${String(resource.Properties!.Port)}`);
    expect(groups.sort()).toEqual(['HTTP 80', 'HTTP 8080']);
  });
});

test('an x-acm certificate: its ARN comes from the certificates stack', () => {
  const text = yaml`
    name: tls
    services:
      web:
        image: public.ecr.aws/nginx/nginx:1.27
        ports: ["443:8080"]
    x-route53:
      public: {ZoneName: example.com, Lookup: {HostedZoneId: Z0123456789ABCDEFGHIJ}}
    x-acm:
      site:
        MacroParameters: {DomainNames: [www.example.com], Route53Zone: x-route53::public}
    x-load-balancer:
      Certificates: [{x-acm: site}]
  `;
  const result = renderText(text);
  const listener = listenerOn(lbStack(result), 443);
  expect(listener.Protocol).toBe('HTTPS');
  const param = (listener.Certificates as { CertificateArn: { Ref: string } }[])[0].CertificateArn.Ref;
  const root = result.files.find((f) => f.path === 'tls.json')!.template.Resources!;
  const passed = (root.LoadBalancerStack.Properties!.Parameters as Record<string, unknown>)[param];
  expect(JSON.stringify(passed)).toContain('CertificatesStack');
  expect(resourcesOf(result, 'AWS::CertificateManager::Certificate')).toHaveLength(1);
});

test('network load balancer: port 443 over TCP is a TLS listener with the certificate; the target group stays TCP', () => {
  const text = yaml`
    name: tls
    services:
      broker:
        image: ghcr.io/example/broker:1.0
        ports: ["443:9443", "7000:7000"]
    x-load-balancer:
      Certificates: ["${ARN}"]
  `;
  const result = renderText(text);
  const lb = lbStack(result);
  expect(lb.LoadBalancer.Properties!.Type).toBe('network');
  expect(listenerOn(lb, 443)).toMatchObject({ Protocol: 'TLS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', Certificates: [{ CertificateArn: ARN }] });
  expect(listenerOn(lb, 7000)).toMatchObject({ Protocol: 'TCP' });
  const groups = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::TargetGroup').map(({ resource }) => resource.Properties!.Protocol);
  expect(groups).toEqual(['TCP', 'TCP']);
});

test('without x-load-balancer, port 443 stays as it was (no TLS)', () => {
  const result = renderText(yaml`
    name: tls
    services:
      web:
        image: public.ecr.aws/nginx/nginx:1.27
        ports: ["80:8080", "443:8080"]
  `);
  const lb = lbStack(result);
  expect(listenerOn(lb, 443)).toMatchObject({ Protocol: 'HTTP', DefaultActions: [{ Type: 'forward' }] });
  expect(listenerOn(lb, 80).DefaultActions).toEqual([expect.objectContaining({ Type: 'forward' })]);
});

describe('refused, where it is written', () => {
  const web = (ports: string) => `  web:\n    image: public.ecr.aws/nginx/nginx:1.27\n    ports: ${ports}\n`;

  test('with x-elbv2 there is no default load balancer: CX3247', () => {
    const text = `name: tls\nservices:\n${web('["8080:8080"]')}x-elbv2:\n  lb:\n    MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}\n    Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}]\n    Services: {"web:web:8080": {port: 8080}}\nx-load-balancer:\n  Certificates: ["${ARN}"]\n`;
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3247 ${at(text, 'x-load-balancer')}`]);
  });

  test('no service publishes 443: CX3248 at Certificates, the hint says how', () => {
    const text = `name: tls\nservices:\n${web('["80:8080"]')}x-load-balancer:\n  Certificates: ["${ARN}"]\n`;
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3248 ${at(text, 'Certificates')}`]);
    expect(diagnostics[0].hint).toMatch(/443:8080/);
  });

  test('no or empty Certificates, an unknown key: CX3248, CX3301', () => {
    const none = `name: tls\nservices:\n${web('["443:8080"]')}x-load-balancer:\n  Certificate: "${ARN}"\n`;
    expect(located(compileText(none).diagnostics, 'error')).toEqual([`CX3248 ${at(none, 'x-load-balancer')}`, `CX3301 ${at(none, 'Certificate:')}`].sort());
    const empty = `name: tls\nservices:\n${web('["443:8080"]')}x-load-balancer:\n  Certificates: []\n`;
    expect(located(compileText(empty).diagnostics, 'error')).toEqual([`CX3248 ${at(empty, 'Certificates')}`]);
  });

  test('not an ACM certificate, or an x-acm name not declared: CX3233 at the entry, as on x-elbv2 listeners', () => {
    const iam = `name: tls\nservices:\n${web('["443:8080"]')}x-load-balancer:\n  Certificates: ["arn:aws:iam::123456789012:server-certificate/x"]\n`;
    expect(located(compileText(iam).diagnostics, 'error')).toEqual([`CX3233 ${at(iam, '"arn:aws:iam')}`]);
    const undeclared = `name: tls\nservices:\n${web('["443:8080"]')}x-load-balancer:\n  Certificates: [{x-acm: nope}]\n`;
    const { diagnostics } = compileText(undeclared);
    expect(located(diagnostics, 'error')).toEqual([`CX3233 ${at(undeclared, 'nope')}`]);
    expect(diagnostics[0].hint).toMatch(/declare it under x-acm/);
  });

  test('443 published as UDP: a TLS listener carries TCP only (CX3249)', () => {
    const text = `name: tls\nservices:\n${web('["443:8443/udp"]')}x-load-balancer:\n  Certificates: ["${ARN}"]\n`;
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    expect(located(diagnostics, 'error')).toEqual([`CX3249 ${at(text, '"443:8443')}`]);
  });
});
