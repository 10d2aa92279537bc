/**
 * `x-aws-min_percent` / `x-aws-max_percent` (Docker's ECS integration), on a service or in its
 * `deploy.update_config`: the ECS service's DeploymentConfiguration MinimumHealthyPercent and
 * MaximumPercent, as Docker's integration set them.
 *
 *   services:
 *     app:
 *       x-aws-min_percent: 50     # or under deploy.update_config
 *       x-aws-max_percent: 150
 *
 * One ECS service runs the family, so every place that writes one must agree (CX3348), and
 * `deploy.update_config.order` (which sets both: start-first 200/100, stop-first 100/0) cannot be
 * written beside them (CX3348). A key written alone keeps the other at the ECS default (ECS
 * Developer Guide, "Deployment configuration": minimumHealthyPercent 100%, maximumPercent 200%).
 * Bounds (CX3347): the minimum healthy percent is a share of the desired count that stays
 * RUNNING, 0–100; the maximum percent an upper limit of tasks RUNNING or PENDING, at least 100
 * (below it a rolling update could not keep the desired count); and the maximum must exceed the
 * minimum, or the scheduler can neither start a new task nor stop an old one.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import type { ResolveContext } from './context';

export const MIN_PERCENT = 'x-aws-min_percent';
export const MAX_PERCENT = 'x-aws-max_percent';

/** ECS's defaults for a rolling update (ECS Developer Guide, "Deployment configuration"). */
export const ECS_DEFAULT_MINIMUM_HEALTHY_PERCENT = 100;
export const ECS_DEFAULT_MAXIMUM_PERCENT = 200;

interface PercentKey {
  readonly key: string;
  readonly min: number;
  readonly max: number;
  readonly what: string;
}

const KEYS: Readonly<Record<'minimumHealthyPercent' | 'maximumPercent', PercentKey>> = {
  minimumHealthyPercent: { key: MIN_PERCENT, min: 0, max: 100, what: 'MinimumHealthyPercent (the share of the desired count that stays running during a deployment)' },
  maximumPercent: { key: MAX_PERCENT, min: 100, max: Number.MAX_SAFE_INTEGER, what: 'MaximumPercent (the upper limit of tasks running or starting during a deployment)' },
};

/** The percentages the family's services write, with ECS's default for the one not written. */
export interface DeploymentPercents {
  readonly minimumHealthyPercent: number;
  readonly maximumPercent: number;
  /** The keys written, for the render summary (`x-aws-min_percent: 50`). */
  readonly written: string;
}

interface Written {
  readonly value: number;
  readonly path: Path;
}

function placesOf(service: string): Path[] {
  return [
    ['services', service],
    ['services', service, 'deploy', 'update_config'],
  ];
}

function valueAt(ctx: ResolveContext, path: Path, key: string): unknown {
  let node: unknown = ctx.project.services;
  for (const part of [...path.slice(1), key]) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[part];
  }
  return node;
}

/** Reads one key over the family's services; every place must agree. */
function readKey(ctx: ResolveContext, family: string, services: readonly string[], spec: PercentKey): Written | undefined {
  let first: Written | undefined;
  for (const service of services) {
    for (const place of placesOf(service)) {
      const raw = valueAt(ctx, place, spec.key);
      if (raw === undefined) continue;
      const path = [...place, spec.key];
      const value = typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max) {
        const range = spec.max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${spec.min}` : `a whole number from ${spec.min} to ${spec.max}`;
        ctx.error(
          CODES.DEPLOYMENT_PERCENT_INVALID,
          `${spec.key} of service '${service}' is ${JSON.stringify(raw)}: the ECS service's ${spec.what} is ${range}`,
          path,
          `write ${range} (ECS's default is ${spec.key === MIN_PERCENT ? ECS_DEFAULT_MINIMUM_HEALTHY_PERCENT : ECS_DEFAULT_MAXIMUM_PERCENT}), or remove the key`,
        );
        continue;
      }
      if (first === undefined) {
        first = { value, path };
      } else if (first.value !== value) {
        ctx.error(
          CODES.DEPLOYMENT_PERCENT_CONFLICT,
          `${spec.key} is ${value} here and ${first.value} at ${ctx.where(first.path)}; one ECS service runs family '${family}', with one deployment configuration`,
          path,
          `make them equal, or write ${spec.key} once for the family`,
        );
      }
    }
  }
  return first;
}

/**
 * The family's `x-aws-min_percent` / `x-aws-max_percent`, checked; undefined when none is written
 * (or what is written is refused: the errors say where).
 */
export function readDeploymentPercents(ctx: ResolveContext, family: string, services: readonly string[]): DeploymentPercents | undefined {
  const min = readKey(ctx, family, services, KEYS.minimumHealthyPercent);
  const max = readKey(ctx, family, services, KEYS.maximumPercent);
  if (min === undefined && max === undefined) return undefined;
  let refused = false;
  for (const service of services) {
    const order = ctx.project.services[service].deploy?.update_config?.order;
    if (order === undefined) continue;
    const percent = (min ?? max)!;
    ctx.error(
      CODES.DEPLOYMENT_PERCENT_CONFLICT,
      `family '${family}' sets its deployment percentages twice: deploy.update_config.order: ${order} of service '${service}' (at ${ctx.where(['services', service, 'deploy', 'update_config', 'order'])}) and ${String(percent.path[percent.path.length - 1])} here`,
      percent.path,
      `keep one: the order (start-first is 200/100, stop-first 100/0), or ${MIN_PERCENT} / ${MAX_PERCENT}`,
    );
    refused = true;
  }
  const minimumHealthyPercent = min?.value ?? ECS_DEFAULT_MINIMUM_HEALTHY_PERCENT;
  const maximumPercent = max?.value ?? ECS_DEFAULT_MAXIMUM_PERCENT;
  if (maximumPercent <= minimumHealthyPercent) {
    const at = (max ?? min)!;
    const minDefault = min === undefined ? ` (ECS's default ${ECS_DEFAULT_MINIMUM_HEALTHY_PERCENT} for the minimum)` : '';
    ctx.error(
      CODES.DEPLOYMENT_PERCENT_INVALID,
      `family '${family}' would deploy with MaximumPercent ${maximumPercent} and MinimumHealthyPercent ${minimumHealthyPercent}${minDefault}: with no room above the minimum, ECS can neither start a new task nor stop an old one`,
      at.path,
      `raise ${MAX_PERCENT} above ${MIN_PERCENT}${min === undefined ? ` (write ${MIN_PERCENT}: 0 to replace tasks in place)` : ''}`,
    );
    refused = true;
  }
  if (refused) return undefined;
  const written = [min ? `${MIN_PERCENT}: ${min.value}` : undefined, max ? `${MAX_PERCENT}: ${max.value}` : undefined].filter((x) => x !== undefined).join(', ');
  return { minimumHealthyPercent, maximumPercent, written };
}
