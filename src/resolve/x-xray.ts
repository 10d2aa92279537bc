/**
 * `x-xray` on a service (ECS ComposeX's syntax): the AWS X-Ray daemon runs as a sidecar container
 * of the service's family, and the service sends its trace segments to it.
 *
 *   x-xray: true                                  # the daemon with composex's image
 *   x-xray: {OverrideImage: <image>}              # the same, another image (a mirror, the OpenTelemetry collector)
 *   x-xray: false                                 # no daemon (the default)
 *
 * The daemon (`XrayDaemonModel`) follows AWS's ECS example ("Running the X-Ray daemon on Amazon
 * ECS"): image `public.ecr.aws/xray/aws-xray-daemon:3.x`, 32 CPU units, a 256 MiB memory
 * reservation, port 2000/udp. It is not essential (a daemon that stops loses traces, not the
 * service), logs to the family's log group, and is counted in the task size. The services that ask
 * get `AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000` (the address the X-Ray SDKs read; a value they set
 * wins) and start after it (`DependsOn` START). The task role gets exactly the daemon's actions
 * (task-role.ts, `XRAY_DAEMON_ACTIONS`), nothing more.
 *
 * Every container of a task shares its network namespace (awsvpc), so a service of the family
 * that listens on port 2000 cannot run beside the daemon (CX3341).
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import { CODES } from './codes';
import { compareStrings, describePath, ResolveContext } from './context';
import type { ContainerPort, XrayDaemonModel } from './model';
import { isPlainObject } from './readers';

export const X_XRAY_KEYS = ['OverrideImage'];
/** AWS's image of the daemon, from Amazon ECR Public (no Docker Hub pull limit); multi-architecture. */
export const XRAY_DAEMON_IMAGE = 'public.ecr.aws/xray/aws-xray-daemon:3.x';
/** AWS's ECS example: `"cpu": 32, "memoryReservation": 256`. */
export const XRAY_DAEMON_CPU = 32;
export const XRAY_DAEMON_MEMORY_RESERVATION_MIB = 256;
/** The daemon listens on UDP 2000 (segments) and TCP 2000 (sampling proxy). */
export const XRAY_DAEMON_PORT = 2000;
export const XRAY_DAEMON_ADDRESS_VARIABLE = 'AWS_XRAY_DAEMON_ADDRESS';
export const XRAY_DAEMON_ADDRESS = `127.0.0.1:${XRAY_DAEMON_PORT}`;
const XRAY_DAEMON_NAME = 'xray-daemon';

/** What a service asked: `undefined` for no daemon (absent or `false`), or the image it runs. */
export function readXraySetting(ctx: ResolveContext, service: string): { readonly image: string } | undefined {
  const raw = ctx.project.services[service]['x-xray'];
  const path: Path = ['services', service, 'x-xray'];
  if (raw === undefined || raw === false) return undefined;
  if (raw === true) return { image: XRAY_DAEMON_IMAGE };
  if (!isPlainObject(raw)) {
    ctx.error(CODES.INVALID_XRAY, `${describePath(path)} must be true, false or {OverrideImage: <image>}, not ${JSON.stringify(raw)}`, path, 'write x-xray: true');
    return undefined;
  }
  let valid = true;
  for (const key of Object.keys(raw)) {
    if (X_XRAY_KEYS.includes(key)) continue;
    ctx.error(CODES.UNKNOWN_X_KEY, `unknown key '${key}' in ${describePath(path)}`, [...path, key], suggestion(key, X_XRAY_KEYS, 'key'), 'key');
    valid = false;
  }
  const image = raw.OverrideImage;
  if (image !== undefined && (typeof image !== 'string' || image.trim() === '' || /\s/.test(image.trim()))) {
    ctx.error(CODES.INVALID_XRAY, `${describePath([...path, 'OverrideImage'])} must be an image reference, not ${JSON.stringify(image)}`, [...path, 'OverrideImage'], `e.g. OverrideImage: ${XRAY_DAEMON_IMAGE}`);
    valid = false;
  }
  if (!valid) return undefined;
  return { image: typeof image === 'string' ? image.trim() : XRAY_DAEMON_IMAGE };
}

/**
 * The daemon of a family whose `members` (sorted) include services that asked for it (`image`:
 * the one they agree on), named apart from the family's containers; a service port on 2000 is CX3341.
 */
export function planXrayDaemon(
  ctx: ResolveContext,
  members: readonly string[],
  asked: ReadonlyMap<string, { readonly image: string }>,
  image: string | undefined,
  ports: readonly ContainerPort[],
): XrayDaemonModel | undefined {
  const services = members.filter((m) => asked.has(m));
  if (services.length === 0 || image === undefined) return undefined;
  const clash = ports.find((p) => p.port === XRAY_DAEMON_PORT);
  if (clash) {
    // awsvpc: the containers of a task share one network namespace, so two cannot bind one port.
    ctx.error(
      CODES.XRAY_PORT_CLASH,
      `service '${clash.service}' listens on port ${XRAY_DAEMON_PORT}/${clash.protocol}, where the X-Ray daemon asked for by x-xray on '${services[0]}' listens (all containers of a task share one network namespace)`,
      ['services', services[0], 'x-xray'],
      `move the service to another port, or give it its own family (deploy.labels: ecs.task.family) without x-xray`,
      'key',
    );
  }
  const taken = new Set(members);
  let name = XRAY_DAEMON_NAME;
  for (let n = 2; taken.has(name); n++) name = `${XRAY_DAEMON_NAME}-${n}`;
  return {
    name,
    image,
    cpu: XRAY_DAEMON_CPU,
    memoryReservation: XRAY_DAEMON_MEMORY_RESERVATION_MIB,
    port: XRAY_DAEMON_PORT,
    services: [...services].sort(compareStrings),
  };
}
