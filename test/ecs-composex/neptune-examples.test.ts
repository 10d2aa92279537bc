/**
 * ECS ComposeX's x-neptune use cases (test/fixtures/ecs-composex/use-cases/neptune, MPL-2.0, each
 * with its source URL), rendered as ECS ComposeX's own test (features/features/neptune.feature)
 * combines them: over `use-cases/blog.features.yml`. create_only.yaml renders unchanged, with a
 * warning at each place AWS or composex differs; lookup.yml is refused for its Lookup only.
 * docs/migration.md ("ECS ComposeX's published examples") says why.
 */
import { resourcesOf } from '../helpers/templates';
import { containerVariables, rolePairs, Tracer } from '../helpers/trace';
import { at, BASE, compile, located, render, Rendered } from './fixture-helpers';

const CREATE_ONLY = 'use-cases/neptune/create_only.yaml';
const LOOKUP = 'use-cases/neptune/lookup.yml';
const inNeptune = (file: string) => file.includes('/neptune/');

describe('neptune/create_only.yaml: renders unchanged', () => {
  let result: Rendered;
  let tracer: Tracer;
  beforeAll(() => {
    result = render([BASE, CREATE_ONLY]);
    tracer = new Tracer(result.files);
  });

  test('warned: engine 1.1.0.0, which Neptune no longer creates, left out (CX3882); IamAuthEnabled: false kept (CX3885)', () => {
    expect(located(result.diagnostics, 'error', inNeptune)).toEqual([]);
    expect(located(result.diagnostics, 'warning', inNeptune)).toEqual([at('CX3882', CREATE_ONLY, '1.1.0.0'), at('CX3885', CREATE_ONLY, 'IamAuthEnabled')]);
  });

  test("one cluster as written (backups 7 days, deletion protection off, encrypted, no IAM auth), Snapshot on delete, ECS ComposeX's one db.t3.medium", () => {
    const [cluster] = resourcesOf(result, 'AWS::Neptune::DBCluster');
    expect(cluster.id).toBe('NeptuneClusterA');
    expect(cluster.resource.Properties).toMatchObject({ BackupRetentionPeriod: 7, DeletionProtection: false, StorageEncrypted: true, IamAuthEnabled: false, DBPort: 8182 });
    expect(cluster.resource.Properties!.EngineVersion).toBeUndefined();
    expect(cluster.resource).toMatchObject({ DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' });
    expect(resourcesOf(result, 'AWS::Neptune::DBInstance').map((i) => [i.id, i.resource.Properties!.DBInstanceClass])).toEqual([['NeptuneClusterAInstance1', 'db.t3.medium']]);
  });

  test('app03 (access: {NeptuneDB: connect, DBCluster: RO}): neptune-db:connect on the data resource, rds:DescribeDBClusters on the cluster, the endpoint variables, port 8182 from its family only', () => {
    const file = tracer.familyFile('App03');
    expect(rolePairs(tracer, file, 'TaskRole').filter((p) => /neptune-db:|rds:/.test(p))).toEqual([
      'Allow neptune-db:connect on arn:AWS::Partition:neptune-db:AWS::Region:AWS::AccountId:neptune:cluster-A.ClusterResourceId/*',
      'Allow rds:DescribeDBClusters on arn:AWS::Partition:rds:AWS::Region:AWS::AccountId:cluster:neptune:cluster-A.Ref',
    ]);
    expect(containerVariables(tracer, file, 'app03').filter((v) => v.startsWith('CLUSTER_A'))).toEqual([
      'CLUSTER_A_ENDPOINT=neptune:cluster-A.Endpoint',
      'CLUSTER_A_PORT=neptune:cluster-A.Port',
      'CLUSTER_A_READ_ENDPOINT=neptune:cluster-A.ReadEndpoint',
    ]);
    const ingress = resourcesOf(result, 'AWS::EC2::SecurityGroupIngress').filter((r) => r.id.startsWith('IngressNeptune'));
    expect(ingress.map((r) => [r.id, r.resource.Properties!.FromPort, r.resource.Properties!.ToPort])).toEqual([['IngressNeptuneClusterAFromFamilyApp03Tcp8182', 8182, 8182]]);
  });
});

test('lookup.yml is refused for its Lookup only (CX3880), with what to write instead', () => {
  const { model, diagnostics } = compile([BASE, LOOKUP]);
  expect(model).toBeUndefined();
  expect(located(diagnostics, 'error')).toEqual([at('CX3880', LOOKUP, 'Lookup')]);
  expect(located(diagnostics, 'warning', inNeptune)).toEqual([]);
  expect(diagnostics.find((d) => d.code === 'CX3880')!.hint).toMatch(/neptune-db actions on arn:aws:neptune-db:<region>:<account>:<cluster resource id>\/\* with x-iam Policies/);
});
