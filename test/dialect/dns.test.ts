/** x-route53 (existing zones, no AWS call) and x-acm (DNS-validated or existing certificates) with x-elbv2. */
import { yaml } from '../helpers/project-dir';
import { resourcesOf } from '../helpers/templates';
import { at, compileText, located, renderText } from './helpers';

const ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/12345678-1234-1234-1234-123456789012';

function project(dns: string, certificates = '[{x-acm: site}]', aliases = '') {
  return yaml`
    name: dns
    services:
      web: {image: public.ecr.aws/nginx/nginx:1.27, expose: ["8080"]}
    ${dns}
    x-elbv2:
      lb:
        Properties: {Scheme: internet-facing}
        MacroParameters: {Ingress: {ExtSources: [{IPv4: 0.0.0.0/0}]}}
        ${aliases}
        Listeners: [{Port: 443, Protocol: HTTPS, Certificates: ${certificates}, Targets: [{name: "web:web:8080"}]}]
        Services: {"web:web:8080": {port: 8080}}
  `;
}

test('a zone given as Lookup: true is a root-stack parameter; the certificate and the alias record use it', () => {
  const text = project(
    `x-route53: {public: {ZoneName: example.com, Lookup: true}}
    x-acm: {site: {MacroParameters: {DomainNames: [www.example.com], Route53Zone: "x-route53::public"}}}`,
    '[{x-acm: site}]',
    'DnsAliases: [{Route53Zone: "x-route53::public", Names: [www.example.com]}]',
  );
  const result = renderText(text);
  const root = result.files.find((f) => f.path === 'dns.json')!.template;
  expect(root.Parameters?.HostedZonePublicId).toMatchObject({ Type: 'AWS::Route53::HostedZone::Id' });
  const [cert] = resourcesOf(result, 'AWS::CertificateManager::Certificate');
  expect(cert.resource.Properties).toEqual({ DomainName: 'www.example.com', ValidationMethod: 'DNS', DomainValidationOptions: [{ DomainName: 'www.example.com', HostedZoneId: { Ref: 'HostedZonePublicId' } }] });
  const [record] = resourcesOf(result, 'AWS::Route53::RecordSet');
  expect(record.resource.Properties).toMatchObject({ HostedZoneId: { Ref: 'HostedZonePublicId' }, Name: 'www.example.com', Type: 'A' });
  // No AWS call: nothing in the templates was looked up.
  expect(result.warnings).toEqual([]);
});

test('an existing certificate by ARN (x-acm Arn) is attached as written; nothing is created', () => {
  const result = renderText(project(`x-acm: {site: {Arn: "${ARN}"}}`));
  expect(resourcesOf(result, 'AWS::CertificateManager::Certificate')).toEqual([]);
  const [listener] = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::Listener');
  expect(listener.resource.Properties!.Certificates).toEqual([{ CertificateArn: ARN }]);
});

test('ECS ComposeX Properties with DomainValidationOptions are read; a certificate without a zone is warned about', () => {
  const { model } = compileText(
    project(`x-acm: {site: {Properties: {DomainName: example.com, SubjectAlternativeNames: [a.example.com], ValidationMethod: DNS, DomainValidationOptions: [{DomainName: example.com, HostedZoneId: ZABCDEFGHIS0123}]}}}`),
  );
  expect(model?.certificates?.[0].validation).toEqual([
    { domainName: 'example.com', zone: { kind: 'id', id: 'ZABCDEFGHIS0123' } },
    { domainName: 'a.example.com', zone: { kind: 'id', id: 'ZABCDEFGHIS0123' } },
  ]);
  const text = project(`x-acm: {site: {MacroParameters: {DomainNames: [example.com]}}}`);
  const { diagnostics } = compileText(text);
  expect(located(diagnostics, 'warning')).toEqual([`CX3246 ${at(text, 'site:')}`]);
});

test('errors: a zone without its id, a created zone, a name outside the zone, an unknown zone, an unknown certificate, EMAIL validation', () => {
  const cases: [string, string, string?, string?][] = [
    ['x-route53: {public: {ZoneName: example.com}}', 'CX3243', `["${ARN}"]`],
    ['x-route53: {public: {ZoneName: example.com, Properties: {Name: example.com}}}', 'CX3243', `["${ARN}"]`],
    ['x-route53: {public: {ZoneName: example.com, Lookup: {HostedZoneId: nope}}}', 'CX3243', `["${ARN}"]`],
    [`x-route53: {public: {ZoneName: example.com, Lookup: true}}\n    x-acm: {site: {MacroParameters: {DomainNames: [www.example.org], Route53Zone: "x-route53::public"}}}`, 'CX3244'],
    [`x-acm: {site: {MacroParameters: {DomainNames: [example.com], Route53Zone: "x-route53::nope"}}}`, 'CX3245'],
    [`x-acm: {site: {Properties: {DomainName: example.com, ValidationMethod: EMAIL}}}`, 'CX3244'],
    [`x-acm: {site: {Lookup: {Tags: [{Name: site}]}}}`, 'CX3244'],
    [`x-acm: {site: {Arn: "${ARN}"}}`, 'CX3233', '[{x-acm: other}]'],
    [`x-route53: {public: {ZoneName: example.com, Lookup: true}}\n    x-acm: {site: {Arn: "${ARN}"}}`, 'CX3245', undefined, 'DnsAliases: [{Route53Zone: "x-route53::public", Names: [www.example.org]}]'],
  ];
  for (const [dns, code, certificates, aliases] of cases) {
    const { model, diagnostics } = compileText(project(dns, certificates, aliases));
    expect([dns, model]).toEqual([dns, undefined]);
    expect([dns, diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)]).toEqual([dns, [code]]);
  }
});

test('certificates and alias names that differ only in punctuation get distinct parameters and records', () => {
  const text = yaml`
    name: dns
    services:
      web: {image: public.ecr.aws/nginx/nginx:1.27, expose: ["8080"]}
    x-route53: {public: {ZoneName: example.com, Lookup: {HostedZoneId: Z0123456789ABCDEFGHIJ}}}
    x-acm:
      a-b: {MacroParameters: {DomainNames: [a.example.com], Route53Zone: "x-route53::public"}}
      a_b: {MacroParameters: {DomainNames: [b.example.com], Route53Zone: "x-route53::public"}}
    x-elbv2:
      lb:
        MacroParameters: {Ingress: {ExtSources: [{IPv4: 10.0.0.0/8}]}}
        DnsAliases: [{Route53Zone: "x-route53::public", Names: [a-b.example.com, a.b.example.com]}]
        Listeners: [{Port: 443, Protocol: HTTPS, Certificates: [{x-acm: a-b}, {x-acm: a_b}], Targets: [{name: "web:web:8080"}]}]
        Services: {"web:web:8080": {port: 8080}}
  `;
  const result = renderText(text);
  const [listener] = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::Listener');
  const [extra] = resourcesOf(result, 'AWS::ElasticLoadBalancingV2::ListenerCertificate');
  const first = JSON.stringify(listener.resource.Properties!.Certificates);
  const second = JSON.stringify(extra.resource.Properties!.Certificates);
  expect(first).not.toEqual(second);
  expect(resourcesOf(result, 'AWS::Route53::RecordSet').map((r) => r.resource.Properties!.Name).sort()).toEqual(['a-b.example.com', 'a.b.example.com']);
});
