/**
 * x-dynamodb `Scaling` rendered: ECS ComposeX's use-cases/dynamodb/table_with_gsi_autoscaling.yml
 * (MPL-2.0, test/fixtures/ecs-composex) over its base blog.features.yml. Its Scaling is read without
 * a diagnostic; composex/dynamodb-table_with_gsi_autoscaling.services.yml (the same file with its
 * Services entries made valid) renders one scalable target and one target tracking policy per
 * capacity of each table and of each global secondary index, in the stack that holds the table,
 * and the bundled validator accepts the templates. A compose text of its own reads what the
 * use-case leaves at defaults (cooldowns, DisableScaleIn, read-only scaling of an index), and 45
 * scaled tables split over several Tables stacks keep each table's targets beside it.
 */
import * as path from 'path';
import { loadAndCompile } from '../../src/compile';
import { renderModel, RenderResult } from '../../src/render/render';
import { validateTemplates } from '../../src/render/validate';
import { projectDir, yaml } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

const DIR = path.join(__dirname, '..', 'fixtures', 'ecs-composex');
const BASE = 'use-cases/blog.features.yml';
const USE_CASE = 'use-cases/dynamodb/table_with_gsi_autoscaling.yml';
const VARIANT = 'composex/dynamodb-table_with_gsi_autoscaling.services.yml';

function compile(files: readonly string[]) {
  return loadAndCompile({ cwd: DIR, projectDirectory: DIR, files: [...files], env: { HOME: '/home/test' } });
}

function validated(result: RenderResult): RenderResult {
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  return result;
}

/** The scalable targets of DynamoDB (the families' ECS services have theirs). */
function tableTargets(result: RenderResult) {
  return resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalableTarget').filter((t) => t.resource.Properties!.ServiceNamespace === 'dynamodb');
}

/** Each scalable target as `file logicalId dimension resource min-max`, with its policy's metric, target, cooldowns. */
function scaling(result: RenderResult): string[] {
  const policies = resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy');
  return tableTargets(result).map(({ file, id, resource }) => {
    const p = resource.Properties!;
    const [policy] = policies.filter((x) => x.file === file && JSON.stringify(x.resource.Properties!.ScalingTargetId) === JSON.stringify({ Ref: id }));
    const c = policy.resource.Properties!.TargetTrackingScalingPolicyConfiguration as Record<string, unknown>;
    const metric = (c.PredefinedMetricSpecification as Record<string, unknown>).PredefinedMetricType;
    const join = (p.ResourceId as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    const resourceId = join.map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join('');
    const rest = `${c.ScaleInCooldown}/${c.ScaleOutCooldown}${c.DisableScaleIn === undefined ? '' : ` DisableScaleIn=${c.DisableScaleIn}`}`;
    expect(policy.resource.Properties!.PolicyType).toBe('TargetTrackingScaling');
    return `${file} ${p.ScalableDimension} ${resourceId} ${p.MinCapacity}-${p.MaxCapacity} ${metric} ${c.TargetValue} ${rest}`;
  });
}

describe(`${USE_CASE} over the base`, () => {
  test('Scaling is read: no diagnostic in its lines, no CX364x; what is left is in the Services entries only', () => {
    const { diagnostics } = compile([BASE, USE_CASE]);
    const ofUseCase = diagnostics.filter((d) => d.file?.endsWith(USE_CASE));
    // tableA's Scaling: lines 7–20; tableB's: lines 93–97 (the header is 3 lines)
    const inScaling = (line = 0) => (line >= 7 && line <= 20) || (line >= 93 && line <= 97);
    expect(ofUseCase.filter((d) => inScaling(d.line) || d.code.startsWith('CX364'))).toEqual([]);
    // lowercase `access` and an entry without Access (84–91) are the Services readers' to accept
    expect(ofUseCase.filter((d) => d.severity === 'error').every((d) => d.line! >= 84 && d.line! <= 91)).toBe(true);
  });

  test('with valid Services entries: 10 scalable targets and policies beside the tables, validator clean', () => {
    const compiled = compile([BASE, VARIANT]);
    expect(compiled.diagnostics.filter((d) => d.file?.endsWith(VARIANT))).toEqual([]);
    const result = validated(renderModel(compiled.model!));
    const [tableA, tableB] = resourcesOf(result, 'AWS::DynamoDB::Table');
    expect([tableA.id, tableB.id]).toEqual(['TableTableA', 'TableTableB']);
    // The table keeps the throughput as written; registration moves it into [MinCapacity, MaxCapacity].
    expect(tableA.resource.Properties!.ProvisionedThroughput).toEqual({ ReadCapacityUnits: '5', WriteCapacityUnits: '5' });
    const a = `${tableA.file} dynamodb:`;
    const b = `${tableB.file} dynamodb:`;
    const read = 'ReadCapacityUnits';
    const write = 'WriteCapacityUnits';
    expect(scaling(result)).toEqual([
      `${a}table:${read} table/<TableTableA> 10-100 DynamoDBReadCapacityUtilization 70 60/60`,
      `${a}table:${write} table/<TableTableA> 10-70 DynamoDBWriteCapacityUtilization 70 60/60`,
      // myGSI: its own entry (the same values, through the YAML merge key); myGSI2: CopyToIndexes
      `${a}index:${read} table/<TableTableA>/index/myGSI 10-100 DynamoDBReadCapacityUtilization 70 60/60`,
      `${a}index:${write} table/<TableTableA>/index/myGSI 10-70 DynamoDBWriteCapacityUtilization 70 60/60`,
      `${a}index:${read} table/<TableTableA>/index/myGSI2 10-100 DynamoDBReadCapacityUtilization 70 60/60`,
      `${a}index:${write} table/<TableTableA>/index/myGSI2 10-70 DynamoDBWriteCapacityUtilization 70 60/60`,
      `${b}table:${read} table/<TableTableB> 10-100 DynamoDBReadCapacityUtilization 70 60/60`,
      `${b}table:${write} table/<TableTableB> 10-70 DynamoDBWriteCapacityUtilization 70 60/60`,
      `${b}index:${read} table/<TableTableB>/index/GSI 10-100 DynamoDBReadCapacityUtilization 70 60/60`,
      `${b}index:${write} table/<TableTableB>/index/GSI 10-70 DynamoDBWriteCapacityUtilization 70 60/60`,
    ]);
    // No RoleARN: Application Auto Scaling uses (and creates) its DynamoDB service-linked role.
    const targets = tableTargets(result);
    expect(targets.filter((t) => t.resource.Properties!.RoleARN !== undefined)).toEqual([]);
    // A table's targets are registered one after the other.
    const ofA = targets.filter((t) => t.file === tableA.file && JSON.stringify(t.resource.Properties!.ResourceId).includes('TableTableA'));
    expect(ofA.map((t) => t.resource.DependsOn)).toEqual([undefined, ...ofA.slice(0, -1).map((t) => [t.id])]);
  });
});

describe('x-dynamodb Scaling written for composex', () => {
  test('cooldowns, DisableScaleIn, one index scaled for reads only; names unique per target', () => {
    const dir = projectDir({
      'compose.yaml': yaml`
        services:
          api: {image: api}
        x-dynamodb:
          orders:
            Properties:
              AttributeDefinitions: [{AttributeName: id, AttributeType: S}, {AttributeName: customer, AttributeType: S}]
              KeySchema: [{AttributeName: id, KeyType: HASH}]
              ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}
              GlobalSecondaryIndexes:
                - {IndexName: by-customer, KeySchema: [{AttributeName: customer, KeyType: HASH}], Projection: {ProjectionType: ALL}, ProvisionedThroughput: {ReadCapacityUnits: 2, WriteCapacityUnits: 2}}
            Scaling:
              Table:
                WriteCapacityUnits: {MinCapacity: 5, MaxCapacity: 40, TargetValue: 60, ScaleInCooldown: 300, ScaleOutCooldown: 0, DisableScaleIn: true}
              Indexes:
                by-customer: {ReadCapacityUnits: {MinCapacity: 2, MaxCapacity: 20, TargetValue: 20}}
            Services: {api: {Access: RW}}
      `,
    });
    const result = validated(renderProject({ cwd: dir, projectDirectory: dir, files: ['compose.yaml'] }));
    const [table] = resourcesOf(result, 'AWS::DynamoDB::Table');
    expect(scaling(result)).toEqual([
      `${table.file} dynamodb:table:WriteCapacityUnits table/<TableOrders> 5-40 DynamoDBWriteCapacityUtilization 60 300/0 DisableScaleIn=true`,
      `${table.file} dynamodb:index:ReadCapacityUnits table/<TableOrders>/index/by-customer 2-20 DynamoDBReadCapacityUtilization 20 60/60`,
    ]);
    expect(resourcesOf(result, 'AWS::ApplicationAutoScaling::ScalingPolicy').filter((p) => p.file === table.file).map((p) => p.resource.Properties!.PolicyName)).toEqual([
      'TableOrdersWriteUtilization',
      'TableOrdersIndexByCustomerReadUtilization',
    ]);
    // The table stays provisioned as written (no BillingMode added).
    expect(table.resource.Properties!.BillingMode).toBeUndefined();
  });
});

describe('x-dynamodb Scaling and the Tables stack split', () => {
  test("tables whose targets and policies overflow one stack are split with each table's scaling in its stack", () => {
    const throughput = 'ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}';
    const tables = Array.from({ length: 45 }, (_, i) =>
      [
        `  t${i}:`,
        '    Properties:',
        '      AttributeDefinitions: [{AttributeName: id, AttributeType: S}, {AttributeName: a, AttributeType: S}, {AttributeName: b, AttributeType: S}]',
        '      KeySchema: [{AttributeName: id, KeyType: HASH}]',
        `      ${throughput}`,
        `      GlobalSecondaryIndexes: [{IndexName: by-a, KeySchema: [{AttributeName: a, KeyType: HASH}], Projection: {ProjectionType: KEYS_ONLY}, ${throughput}}, {IndexName: by-b, KeySchema: [{AttributeName: b, KeyType: HASH}], Projection: {ProjectionType: KEYS_ONLY}, ${throughput}}]`,
        '    Scaling: {Table: {ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 50, TargetValue: 70}, WriteCapacityUnits: {MinCapacity: 5, MaxCapacity: 50, TargetValue: 70}}, CopyToIndexes: true}',
        '    Services: {api: {Access: RO}}',
      ].join('\n'),
    );
    const dir = projectDir({ 'compose.yaml': `services:\n  api: {image: api}\nx-dynamodb:\n${tables.join('\n')}\n` });
    const result = validated(renderProject({ cwd: dir, projectDirectory: dir, files: ['compose.yaml'] }));
    // 45 × (1 table + 6 targets + 6 policies) = 585 resources: over CloudFormation's 500 in one template
    const files = new Set(resourcesOf(result, 'AWS::DynamoDB::Table').map((t) => t.file));
    expect(files.size).toBeGreaterThan(1);
    const tableFile = new Map(resourcesOf(result, 'AWS::DynamoDB::Table').map((t) => [t.id, t.file]));
    const targets = tableTargets(result);
    expect(targets).toHaveLength(45 * 6);
    for (const { file, resource } of targets) {
      const ref = JSON.stringify(resource.Properties!.ResourceId).match(/"Ref":"([^"]+)"/)![1];
      expect(tableFile.get(ref)).toBe(file);
    }
  });
});
