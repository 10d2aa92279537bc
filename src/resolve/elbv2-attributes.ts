/**
 * An `x-elbv2` load balancer's `Properties` (the three ECS ComposeX imports: `Scheme`, `Type`,
 * `LoadBalancerAttributes`) and the `MacroParameters` shortcuts for attributes, as a table:
 * shortcut → attribute key, the load balancer type it applies to, and its accepted values (as
 * AWS documents the attributes of AWS::ElasticLoadBalancingV2::LoadBalancer).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { checkKeys, isPlainObject, readObject, type XObject } from './readers';

type LbType = 'application' | 'network';
/** ECS ComposeX's load balancer `Type` when `Properties` gives none. */
export const DEFAULT_LB_TYPE: LbType = 'application';

interface Shortcut {
  readonly attribute: string;
  readonly type: LbType;
  /** The value as the attribute wants it, or undefined when not accepted. */
  readonly read: (value: unknown) => string | undefined;
  readonly expected: string;
}

const bool = (value: unknown): string | undefined => (typeof value === 'boolean' ? String(value) : value === 'true' || value === 'false' ? value : undefined);

export const MACRO_SHORTCUTS: Readonly<Record<string, Shortcut>> = {
  timeout_seconds: {
    attribute: 'idle_timeout.timeout_seconds',
    type: 'application',
    read: (v) => (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 4000 ? String(v) : undefined),
    expected: 'a whole number of seconds from 1 to 4000',
  },
  desync_mitigation_mode: {
    attribute: 'routing.http.desync_mitigation_mode',
    type: 'application',
    read: (v) => (v === 'monitor' || v === 'defensive' || v === 'strictest' ? v : undefined),
    expected: 'monitor, defensive or strictest',
  },
  drop_invalid_header_fields: { attribute: 'routing.http.drop_invalid_header_fields.enabled', type: 'application', read: bool, expected: 'true or false' },
  http2: { attribute: 'routing.http2.enabled', type: 'application', read: bool, expected: 'true or false' },
  cross_zone: { attribute: 'load_balancing.cross_zone.enabled', type: 'network', read: bool, expected: 'true or false' },
};

/**
 * composex's defaults: an ALB drops requests with invalid header fields (request smuggling), and
 * an NLB balances across zones (off by default for NLBs: with tasks in one zone only, the other
 * zone's address would have no target) — the same as its default load balancer.
 */
const DEFAULT_ATTRIBUTES: Record<LbType, Record<string, string>> = {
  application: { 'routing.http.drop_invalid_header_fields.enabled': 'true' },
  network: { 'load_balancing.cross_zone.enabled': 'true' },
};

export interface Elbv2Attributes {
  readonly type: LbType;
  readonly scheme: 'internet-facing' | 'internal';
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
}

export function readElbv2Attributes(ctx: ResolveContext, def: XObject, path: Path): Elbv2Attributes | undefined {
  const propsPath = [...path, 'Properties'];
  const props = def.Properties === undefined ? {} : readObject(ctx, def.Properties, propsPath, '{Scheme: internet-facing, Type: application}');
  if (!props) return undefined;
  for (const key of Object.keys(props)) {
    if (!['Scheme', 'Type', 'LoadBalancerAttributes'].includes(key)) {
      ctx.error(
        CODES.ELBV2_INVALID,
        `${describePath([...propsPath, key])} is not read: composex sets the load balancer's other properties (subnets, security group, name)`,
        [...propsPath, key],
        'keep Scheme, Type and LoadBalancerAttributes in Properties',
        'key',
      );
    }
  }
  const type = props.Type ?? DEFAULT_LB_TYPE;
  if (type !== 'application' && type !== 'network') {
    ctx.error(CODES.ELBV2_INVALID, `load balancer Type ${JSON.stringify(type)} is not application or network`, [...propsPath, 'Type'], 'write Type: application (HTTP/HTTPS) or Type: network (TCP/TLS/UDP)');
    return undefined;
  }
  const scheme = props.Scheme ?? 'internal';
  if (scheme !== 'internet-facing' && scheme !== 'internal') {
    ctx.error(CODES.ELBV2_INVALID, `load balancer Scheme ${JSON.stringify(scheme)} is not internet-facing or internal`, [...propsPath, 'Scheme'], 'write Scheme: internet-facing (public subnets) or leave it out for internal');
    return undefined;
  }
  const attributes = new Map(Object.entries(DEFAULT_ATTRIBUTES[type]));
  let ok = true;
  const macroPath = [...path, 'MacroParameters'];
  const macro = def.MacroParameters === undefined ? {} : readObject(ctx, def.MacroParameters, macroPath, '{timeout_seconds: 60, Ingress: {...}}');
  if (!macro) return undefined;
  checkKeys(ctx, macro, macroPath, [...Object.keys(MACRO_SHORTCUTS), 'Ingress']);
  const settings = readOlderSettings(ctx, def, path, scheme);
  if (!settings) return undefined;
  const shortcuts: [string, unknown, Path][] = [
    ...Object.keys(MACRO_SHORTCUTS).filter((k) => macro[k] !== undefined).map((k): [string, unknown, Path] => [k, macro[k], [...macroPath, k]]),
    ...settings,
  ];
  for (const [key, written, at] of shortcuts) {
    const shortcut = MACRO_SHORTCUTS[key];
    // ECS ComposeX's own example (use-cases/elbv2/create_only.yml) sets cross_zone: True on an
    // application load balancer: what an ALB does anyway ("The default for Application Load
    // Balancers is true, and can't be changed", LoadBalancerAttribute in the ELB API reference),
    // so it is accepted and nothing is written; false cannot be had.
    if (key === 'cross_zone' && type === 'application' && bool(written) === 'true') continue;
    if (shortcut.type !== type) {
      ctx.error(
        CODES.ELBV2_INVALID,
        key === 'cross_zone' ? 'an application load balancer always balances across zones: cross_zone cannot be turned off' : `${key} applies to ${shortcut.type} load balancers, and this one is ${type}`,
        at,
        `remove ${key}`,
        'key',
      );
      ok = false;
      continue;
    }
    const value = shortcut.read(written);
    if (value === undefined) {
      ctx.error(CODES.ELBV2_INVALID, `${key} ${JSON.stringify(written)} is not ${shortcut.expected}`, at, `write ${key}: ${shortcut.expected.split(/,| or /)[0]}`);
      ok = false;
      continue;
    }
    attributes.set(shortcut.attribute, value);
  }
  if (props.LoadBalancerAttributes !== undefined) {
    const at = [...propsPath, 'LoadBalancerAttributes'];
    const list = Array.isArray(props.LoadBalancerAttributes) ? props.LoadBalancerAttributes : undefined;
    const pairs = list?.map((item) => (isPlainObject(item) && typeof item.Key === 'string' && /^[a-z0-9._]+$/.test(item.Key) && ['string', 'number', 'boolean'].includes(typeof item.Value) ? [item.Key, String(item.Value)] : undefined));
    if (!pairs || pairs.some((p) => p === undefined)) {
      ctx.error(CODES.ELBV2_INVALID, `${describePath(at)} must be a list of {Key, Value}`, at, 'write LoadBalancerAttributes: [{Key: idle_timeout.timeout_seconds, Value: "60"}]');
      ok = false;
    } else {
      for (const [key, value] of pairs as [string, string][]) {
        if (key.startsWith('access_logs.') || key.startsWith('connection_logs.')) {
          ctx.error(CODES.ELBV2_INVALID, `attribute ${key} needs a bucket whose policy admits ELB, which composex does not create`, at, 'remove the log attributes; turn logging on once the bucket exists');
          ok = false;
          continue;
        }
        attributes.set(key, value);
      }
    }
  }
  if (!ok) return undefined;
  return { type, scheme, attributes: [...attributes].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, value]) => ({ key, value })) };
}

/**
 * ECS ComposeX's `Settings` of a load balancer. Its first releases took the attribute shortcuts
 * there (`timeout_seconds`, `desync_mitigation_mode`, … — its use case create_only_with_cognito.yml);
 * they are read as the `MacroParameters` of today, with a warning (CX3255). `Subnets` overrides the
 * subnets ECS ComposeX picks from the scheme: naming the ones composex uses anyway (`PublicSubnets`
 * for an internet-facing load balancer, `AppSubnets` / `PrivateSubnets` for an internal one) says
 * nothing more and is accepted; another group is refused. `S3Logs` is not in ECS ComposeX's schema
 * of `Settings` (Subnets, NoAllocateEips, RetainEips) and nothing of it reads the key: no access
 * logs there, and none here, with a warning at it (CX3257). The shortcuts, with where they are.
 */
function readOlderSettings(ctx: ResolveContext, def: XObject, path: Path, scheme: string): [string, unknown, Path][] | undefined {
  if (def.Settings === undefined) return [];
  const settingsPath = [...path, 'Settings'];
  const settings = readObject(ctx, def.Settings, settingsPath, '{Subnets: PublicSubnets}');
  if (!settings) return undefined;
  checkKeys(ctx, settings, settingsPath, [...Object.keys(MACRO_SHORTCUTS), 'Subnets', 'S3Logs']);
  if (settings.S3Logs !== undefined) {
    ctx.warning(
      CODES.ELBV2_S3_LOGS_NOT_READ,
      'Settings.S3Logs is not read by ECS ComposeX (its Settings are Subnets, NoAllocateEips and RetainEips), so its load balancer logs no access; composex leaves it out too',
      [...settingsPath, 'S3Logs'],
      'remove S3Logs; access logs need a bucket whose policy lets ELB deliver logs, which composex does not set up for you: turn them on outside composex once that bucket exists',
      'key',
    );
  }
  if (settings.Subnets !== undefined) {
    const own = scheme === 'internet-facing' ? ['PublicSubnets'] : ['AppSubnets', 'PrivateSubnets'];
    if (typeof settings.Subnets !== 'string' || !own.includes(settings.Subnets)) {
      ctx.error(
        CODES.ELBV2_INVALID,
        `Settings.Subnets ${JSON.stringify(settings.Subnets)} is not read: composex puts ${scheme === 'internet-facing' ? 'an internet-facing load balancer in the public subnets' : 'an internal load balancer in the private (app) subnets'}`,
        [...settingsPath, 'Subnets'],
        `remove Subnets, or write Subnets: ${own[0]}`,
      );
    }
  }
  const shortcuts = Object.keys(MACRO_SHORTCUTS).filter((k) => settings[k] !== undefined);
  for (const key of shortcuts) {
    ctx.warning(CODES.ELBV2_OLDER_SETTINGS, `Settings.${key} (ECS ComposeX's first releases) is read as MacroParameters.${key}`, [...settingsPath, key], `move ${key} under MacroParameters, where ECS ComposeX reads it today`, 'key');
  }
  // Subnets refused: reported; the rest of the load balancer is still checked.
  return shortcuts.map((k): [string, unknown, Path] => [k, settings[k], [...settingsPath, k]]);
}
