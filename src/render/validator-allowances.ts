/**
 * Validator findings that are known to be wrong, each allowed precisely (rule, resource type,
 * property and value shape) so that validation is never weakened beyond the one false positive.
 *
 * E9006 on `AWS::RDS::DBInstance` / `AWS::RDS::DBCluster` `EngineVersion`: the validator checks
 * the version against an enumeration of full versions (`8.0.39`, `10.11.10`, …), but RDS also
 * accepts a major version alone (`8.0` for MySQL, `10.11` for MariaDB) and then uses the default
 * minor version of that major version (RDS API reference, CreateDBInstance / ModifyDBInstance
 * `EngineVersion`: "If you specify only a major version, Amazon RDS …" uses the default minor
 * version). A value of one or two numbers that is the start of an enumerated version (followed by
 * `.`) is such a major version and is allowed; anything else (`8.1`, `16.99`, `99`) is still
 * reported. If the validator's message changes shape, nothing is allowed (the finding stays).
 */
import type { StoredFinding } from './validation-cache';

const RDS_TYPES = new Set(['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster']);
const NOT_ONE_OF = /^'([^']*)' is not one of \[(.*)\]$/s;
const MAJOR_VERSION = /^\d+(\.\d+)?$/;

/** True for a finding the validator should not have made. */
export function isKnownFalsePositive(finding: StoredFinding): boolean {
  return isMajorEngineVersion(finding) || isDocDbServerlessInstance(finding);
}

/**
 * E3620 on `AWS::DocDB::DBInstance` `DBInstanceClass: db.serverless`: the validator's table of
 * instance classes by region predates DocumentDB serverless instances, which DocumentDB 5.0 and 8.0
 * clusters take (Amazon DocumentDB Developer Guide, "Amazon DocumentDB features and
 * configurations": serverless instances, v5.0 and v8.0; the cluster's
 * `ServerlessV2ScalingConfiguration` is in the CloudFormation schema). Only that value is allowed;
 * x-docdb checks the version and the cluster's capacity itself (CX3821).
 */
function isDocDbServerlessInstance(finding: StoredFinding): boolean {
  return (
    finding.ruleId === 'E3620' &&
    finding.entity?.resourceType === 'AWS::DocDB::DBInstance' &&
    finding.propertyPath === 'Properties.DBInstanceClass' &&
    finding.message === "'db.serverless' is not valid in any region"
  );
}

function isMajorEngineVersion(finding: StoredFinding): boolean {
  if (finding.ruleId !== 'E9006' || !RDS_TYPES.has(finding.entity?.resourceType ?? '')) return false;
  if (finding.propertyPath !== 'Properties.EngineVersion') return false;
  const match = NOT_ONE_OF.exec(finding.message);
  if (!match || !MAJOR_VERSION.test(match[1])) return false;
  const versions = match[2].split(',').map((v) => v.trim().replace(/^'|'$/g, ''));
  return versions.some((v) => v.startsWith(`${match[1]}.`));
}
