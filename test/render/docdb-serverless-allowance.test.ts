/**
 * The validator's table of instance classes by region predates DocumentDB serverless instances:
 * its E3620 on `AWS::DocDB::DBInstance` `DBInstanceClass: db.serverless` is allowed, and nothing
 * else (validator-allowances.ts). A rendered serverless cluster passes validation.
 */
import { validateTemplates } from '../../src/render/validate';
import { isKnownFalsePositive } from '../../src/render/validator-allowances';
import type { StoredFinding } from '../../src/render/validation-cache';
import { projectDir } from '../helpers/project-dir';
import { renderProject, resourcesOf } from '../helpers/templates';

const finding = (over: Partial<StoredFinding> = {}): StoredFinding => ({
  severity: 'ERROR',
  ruleId: 'E3620',
  message: "'db.serverless' is not valid in any region",
  entity: { logicalId: 'DocDbAInstance1', resourceType: 'AWS::DocDB::DBInstance' },
  propertyPath: 'Properties.DBInstanceClass',
  ...over,
});

test('allowed: db.serverless on a DocumentDB instance', () => {
  expect(isKnownFalsePositive(finding())).toBe(true);
});

test.each<[string, Partial<StoredFinding>]>([
  ['another class', { message: "'db.m5.large' is not valid in any region" }],
  ['an RDS instance', { entity: { logicalId: 'X', resourceType: 'AWS::RDS::DBInstance' } }],
  ['another property', { propertyPath: 'Properties.AvailabilityZone' }],
  ['another rule', { ruleId: 'E3030' }],
])('still reported: %s', (_name, over) => {
  expect(isKnownFalsePositive(finding(over))).toBe(false);
});

test('a DocumentDB 8.0 cluster with a serverless instance renders, validator clean', () => {
  const result = renderProject({
    cwd: projectDir({
      'compose.yaml': `
name: serverless
services:
  api: {image: api}
x-docdb:
  a:
    Properties: {EngineVersion: "8.0.0", ServerlessV2ScalingConfiguration: {MinCapacity: 0.5, MaxCapacity: 4}}
    MacroParameters:
      Instances: [{DBInstanceClass: db.serverless}]
    Services: {api: {}}
`,
    }),
  });
  expect(validateTemplates(result.files).filter((d) => d.severity === 'error')).toEqual([]);
  expect(resourcesOf(result, 'AWS::DocDB::DBInstance').map((i) => i.resource.Properties!.DBInstanceClass)).toEqual(['db.serverless']);
  expect(resourcesOf(result, 'AWS::DocDB::DBCluster')[0].resource.Properties!.ServerlessV2ScalingConfiguration).toEqual({ MinCapacity: 0.5, MaxCapacity: 4 });
});
