/**
 * Every `Lookup` of a project that `composex lookup` answers: the same readers resolve uses, so
 * the queries the command writes are the ones render compares (lookups.ts).
 */
import type { ComposeProject } from '../compose/types';
import type { Diagnostic } from '../diagnostics';
import { clusterLookupRequest } from './cluster';
import { compareStrings, ResolveContext } from './context';
import type { LookupRequest } from './lookups';
import { isPlainObject } from './readers';
import { messagingLookupRequest } from './resources/common';
import { cacheLookupRequest } from './resources/elasticache-lookup';
import { databaseLookupRequest } from './resources/rds-lookup';
import { secretLookupRequest } from './secrets';
import { withCurrentTopicsForm } from './resources/sns-topics-form';
import { vpcLookupRequest } from './vpc';
import { imageLookupRequest } from './x-ecr';

export function collectLookupRequests(written: ComposeProject): { requests: LookupRequest[]; diagnostics: Diagnostic[] } {
  // The topics of ECS ComposeX's older x-sns form are looked up as resolve reads them.
  const { project, diagnostics: older } = withCurrentTopicsForm(written);
  const ctx = new ResolveContext(project);
  ctx.diagnostics.push(...older);
  const requests = [
    vpcLookupRequest(ctx),
    clusterLookupRequest(ctx),
    ...Object.keys(project.secrets ?? {})
      .sort(compareStrings)
      .map((name) => secretLookupRequest(ctx, name)),
    ...(['x-sqs', 'x-sns'] as const).flatMap((key) => {
      const defs = project.extensions?.[key];
      if (!isPlainObject(defs)) return [];
      return Object.keys(defs)
        .sort(compareStrings)
        .map((name) => {
          const lookup = isPlainObject(defs[name]) ? defs[name].Lookup : undefined;
          if (!isPlainObject(lookup) || lookup.Arn !== undefined || (lookup.Tags === undefined && lookup.Name === undefined)) return undefined;
          return messagingLookupRequest(ctx, [key, name], lookup, key === 'x-sqs' ? 'queue' : 'topic');
        });
    }),
    // x-s3 by Tags (a Name or an Arn needs no lookup), x-dynamodb by Tags or Name (not by Arn).
    ...resourceLookups(project, 'x-s3')
      .filter(([, lookup]) => lookup.Tags !== undefined)
      // Identifier beside Tags names the bucket the tags must find: resolve checks it (s3.ts).
      .map(([name, { Identifier: _identifier, ...lookup }]) => messagingLookupRequest(ctx, ['x-s3', name], lookup, 'bucket', [])),
    ...resourceLookups(project, 'x-dynamodb')
      .filter(([, lookup]) => lookup.Arn === undefined && (lookup.Tags !== undefined || lookup.Name !== undefined))
      .map(([name, lookup]) => messagingLookupRequest(ctx, ['x-dynamodb', name], lookup, 'table')),
    // x-kms and x-ssm_parameter by Tags (an Arn, a parameter Name need no lookup).
    ...resourceLookups(project, 'x-kms')
      .filter(([, lookup]) => lookup.Tags !== undefined)
      .map(([name, lookup]) => messagingLookupRequest(ctx, ['x-kms', name], lookup, 'key', [])),
    ...resourceLookups(project, 'x-ssm_parameter')
      .filter(([, lookup]) => lookup.Tags !== undefined)
      .map(([name, lookup]) => messagingLookupRequest(ctx, ['x-ssm_parameter', name], lookup, 'parameter', [])),
    // x-kinesis by Tags or Name (an Arn needs no lookup).
    ...resourceLookups(project, 'x-kinesis')
      .filter(([, lookup]) => lookup.Arn === undefined && (lookup.Tags !== undefined || lookup.Name !== undefined))
      .map(([name, lookup]) => messagingLookupRequest(ctx, ['x-kinesis', name], lookup, 'stream')),
    ...resourceLookups(project, 'x-rds').map(([name, lookup]) => databaseLookupRequest(ctx, ['x-rds', name], lookup)),
    // x-elasticache by Tags, Name / Identifier or Arn: its endpoint and security group are needed in every case.
    ...resourceLookups(project, 'x-elasticache').map(([name, lookup]) => cacheLookupRequest(ctx, ['x-elasticache', name], lookup)),
    // x-ecr / x-docker_opts InterpolateWithDigest: the digest of the service's image.
    ...ctx.serviceNames.map((service) => imageLookupRequest(ctx, service)),
  ].filter((r): r is LookupRequest => r !== undefined);
  return { requests, diagnostics: ctx.diagnostics };
}

/** The `Lookup` mappings under `x-<kind>`, by resource name (sorted). */
function resourceLookups(project: ComposeProject, key: string): [string, Record<string, unknown>][] {
  const defs = project.extensions?.[key];
  if (!isPlainObject(defs)) return [];
  return Object.keys(defs)
    .sort(compareStrings)
    .flatMap((name) => {
      const lookup = isPlainObject(defs[name]) ? defs[name].Lookup : undefined;
      return isPlainObject(lookup) ? [[name, lookup] as [string, Record<string, unknown>]] : [];
    });
}
