/**
 * `MacroParameters.Instances` of the cluster kinds (x-docdb, x-neptune): ECS ComposeX's list of
 * instance properties, each with `DBInstanceClass`, attached to the cluster they are listed under.
 * What differs by engine (the instance type, the classes offered, the codes) is in `InstanceRules`.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import type { Code } from '../codes';
import type { ClusterInstance } from '../model';
import type { ResolveContext } from '../context';
import { readList, readObject, readString } from '../readers';
import { checkProperties } from './common';

export interface InstanceRules {
  /** `AWS::DocDB::DBInstance`: the type whose properties an entry holds. */
  readonly type: string;
  /** `DocumentDB`, in messages. */
  readonly engine: string;
  readonly codes: { readonly invalid: Code; readonly instanceClass: Code };
  /** The class of the one instance created when `Instances` is absent. */
  readonly defaultClass: string;
  /** At most one primary and this many less one replicas. */
  readonly max: number;
  /** Why the engine would refuse the class, or undefined. */
  readonly refusal: (instanceClass: string) => string | undefined;
  /** A well-formed class of the engine (refused for another reason: the version, the size). */
  readonly wellFormed: (instanceClass: string) => boolean;
  /** Classes offered for a "did you mean". */
  readonly known: readonly string[];
}

/** `MacroParameters.Instances`: a list of instance properties, each with `DBInstanceClass`. */
export function readClusterInstances(ctx: ResolveContext, value: unknown, path: Path, rules: InstanceRules): ClusterInstance[] | undefined {
  const list = readList(ctx, value, path, '[{DBInstanceClass: db.r6g.large}]');
  if (!list) return undefined;
  if (list.length === 0 || list.length > rules.max) {
    ctx.error(
      rules.codes.invalid,
      `a ${rules.engine} cluster has 1 to ${rules.max} instances (a primary and up to ${rules.max - 1} replicas), and Instances lists ${list.length}`,
      path,
      list.length === 0 ? `remove Instances (one ${rules.defaultClass} is created) or list at least one` : `list at most ${rules.max}`,
    );
    return undefined;
  }
  const out: ClusterInstance[] = [];
  let ok = true;
  list.forEach((item, i) => {
    const at = [...path, i];
    const obj = readObject(ctx, item, at, '{DBInstanceClass: db.r6g.large}');
    if (!obj) {
      ok = false;
      return;
    }
    checkProperties(ctx, obj, at, rules.type, { DBClusterIdentifier: 'composex attaches the instances to the cluster they are listed under; remove it' });
    if (obj.DBInstanceClass === undefined) {
      ctx.error(rules.codes.invalid, `instance ${i + 1} of Instances gives no DBInstanceClass`, at, 'add DBInstanceClass, e.g. DBInstanceClass: db.r6g.large (ECS ComposeX also requires it)', 'key');
      ok = false;
      return;
    }
    const classAt = [...at, 'DBInstanceClass'];
    const instanceClass = readString(ctx, obj.DBInstanceClass, classAt);
    if (instanceClass === undefined) {
      ok = false;
      return;
    }
    const refusal = rules.refusal(instanceClass);
    if (refusal) {
      const hint = rules.wellFormed(instanceClass) ? `choose a class ${rules.engine} offers for the version, e.g. db.r6g.large` : suggestion(instanceClass, rules.known, 'instance class');
      ctx.error(rules.codes.instanceClass, `${refusal}: ${rules.engine} would refuse to create the instance`, classAt, hint);
      ok = false;
      return;
    }
    const { DBInstanceClass: _c, DBClusterIdentifier: _i, ...properties } = obj;
    out.push({ instanceClass, properties, path: at });
  });
  return ok ? out : undefined;
}
