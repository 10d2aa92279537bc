/**
 * What `x-neptune` reads beside the cluster's `Properties`, and what Neptune would refuse, said at
 * the key offline: the engine version, the instances (`MacroParameters.Instances`, ECS ComposeX's
 * list of `AWS::Neptune::DBInstance` properties) and the cluster parameter group
 * (`MacroParameters.DBClusterParameterGroup`).
 */
import type { Path } from '../../compose/source-map';
import type { ClusterInstance } from '../model';
import { CODES } from '../codes';
import type { ResolveContext } from '../context';
import { readObject, readString, XObject } from '../readers';
import { readClusterInstances } from './cluster-instances';
import { checkProperties, ResourceEntry } from './common';

/**
 * The instance ECS ComposeX creates when `Instances` is absent (neptune_template.py,
 * `add_db_instances`: one `db.t3.medium`).
 */
export const NEPTUNE_DEFAULT_INSTANCE_CLASS = 'db.t3.medium';

/**
 * The instance classes of Neptune (Amazon Neptune User Guide, "Choosing instance types": the R5,
 * R6g, R6i, R7g, R7i, R8g, X2g, X2iedn memory-optimized families, T3 and T4g in the `medium` size
 * only, and `db.serverless` for Neptune Serverless); the template validator checks each class
 * against the regions that offer it (E3635).
 */
const INSTANCE_CLASS = /^db\.(r5|r5d|r6g|r6gd|r6i|r7g|r7i|r8g|x2g|x2iedn|t3|t4g)\.([a-z0-9]+)$/;
const BURSTABLE = ['t3', 't4g'];
/** A primary and up to 15 read replicas. */
const MAX_INSTANCES = 16;

/**
 * Engine versions: four numbers, `1.3.2.1`. Neptune creates clusters of the 1.3 and 1.4 lines;
 * 1.0 and 1.1 are retired and 1.2 reached its end of life on 2026-03-06 (Amazon Neptune User Guide,
 * "Engine releases for Amazon Neptune"), so Neptune refuses to create a cluster of them.
 */
const ENGINE_VERSION = /^1\.(\d+)\.\d+\.\d+$/;
const FIRST_ACTIVE_MINOR = 3;

/**
 * `EngineVersion`: absent (Neptune's default), a version Neptune creates, or a retired one, left out
 * with a warning (CX3882: ECS ComposeX's use case asks for 1.1.0.0); anything else is an error.
 */
export function readNeptuneEngineVersion(ctx: ResolveContext, value: unknown, path: Path): { ok: boolean; value?: string } {
  if (value === undefined) return { ok: true };
  const version = typeof value === 'number' ? undefined : readString(ctx, value, path);
  const match = version === undefined ? null : ENGINE_VERSION.exec(version);
  if (!match || version === undefined) {
    ctx.error(CODES.NEPTUNE_ENGINE_VERSION, `${JSON.stringify(value)} is not a Neptune engine version, which Neptune would refuse`, path, 'write four numbers, quoted, e.g. EngineVersion: "1.4.5.1", or remove EngineVersion for the default version of new clusters');
    return { ok: false };
  }
  if (Number(match[1]) < FIRST_ACTIVE_MINOR) {
    ctx.warning(
      CODES.NEPTUNE_ENGINE_VERSION_RETIRED,
      `Neptune no longer creates clusters of engine ${version} (its line reached its end of life), so it is left out: the cluster gets Neptune's default engine version`,
      path,
      'write a version of the 1.3 or 1.4 line (e.g. EngineVersion: "1.4.5.1"), or remove EngineVersion',
    );
    return { ok: true };
  }
  return { ok: true, value: version };
}

function classRefusal(instanceClass: string, cluster: XObject): string | undefined {
  if (instanceClass === 'db.serverless') {
    return cluster.ServerlessScalingConfiguration === undefined ? 'a serverless instance needs the capacity of its cluster (Properties.ServerlessScalingConfiguration: {MinCapacity, MaxCapacity})' : undefined;
  }
  const m = INSTANCE_CLASS.exec(instanceClass);
  if (!m) return `'${instanceClass}' is not a Neptune instance class (families: db.r5, db.r6g, db.r6i, db.r7g, db.r7i, db.r8g, db.x2g, db.x2iedn, db.t3.medium, db.t4g.medium, db.serverless)`;
  if (BURSTABLE.includes(m[1]) && m[2] !== 'medium') return `Neptune offers ${m[1]} instances in the medium size only, not '${instanceClass}'`;
  return undefined;
}

/** `MacroParameters.Instances`: a list of `AWS::Neptune::DBInstance` properties, each with `DBInstanceClass`. */
export function readNeptuneInstances(ctx: ResolveContext, value: unknown, path: Path, cluster: XObject): ClusterInstance[] | undefined {
  return readClusterInstances(ctx, value, path, {
    type: 'AWS::Neptune::DBInstance',
    engine: 'Neptune',
    codes: { invalid: CODES.NEPTUNE_INSTANCES_INVALID, instanceClass: CODES.NEPTUNE_INSTANCE_CLASS },
    defaultClass: NEPTUNE_DEFAULT_INSTANCE_CLASS,
    max: MAX_INSTANCES,
    refusal: (instanceClass) => classRefusal(instanceClass, cluster),
    wellFormed: (instanceClass) => INSTANCE_CLASS.test(instanceClass) || instanceClass === 'db.serverless',
    known: ['db.t3.medium', 'db.t4g.medium', 'db.r5.large', 'db.r6g.large', 'db.r7g.large', 'db.r8g.large', 'db.serverless'],
  });
}

/**
 * `MacroParameters.DBClusterParameterGroup`: the properties of an
 * `AWS::Neptune::DBClusterParameterGroup` created with the cluster (CloudFormation requires
 * `Family`, `Description` and `Parameters`; composex writes a description and `{}` when absent).
 */
export function readNeptuneParameterGroup(ctx: ResolveContext, entry: ResourceEntry, value: unknown, path: Path, namedGroup: unknown): Record<string, unknown> | undefined {
  const obj = readObject(ctx, value, path, '{Family: neptune1.4, Parameters: {neptune_query_timeout: 120000}}');
  if (!obj) return undefined;
  checkProperties(ctx, obj, path, 'AWS::Neptune::DBClusterParameterGroup');
  if (namedGroup !== undefined) {
    ctx.error(CODES.NEPTUNE_PARAMETER_GROUP_INVALID, 'a cluster has one parameter group: MacroParameters.DBClusterParameterGroup creates one, and Properties.DBClusterParameterGroupName names another', path, 'remove one of them', 'key');
    return undefined;
  }
  if (obj.Family === undefined) {
    ctx.error(CODES.NEPTUNE_PARAMETER_GROUP_INVALID, 'DBClusterParameterGroup gives no Family, which CloudFormation requires', path, 'add the family of the engine version, e.g. Family: neptune1.4 for 1.4.x.x', 'key');
    return undefined;
  }
  const family = readString(ctx, obj.Family, [...path, 'Family']);
  if (family === undefined) return undefined;
  if (!/^neptune1(\.\d+)?$/.test(family)) {
    ctx.error(CODES.NEPTUNE_PARAMETER_GROUP_INVALID, `'${family}' is not a Neptune parameter group family`, [...path, 'Family'], 'write neptune1.3 or neptune1.4, the family of the engine version');
    return undefined;
  }
  const parameters = obj.Parameters === undefined ? {} : readObject(ctx, obj.Parameters, [...path, 'Parameters'], '{neptune_query_timeout: 120000}');
  if (!parameters) return undefined;
  const description = typeof obj.Description === 'string' ? obj.Description : `composex: parameters of Neptune cluster ${entry.name}`;
  return { ...obj, Description: description, Family: family, Parameters: parameters };
}
