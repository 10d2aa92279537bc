/**
 * `x-monitoring` on a service (ECS ComposeX's syntax): `CWAgentCollectEmf` adds the CloudWatch
 * agent as a sidecar of the family, listening for embedded metric format (EMF) logs on
 * 127.0.0.1:25888, and gives the family's services `AWS_EMF_AGENT_ENDPOINT` (cloudwatch-agent.ts).
 *
 *   x-monitoring:
 *     CWAgentCollectEmf: true                                  # composex's pinned agent image
 *     CWAgentCollectEmf: {OverrideImage: <image>}              # another image
 *     CollectEmf: {CloudwatchAgent: {UseLatest: true}}         # ECS ComposeX's later spelling
 *
 * `UseLatest` and `InterpolateWithDigest` ask ECS ComposeX for the `latest` tag and its digest:
 * composex pins a released version instead (warning CX3923 when they are written). `FluentBit`
 * and `OTEL` under `CollectEmf` are "not yet implemented" in ECS ComposeX's schema; composex
 * ignores them with a warning as well.
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { checkKeys, isPlainObject, readBoolean, readObject, readString } from './readers';

const SIDECAR_KEYS = ['UseLatest', 'InterpolateWithDigest', 'OverrideImage'];

export interface MonitoringSetting {
  /** The agent image the service asks for (`OverrideImage`), when it names one. */
  readonly image?: string;
}

/** What a service asks with `x-monitoring`: EMF collection (and maybe an image), or `undefined`. */
export function readMonitoringSetting(ctx: ResolveContext, service: string): MonitoringSetting | undefined {
  const raw = ctx.project.services[service]['x-monitoring'];
  const path: Path = ['services', service, 'x-monitoring'];
  if (raw === undefined || raw === null) return undefined;
  const top = readObject(ctx, raw, path, '{CWAgentCollectEmf: true}');
  if (!top) return undefined;
  checkKeys(ctx, top, path, ['CWAgentCollectEmf', 'CollectEmf']);
  const asked: MonitoringSetting[] = [];
  if (top.CWAgentCollectEmf !== undefined) {
    const one = readSidecar(ctx, top.CWAgentCollectEmf, [...path, 'CWAgentCollectEmf']);
    if (one) asked.push(one);
  }
  if (top.CollectEmf !== undefined) {
    const at = [...path, 'CollectEmf'];
    const collect = readObject(ctx, top.CollectEmf, at, '{CloudwatchAgent: {UseLatest: true}}');
    if (collect) {
      checkKeys(ctx, collect, at, ['CloudwatchAgent', 'FluentBit', 'OTEL']);
      for (const other of ['FluentBit', 'OTEL'].filter((k) => collect[k] !== undefined)) {
        ctx.warning(CODES.CW_AGENT_OPTION_IGNORED, `${describePath([...at, other])}: EMF collection through ${other} is not implemented (ECS ComposeX's schema says so too); ignored`, [...at, other], 'use CloudwatchAgent', 'key');
      }
      if (collect.CloudwatchAgent !== undefined) {
        const one = readSidecar(ctx, collect.CloudwatchAgent, [...at, 'CloudwatchAgent'], true);
        if (one) asked.push(one);
      }
    }
  }
  if (asked.length === 0) return undefined;
  const images = [...new Set(asked.flatMap((a) => (a.image ? [a.image] : [])))];
  if (images.length > 1) {
    ctx.error(CODES.MONITORING_INVALID, `${describePath(path)} names two agent images (${images.join(', ')})`, path, 'give OverrideImage once', 'key');
    return undefined;
  }
  return images.length === 1 ? { image: images[0] } : {};
}

/** `true` / `false`, or `{UseLatest, InterpolateWithDigest, OverrideImage}`; `undefined` for no agent. */
function readSidecar(ctx: ResolveContext, raw: unknown, path: Path, objectOnly = false): MonitoringSetting | undefined {
  if (!objectOnly && typeof raw === 'boolean') return raw ? {} : undefined;
  if (!isPlainObject(raw)) {
    ctx.error(CODES.MONITORING_INVALID, `${describePath(path)} must be ${objectOnly ? '' : 'true, false or '}{UseLatest: true} or {OverrideImage: <image>}, not ${JSON.stringify(raw)}`, path, objectOnly ? 'write {UseLatest: true}' : 'write CWAgentCollectEmf: true');
    return undefined;
  }
  checkKeys(ctx, raw, path, SIDECAR_KEYS);
  const useLatest = raw.UseLatest === undefined ? undefined : readBoolean(ctx, raw.UseLatest, [...path, 'UseLatest']);
  const digest = raw.InterpolateWithDigest === undefined ? undefined : readBoolean(ctx, raw.InterpolateWithDigest, [...path, 'InterpolateWithDigest']);
  const image = raw.OverrideImage === undefined ? undefined : readString(ctx, raw.OverrideImage, [...path, 'OverrideImage'], 'public.ecr.aws/cloudwatch-agent/cloudwatch-agent:<version>');
  if (image !== undefined && /\s/.test(image.trim())) {
    ctx.error(CODES.MONITORING_INVALID, `${describePath([...path, 'OverrideImage'])} must be an image reference, not ${JSON.stringify(image)}`, [...path, 'OverrideImage'], 'e.g. OverrideImage: public.ecr.aws/cloudwatch-agent/cloudwatch-agent:<version>');
    return undefined;
  }
  // ECS ComposeX's schema: one of UseLatest or OverrideImage is required.
  if (useLatest === undefined && image === undefined) {
    ctx.error(CODES.MONITORING_INVALID, `${describePath(path)} needs UseLatest or OverrideImage`, path, 'write UseLatest: true, or OverrideImage: <image>', 'key');
    return undefined;
  }
  if (useLatest === true && image === undefined) {
    ctx.warning(CODES.CW_AGENT_OPTION_IGNORED, `${describePath([...path, 'UseLatest'])}: composex runs a pinned release of the CloudWatch agent, not the latest tag, so every deployment runs the image it was tested with`, [...path, 'UseLatest'], 'write OverrideImage: public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest to follow the latest tag', 'key');
  }
  if (digest === true) {
    ctx.warning(CODES.CW_AGENT_OPTION_IGNORED, `${describePath([...path, 'InterpolateWithDigest'])}: composex does not look the image's digest up (that needs a registry call at render time); the tag is used as written`, [...path, 'InterpolateWithDigest'], 'write the digest into OverrideImage (…/cloudwatch-agent@sha256:<digest>) to pin it', 'key');
  }
  return image !== undefined ? { image: image.trim() } : {};
}
