/**
 * What an `x-elbv2` listener does with a request: its `DefaultActions` (ECS ComposeX's
 * `Redirect: HTTP_TO_HTTPS`, or an action as CloudFormation writes it: `Type: redirect` with a
 * `RedirectConfig`, `Type: fixed-response` with a `FixedResponseConfig`), the conditions a
 * target's `access` stands for (`example.com`, `/api/*`, `example.com/api/*`, as ECS ComposeX
 * reads them: a host header and / or a path pattern), and its `Certificates`.
 *
 * Limits are those AWS documents for AWS::ElasticLoadBalancingV2::Listener / ListenerRule:
 * redirect status HTTP_301 or HTTP_302, fixed-response status 2XX/4XX/5XX with one of five
 * content types and at most 1024 characters of body, host and path condition values of at most
 * 128 characters with the wildcards `*` and `?`.
 */
import type { Path } from '../compose/source-map';
import type { CertificateRef, Elbv2Action } from './model';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { checkKeys, isPlainObject, readList, readObject } from './readers';

const HOST = /^[A-Za-z0-9*?](?:[A-Za-z0-9*?.-]{0,126}[A-Za-z0-9*?])?$/;
const PATH = /^\/[A-Za-z0-9_\-.$/~"'@:+&()!,;=*?%]{0,127}$/;
/** `host[:port]/path`: ECS ComposeX drops the port (a host header condition has none). */
const HOST_AND_PATH = /^([^/:\s]+)(?::\d{1,5})?(\/\S*)$/;
const CONTENT_TYPES = ['text/plain', 'text/css', 'text/html', 'application/javascript', 'application/json'];
const ACM_ARN = /^arn:aws(?:-[a-z]+)*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

export interface AccessConditions {
  readonly hosts?: readonly string[];
  readonly paths?: readonly string[];
}

/** `access`: undefined or `/` is every request (the listener's default); anything else a condition. */
export function readAccess(ctx: ResolveContext, raw: unknown, path: Path): AccessConditions | 'default' | undefined {
  if (raw === undefined || raw === '/') return 'default';
  const bad = (): undefined => {
    ctx.error(
      CODES.ELBV2_ACCESS_INVALID,
      `access ${JSON.stringify(raw)} is not a host name, a path or host/path`,
      path,
      'write e.g. access: /api/*, access: api.example.com, or access: api.example.com/v1/* (at most 128 characters each; wildcards * and ?)',
    );
    return undefined;
  };
  if (typeof raw !== 'string') return bad();
  const text = raw.trim();
  if (text.startsWith('/')) return PATH.test(text) ? { paths: [text] } : bad();
  const both = HOST_AND_PATH.exec(text);
  if (both) {
    if (!HOST.test(both[1]) || !PATH.test(both[2])) return bad();
    return both[2] === '/' ? { hosts: [both[1]] } : { hosts: [both[1]], paths: [both[2]] };
  }
  return HOST.test(text) ? { hosts: [text] } : bad();
}

/** `Redirect: HTTP_TO_HTTPS` as ECS ComposeX defines it (to port 443 unless the load balancer has one other HTTPS port). */
export function httpToHttps(port: number): Elbv2Action {
  return { type: 'redirect', protocol: 'HTTPS', port: String(port), host: '#{host}', path: '/#{path}', query: '#{query}', statusCode: 'HTTP_301' };
}

/** A listener's `DefaultActions`: one action. */
export function readDefaultActions(ctx: ResolveContext, raw: unknown, path: Path, httpsPort: number): Elbv2Action | undefined {
  const list = readList(ctx, raw, path, 'a list of one action, e.g. [{Redirect: HTTP_TO_HTTPS}]');
  if (!list) return undefined;
  if (list.length !== 1) {
    ctx.error(CODES.ELBV2_ACTION_INVALID, `${describePath(path)} lists ${list.length} actions; a listener has one default action`, path, 'keep one action, e.g. [{Redirect: HTTP_TO_HTTPS}]');
    return undefined;
  }
  const at = [...path, 0];
  const entry = readObject(ctx, list[0], at, '{Redirect: HTTP_TO_HTTPS}');
  if (!entry) return undefined;
  const bad = (message: string, where: Path, hint: string): undefined => {
    ctx.error(CODES.ELBV2_ACTION_INVALID, message, where, hint);
    return undefined;
  };
  if ('Redirect' in entry) {
    checkKeys(ctx, entry, at, ['Redirect']);
    if (entry.Redirect !== 'HTTP_TO_HTTPS') return bad(`Redirect ${JSON.stringify(entry.Redirect)} is not a predefined redirect`, [...at, 'Redirect'], 'write Redirect: HTTP_TO_HTTPS, or {Type: redirect, RedirectConfig: {...}}');
    return httpToHttps(httpsPort);
  }
  checkKeys(ctx, entry, at, ['Type', 'RedirectConfig', 'FixedResponseConfig']);
  if (entry.Type === 'redirect') {
    const config = readObject(ctx, entry.RedirectConfig, [...at, 'RedirectConfig'], '{Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}');
    if (!config) return undefined;
    const cpath = [...at, 'RedirectConfig'];
    checkKeys(ctx, config, cpath, ['Host', 'Path', 'Port', 'Protocol', 'Query', 'StatusCode']);
    if (config.StatusCode !== 'HTTP_301' && config.StatusCode !== 'HTTP_302') return bad(`RedirectConfig.StatusCode ${JSON.stringify(config.StatusCode)} is not HTTP_301 or HTTP_302`, [...cpath, 'StatusCode'], 'write StatusCode: HTTP_301');
    if (config.Protocol !== undefined && !['HTTP', 'HTTPS', '#{protocol}'].includes(String(config.Protocol))) return bad(`RedirectConfig.Protocol ${JSON.stringify(config.Protocol)} is not HTTP, HTTPS or #{protocol}`, [...cpath, 'Protocol'], 'write Protocol: HTTPS');
    const port = config.Port === undefined ? undefined : String(config.Port);
    if (port !== undefined && port !== '#{port}' && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return bad(`RedirectConfig.Port ${JSON.stringify(config.Port)} is not a port or #{port}`, [...cpath, 'Port'], 'write Port: "443"');
    for (const key of ['Host', 'Path', 'Query'] as const) {
      const value = config[key];
      if (value !== undefined && (typeof value !== 'string' || value.length > 128)) return bad(`RedirectConfig.${key} must be a string of at most 128 characters`, [...cpath, key], `e.g. ${key}: "#{${key.toLowerCase()}}"`);
    }
    if (typeof config.Path === 'string' && !config.Path.startsWith('/')) return bad(`RedirectConfig.Path '${config.Path}' must start with /`, [...cpath, 'Path'], 'write e.g. Path: "/#{path}"');
    return {
      type: 'redirect',
      ...(config.Protocol !== undefined ? { protocol: String(config.Protocol) } : {}),
      ...(port !== undefined ? { port } : {}),
      ...(config.Host !== undefined ? { host: config.Host as string } : {}),
      ...(config.Path !== undefined ? { path: config.Path as string } : {}),
      ...(config.Query !== undefined ? { query: config.Query as string } : {}),
      statusCode: config.StatusCode,
    };
  }
  if (entry.Type === 'fixed-response') {
    const cpath = [...at, 'FixedResponseConfig'];
    const config = readObject(ctx, entry.FixedResponseConfig, cpath, '{StatusCode: "404", ContentType: text/plain, MessageBody: Not found}');
    if (!config) return undefined;
    checkKeys(ctx, config, cpath, ['ContentType', 'MessageBody', 'StatusCode']);
    const status = String(config.StatusCode ?? '');
    if (!/^[245]\d\d$/.test(status)) return bad(`FixedResponseConfig.StatusCode ${JSON.stringify(config.StatusCode)} is not a 2XX, 4XX or 5XX code`, [...cpath, 'StatusCode'], 'write StatusCode: "404"');
    if (config.ContentType !== undefined && !CONTENT_TYPES.includes(String(config.ContentType))) return bad(`FixedResponseConfig.ContentType ${JSON.stringify(config.ContentType)} is not one ELB sends`, [...cpath, 'ContentType'], `use one of ${CONTENT_TYPES.join(', ')}`);
    if (config.MessageBody !== undefined && (typeof config.MessageBody !== 'string' || config.MessageBody.length > 1024)) return bad('FixedResponseConfig.MessageBody must be a string of at most 1024 characters', [...cpath, 'MessageBody'], 'shorten the body');
    return {
      type: 'fixed-response',
      statusCode: status,
      ...(config.ContentType !== undefined ? { contentType: String(config.ContentType) } : {}),
      ...(config.MessageBody !== undefined ? { messageBody: config.MessageBody as string } : {}),
    };
  }
  return bad(
    `${describePath(at)} is not an action composex reads`,
    at,
    'write {Redirect: HTTP_TO_HTTPS}, {Type: redirect, RedirectConfig: {...}} or {Type: fixed-response, FixedResponseConfig: {...}}; forwarding is what Targets declare',
  );
}

/**
 * `Certificates`: `{x-acm: <name>}`, `{Arn: <arn>}`, `{CertificateArn: <arn>}` (ECS ComposeX), or
 * an ARN as a plain string. `acm`: the `x-acm` certificates of the file (an existing one's ARN is
 * written as such).
 */
export function readCertificates(ctx: ResolveContext, raw: unknown, path: Path, acm: ReadonlyMap<string, string | undefined | null>): CertificateRef[] | undefined {
  const acmNames = new Set(acm.keys());
  if (raw === undefined) return [];
  const list = readList(ctx, raw, path, 'a list such as [{x-acm: site}] or [{Arn: arn:aws:acm:…}]');
  if (!list) return undefined;
  const out: CertificateRef[] = [];
  for (let i = 0; i < list.length; i++) {
    const at = [...path, i];
    const item = list[i];
    const bad = (message: string, where: Path, hint: string): undefined => {
      ctx.error(CODES.ELBV2_CERTIFICATE_INVALID, message, where, hint);
      return undefined;
    };
    let ref: CertificateRef | undefined;
    if (typeof item === 'string') {
      if (!ACM_ARN.test(item)) return bad(`certificate '${item}' is not an ACM certificate ARN`, at, 'write {x-acm: <name>} or the ARN arn:aws:acm:<region>:<account>:certificate/<id>');
      ref = { kind: 'arn', arn: item };
    } else if (isPlainObject(item)) {
      const keys = Object.keys(item);
      if (keys.length !== 1 || !['x-acm', 'Arn', 'CertificateArn'].includes(keys[0])) return bad(`${describePath(at)} must have exactly one of x-acm, Arn, CertificateArn`, at, 'write {x-acm: <name>} or {Arn: arn:aws:acm:…}');
      const value = item[keys[0]];
      if (keys[0] === 'x-acm') {
        if (typeof value === 'string' && acm.get(value) === null) return undefined; // its definition was reported
        if (typeof value !== 'string' || !acmNames.has(value)) {
          return bad(
            `x-acm certificate ${JSON.stringify(value)} is not declared under x-acm`,
            [...at, 'x-acm'],
            acmNames.size > 0 ? `name one of: ${[...acmNames].sort().join(', ')}` : 'declare it under x-acm, or give the ARN of an existing certificate: {Arn: arn:aws:acm:…}',
          );
        }
        const existing = acm.get(value);
        ref = existing ? { kind: 'arn', arn: existing } : { kind: 'acm', name: value };
      } else {
        if (typeof value !== 'string' || !ACM_ARN.test(value)) return bad(`${keys[0]} ${JSON.stringify(value)} is not an ACM certificate ARN`, [...at, keys[0]], 'write the ARN arn:aws:acm:<region>:<account>:certificate/<id>');
        ref = { kind: 'arn', arn: value };
      }
    } else {
      return bad(`${describePath(at)} is not a certificate`, at, 'write {x-acm: <name>} or {Arn: arn:aws:acm:…}');
    }
    const key = ref.kind === 'arn' ? ref.arn : `x-acm::${ref.name}`;
    if (out.some((c) => (c.kind === 'arn' ? c.arn : `x-acm::${c.name}`) === key)) return bad(`certificate ${key} is listed twice`, at, 'list each certificate once');
    out.push(ref);
  }
  return out;
}
