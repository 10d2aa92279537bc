/**
 * `Scaling` on an x-dynamodb table (ECS ComposeX's syntax, its x-dynamodb.spec.json and
 * dynamodb_autoscaling.py): target tracking of the table's and its global secondary indexes'
 * provisioned capacity by Application Auto Scaling.
 *
 *   x-dynamodb:
 *     orders:
 *       Properties: {…, ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}}
 *       Scaling:
 *         Table:                           # required
 *           ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 100, TargetValue: 70}
 *           WriteCapacityUnits: {MinCapacity: 5, MaxCapacity: 50, TargetValue: 70, ScaleInCooldown: 120}
 *         Indexes:                         # a global secondary index → its own ReadCapacityUnits / WriteCapacityUnits
 *           by-customer: {ReadCapacityUnits: {MinCapacity: 5, MaxCapacity: 20, TargetValue: 60}}
 *         CopyToIndexes: true              # every other global secondary index is scaled as Table
 *
 * Each capacity becomes a scalable target (`dynamodb:table:ReadCapacityUnits`, …,
 * `dynamodb:index:WriteCapacityUnits`) with a target tracking policy on DynamoDB's predefined
 * utilization metric; cooldowns default to 60 seconds, as in ECS ComposeX. What AWS refuses is
 * refused here, at the key: a table that is not provisioned, an index that is not a global
 * secondary index of the table, a target utilization outside 20–90 %, MaxCapacity under MinCapacity.
 */
import type { Path } from '../../compose/source-map';
import { suggestion } from '../../diagnostics';
import { CODES } from '../codes';
import { describePath, ResolveContext } from '../context';
import type { TableScalingTarget } from '../model';
import { logicalIds } from '../names';
import { checkKeys, isPlainObject, readBoolean, readInteger, readObject, XObject } from '../readers';
import type { ResourceEntry } from './common';

export const TABLE_SCALING_KEY = 'Scaling';
const SCALING_KEYS = ['Table', 'Indexes', 'CopyToIndexes'];
const DIMENSIONS = ['ReadCapacityUnits', 'WriteCapacityUnits'] as const;
const CAPACITY_KEYS = ['MinCapacity', 'MaxCapacity', 'TargetValue', 'ScaleInCooldown', 'ScaleOutCooldown', 'DisableScaleIn'];
/** ECS ComposeX's default for both cooldowns (dynamodb_autoscaling.py: `alt_value=60`). */
export const DEFAULT_TABLE_SCALING_COOLDOWN = 60;
const MAX_COOLDOWN = 86_400;
/** `AWS::ApplicationAutoScaling::ScalableTarget` MinCapacity / MaxCapacity are CloudFormation Integers. */
const MAX_CAPACITY = 2_147_483_647;
/**
 * DynamoDB developer guide, "Managing throughput capacity automatically with DynamoDB auto
 * scaling": the target utilization is a percentage from 20 to 90 (CDK's
 * `targetUtilizationPercent` refuses other values for the same reason).
 */
const TARGET_MIN = 20;
const TARGET_MAX = 90;
const CAPACITY_EXAMPLE = '{MinCapacity: 5, MaxCapacity: 100, TargetValue: 70}';

type Unit = Partial<Record<(typeof DIMENSIONS)[number], Omit<TableScalingTarget, 'index' | 'id' | 'dimension'>>>;

/**
 * Reads `Scaling` of one table (undefined when it has none or when it is refused; the errors are
 * reported). `entry.properties` are the table's raw CloudFormation properties.
 */
export function readTableScaling(ctx: ResolveContext, entry: ResourceEntry, raw: unknown): TableScalingTarget[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const path = [...entry.path, TABLE_SCALING_KEY];
  const x = readObject(ctx, raw, path, `{Table: {ReadCapacityUnits: ${CAPACITY_EXAMPLE}}}`);
  if (!x) return undefined;
  checkKeys(ctx, x, path, SCALING_KEYS);
  if (!checkProvisioned(ctx, entry, path)) return undefined;
  if (x.Table === undefined) {
    ctx.error(CODES.INVALID_TABLE_SCALING, `${describePath(path)} has no Table`, path, `add Table: {ReadCapacityUnits: ${CAPACITY_EXAMPLE}, WriteCapacityUnits: ${CAPACITY_EXAMPLE}} (ECS ComposeX requires it; Indexes only add to it)`, 'key');
    return undefined;
  }
  const table = readUnit(ctx, x.Table, [...path, 'Table']);
  const copy = x.CopyToIndexes === undefined ? false : readBoolean(ctx, x.CopyToIndexes, [...path, 'CopyToIndexes']);
  const globalIndexes = indexNames(entry.properties.GlobalSecondaryIndexes);
  const indexes = new Map<string, Unit | undefined>();
  if (x.Indexes !== undefined) {
    const given = readObject(ctx, x.Indexes, [...path, 'Indexes'], `{<index name>: {ReadCapacityUnits: ${CAPACITY_EXAMPLE}}}`) ?? {};
    const local = indexNames(entry.properties.LocalSecondaryIndexes);
    for (const [name, value] of Object.entries(given)) {
      const at = [...path, 'Indexes', name];
      if (!globalIndexes.includes(name)) {
        const hint = local.includes(name)
          ? `'${name}' is a local secondary index: it uses the table's capacity, which Table scales; remove it from Indexes`
          : globalIndexes.length === 0
            ? `table '${entry.name}' has no GlobalSecondaryIndexes: remove Indexes, or add the index to Properties.GlobalSecondaryIndexes`
            : suggestion(name, globalIndexes, 'global secondary index');
        ctx.error(CODES.TABLE_SCALING_UNKNOWN_INDEX, `${describePath(path)}.Indexes names '${name}', which is not a global secondary index of table '${entry.name}'`, at, hint, 'key');
        continue;
      }
      indexes.set(name, readUnit(ctx, value, at));
    }
  }
  if (!table || copy === undefined || [...indexes.values()].some((u) => u === undefined)) return undefined;
  const unscaled = globalIndexes.filter((name) => !indexes.has(name));
  if (copy) {
    for (const name of unscaled) indexes.set(name, table);
  } else if (unscaled.length > 0) {
    // DynamoDB: a write to the table succeeds only if every global secondary index has the write
    // capacity for it ("Provisioned throughput considerations for Global Secondary Indexes").
    ctx.warning(
      CODES.TABLE_INDEX_NOT_SCALED,
      `table '${entry.name}' is scaled but its global secondary ${unscaled.length === 1 ? 'index' : 'indexes'} ${unscaled.map((n) => `'${n}'`).join(', ')} ${unscaled.length === 1 ? 'keeps its' : 'keep their'} fixed ProvisionedThroughput (as in ECS ComposeX): writes to the table are throttled when an index runs out of write capacity`,
      path,
      `add CopyToIndexes: true to scale ${unscaled.length === 1 ? 'it' : 'them'} as Table, or Indexes: {${unscaled[0]}: {ReadCapacityUnits: ${CAPACITY_EXAMPLE}, …}}`,
      'key',
    );
  }
  const ids = logicalIds(globalIndexes);
  const targets: TableScalingTarget[] = [...targetsOf(table)];
  for (const name of globalIndexes) {
    const unit = indexes.get(name);
    if (unit) targets.push(...targetsOf(unit, name, `Index${ids.get(name)!}`));
  }
  return targets;
}

function targetsOf(unit: Unit, index?: string, prefix = ''): TableScalingTarget[] {
  return DIMENSIONS.flatMap((dimension) => {
    const capacity = unit[dimension];
    if (!capacity) return [];
    return [{ ...(index !== undefined ? { index } : {}), id: `${prefix}${dimension === 'ReadCapacityUnits' ? 'Read' : 'Write'}`, dimension, ...capacity }];
  });
}

/** Application Auto Scaling scales provisioned capacity: a table without it cannot be scaled. */
function checkProvisioned(ctx: ResolveContext, entry: ResourceEntry, path: Path): boolean {
  const p = entry.properties;
  if (entry.lookup) {
    ctx.error(CODES.TABLE_SCALING_NOT_PROVISIONED, `table '${entry.name}' is looked up: composex scales only the tables it creates`, path, 'remove Scaling (scale the existing table where it is managed), or remove Lookup to create the table here', 'key');
    return false;
  }
  if (p.BillingMode === 'PAY_PER_REQUEST') {
    // DynamoDB: auto scaling applies to provisioned capacity mode only; ECS ComposeX switched the
    // table to PROVISIONED behind a warning, which also needs a ProvisionedThroughput it did not add.
    ctx.error(CODES.TABLE_SCALING_NOT_PROVISIONED, `table '${entry.name}' is on demand (BillingMode: PAY_PER_REQUEST): Application Auto Scaling scales provisioned capacity only`, [...entry.path, 'Properties', 'BillingMode'], 'set BillingMode: PROVISIONED with ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5} (the starting capacity), or remove Scaling: an on-demand table follows its traffic by itself', 'key');
    return false;
  }
  if (p.ProvisionedThroughput === undefined) {
    ctx.error(CODES.TABLE_SCALING_NOT_PROVISIONED, `table '${entry.name}' has Scaling but no ProvisionedThroughput: without it the table is on demand (composex's default), which Application Auto Scaling cannot scale`, path, 'add ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5} to Properties (the starting capacity; registration moves it into [MinCapacity, MaxCapacity])', 'key');
    return false;
  }
  // CloudFormation (AWS::DynamoDB::Table GlobalSecondaryIndex): a provisioned table's global
  // secondary indexes need their own ProvisionedThroughput.
  let valid = true;
  (Array.isArray(p.GlobalSecondaryIndexes) ? p.GlobalSecondaryIndexes : []).forEach((index, i) => {
    if (!isPlainObject(index) || index.ProvisionedThroughput !== undefined) return;
    const name = typeof index.IndexName === 'string' ? `'${index.IndexName}'` : `${i + 1}`;
    ctx.error(CODES.TABLE_SCALING_NOT_PROVISIONED, `global secondary index ${name} of scaled table '${entry.name}' has no ProvisionedThroughput: the indexes of a provisioned table need their own`, [...entry.path, 'Properties', 'GlobalSecondaryIndexes', i], 'add ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5} to the index (its starting capacity; Indexes or CopyToIndexes scale it)', 'key');
    valid = false;
  });
  return valid;
}

function indexNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((i) => (isPlainObject(i) && typeof i.IndexName === 'string' ? [i.IndexName] : []));
}

/** `{ReadCapacityUnits: {...}, WriteCapacityUnits: {...}}` of the table or of an index. */
function readUnit(ctx: ResolveContext, raw: unknown, path: Path): Unit | undefined {
  const x = readObject(ctx, raw, path, `{ReadCapacityUnits: ${CAPACITY_EXAMPLE}, WriteCapacityUnits: ${CAPACITY_EXAMPLE}}`);
  if (!x) return undefined;
  checkKeys(ctx, x, path, DIMENSIONS);
  const unit: Unit = {};
  let valid = true;
  for (const dimension of DIMENSIONS) {
    if (x[dimension] === undefined) continue;
    const capacity = readCapacity(ctx, x[dimension], [...path, dimension]);
    if (capacity) unit[dimension] = capacity;
    else valid = false;
  }
  if (valid && Object.keys(unit).length === 0) {
    ctx.warning(CODES.TABLE_SCALING_EMPTY, `${describePath(path)} has neither ReadCapacityUnits nor WriteCapacityUnits: it scales nothing (as in ECS ComposeX)`, path, `add ReadCapacityUnits: ${CAPACITY_EXAMPLE} and / or WriteCapacityUnits, or remove it`, 'key');
  }
  return valid ? unit : undefined;
}

function readCapacity(ctx: ResolveContext, raw: unknown, path: Path): Unit['ReadCapacityUnits'] | undefined {
  const x = readObject(ctx, raw, path, CAPACITY_EXAMPLE);
  if (!x) return undefined;
  checkKeys(ctx, x, path, CAPACITY_KEYS);
  const missing = ['MinCapacity', 'MaxCapacity', 'TargetValue'].filter((k) => x[k] === undefined);
  if (missing.length > 0) {
    ctx.error(CODES.INVALID_TABLE_SCALING, `${describePath(path)} has no ${missing.join(', ')}`, path, `give MinCapacity, MaxCapacity and TargetValue, such as ${CAPACITY_EXAMPLE}`, 'key');
    return undefined;
  }
  // Application Auto Scaling refuses a minimum under 1 capacity unit for DynamoDB, and a maximum under the minimum.
  const minCapacity = readInteger(ctx, x.MinCapacity, [...path, 'MinCapacity'], 1, MAX_CAPACITY);
  const maxCapacity = readInteger(ctx, x.MaxCapacity, [...path, 'MaxCapacity'], 1, MAX_CAPACITY);
  if (minCapacity !== undefined && maxCapacity !== undefined && maxCapacity < minCapacity) {
    ctx.error(CODES.INVALID_TABLE_SCALING, `${describePath(path)} has MaxCapacity ${maxCapacity} under MinCapacity ${minCapacity}`, [...path, 'MaxCapacity'], `give MaxCapacity ${minCapacity} or more`);
    return undefined;
  }
  const targetValue = readTarget(ctx, x.TargetValue, [...path, 'TargetValue']);
  const cooldown = (key: string) => (x[key] === undefined ? DEFAULT_TABLE_SCALING_COOLDOWN : readInteger(ctx, x[key], [...path, key], 0, MAX_COOLDOWN));
  const scaleInCooldown = cooldown('ScaleInCooldown');
  const scaleOutCooldown = cooldown('ScaleOutCooldown');
  const disableScaleIn = x.DisableScaleIn === undefined ? undefined : readBoolean(ctx, x.DisableScaleIn, [...path, 'DisableScaleIn']);
  if (minCapacity === undefined || maxCapacity === undefined || targetValue === undefined || scaleInCooldown === undefined || scaleOutCooldown === undefined) return undefined;
  if (x.DisableScaleIn !== undefined && disableScaleIn === undefined) return undefined;
  return { minCapacity, maxCapacity, targetValue, scaleInCooldown, scaleOutCooldown, ...(disableScaleIn !== undefined ? { disableScaleIn } : {}) };
}

function readTarget(ctx: ResolveContext, raw: unknown, path: Path): number | undefined {
  const n = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < TARGET_MIN || n > TARGET_MAX) {
    ctx.error(
      CODES.INVALID_TABLE_SCALING,
      `${describePath(path)} is ${JSON.stringify(raw)}: DynamoDB's target utilization is a percentage from ${TARGET_MIN} to ${TARGET_MAX}`,
      path,
      `give a number from ${TARGET_MIN} to ${TARGET_MAX}, such as 70 (consumed capacity is kept near 70 % of the provisioned capacity)`,
    );
    return undefined;
  }
  return n;
}

/** The raw `Scaling` value of an x-dynamodb entry (readResourceEntries keeps only its known parts). */
export function rawTableScaling(ctx: ResolveContext, key: string, entry: ResourceEntry): unknown {
  const top = ctx.project.extensions[key];
  const definition = isPlainObject(top) ? (top as XObject)[entry.name] : undefined;
  return isPlainObject(definition) ? definition[TABLE_SCALING_KEY] : undefined;
}
