/**
 * The load balancers of the resolved application (part of `AppModel`, src/resolve/model.ts, which
 * re-exports these types): composex's default load balancer for published ports, and the
 * `x-elbv2` load balancers with their listeners, rules, target groups, certificates (`x-acm`) and
 * hosted zones (`x-route53`).
 */

export interface LoadBalancerModel {
  /** `application` when every published port is HTTP, `network` otherwise. */
  readonly type: 'application' | 'network';
  readonly listeners: readonly ListenerModel[];
  /**
   * How many load balancers carry the listeners (1 up to 50 listeners; see
   * `src/resolve/load-balancer-split.ts`). Absent: 1.
   */
  readonly count?: number;
}

export interface ListenerModel {
  /** Published (listener) port. */
  readonly port: number;
  /** `HTTP` for an ALB; `TCP` / `UDP` for an NLB, `TCP_UDP` for a port published as both. */
  readonly protocol: 'HTTP' | 'TCP' | 'UDP' | 'TCP_UDP';
  readonly target: { readonly family: string; readonly service: string; readonly containerPort: number };
  /** Health check path for HTTP targets (`x-aws-healthcheck-path` / default `/`). */
  readonly healthCheckPath?: string;
  /** Index of the load balancer that carries the listener (absent: 0, the first). */
  readonly loadBalancer?: number;
  /**
   * `x-load-balancer` certificates on published port 443: the listener is HTTPS (for `HTTP`) or
   * TLS (for `TCP`); `protocol` stays the target group's (the load balancer ends TLS).
   */
  readonly tls?: { readonly certificates: readonly CertificateRef[]; readonly sslPolicy: string };
  /** Port 80 of an application load balancer beside its HTTPS listener: redirects there (301). */
  readonly redirectToHttps?: number;
}

export type Elbv2Protocol = 'HTTP' | 'HTTPS' | 'TCP' | 'TLS' | 'UDP' | 'TCP_UDP';

/** One `x-elbv2` load balancer (resolve/elbv2.ts). */
export interface Elbv2Model {
  /** Its name under `x-elbv2`. */
  readonly name: string;
  /** Unique PascalCase id (`Elbv2<logicalId>…` in the templates). */
  readonly logicalId: string;
  readonly type: 'application' | 'network';
  readonly scheme: 'internet-facing' | 'internal';
  /** Load balancer attributes (`MacroParameters` shortcuts and `Properties.LoadBalancerAttributes`), sorted by key. */
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
  /** Listeners sorted by port. */
  readonly listeners: readonly Elbv2Listener[];
  /** Target groups (one per `Services` entry a listener uses), sorted by id. */
  readonly targetGroups: readonly Elbv2TargetGroup[];
  /** Route 53 alias records (`DnsAliases`), sorted by name. */
  readonly aliases?: readonly Elbv2Alias[];
}

/** An ACM certificate validated by DNS (`x-acm`). */
export interface CertificateModel {
  readonly name: string;
  /** Unique PascalCase id (`Certificate<logicalId>`). */
  readonly logicalId: string;
  readonly domainName: string;
  readonly alternativeNames: readonly string[];
  /** One entry per name: the hosted zone (an `x-route53` name, or a literal id) that receives its validation record. */
  readonly validation: readonly { readonly domainName: string; readonly zone?: ZoneRef }[];
}

/** A hosted zone: an `x-route53` zone by name, or an id written in the file. */
export type ZoneRef = { readonly kind: 'route53'; readonly name: string } | { readonly kind: 'id'; readonly id: string };

/** A Route 53 hosted zone (`x-route53`, `x-dns.PublicZone`): its id from the file, a root-stack parameter, or created. */
export interface HostedZoneModel {
  readonly name: string;
  readonly logicalId: string;
  /** The zone's domain, without the trailing dot. */
  readonly zoneName: string;
  /** Absent: the root stack takes it as parameter `HostedZone<logicalId>Id` (or creates the zone, with `create`). */
  readonly zoneId?: string;
  /** A new public hosted zone in the root stack (`x-dns.PublicZone` without `Use`, as ECS ComposeX did). */
  readonly create?: true;
}

export interface Elbv2Alias {
  /** The record name, e.g. `www.example.com`. */
  readonly name: string;
  /** The `x-route53` zone the record goes in. */
  readonly zone: string;
}

export interface Elbv2TargetGroup {
  /** Unique within its load balancer, PascalCase: family, service and port (`AppApp8080`). */
  readonly id: string;
  readonly family: string;
  readonly service: string;
  readonly containerPort: number;
  readonly protocol: Elbv2Protocol;
  readonly healthCheck: Elbv2HealthCheck;
  /** Target group attributes, sorted by key (`deregistration_delay.timeout_seconds` always set). */
  readonly attributes: readonly { readonly key: string; readonly value: string }[];
}

export interface Elbv2HealthCheck {
  readonly protocol: Elbv2Protocol;
  /** Absent: the traffic port. */
  readonly port?: number;
  readonly path?: string;
  readonly matcher?: string;
  readonly healthyThreshold?: number;
  readonly unhealthyThreshold?: number;
  readonly intervalSeconds?: number;
  readonly timeoutSeconds?: number;
}

/** Where a listener's certificate comes from: an ARN the file gives, or an `x-acm` certificate. */
export type CertificateRef = { readonly kind: 'arn'; readonly arn: string } | { readonly kind: 'acm'; readonly name: string };

export type Elbv2Action =
  | { readonly type: 'forward'; readonly targetGroup: string }
  | {
      readonly type: 'redirect';
      readonly protocol?: string;
      readonly port?: string;
      readonly host?: string;
      readonly path?: string;
      readonly query?: string;
      readonly statusCode: 'HTTP_301' | 'HTTP_302';
    }
  | { readonly type: 'fixed-response'; readonly statusCode: string; readonly contentType?: string; readonly messageBody?: string };

/** What an authenticate action shares (OIDC and Cognito), as ELB names it. */
interface Elbv2AuthenticateCommon {
  readonly sessionCookieName?: string;
  /** Seconds, 1 to 604800 (ELB's default: 604800). */
  readonly sessionTimeout?: number;
  readonly scope?: string;
  /** Query parameters for the authorization endpoint (at most 10), sorted by name. */
  readonly extraParams?: readonly { readonly name: string; readonly value: string }[];
  readonly onUnauthenticatedRequest?: 'deny' | 'allow' | 'authenticate';
}

/**
 * A target's `AuthenticateOidcConfig` / `AuthenticateCognitoConfig`: the load balancer
 * authenticates the user (action order 1) before it forwards (order 2). HTTPS listeners only.
 */
export type Elbv2Authenticate =
  | (Elbv2AuthenticateCommon & {
      readonly type: 'authenticate-oidc';
      readonly issuer: string;
      readonly authorizationEndpoint: string;
      readonly tokenEndpoint: string;
      readonly userInfoEndpoint: string;
      readonly clientId: string;
      /** A Secrets Manager dynamic reference (`{{resolve:secretsmanager:…}}`), never the secret; `''` with `literalClientSecret`. */
      readonly clientSecret: string;
      /** `ClientSecret: {Secret: <name>, JsonKey}`: the top-level Compose secret the reference was built from. */
      readonly clientSecretFrom?: { readonly secret: string; readonly jsonKey?: string };
      /**
       * `ClientSecret` written in the file (CX3258): the action reads it from the NoEcho root
       * parameter `parameter` (no default), which `composex deploy` fills with `value`. Generate
       * and render never write `value`; only deploy reads it (src/resolve/elbv2-client-secret.ts).
       */
      readonly literalClientSecret?: Elbv2LiteralClientSecret;
    })
  | (Elbv2AuthenticateCommon & {
      readonly type: 'authenticate-cognito';
      /** The ARN as written; `''` when `userPool` names an x-cognito_userpool pool (its `Arn` is used). */
      readonly userPoolArn: string;
      /** As written; `''` when `client` is created for the target (its `Ref` is used). */
      readonly userPoolClientId: string;
      readonly userPoolDomain: string;
      /** `UserPoolArn: x-cognito_userpool::<pool>` or `CreateCognitoClient.UserPoolId`: the pool composex creates. */
      readonly userPool?: string;
      /** `CreateCognitoClient`: the `AWS::Cognito::UserPoolClient` created for this target. */
      readonly client?: Elbv2CognitoClient;
    });

/** An OIDC client secret written in the compose file, kept out of every template (see `literalClientSecret`). */
export interface Elbv2LiteralClientSecret {
  /** The secret as the file gives it (after interpolation). Never written to a template, a message or a log. */
  readonly value: string;
  /** The root parameter's name (`Elbv2<Lb>Listener<port>[Rule<priority>]ClientSecret`); `''` until the load balancer is named. */
  readonly parameter: string;
  /** Where the file writes it (`['x-elbv2', <lb>, 'Listeners', 1, 'Targets', 0, 'AuthenticateOidcConfig', 'ClientSecret']`). */
  readonly path: readonly (string | number)[];
}

/** An app client created for an x-elbv2 target (ECS ComposeX's `CreateCognitoClient`). */
export interface Elbv2CognitoClient {
  /** AWS::Cognito::UserPoolClient properties (without `UserPoolId`), with what ELB needs. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** No `CallbackURLs` written: `https://<host>/oauth2/idpresponse` for the load balancer's DNS name, these hosts and its aliases. */
  readonly callbackHosts?: readonly string[];
  /** The listener's port: written into the callback URLs when it is not 443. */
  readonly port: number;
  /** `UserPoolId: <region>_<id>`: the client is created in this existing pool (not an x-cognito_userpool one). */
  readonly existingPoolId?: string;
}

export interface Elbv2Rule {
  /** 1 for the first rule of the listener, in the file's order. */
  readonly priority: number;
  readonly hosts?: readonly string[];
  readonly paths?: readonly string[];
  readonly action: Elbv2Action;
  /** The user is authenticated first (a forward `action` only). */
  readonly authenticate?: Elbv2Authenticate;
}

export interface Elbv2Listener {
  readonly port: number;
  readonly protocol: Elbv2Protocol;
  /** HTTPS and TLS listeners only. */
  readonly sslPolicy?: string;
  /** HTTPS and TLS listeners only: the first is the default certificate. */
  readonly certificates: readonly CertificateRef[];
  readonly defaultAction: Elbv2Action;
  /** HTTPS listeners: the user is authenticated before the default action (a forward) runs. */
  readonly defaultAuthenticate?: Elbv2Authenticate;
  /** ALB listeners: host / path rules, by priority. */
  readonly rules: readonly Elbv2Rule[];
}
