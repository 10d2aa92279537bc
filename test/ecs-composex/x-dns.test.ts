/**
 * ECS ComposeX's `x-dns` (PublicZone, PrivateNamespace, Records), read as composex's x-route53
 * zone, x-cloudmap namespace and x-elbv2 alias records: the templates (every one through the
 * bundled CloudFormation validator), and each diagnostic at its place in the compose file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { validateTemplates } from '../../src/render/validate';
import { X_DNS_KEYS, X_DNS_RECORD_KEYS, X_DNS_RECORD_PROPERTIES, X_DNS_ZONE_KEYS } from '../../src/resolve/x-dns';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';
import { at, compileText, located, renderText } from '../dialect/helpers';

const ZONE = 'Z0123456789ABCDEFGHIJ';
const NS = 'ns-abcdefghij012345';

function project(xdns: string, extra = '') {
  return yaml`
    name: dns
    services:
      web: {image: public.ecr.aws/nginx/nginx:1.27, expose: ["8080"]}
    x-dns:
      ${xdns}
    x-elbv2:
      lb:
        Properties: {Scheme: internet-facing}
        MacroParameters: {Ingress: {ExtSources: [{IPv4: 0.0.0.0/0}]}}
        Listeners: [{Port: 80, Protocol: HTTP, Targets: [{name: "web:web:8080"}]}]
        Services: {"web:web:8080": {port: 8080}}
    ${extra}
  `;
}

function render(text: string) {
  const result = renderText(text);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

/** `code line:column` of the x-dns findings (CX3266–CX3270) and of unknown keys. */
function findings(text: string, severity?: 'error' | 'warning'): string[] {
  return located(compileText(text).diagnostics.filter((d) => /^CX(326[6-9]|3270|3301|1430)$/.test(d.code)), severity);
}

describe('PublicZone', () => {
  test('Name and Use: an existing zone by id, read without the unsupported-keys flag; nothing created', () => {
    const text = project(`PublicZone: {Name: example.com, Use: ${ZONE}}`);
    const { model, diagnostics } = compileText(text);
    expect(located(diagnostics)).toEqual([]);
    expect(model!.hostedZones).toEqual([{ name: 'x-dns.PublicZone', logicalId: 'XDnsPublicZone', zoneName: 'example.com', zoneId: ZONE }]);
    const result = render(text);
    expect(resourcesOf(result, 'AWS::Route53::HostedZone')).toEqual([]);
    const root = result.files.find((f) => f.path === 'dns.json')!.template;
    expect(Object.keys(root.Parameters ?? {}).filter((p) => p.startsWith('HostedZone'))).toEqual([]);
  });

  test('a certificate written with MacroParameters and no zone is validated in the PublicZone, as ECS ComposeX did', () => {
    const text = project(`PublicZone: {Name: example.com, Use: ${ZONE}}`, 'x-acm: {site: {MacroParameters: {DomainNames: [example.com, www.example.com]}}}');
    const { diagnostics } = compileText(text);
    expect(diagnostics.filter((d) => d.code === 'CX3246')).toEqual([]); // no "names no hosted zone"
    const [cert] = resourcesOf(render(text), 'AWS::CertificateManager::Certificate');
    expect(cert.resource.Properties!.DomainValidationOptions).toEqual([
      { DomainName: 'example.com', HostedZoneId: ZONE },
      { DomainName: 'www.example.com', HostedZoneId: ZONE },
    ]);
  });

  test('a certificate name outside the PublicZone cannot be validated there (CX3244, naming x-dns.PublicZone)', () => {
    const text = project(`PublicZone: {Name: example.com, Use: ${ZONE}}`, 'x-acm: {site: {MacroParameters: {DomainNames: [www.example.org]}}}');
    const d = compileText(text).diagnostics.find((x) => x.code === 'CX3244')!;
    expect(d.message).toContain('x-dns.PublicZone');
    expect(`${d.line}:${d.column}`).toBe(at(text, '[www.example.org]'));
  });

  test('Name only: a new public hosted zone in the root (retained), with a warning at PublicZone that it is not delegated; records and certificates use it', () => {
    const text = project(
      `PublicZone: {Name: example.com}
      Records: [{Properties: {Name: www.example.com, Type: A}, Target: "x-elbv2::lb"}]`,
      'x-acm: {site: {MacroParameters: {DomainNames: [www.example.com]}}}',
    );
    expect(findings(text)).toEqual([`CX3268 ${at(text, 'PublicZone:')}`]);
    const warning = compileText(text).diagnostics.find((d) => d.code === 'CX3268')!;
    expect(warning.message).toContain('registrar');
    expect(warning.hint).toContain('Use:');
    const result = render(text);
    const [zone] = resourcesOf(result, 'AWS::Route53::HostedZone');
    expect(zone.file).toBe('dns.json');
    expect(zone.id).toBe('HostedZoneXDnsPublicZone');
    expect(zone.resource).toMatchObject({ Properties: { Name: 'example.com' }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const [record] = resourcesOf(result, 'AWS::Route53::RecordSet');
    expect(record.resource.Properties).toMatchObject({ Name: 'www.example.com', Type: 'A', HostedZoneId: { Ref: 'HostedZoneXDnsPublicZoneId' } });
    const root = result.files.find((f) => f.path === 'dns.json')!.template;
    const passed = Object.values(root.Resources!).flatMap((r) => Object.values((r.Properties?.Parameters ?? {}) as Record<string, unknown>));
    expect(passed).toContainEqual({ 'Fn::GetAtt': ['HostedZoneXDnsPublicZone', 'Id'] });
  });

  test('Lookup is refused at render time, at the key, saying to write Use (CX3267)', () => {
    const text = project('PublicZone: {Name: example.com, Lookup: {RoleArn: "arn:aws:iam::123456789012:role/ro"}}');
    expect(findings(text)).toEqual([`CX3267 ${at(text, 'Lookup')}`]);
    expect(compileText(text).diagnostics.find((d) => d.code === 'CX3267')!.hint).toContain('Use: <its hosted zone id>');
  });

  test('malformed: a Use that is no zone id, no Name, a top-level domain, an unknown key, PublicNamespace (CX3266, CX3301)', () => {
    const badUse = project('PublicZone: {Name: example.com, Use: abc}');
    expect(findings(badUse)).toEqual([`CX3266 ${at(badUse, 'abc')}`]);
    const noName = project(`PublicZone: {Use: ${ZONE}}`);
    expect(findings(noName)).toEqual([`CX3266 ${at(noName, 'PublicZone:')}`]);
    const tld = project(`PublicZone: {Name: com, Use: ${ZONE}}`);
    expect(findings(tld)).toEqual([`CX3266 ${at(tld, 'com,')}`]);
    const unknown = project(`PublicZone: {Name: example.com, Use: ${ZONE}, Comment: x}`);
    expect(findings(unknown)).toEqual([`CX3301 ${at(unknown, 'Comment')}`]);
    const publicNs = project(`PublicNamespace: {Name: example.com}`);
    expect(findings(publicNs)).toEqual([`CX3266 ${at(publicNs, 'PublicNamespace')}`]);
  });

  test('the same zone in x-dns and x-route53 is an error at x-dns.PublicZone (CX3269); another zone beside it is fine', () => {
    const same = project(`PublicZone: {Name: example.com, Use: ${ZONE}}`, `x-route53: {public: {ZoneName: example.com, Lookup: true}}`);
    expect(findings(same)).toEqual([`CX3269 ${at(same, 'PublicZone:')}`]);
    const other = project(`PublicZone: {Name: example.com, Use: ${ZONE}}`, `x-route53: {public: {ZoneName: example.org, Lookup: true}}`);
    expect(findings(other)).toEqual([]);
    expect(compileText(other).model!.hostedZones!.map((z) => z.zoneName)).toEqual(['example.org', 'example.com']);
  });
});

describe('Records', () => {
  test('a record to an x-elbv2 load balancer is an alias A record in the PublicZone, in the load balancer stack', () => {
    const text = project(`PublicZone: {Name: example.com, Use: ${ZONE}}
      Records:
        - Properties: {Name: App.Example.com., Type: A}
          Target: "x-elbv2::lb"`);
    const result = render(text);
    const records = resourcesOf(result, 'AWS::Route53::RecordSet');
    expect(records).toHaveLength(1);
    expect(records[0].file).toBe('Elbv2Lb.json');
    expect(records[0].resource.Properties).toEqual({
      HostedZoneId: ZONE,
      Name: 'app.example.com',
      Type: 'A',
      AliasTarget: { DNSName: { 'Fn::GetAtt': ['LoadBalancer', 'DNSName'] }, HostedZoneId: { 'Fn::GetAtt': ['LoadBalancer', 'CanonicalHostedZoneID'] }, EvaluateTargetHealth: true },
    });
  });

  test('each record that cannot be written is an error at its place (CX3270)', () => {
    const cases: [string, string][] = [
      ['Records: [{Properties: {Name: a.example.com, Type: A}, Target: "x-s3::bucket"}]', '"x-s3::bucket"'],
      ['Records: [{Properties: {Name: a.example.com, Type: A}, Target: "x-elbv2::other"}]', '"x-elbv2::other"'],
      ['Records: [{Properties: {Name: a.example.org, Type: A}, Target: "x-elbv2::lb"}]', 'a.example.org'],
      ['Records: [{Properties: {Name: a.example.com, Type: AAAA}, Target: "x-elbv2::lb"}]', 'AAAA'],
      ['Records: [{Properties: {Name: a.example.com, Type: A, TTL: 60}, Target: "x-elbv2::lb"}]', 'TTL'],
      ['Records: [{Properties: {Name: a.example.com, HostedZoneId: ZOTHER}, Target: "x-elbv2::lb"}]', 'ZOTHER'],
    ];
    for (const [records, marker] of cases) {
      const text = project(`PublicZone: {Name: example.com, Use: ${ZONE}}\n      ${records}`);
      expect(findings(text)).toEqual([`CX3270 ${at(text, marker)}`]);
    }
    const twice = project(`PublicZone: {Name: example.com, Use: ${ZONE}}
      Records:
        - {Properties: {Name: a.example.com}, Target: "x-elbv2::lb"}
        - {Properties: {Name: a.example.com}, Target: "x-elbv2::lb"}`);
    expect(findings(twice)).toEqual([`CX3270 ${at(twice, 'a.example.com', 2)}`]);
    const noZone = project(`Records: [{Properties: {Name: a.example.com}, Target: "x-elbv2::lb"}]`);
    expect(findings(noZone)).toEqual([`CX3270 ${at(noZone, '{Properties')}`]);
  });
});

describe('PrivateNamespace', () => {
  test('Name: the project\'s Service Connect namespace is a new private DNS namespace of that name', () => {
    const result = render(project('PrivateNamespace: {Name: internal.example}'));
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::HttpNamespace')).toEqual([]);
    const [ns] = resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace');
    expect(ns.resource.Properties).toMatchObject({ Name: 'internal.example', Description: 'composex: service names of project dns (x-dns.PrivateNamespace)' });
    // the services register in it: the cluster's Service Connect default namespace
    const [cluster] = resourcesOf(result, 'AWS::ECS::Cluster');
    expect((cluster.resource.Properties as { ServiceConnectDefaults: { Namespace: unknown } }).ServiceConnectDefaults.Namespace).toEqual({ 'Fn::GetAtt': [ns.id, 'Arn'] });
  });

  test('Use: an existing namespace by id; nothing created', () => {
    const text = project(`PrivateNamespace: {Name: internal.example, Use: ${NS}}`);
    expect(compileText(text).model!.serviceConnectNamespace).toEqual({ key: 'x-dns.PrivateNamespace', kind: 'existing', id: NS });
    const result = render(text);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace')).toEqual([]);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::HttpNamespace')).toEqual([]);
    expect(JSON.stringify(result.files.map((f) => f.template))).toContain(`namespace/${NS}`);
  });

  test('Lookup refused (CX3267); a Use that is no namespace id (CX3266); beside x-cloudmap (CX3269)', () => {
    const lookup = project('PrivateNamespace: {Name: internal.example, Lookup: true}');
    expect(findings(lookup)).toEqual([`CX3267 ${at(lookup, 'Lookup')}`]);
    const badUse = project('PrivateNamespace: {Name: internal.example, Use: NS-Abcd_0123}');
    expect(findings(badUse)).toEqual([`CX3266 ${at(badUse, 'NS-Abcd_0123')}`]);
    // AWS documents a namespace id's length only (at most 64): a shorter id than today's 16 characters is not refused
    expect(findings(project('PrivateNamespace: {Name: internal.example, Use: ns-abcd012344}'))).toEqual([]);
    expect(findings(project(`PrivateNamespace: {Name: internal.example, Use: ns-${'a'.repeat(62)}}`))).toEqual([`CX3266 ${at(project(`PrivateNamespace: {Name: internal.example, Use: ns-${'a'.repeat(62)}}`), 'ns-a')}`]);
    const both = project('PrivateNamespace: {Name: internal.example}', 'x-cloudmap: {private: {ZoneName: other.example}}');
    expect(findings(both)).toEqual([`CX3269 ${at(both, 'PrivateNamespace:')}`]);
  });
});

test('docs/x-keys.md: the x-dns table lists exactly the keys the reader accepts', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'x-keys.md'), 'utf8');
  const start = doc.indexOf('\n## `x-dns`: ECS ComposeX compatibility\n');
  expect(start).toBeGreaterThan(0);
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  const listed = [...section.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
  expect(new Set(listed)).toEqual(new Set([...X_DNS_KEYS, ...X_DNS_ZONE_KEYS, ...X_DNS_RECORD_KEYS, ...X_DNS_RECORD_PROPERTIES]));
});

test("elbv2/create_only.yml (ECS ComposeX's use case): its x-dns.PublicZone {Name, Use} adds nothing to the templates, which are those of the file without x-dns", () => {
  const dir = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
  const files = ['use-cases/blog.features.yml', 'use-cases/elbv2/create_only.yml'];
  const withoutDns = path.join(projectDir({ 'no-dns.yml': 'x-dns: !reset null\n' }), 'no-dns.yml');
  const rendered = (extra: string[]) => {
    const result = renderProject({ cwd: dir, projectDirectory: dir, files: [...files, ...extra] });
    expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
    return result;
  };
  const zones = (extra: string[]) => loadAndCompile({ cwd: dir, projectDirectory: dir, files: [...files, ...extra], env: { HOME: '/home/test' } }).model!.hostedZones;
  expect(zones([])).toEqual([{ name: 'x-dns.PublicZone', logicalId: 'XDnsPublicZone', zoneName: 'lambda-my-aws.io', zoneId: 'ZABCDEFGHIS0123' }]);
  expect(zones([withoutDns])).toBeUndefined(); // the override removes x-dns
  const withDns = rendered([]);
  expect(withDns.warnings.filter((c) => /^CX(143[01]|326[6-9]|3270)$/.test(c))).toEqual([]);
  expect(JSON.stringify(withDns.files)).toBe(JSON.stringify(rendered([withoutDns]).files));
});
