/**
 * `Settings.x-cloudmap` on x-rds, x-dynamodb and x-s3 (issue 13): the resource registered in the project's
 * Cloud Map namespace, read from the templates (every one through the bundled validator); and its
 * diagnostics, located in the compose file.
 */
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { resourcesOf } from '../helpers/templates';
import { projectDir, yaml } from '../helpers/project-dir';

function compile(text: string) {
  return loadAndCompile({ cwd: projectDir({ 'compose.yaml': text }), env: { HOME: '/home/test' } });
}

function render(text: string) {
  const compiled = compile(text);
  if (!compiled.model) throw new Error(compiled.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`).join('\n'));
  const result = renderModel(compiled.model);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return { result, diagnostics: compiled.diagnostics };
}

/** `severity CODE line:column` of the diagnostics of this feature. */
function problems(text: string): string[] {
  return compile(text)
    .diagnostics.filter((d) => /^CX(327[2-5]|3301|326)/.test(d.code))
    .map((d) => `${d.severity} ${d.code} ${d.line}:${d.column}`);
}

const PROJECT = yaml`
  name: shop
  x-cloudmap:
    private-namespace:
      ZoneName: testing.cluster
  services:
    api:
      image: example/api:1
      expose: ["8080"]
  x-rds:
    orders-db:
      Properties: {Engine: postgres, EngineVersion: "16.4"}
      Settings:
        x-cloudmap: private-namespace
      Services:
        api: {Access: {DBInstance: RO}}
    reports:
      Properties: {Engine: aurora-postgresql, EngineVersion: "16.4"}
      Settings:
        x-cloudmap:
          Namespace: private-namespace
          DnsSettings: {Hostname: reports-db.testing.cluster}
          ReturnValues: {Endpoint.Port: Port}
          AdditionalAttributes: {Team: data}
      Services:
        api: {Access: {DBCluster: RO}}
  x-dynamodb:
    orders:
      Properties:
        AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
        KeySchema: [{AttributeName: id, KeyType: HASH}]
      Settings:
        x-cloudmap: private-namespace
      Services:
        api: {Access: RW}
    carts:
      Properties:
        AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
        KeySchema: [{AttributeName: id, KeyType: HASH}]
      Settings:
        x-cloudmap:
          Namespace: private-namespace
          ReturnValues: {Name: TableName}
      Services:
        api: {Access: RW}
`;

describe('resources registered in the namespace', () => {
  const { result, diagnostics } = render(PROJECT);
  const services = resourcesOf(result, 'AWS::ServiceDiscovery::Service');
  const instances = resourcesOf(result, 'AWS::ServiceDiscovery::Instance');
  const byId = (list: typeof services, id: string) => list.find((s) => s.id === id)!.resource.Properties!;

  test('one service and one instance per resource, in the CloudMap stack', () => {
    expect(services.map((s) => [s.file, s.id])).toEqual([
      ['CloudMap.json', 'DatabaseOrdersDbCloudMapService'],
      ['CloudMap.json', 'DatabaseReportsCloudMapService'],
      ['CloudMap.json', 'TableCartsCloudMapService'],
      ['CloudMap.json', 'TableOrdersCloudMapService'],
    ]);
    expect(instances.map((s) => s.id)).toEqual(services.map((s) => s.id.replace(/Service$/, 'Instance')));
    expect(diagnostics.filter((d) => /^CX327/.test(d.code))).toEqual([]);
  });

  test('in the project namespace: its id from the NamespaceArn parameter, which the root gives from the namespace', () => {
    const ns = { 'Fn::Select': [1, { 'Fn::Split': ['/', { Ref: 'NamespaceArn' }] }] };
    for (const s of services) expect(s.resource.Properties!.NamespaceId).toEqual(ns);
    const root = result.files.find((f) => Object.values(f.template.Resources ?? {}).some((r) => r.Type === 'AWS::CloudFormation::Stack' && JSON.stringify(r.Properties?.TemplateURL ?? '').includes('CloudMap')))!;
    const stack = Object.entries(root.template.Resources!).find(([id]) => id === 'CloudMapStack')![1];
    expect((stack.Properties!.Parameters as Record<string, unknown>).NamespaceArn).toEqual({ 'Fn::GetAtt': ['ClusterStack', 'Outputs.NamespaceArn'] });
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace').map((n) => n.resource.Properties!.Name)).toEqual(['testing.cluster']);
  });

  test('a database by name alone: a CNAME <name without dashes>.<zone> to its endpoint address', () => {
    expect(byId(services, 'DatabaseOrdersDbCloudMapService')).toMatchObject({
      Name: 'ordersdb',
      DnsConfig: { RoutingPolicy: 'WEIGHTED', DnsRecords: [{ Type: 'CNAME', TTL: 15 }] },
    });
    expect(byId(services, 'DatabaseOrdersDbCloudMapService').Type).toBeUndefined();
    expect(byId(instances, 'DatabaseOrdersDbCloudMapInstance')).toEqual({
      InstanceId: 'orders-db',
      ServiceId: { 'Fn::GetAtt': ['DatabaseOrdersDbCloudMapService', 'Id'] },
      InstanceAttributes: { AWS_INSTANCE_CNAME: { Ref: 'DatabaseOrdersDbEndpointAddress' } },
    });
  });

  test('a database with DnsSettings, ReturnValues and AdditionalAttributes: Hostname without the zone, and custom attributes', () => {
    expect(byId(services, 'DatabaseReportsCloudMapService').Name).toBe('reports-db');
    expect(byId(instances, 'DatabaseReportsCloudMapInstance').InstanceAttributes).toEqual({
      AWS_INSTANCE_CNAME: { Ref: 'DatabaseReportsEndpointAddress' },
      Port: { Ref: 'DatabaseReportsEndpointPort' },
      Team: 'data',
    });
  });

  test('a table: an HTTP service named after it, with its name and ARN (by default) or the ReturnValues asked', () => {
    expect(byId(services, 'TableOrdersCloudMapService')).toMatchObject({ Name: 'orders', Type: 'HTTP' });
    expect(byId(services, 'TableOrdersCloudMapService').DnsConfig).toBeUndefined();
    expect(byId(instances, 'TableOrdersCloudMapInstance').InstanceAttributes).toEqual({ TableName: { Ref: 'TableOrdersTableName' }, Arn: { Ref: 'TableOrdersArn' } });
    expect(byId(instances, 'TableCartsCloudMapInstance').InstanceAttributes).toEqual({ TableName: { Ref: 'TableCartsTableName' } });
  });
});

test('a bucket by name alone: its name, ARN and domain name, as ECS ComposeX names them', () => {
  const { result } = render(yaml`
    x-cloudmap:
      ns: {ZoneName: testing.cluster}
    services:
      api: {image: example/api:1}
    x-s3:
      uploads:
        Services: {api: {Access: {objects: RW}}}
        Settings: {x-cloudmap: ns}
  `);
  const [service] = resourcesOf(result, 'AWS::ServiceDiscovery::Service');
  expect([service.id, service.resource.Properties!.Name, service.resource.Properties!.Type]).toEqual(['BucketUploadsCloudMapService', 'uploads', 'HTTP']);
  expect(resourcesOf(result, 'AWS::ServiceDiscovery::Instance')[0].resource.Properties!.InstanceAttributes).toEqual({
    BucketName: { Ref: 'BucketUploadsBucketName' },
    BucketArn: { Ref: 'BucketUploadsArn' },
    DomainName: { Ref: 'BucketUploadsDomainName' },
  });
});

test('without Settings.x-cloudmap nothing is registered and there is no CloudMap stack', () => {
  const { result } = render(PROJECT.replace(/ {4}Settings:\n {6}x-cloudmap: private-namespace\n/g, '').replace(/ {4}Settings:\n {6}x-cloudmap:\n( {8}.*\n)+/g, ''));
  expect(resourcesOf(result, 'AWS::ServiceDiscovery::Service')).toEqual([]);
  expect(result.files.map((f) => f.path)).not.toContain('CloudMap.json');
});

test('resources choose the namespace when several are declared and no service names one', () => {
  const { result, diagnostics } = render(yaml`
    x-cloudmap:
      a: {ZoneName: a.internal}
      b: {ZoneName: b.internal}
    services:
      api: {image: example/api:1}
    x-dynamodb:
      orders:
        Properties:
          AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
          KeySchema: [{AttributeName: id, KeyType: HASH}]
        Settings: {x-cloudmap: b}
        Services: {api: {Access: RW}}
  `);
  expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace').map((n) => n.resource.Properties!.Name)).toEqual(['b.internal']);
  expect(diagnostics.filter((d) => d.code === 'CX3265').map((d) => `${d.line}:${d.column}`)).toEqual(['2:3']);
});

const TABLE = (settings: string) => yaml`
  x-cloudmap:
    private-namespace: {ZoneName: testing.cluster}
  services:
    api:
      image: example/api:1
      x-network: {x-cloudmap: private-namespace}
  x-dynamodb:
    orders:
      Properties:
        AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
        KeySchema: [{AttributeName: id, KeyType: HASH}]
      Services: {api: {Access: RW}}
      Settings:
        x-cloudmap: ${settings}
`;

describe('refused, at the key', () => {
  test('an undeclared namespace, with a did-you-mean', () => {
    expect(problems(TABLE('private-namespce'))).toEqual(['error CX3273 14:19']);
    expect(compile(TABLE('private-namespce')).diagnostics.find((d) => d.code === 'CX3273')!.hint).toContain("did you mean 'private-namespace'?");
    expect(problems(TABLE('{Namespace: other}'))).toEqual(['error CX3273 14:31']);
  });

  test('a namespace other than the project one', () => {
    const text = TABLE('second').replace('  private-namespace: {ZoneName: testing.cluster}\n', '  private-namespace: {ZoneName: testing.cluster}\n  second: {ZoneName: second.cluster}\n');
    expect(problems(text)).toEqual(['warning CX3265 3:3', 'error CX3273 15:19']);
    expect(compile(text).diagnostics.find((d) => d.code === 'CX3273')!.message).toContain("the project's namespace is 'private-namespace'");
  });

  test('a looked-up resource', () => {
    const text = yaml`
      x-cloudmap:
        ns: {ZoneName: testing.cluster}
      services:
        api: {image: example/api:1}
      x-dynamodb:
        legacy:
          Lookup: {Arn: "arn:aws:dynamodb:eu-west-1:123456789012:table/legacy"}
          Services: {api: {Access: RO}}
          Settings: {x-cloudmap: ns}
    `;
    expect(problems(text)).toEqual(['error CX3274 9:16']);
  });

  test('an unknown key (CX3301, as every unknown key), an attribute the resource lacks, an attribute name Cloud Map reserves', () => {
    expect(problems(TABLE('{Namespace: private-namespace, ReturnValues: {Arn: Arn}, Port: 5432}'))).toEqual(['error CX3301 14:76']);
    expect(problems(TABLE('{Namespace: private-namespace, ReturnValues: {StreamArn: Stream}}'))).toEqual(['error CX3272 14:65']);
    expect(problems(TABLE('{Namespace: private-namespace, ReturnValues: {Arn: AWS_ARN}}'))).toEqual(['error CX3272 14:70']);
  });

  test('a Hostname that is not a DNS name (an empty label); several labels are one service name, as Cloud Map takes them', () => {
    const text = yaml`
      x-cloudmap:
        ns: {ZoneName: testing.cluster}
      services:
        api: {image: example/api:1}
      x-rds:
        orders:
          Properties: {Engine: postgres, EngineVersion: "16.4"}
          Services: {api: {Access: {DBInstance: RO}}}
          Settings:
            x-cloudmap:
              Namespace: ns
              DnsSettings: {Hostname: "db..zone"}
    `;
    expect(problems(text)).toEqual(['error CX3272 12:33']);
    expect(problems(text.replace('"db..zone"', 'db.other.zone'))).toEqual([]);
  });

  test('a table registered with nothing to find', () => {
    expect(problems(TABLE('{Namespace: private-namespace}'))).toEqual(['error CX3272 14:7']);
  });

  test('a Cloud Map service name taken by another resource or by a Service Connect port', () => {
    const text = yaml`
      x-cloudmap:
        ns: {ZoneName: testing.cluster}
      services:
        api: {image: example/api:1, expose: ["8080"]}
      x-rds:
        orders:
          Properties: {Engine: postgres, EngineVersion: "16.4"}
          Services: {api: {Access: {DBInstance: RO}}}
          Settings: {x-cloudmap: ns}
      x-dynamodb:
        orders:
          Properties:
            AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
            KeySchema: [{AttributeName: id, KeyType: HASH}]
          Services: {api: {Access: RW}}
          Settings: {x-cloudmap: ns}
        api-8080:
          Properties:
            AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
            KeySchema: [{AttributeName: id, KeyType: HASH}]
          Services: {api: {Access: RW}}
          Settings: {x-cloudmap: ns}
    `;
    expect(problems(text)).toEqual(['error CX3272 16:16', 'error CX3272 22:16']);
    const messages = compile(text).diagnostics.filter((d) => d.code === 'CX3272').map((d) => d.message);
    expect(messages[0]).toContain('x-rds.orders registers too');
    expect(messages[1]).toContain('Service Connect gives the port api-8080');
  });

  test('x-cloudmap on a kind that does not take it stays an unknown key', () => {
    const text = yaml`
      x-cloudmap:
        ns: {ZoneName: testing.cluster}
      services:
        api: {image: example/api:1}
      x-sqs:
        jobs:
          Services: {api: {Access: RWMessages}}
          Settings: {x-cloudmap: ns}
    `;
    expect(problems(text)).toEqual(['error CX3301 8:16']);
  });
});

describe('warned where the meaning differs', () => {
  test('DnsSettings on a table is ignored (a table has no DNS name)', () => {
    const text = TABLE('{Namespace: private-namespace, DnsSettings: {Hostname: orders}, ReturnValues: {Arn: Arn}}');
    expect(problems(text)).toEqual(['warning CX3275 14:50']);
    const { result } = render(text);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::Service')[0].resource.Properties).toMatchObject({ Name: 'orders', Type: 'HTTP' });
  });

  test('an AWS_ attribute is skipped', () => {
    const text = TABLE('{Namespace: private-namespace, AdditionalAttributes: {AWS_INSTANCE_IPV4: 10.0.0.1, Team: shop}}');
    expect(problems(text)).toEqual(['warning CX3275 14:73']);
    const { result } = render(text);
    expect(resourcesOf(result, 'AWS::ServiceDiscovery::Instance')[0].resource.Properties!.InstanceAttributes).toEqual({ Team: 'shop' });
  });

  test('a CNAME record in an existing namespace, whose type composex cannot know', () => {
    const text = yaml`
      x-cloudmap:
        shared:
          Lookup: {Id: ns-abcdefghij012345}
      services:
        api: {image: example/api:1}
      x-rds:
        orders:
          Properties: {Engine: postgres, EngineVersion: "16.4"}
          Services: {api: {Access: {DBInstance: RO}}}
          Settings: {x-cloudmap: shared}
    `;
    expect(problems(text)).toEqual(['warning CX3275 10:16']);
    const { result } = render(text);
    const [service] = resourcesOf(result, 'AWS::ServiceDiscovery::Service');
    expect(service.resource.Properties).toMatchObject({ Name: 'orders', DnsConfig: { DnsRecords: [{ Type: 'CNAME', TTL: 15 }] } });
  });
});
