/**
 * HTTPS / TLS on composex's default load balancer (the one of plain published ports, without
 * `x-elbv2`): the top-level key
 *
 *   x-load-balancer:
 *     Certificates: [{x-acm: site}]        # or [{Arn: arn:aws:acm:…}], first one the default
 *
 * makes the listener of published port 443 HTTPS (application load balancer) or TLS (network load
 * balancer), with the certificates and the TLS policy `x-elbv2` uses; the target group keeps the
 * container's protocol (HTTP or TCP: the load balancer terminates TLS). On the application load
 * balancer, a port-80 listener sending to the same container port then redirects to HTTPS (301),
 * as `x-elbv2` does for an HTTP listener beside an HTTPS one.
 *
 * Neither ECS ComposeX nor Docker's ECS integration had such a key: ECS ComposeX's load balancers
 * (and their certificates) are `x-elbv2`'s, and Docker's integration left TLS to CloudFormation
 * overlays (`x-aws-cloudformation`; a per-port `x-aws-certificate` was proposed, not released).
 * Port 443 is the listener because it is the port HTTPS and TLS clients use unless told otherwise.
 *
 * AWS: a TLS listener forwards TCP only ("Listeners for your Network Load Balancers": TLS listeners
 * and TCP target groups), so UDP and TCP_UDP on 443 cannot carry the certificate (CX3249).
 */
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import type { ResolveContext } from './context';
import { DEFAULT_SSL_POLICY } from './elbv2';
import { readCertificates } from './elbv2-actions';
import type { CertificateRef, ListenerModel } from './model';
import { checkKeys, readObject } from './readers';

export const DEFAULT_LB_KEY = 'x-load-balancer';
export const HTTPS_PORT = 443;
const HTTP_PORT = 80;

/**
 * The certificates of `x-load-balancer`, or undefined when it is absent or invalid (reported).
 * `acm`: the file's x-acm certificates (name → the ARN of an existing one); `elbv2`: whether the
 * file has `x-elbv2` (then there is no default load balancer to secure: CX3247).
 */
export function readDefaultLbCertificates(ctx: ResolveContext, acm: ReadonlyMap<string, string | undefined | null>, elbv2: boolean): readonly CertificateRef[] | undefined {
  const raw = ctx.project.extensions?.[DEFAULT_LB_KEY];
  if (raw === undefined) return undefined;
  const path: Path = [DEFAULT_LB_KEY];
  if (elbv2) {
    ctx.error(
      CODES.DEFAULT_LB_TLS_WITH_ELBV2,
      `${DEFAULT_LB_KEY} secures composex's load balancer of published ports, and with x-elbv2 there is none: the load balancers are x-elbv2's`,
      path,
      'give the certificates on the x-elbv2 listeners (Certificates: [{x-acm: <name>}]) and remove x-load-balancer',
      'key',
    );
    return undefined;
  }
  const def = readObject(ctx, raw, path, '{Certificates: [{x-acm: site}]}');
  if (!def) return undefined;
  checkKeys(ctx, def, path, ['Certificates']);
  if (def.Certificates === undefined) {
    ctx.error(CODES.DEFAULT_LB_TLS_INVALID, `${DEFAULT_LB_KEY} gives no Certificates`, path, 'write Certificates: [{x-acm: <name>}] or [{Arn: arn:aws:acm:<region>:<account>:certificate/<id>}]', 'key');
    return undefined;
  }
  const certificates = readCertificates(ctx, def.Certificates, [...path, 'Certificates'], acm);
  if (!certificates) return undefined;
  if (certificates.length === 0) {
    ctx.error(CODES.DEFAULT_LB_TLS_INVALID, `${DEFAULT_LB_KEY}.Certificates is empty`, [...path, 'Certificates'], 'name at least one certificate: [{x-acm: <name>}]', 'key');
    return undefined;
  }
  return certificates;
}

/**
 * The listeners with TLS on port 443 and, on an application load balancer, port 80 redirecting to
 * it when both send to the same container port. `at`: where the listener of a port was published.
 */
export function withTls(
  ctx: ResolveContext,
  listeners: readonly ListenerModel[],
  certificates: readonly CertificateRef[] | undefined,
  at: (listener: ListenerModel) => Path,
): ListenerModel[] {
  if (!certificates) return [...listeners];
  const secured = listeners.filter((l) => l.port === HTTPS_PORT);
  if (secured.length === 0) {
    ctx.error(
      CODES.DEFAULT_LB_TLS_INVALID,
      `${DEFAULT_LB_KEY} gives certificates, but no service publishes port ${HTTPS_PORT}: nothing would use them`,
      [DEFAULT_LB_KEY, 'Certificates'],
      `publish the HTTPS port on the service that answers it, e.g. ports: ["${HTTPS_PORT}:8080"] (the load balancer ends TLS and sends HTTP to 8080), or remove ${DEFAULT_LB_KEY}`,
      'key',
    );
    return [...listeners];
  }
  const tcpOnly = secured.filter((l) => l.protocol === 'UDP' || l.protocol === 'TCP_UDP');
  for (const l of tcpOnly) {
    ctx.error(
      CODES.DEFAULT_LB_TLS_NOT_TCP,
      `port ${HTTPS_PORT} of '${l.target.service}' is published as ${l.protocol === 'UDP' ? 'UDP' : 'TCP and UDP'}, and a TLS listener carries TCP only: the certificates of ${DEFAULT_LB_KEY} cannot apply`,
      at(l),
      `publish port ${HTTPS_PORT} over TCP only ("${HTTPS_PORT}:${l.target.containerPort}"), or remove ${DEFAULT_LB_KEY}`,
    );
  }
  if (tcpOnly.length > 0) return [...listeners];
  const https = secured[0];
  const tls = { certificates, sslPolicy: DEFAULT_SSL_POLICY };
  return listeners.map((l) => {
    if (l === https) return { ...l, tls };
    // An HTTP listener beside the HTTPS one sending to the same container: redirect (x-elbv2 does the same).
    const sameTarget = l.target.family === https.target.family && l.target.service === https.target.service && l.target.containerPort === https.target.containerPort;
    if (l.port === HTTP_PORT && l.protocol === 'HTTP' && https.protocol === 'HTTP' && sameTarget) return { ...l, redirectToHttps: HTTPS_PORT };
    return l;
  });
}

/** The protocol a listener of the default load balancer has: HTTPS / TLS when it carries certificates. */
export function listenerProtocol(listener: ListenerModel): 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP' {
  if (!listener.tls) return listener.protocol;
  return listener.protocol === 'HTTP' ? 'HTTPS' : 'TLS';
}
