/**
 * ECS ComposeX's cloudmap page, "DynamoDB example" and "RDS example" (docs/cloudmap-dynamodb.yml,
 * docs/cloudmap-rds.yml): `Settings.x-cloudmap` on tables and databases. The snippets are partial
 * (no table keys, no engine): each renders over the base with composex's overlay that adds only
 * those (composex/cloudmap-dynamodb.keys.yml, composex/cloudmap-rds.engine.yml), and registers what
 * the page says: the default attributes or the ReturnValues / AdditionalAttributes asked, a CNAME
 * <name>.testing.cluster to each database.
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { resourcesOf } from '../helpers/templates';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');

function render(snippet: string, overlay: string) {
  const compiled = loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: ['use-cases/blog.features.yml', `docs/${snippet}.yml`, `composex/${overlay}.yml`], env: { HOME: '/home/test' } });
  expect(compiled.diagnostics.filter((d) => d.severity === 'error' || /^CX327/.test(d.code))).toEqual([]);
  const result = renderModel(compiled.model!);
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  const props = (type: string) => Object.fromEntries(resourcesOf(result, type).map((r) => [r.id, r.resource.Properties]));
  return { result, services: props('AWS::ServiceDiscovery::Service'), instances: props('AWS::ServiceDiscovery::Instance') };
}

test('DynamoDB example: tableA with the default attributes, tableB with Name and ArbitraryName', () => {
  const { result, services, instances } = render('cloudmap-dynamodb', 'cloudmap-dynamodb.keys');
  expect(resourcesOf(result, 'AWS::ServiceDiscovery::PrivateDnsNamespace').map((n) => n.resource.Properties!.Name)).toEqual(['testing.cluster']);
  expect(Object.keys(services)).toEqual(['TableTableACloudMapService', 'TableTableBCloudMapService']);
  expect(services.TableTableACloudMapService).toMatchObject({ Name: 'tableA', Type: 'HTTP' });
  expect(instances.TableTableACloudMapInstance!.InstanceAttributes).toEqual({ TableName: { Ref: 'TableTableATableName' }, Arn: { Ref: 'TableTableAArn' } });
  expect(instances.TableTableBCloudMapInstance!.InstanceAttributes).toEqual({ Name: { Ref: 'TableTableBTableName' }, ArbitraryName: 'SomeValue' });
});

test('RDS example: mydatabase01.testing.cluster and db02.testing.cluster, CNAMEs to the endpoints', () => {
  const { services, instances } = render('cloudmap-rds', 'cloudmap-rds.engine');
  expect(Object.keys(services)).toEqual(['DatabaseMyDatabase01CloudMapService', 'DatabaseMyDatabase02CloudMapService']);
  expect(services.DatabaseMyDatabase01CloudMapService).toMatchObject({ Name: 'mydatabase01', DnsConfig: { DnsRecords: [{ Type: 'CNAME', TTL: 15 }], RoutingPolicy: 'WEIGHTED' } });
  expect(services.DatabaseMyDatabase02CloudMapService).toMatchObject({ Name: 'db02', DnsConfig: { DnsRecords: [{ Type: 'CNAME', TTL: 15 }], RoutingPolicy: 'WEIGHTED' } });
  expect(instances.DatabaseMyDatabase01CloudMapInstance!.InstanceAttributes).toEqual({ AWS_INSTANCE_CNAME: { Ref: 'DatabaseMyDatabase01EndpointAddress' } });
  expect(instances.DatabaseMyDatabase02CloudMapInstance!.InstanceAttributes).toEqual({
    AWS_INSTANCE_CNAME: { Ref: 'DatabaseMyDatabase02EndpointAddress' },
    MasterSecret: '/rds/my-database-02/master',
  });
});
