/**
 * The `x-scaling` and `x-network` keys of ECS ComposeX's first releases (its 0.x syntax, which its
 * published use cases still write: use-cases/blog.features.x.yml, ecs/service_to_service.yml, the
 * ECS plugin file). ECS ComposeX's 0.11 aligned them to CamelCase (its changelog: "Align to
 * CamelCase for x-scaling and x-network settings", #347), and its current schemas refuse them.
 * Each is read with its meaning then, with a warning at it, never dropped in silence:
 *
 * - `x-scaling.range`, `x-scaling.target_scaling`: today's `Range` and `TargetScaling` (CX3991);
 * - `x-network.is_public: false` and `use_cloudmap: true`: the defaults of then (no public
 *   address; the service registered under its name), which composex gives every service anyway
 *   (Service Connect names): nothing to apply (CX3992);
 * - `x-network.use_cloudmap: false`: not applied, the service keeps its Service Connect name (CX3992);
 * - `x-network.lb_type`: the type of load balancer of the service's ports then; composex chooses
 *   the load balancer of published ports by their protocol, and `x-elbv2` declares one of a type:
 *   not applied (CX3992);
 * - `x-network.is_public: true` (the service reachable from the internet): refused (CX3993), with
 *   what to write today (published ports, an internet-facing `x-elbv2`, or `AssignPublicIp`).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { ResolveContext } from './context';
import type { XObject } from './readers';

/** `range` → `Range`, `target_scaling` → `TargetScaling`. */
const SCALING_RENAMES: readonly (readonly [string, string])[] = [
  ['range', 'Range'],
  ['target_scaling', 'TargetScaling'],
];

/** `x-scaling` with its first-release keys renamed (a key written both ways keeps today's, warned). */
export function readFirstReleaseScaling(ctx: ResolveContext, x: XObject, path: Path): XObject {
  const out: XObject = { ...x };
  for (const [older, current] of SCALING_RENAMES) {
    if (x[older] === undefined) continue;
    delete out[older];
    if (x[current] !== undefined) {
      ctx.warning(CODES.FIRST_RELEASE_SCALING_KEY, `x-scaling.${older} (ECS ComposeX's first releases) is written beside ${current}: ${current} is used`, [...path, older], `remove ${older}`, 'key');
      continue;
    }
    out[current] = x[older];
    ctx.warning(CODES.FIRST_RELEASE_SCALING_KEY, `x-scaling.${older} is the spelling of ECS ComposeX's first releases (its current schema refuses it): read as ${current}`, [...path, older], `write ${current}`, 'key');
  }
  return out;
}

const isTrue = (v: unknown) => v === true || v === 'true' || v === 'True';
const isFalse = (v: unknown) => v === false || v === 'false' || v === 'False';

/** `x-network` without its first-release keys, each read and warned (or refused) at its place. */
export function readFirstReleaseNetwork(ctx: ResolveContext, x: XObject, path: Path): XObject {
  const { is_public: isPublic, use_cloudmap: useCloudmap, lb_type: lbType, ...rest } = x;
  const older = (key: string, what: string, hint: string) =>
    ctx.warning(CODES.FIRST_RELEASE_NETWORK_KEY, `x-network.${key} (ECS ComposeX's first releases; its current schema refuses it) ${what}`, [...path, key], hint, 'key');
  if (isPublic !== undefined) {
    if (isTrue(isPublic)) {
      ctx.error(
        CODES.FIRST_RELEASE_NETWORK_PUBLIC,
        "x-network.is_public: true (ECS ComposeX's first releases: the service reachable from the internet) has no one meaning today",
        [...path, 'is_public'],
        'publish its ports (ports: ["443:8443"]: an internet-facing load balancer), declare an internet-facing x-elbv2 load balancer for it, or give its tasks a public address (x-network.AssignPublicIp: true)',
        'key',
      );
    } else if (isFalse(isPublic)) {
      older('is_public', 'is false, the default then and now: the tasks get no public address', 'remove is_public');
    } else {
      ctx.error(CODES.FIRST_RELEASE_NETWORK_PUBLIC, 'x-network.is_public must be true or false', [...path, 'is_public'], 'remove is_public');
    }
  }
  if (useCloudmap !== undefined) {
    if (isFalse(useCloudmap)) {
      older('use_cloudmap', 'is false: not applied, the service keeps its name in the project namespace (Service Connect), through which the services it declares reach it', 'remove use_cloudmap; to keep others from calling it, declare no depends_on / links / x-network.Ingress to it');
    } else {
      older('use_cloudmap', 'is true, the default then: composex gives every service its name in the project namespace (Service Connect)', 'remove use_cloudmap');
    }
  }
  if (lbType !== undefined) {
    older(
      'lb_type',
      `(${String(lbType)}) is not applied: the load balancer of published ports is chosen by their protocol (application for HTTP, network otherwise), and none is created for ports that are not published`,
      'remove lb_type; mark a port x-aws-protocol: http (or tcp) to choose, or declare an x-elbv2 load balancer of that Type',
    );
  }
  return rest;
}
