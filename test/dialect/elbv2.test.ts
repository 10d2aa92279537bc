/**
 * x-elbv2 (ECS ComposeX): load balancers, listeners, rules, target groups and their security
 * groups, read from the rendered templates; with x-elbv2 published ports are container ports.
 */
import { yaml } from '../helpers/project-dir';
import { ingressTriples, resourcesOf } from '../helpers/templates';
import type { RenderResult } from '../../src/render/render';
import { at, atAfter, compileText, located, renderText } from './helpers';

const CERT = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';

const TEXT = yaml`
  name: lbs
  services:
    web:
      image: public.ecr.aws/nginx/nginx:1.27
      ports: ["8080:8080"]
    api:
      image: ghcr.io/example/api:1.0
      ports: ["8080:8080"]
    dns:
      image: ghcr.io/example/dns:1.0
      expose: ["53/udp", "53"]
  x-elbv2:
    public:
      Properties: {Scheme: internet-facing, Type: application}
      MacroParameters:
        timeout_seconds: 60
        Ingress: {ExtSources: [{IPv4: 0.0.0.0/0, Description: ANY}]}
      Listeners:
        - {Port: 80, Protocol: HTTP}
        - Port: 443
          Protocol: HTTPS
          Certificates: [{Arn: "${CERT}"}]
          Targets:
            - {name: "web:web:8080", access: /}
            - {name: "api:api:8080", access: "api.example.com/v1/*"}
            - {name: "api:api:8080", access: "/api/*"}
      Services:
        "web:web:8080": {port: 8080, protocol: HTTP, healthcheck: "8080:HTTP:/health:200"}
        "api:api:8080": {port: 8080, protocol: HTTP, healthcheck: "8080:HTTP:2:3:15:5:/ping:200-299"}
    resolver:
      Properties: {Type: network}
      MacroParameters:
        Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}
      Listeners:
        - {Port: 53, Protocol: TCP_UDP, Targets: [{name: "dns:dns:53"}]}
      Services:
        "dns:dns:53": {port: 53, protocol: TCP_UDP, healthcheck: "53:TCP"}
`;

function stack(result: RenderResult, file: string) {
  const f = result.files.find((x) => x.path === file);
  if (!f) throw new Error(`no ${file} in ${result.files.map((x) => x.path).join(', ')}`);
  return f.template.Resources ?? {};
}

describe('x-elbv2 rendered', () => {
  const result = renderText(TEXT);
  const pub = stack(result, 'Elbv2Public.json');
  const resolver = stack(result, 'Elbv2Resolver.json');

  test('no default load balancer; one stack per x-elbv2 load balancer, scheme and type as declared', () => {
    expect(result.files.map((f) => f.path)).not.toContain('LoadBalancer.json');
    expect(pub.LoadBalancer.Properties).toMatchObject({ Type: 'application', Scheme: 'internet-facing', Subnets: { Ref: 'PublicSubnetIds' } });
    expect(pub.LoadBalancer.Properties!.LoadBalancerAttributes).toEqual([
      { Key: 'idle_timeout.timeout_seconds', Value: '60' },
      { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
    ]);
    // Scheme defaults to internal (ECS ComposeX): private subnets.
    expect(resolver.LoadBalancer.Properties).toMatchObject({ Type: 'network', Scheme: 'internal', Subnets: { Ref: 'PrivateSubnetIds' } });
  });

  test('HTTPS listener: the certificate, the modern TLS policy, the / target as default action', () => {
    expect(pub.Listener443.Properties).toEqual({
      LoadBalancerArn: { Ref: 'LoadBalancer' },
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: CERT }],
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupWebWeb8080' } }],
    });
  });

  test('the HTTP listener next to the HTTPS one redirects to HTTPS', () => {
    expect(pub.Listener80.Properties!.DefaultActions).toEqual([
      { Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', Host: '#{host}', Path: '/#{path}', Query: '#{query}', StatusCode: 'HTTP_301' } },
    ]);
  });

  test('host and path rules, priorities in the order of the file', () => {
    const rules = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::ListenerRule').map((r) => [r.id, r.resource.Properties]);
    expect(rules).toEqual([
      [
        'Listener443Rule1',
        {
          ListenerArn: { Ref: 'Listener443' },
          Priority: 1,
          Conditions: [
            { Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } },
            { Field: 'path-pattern', PathPatternConfig: { Values: ['/v1/*'] } },
          ],
          Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupApiApi8080' } }],
        },
      ],
      [
        'Listener443Rule2',
        {
          ListenerArn: { Ref: 'Listener443' },
          Priority: 2,
          Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/api/*'] } }],
          Actions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupApiApi8080' } }],
        },
      ],
    ]);
  });

  test('target groups: ip targets on the container port, health checks from the file', () => {
    expect(pub.TargetGroupApiApi8080.Properties).toMatchObject({
      TargetType: 'ip',
      Port: 8080,
      Protocol: 'HTTP',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: '8080',
      HealthCheckPath: '/ping',
      Matcher: { HttpCode: '200-299' },
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
    });
    expect(resolver.TargetGroupDnsDns53.Properties).toMatchObject({ TargetType: 'ip', Port: 53, Protocol: 'TCP_UDP', HealthCheckProtocol: 'TCP' });
    expect(resolver.Listener53.Properties).toMatchObject({ Protocol: 'TCP_UDP', DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: 'TargetGroupDnsDns53' } }] });
  });

  test('security groups: the load balancer from the declared sources on its listener ports, the families from the load balancer on the target port', () => {
    expect(ingressTriples(result)).toEqual([
      'family api <- load balancer public tcp/8080',
      'family dns <- load balancer resolver tcp/53',
      'family dns <- load balancer resolver udp/53',
      'family web <- load balancer public tcp/8080',
      'load balancer public <- 0.0.0.0/0 tcp/443',
      'load balancer public <- 0.0.0.0/0 tcp/80',
      'load balancer resolver <- 10.0.0.0/8 tcp/53',
      'load balancer resolver <- 10.0.0.0/8 udp/53',
    ]);
  });

  test('each ECS service registers in its target groups', () => {
    const services = resourcesOf(result, 'AWS::ECS::Service');
    const lbs = Object.fromEntries(services.map((s) => [s.file, s.resource.Properties!.LoadBalancers]));
    expect(lbs['FamilyWeb.json']).toEqual([{ ContainerName: 'web', ContainerPort: 8080, TargetGroupArn: { Ref: 'Elbv2PublicTargetGroupWebWeb8080Arn' } }]);
    expect(lbs['FamilyDns.json']).toEqual([{ ContainerName: 'dns', ContainerPort: 53, TargetGroupArn: { Ref: 'Elbv2ResolverTargetGroupDnsDns53Arn' } }]);
  });

  test('the same published port on two services is not CX3201 with x-elbv2', () => {
    expect(result.warnings).not.toContain('CX3201');
  });
});

describe('x-elbv2 diagnostics', () => {
  const base = (elbv2: string, services = 'web: {image: public.ecr.aws/nginx/nginx:1.27, expose: ["8080"]}') => yaml`
    name: lbs
    services:
      ${services}
    x-elbv2:
      ${elbv2}
  `;
  const errors = (text: string) => {
    const { model, diagnostics } = compileText(text);
    expect(model).toBeUndefined();
    return diagnostics.filter((d) => d.severity === 'error');
  };

  test('HTTPS without a certificate: CX3233 at the listener', () => {
    const text = base(`lb: {Listeners: [{Port: 443, Protocol: HTTPS, Targets: [{name: "web:web:8080"}]}], Services: {"web:web:8080": {port: 8080}}}`);
    const found = errors(text);
    expect(located(found)).toEqual([`CX3233 ${at(text, '{Port: 443')}`]);
    expect(found[0].message).toBe('HTTPS listener 443 has no certificate');
  });

  test('duplicate listener ports: CX3232 at the second', () => {
    const text = base(`lb: {Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}, {Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}], Services: {"web:web:8080": {port: 8080}}}`);
    expect(located(errors(text))).toEqual([`CX3232 ${atAfter(text, '}]}, {Port: ', '80')}`]);
  });

  test('a target service that does not declare the port: CX3231', () => {
    const text = base(`lb: {Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:9000"}]}], Services: {"web:web:9000": {port: 9000}}}`);
    const found = errors(text);
    expect(found.map((d) => d.code)).toEqual(['CX3231']);
    expect(found[0].message).toContain("service 'web' declares no TCP port 9000 (it declares 8080/tcp)");
  });

  test('a service not in the named family, and an unknown family', () => {
    const text = base(`lb: {Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}], Services: {"other:web:8080": {port: 8080}, "web:web:8080": {port: 8080}}}`);
    expect(errors(text).map((d) => d.code)).toEqual(['CX3001']);
  });

  test('a target not declared in Services: CX3231 naming the declared ones', () => {
    const text = base(`lb: {Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "api:api:8080"}]}], Services: {"web:web:8080": {port: 8080}}}`);
    const found = errors(text);
    expect(located(found)).toEqual([`CX3231 ${at(text, '"api:api:8080"')}`]);
    expect(found[0].hint).toBe('name one of: web:web:8080');
  });

  test('host/path routing on a network load balancer: CX3234', () => {
    const text = base(`lb: {Properties: {Type: network}, Listeners: [{Port: 80, Protocol: TCP, Targets: [{name: "web:web:8080", access: /api}]}], Services: {"web:web:8080": {port: 8080, protocol: TCP}}}`);
    expect(errors(text).map((d) => d.code)).toEqual(['CX3234']);
  });

  test("health checks as ECS ComposeX writes them: codes alone, and the codes before the path (read as path:codes, CX3209)", () => {
    const checks = (healthcheck: string) => {
      const text = base(`lb: {Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}], Services: {"web:web:8080": {port: 8080, healthcheck: "${healthcheck}"}}}`);
      const { model, diagnostics } = compileText(text);
      return { text, check: model!.elbv2![0].targetGroups[0].healthCheck, warnings: diagnostics.filter((d) => d.severity === 'warning' && d.code === 'CX3209') };
    };
    const codesOnly = checks('8080:HTTP:200');
    expect(codesOnly.check).toEqual({ protocol: 'HTTP', port: 8080, path: '/', matcher: '200' });
    expect(codesOnly.warnings).toEqual([]);
    const swapped = checks('443:HTTP:4:2:10:5:200:/health');
    expect(swapped.check).toEqual({ protocol: 'HTTP', port: 443, healthyThreshold: 4, unhealthyThreshold: 2, intervalSeconds: 10, timeoutSeconds: 5, path: '/health', matcher: '200' });
    expect(located(swapped.warnings, 'warning')).toEqual([`CX3209 ${at(swapped.text, '"443:HTTP')}`]);
    expect(swapped.warnings[0].hint).toBe("write '443:HTTP:4:2:10:5:/health:200'");
    // Neither a path nor codes: still refused.
    expect(errors(base(`lb: {Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}], Services: {"web:web:8080": {port: 8080, healthcheck: "8080:HTTP:health:200"}}}`)).map((d) => d.code)).toEqual(['CX3236']);
  });

  test('a malformed access, health check and default action', () => {
    const text = base(
      `lb: {Listeners: [{Port: 80, Protocol: HTTP, DefaultActions: [{Redirect: HTTPS_PLEASE}]}, {Port: 81, Protocol: HTTP, Targets: [{name: "web:web:8080", access: "no spaces allowed"}]}], Services: {"web:web:8080": {port: 8080, healthcheck: "8080:HTTP:1:1:1:1"}}}`,
    );
    expect(errors(text).map((d) => d.code).sort()).toEqual(['CX3234', 'CX3235', 'CX3236']);
  });

  test('a listener with nothing to do: CX3232', () => {
    const text = base(`lb: {Listeners: [{Port: 80, Protocol: HTTP}], Services: {}}`);
    expect(errors(text).map((d) => d.code)).toEqual(['CX3232']);
  });

  test('an HTTP listener with certificates becomes HTTPS, with a warning; no Ingress is a warning', () => {
    const text = base(`lb: {Listeners: [{Port: 443, Protocol: HTTP, Certificates: ["${CERT}"], Targets: [{name: "web:web:8080"}]}], Services: {"web:web:8080": {port: 8080}}}`);
    const { model, diagnostics } = compileText(text);
    expect(model?.elbv2?.[0].listeners[0]).toMatchObject({ protocol: 'HTTPS', sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
    expect(located(diagnostics, 'warning')).toEqual([`CX3239 ${at(text, 'lb:')}`, `CX3238 ${at(text, 'HTTP, Cert')}`].sort((a, b) => (a.split(' ')[1] < b.split(' ')[1] ? -1 : 1)));
  });

  test('published ports no load balancer sends to: CX3242', () => {
    const text = base(`lb: {Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}], MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}, Services: {"web:web:8080": {port: 8080}}}`, 'web: {image: public.ecr.aws/nginx/nginx:1.27, ports: ["8080:8080", "9090:9090"]}');
    const { model, diagnostics } = compileText(text);
    expect(model).toBeDefined();
    expect(located(diagnostics, 'warning')).toEqual([`CX3242 ${at(text, '"9090:9090"')}`]);
  });

  test('cross_zone on an application load balancer: true is what an ALB does (accepted, no attribute), false is refused where written', () => {
    const lb = (value: string) => base(`lb: {Properties: {Type: application}, MacroParameters: {cross_zone: ${value}, Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}, Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}], Services: {"web:web:8080": {port: 8080}}}`);
    const on = compileText(lb('true'));
    expect(located(on.diagnostics, 'error')).toEqual([]);
    expect(on.model!.elbv2![0].attributes.map((a) => a.key)).not.toContain('load_balancing.cross_zone.enabled');
    const text = lb('false');
    const off = compileText(text);
    expect(located(off.diagnostics, 'error')).toEqual([`CX3230 ${at(text, 'cross_zone')}`]);
    expect(off.diagnostics[0].message).toMatch(/always balances across zones/);
  });

  test("Settings of ECS ComposeX's first releases: attribute shortcuts read as MacroParameters (CX3255); Subnets naming composex's own subnets accepted, others refused; S3Logs, which ECS ComposeX does not read, left out (CX3257)", () => {
    const lb = (settings: string, scheme = 'internet-facing') =>
      base(`lb: {Properties: {Scheme: ${scheme}}, Settings: ${settings}, MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}, Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}], Services: {"web:web:8080": {port: 8080}}}`);
    const text = lb('{timeout_seconds: 120, drop_invalid_header_fields: true, Subnets: PublicSubnets}');
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'error')).toEqual([]);
    expect(located(diagnostics, 'warning').filter((w) => w.startsWith('CX3255'))).toEqual([`CX3255 ${at(text, 'timeout_seconds')}`, `CX3255 ${at(text, 'drop_invalid_header_fields')}`]);
    expect(model!.elbv2![0].attributes).toEqual(expect.arrayContaining([{ key: 'idle_timeout.timeout_seconds', value: '120' }, { key: 'routing.http.drop_invalid_header_fields.enabled', value: 'true' }]));
    const result = renderText(text);
    const [balancer] = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(balancer.resource.Properties!.LoadBalancerAttributes).toEqual(expect.arrayContaining([{ Key: 'idle_timeout.timeout_seconds', Value: '120' }]));
    expect(located(compileText(lb('{Subnets: AppSubnets}', 'internal')).diagnostics, 'error')).toEqual([]);
    const other = lb('{Subnets: AppSubnets}');
    expect(located(compileText(other).diagnostics, 'error')).toEqual([`CX3230 ${at(other, 'AppSubnets')}`]);
    const logs = lb('{S3Logs: "b:/p"}');
    const logged = compileText(logs);
    expect(located(logged.diagnostics, 'error')).toEqual([]);
    expect(located(logged.diagnostics, 'warning').filter((w) => w.startsWith('CX3257'))).toEqual([`CX3257 ${at(logs, 'S3Logs')}`]);
    expect(logged.model!.elbv2![0].attributes.filter((a) => a.key.startsWith('access_logs'))).toEqual([]);
  });

  test('Lookup and unknown Properties are refused, not ignored (Settings.S3Logs is left out with a warning)', () => {
    const text = base(`lb: {Lookup: {loadbalancer: {}}, Settings: {S3Logs: "b:/p"}, Properties: {Name: x}, Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}], Services: {"web:web:8080": {port: 8080}}}`);
    expect(errors(text).map((d) => d.code)).toEqual(['CX3230', 'CX3230']);
  });

  test('an internet-facing ALB with a single-zone VPC: CX3208', () => {
    const text = yaml`
      name: lbs
      services:
        web: {image: public.ecr.aws/nginx/nginx:1.27, expose: ["8080"]}
      x-vpc: {MaxAzs: 1}
      x-elbv2:
        lb: {Properties: {Scheme: internet-facing}, Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web"}]}], Services: {"web:web:8080": {port: 8080}}}
    `;
    expect(errors(text).map((d) => d.code)).toEqual(['CX3208']);
  });

  test("ECS ComposeX's earlier list form of Services, a family:service target, and HealthCheck* properties", () => {
    const text = base(
      `lb: {MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}, Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web", access: /}]}], Services: [{name: "web:web", port: 8080, protocol: HTTP, healthcheck: {HealthCheckPath: /ready, Matcher: {HttpCode: "204"}, HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 4}}]}`,
    );
    const { model, diagnostics } = compileText(text);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(model!.elbv2![0].targetGroups).toEqual([
      {
        id: 'WebWeb8080',
        family: 'web',
        service: 'web',
        containerPort: 8080,
        protocol: 'HTTP',
        healthCheck: { protocol: 'HTTP', path: '/ready', matcher: '204', intervalSeconds: 10, timeoutSeconds: 4 },
        attributes: [{ key: 'deregistration_delay.timeout_seconds', value: '30' }],
      },
    ]);
  });

  test('a family in more than 5 target groups (ECS: target groups per service): CX3237', () => {
    const ports = [8080, 8081, 8082, 8083, 8084, 8085];
    const text = base(
      `lb: {MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}, Listeners: [${ports.map((p) => `{Port: ${p}, Protocol: HTTP, Targets: [{name: "web:web:${p}"}]}`).join(', ')}], Services: {${ports.map((p) => `"web:web:${p}": {port: ${p}}`).join(', ')}}}`,
      `web: {image: public.ecr.aws/nginx/nginx:1.27, expose: [${ports.map((p) => `"${p}"`).join(', ')}]}`,
    );
    const found = errors(text);
    expect(found.map((d) => d.code)).toEqual(['CX3237']);
    expect(found[0].message).toContain("family 'web' is the target of 6 x-elbv2 target groups");
  });

  test('CloudFormation-style default actions, a 404 where no target takes every request, an unused Services entry warned (CX3240)', () => {
    const text = base(
      `lb: {MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}, Listeners: [{Port: 80, Protocol: HTTP, DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS, Port: "8443", StatusCode: HTTP_302}}]}, {Port: 81, Protocol: HTTP, DefaultActions: [{Type: fixed-response, FixedResponseConfig: {StatusCode: "503", ContentType: text/plain, MessageBody: down}}]}, {Port: 82, Protocol: HTTP, Targets: [{name: "web:web:8080", access: /app/*}]}], Services: {"web:web:8080": {port: 8080}, "web:web:9090": {port: 9090}}}`,
      'web: {image: public.ecr.aws/nginx/nginx:1.27, expose: ["8080", "9090"]}',
    );
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics, 'warning')).toEqual([`CX3240 ${at(text, '"web:web:9090"')}`]);
    const [l80, l81, l82] = model!.elbv2![0].listeners;
    expect(l80.defaultAction).toEqual({ type: 'redirect', protocol: 'HTTPS', port: '8443', statusCode: 'HTTP_302' });
    expect(l81.defaultAction).toEqual({ type: 'fixed-response', statusCode: '503', contentType: 'text/plain', messageBody: 'down' });
    expect(l82.defaultAction).toEqual({ type: 'fixed-response', statusCode: '404', contentType: 'text/plain', messageBody: 'Not Found' });
    expect(l82.rules).toEqual([{ priority: 1, paths: ['/app/*'], action: { type: 'forward', targetGroup: 'WebWeb8080' } }]);
    expect(model!.elbv2![0].targetGroups.map((t) => t.id)).toEqual(['WebWeb8080']);
  });
});
