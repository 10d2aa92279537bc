/**
 * `x-cloudmap` (issue 13 item 5): the Cloud Map namespace Service Connect uses, read from the
 * templates; and its diagnostics, located in the compose file.
 */
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { resourcesOf } from '../helpers/templates';
import { projectDir, yaml } from '../helpers/project-dir';

function compile(text: string) {
  return loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: { HOME: '/home/test' } });
}

function render(text: string) {
  const compiled = compile(text);
  if (!compiled.model) throw new Error(compiled.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  return { result: renderModel(compiled.model), diagnostics: compiled.diagnostics };
}

function problems(text: string) {
  return compile(text).diagnostics.filter((d) => /^CX32(6|71)/.test(d.code)).map((d) => [d.severity, d.code, d.line, d.column]);
}

const SERVICES = `
services:
  api:
    image: example/api:1
    expose: ["8080"]
  web:
    image: example/web:1
    depends_on: [api]
`;

type R = ReturnType<typeof render>['result'];

const file = (r: R, name: string) => r.files.find((f) => f.path === name)!.template;
const rootFile = (r: R) => r.files.find((f) => !f.path.includes('/') && f.template.Resources && Object.values(f.template.Resources).some((x) => x.Type === 'AWS::CloudFormation::Stack'))!;

/** The value each family stack's NamespaceArn parameter is given in the root. */
function namespaceParameters(r: R): unknown[] {
  const root = rootFile(r).template;
  return Object.values(root.Resources ?? {})
    .filter((x) => x.Type === 'AWS::CloudFormation::Stack' && (x.Properties?.Parameters as Record<string, unknown> | undefined)?.NamespaceArn !== undefined)
    .map((x) => (x.Properties!.Parameters as Record<string, unknown>).NamespaceArn);
}

function clusterDefaults(r: R): unknown {
  const [cluster] = resourcesOf(r, 'AWS::ECS::Cluster');
  return (cluster.resource.Properties as { ServiceConnectDefaults: { Namespace: unknown } }).ServiceConnectDefaults.Namespace;
}

describe('without x-cloudmap', () => {
  test('the project HTTP namespace, as before', () => {
    const { result } = render(`name: shop\n${SERVICES}`);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::HttpNamespace').map((n) => [n.id, n.resource.Properties!.Name])).toEqual([['Namespace', 'shop']]);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace')).toEqual([]);
    expect(clusterDefaults(result)).toEqual({ 'Fn::GetAtt': ['Namespace', 'Arn'] });
  });
});

describe('a declared namespace replaces the default one', () => {
  const { result, diagnostics } = render(yaml`
    name: shop
    x-cloudmap:
      private-namespace:
        ZoneName: Internal.Example.
        Properties: {}
    services:
      api:
        image: example/api:1
        expose: ["8080"]
        x-network:
          x-cloudmap:
            private-namespace:
              Port: 8080
      web:
        image: example/web:1
        depends_on: [api]
  `);

  test('a private DNS namespace named ZoneName (lower case, no final dot) in the project VPC, in the cluster stack', () => {
    expect(diagnostics.filter((d) => d.severity !== 'info' && d.code !== 'CX3701')).toEqual([]);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::HttpNamespace')).toEqual([]);
    const [ns] = resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace');
    expect(ns.id).toBe('PrivateNamespace');
    expect(ns.resource.Properties).toEqual({
      Name: 'internal.example',
      Vpc: { Ref: 'VpcId' },
      Description: 'composex: service names of project shop (x-cloudmap private-namespace)',
    });
    const cluster = file(result, ns.file);
    expect(Object.keys(cluster.Parameters ?? {})).toEqual(['VpcId']);
  });

  test('the cluster and every ECS service use it for Service Connect', () => {
    expect(clusterDefaults(result)).toEqual({ 'Fn::GetAtt': ['PrivateNamespace', 'Arn'] });
    const values = namespaceParameters(result);
    expect(values.length).toBe(2);
    for (const v of values) expect(v).toEqual({ 'Fn::GetAtt': ['ClusterStack', 'Outputs.NamespaceArn'] });
    for (const { resource } of resourcesOf(result, 'AWS::ECS::Service')) {
      expect((resource.Properties!.ServiceConnectConfiguration as { Namespace: unknown }).Namespace).toEqual({ Ref: 'NamespaceArn' });
    }
  });

  test('the service names stay the Compose names (Service Connect client aliases)', () => {
    const aliases = resourcesOf(result, 'AWS::ECS::Service').flatMap(({ resource }) =>
      ((resource.Properties!.ServiceConnectConfiguration as { Services?: { ClientAliases: { DnsName: string; Port: number }[] }[] }).Services ?? []).flatMap((s) => s.ClientAliases.map((a) => `${a.DnsName}:${a.Port}`)),
    );
    expect(aliases).toEqual(['api:8080']);
  });
});

describe('an existing namespace, without a lookup', () => {
  test('by ARN: nothing created, the ARN used as it is', () => {
    const arn = 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abcdefghij012345';
    const { result } = render(`name: shop\nx-cloudmap:\n  shared:\n    Lookup: {Arn: "${arn}"}\n${SERVICES}`);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::HttpNamespace')).toEqual([]);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace')).toEqual([]);
    expect(clusterDefaults(result)).toBe(arn);
    expect(namespaceParameters(result)).toEqual([arn, arn]);
  });

  test('with an existing cluster too: no Cluster stack at all (it would hold no resource)', () => {
    const arn = 'arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abcdefghij012345';
    const { result } = render(`name: shop\nx-cluster: {Name: core}\nx-cloudmap:\n  shared:\n    Lookup: {Arn: "${arn}"}\n${SERVICES}`);
    expect(resourcesOf(result, 'AWS::CloudFormation::Stack').map((s) => s.id)).not.toContain('ClusterStack');
    expect(namespaceParameters(result)).toEqual([arn, arn]);
  });

  test('by ID: the ARN in the stack account and region', () => {
    const { result } = render(`name: shop\nx-cloudmap:\n  shared:\n    Lookup: {Id: ns-abcdefghij012345}\n${SERVICES}`);
    const expected = {
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':servicediscovery:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':namespace/ns-abcdefghij012345']],
    };
    expect(clusterDefaults(result)).toEqual(expected);
    expect(namespaceParameters(result)).toEqual([expected, expected]);
  });
});

describe('diagnostics, located', () => {
  test('Lookup that needs an AWS call is refused with what to give instead', () => {
    const text = `x-cloudmap:\n  ns:\n    ZoneName: a.internal\n    Lookup: true\n${SERVICES}`;
    expect(problems(text)).toEqual([['error', 'CX3261', 4, 5]]);
    expect(compile(text).diagnostics.find((d) => d.code === 'CX3261')!.hint).toContain('Lookup: {Arn:');
  });

  test.each([
    ['no ZoneName', 'x-cloudmap:\n  ns: {}\n', 2, 3],
    ['a ZoneName that is not a DNS name', 'x-cloudmap:\n  ns:\n    ZoneName: "bad name"\n', 3, 15],
    ['raw Properties', 'x-cloudmap:\n  ns:\n    ZoneName: a.internal\n    Properties: {Description: x}\n', 4, 5],
    ['a bad ARN', 'x-cloudmap:\n  ns:\n    Lookup: {Arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/x"}\n', 3, 19],
  ])('%s: CX3260', (_label, top, line, column) => {
    expect(problems(`${top}${SERVICES}`)).toEqual([['error', 'CX3260', line, column]]);
  });

  test('a service naming an undeclared namespace: CX3262; a Port it does not declare: CX3271, a warning', () => {
    const undeclared = `x-cloudmap:\n  ns:\n    ZoneName: a.internal\nservices:\n  api:\n    image: x\n    x-network:\n      x-cloudmap: nss\n`;
    expect(problems(undeclared)).toEqual([['error', 'CX3262', 8, 19]]);
    expect(compile(undeclared).diagnostics.find((d) => d.code === 'CX3262')!.hint).toContain("did you mean 'ns'?");
    const port = `x-cloudmap:\n  ns:\n    ZoneName: a.internal\nservices:\n  api:\n    image: x\n    expose: ["8080"]\n    x-network:\n      x-cloudmap:\n        ns: {Port: 9090}\n`;
    expect(problems(port)).toEqual([['warning', 'CX3271', 10, 20]]);
  });

  test('services in different namespaces: CX3263 at the second', () => {
    const text = yaml`
      x-cloudmap:
        one: {ZoneName: one.internal}
        two: {ZoneName: two.internal}
      services:
        a:
          image: x
          x-network: {x-cloudmap: one}
        b:
          image: x
          x-network: {x-cloudmap: two}
    `;
    expect(problems(text)).toEqual([['error', 'CX3263', 10, 29]]);
  });

  test('several namespaces, none chosen: CX3264; one chosen: the others are not created (CX3265)', () => {
    expect(problems(`x-cloudmap:\n  one: {ZoneName: one.internal}\n  two: {ZoneName: two.internal}\n${SERVICES}`)).toEqual([['error', 'CX3264', 1, 1]]);
    const text = `x-cloudmap:\n  one: {ZoneName: one.internal}\n  two: {ZoneName: two.internal}\nservices:\n  api:\n    image: x\n    x-network: {x-cloudmap: two}\n`;
    expect(problems(text)).toEqual([['warning', 'CX3265', 2, 3]]);
    const { result } = render(text);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace').map((n) => n.resource.Properties!.Name)).toEqual(['two.internal']);
  });

  test('x-cloudmap is no longer an unsupported key', () => {
    expect(compile(`x-cloudmap:\n  ns: {ZoneName: a.internal}\n${SERVICES}`).diagnostics.filter((d) => d.code === 'CX1430')).toEqual([]);
  });
});
