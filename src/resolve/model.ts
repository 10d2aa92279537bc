/**
 * The resolved application: what the generate stage builds from. Every name here has been checked
 * against the project (unknown references are diagnostics of the resolve stage, never surprises
 * in generate), and every access grant is explicit: if it is not in `ingress` it is not opened.
 *
 * All arrays are sorted (by family name, then service name, then port) so generation is
 * deterministic whatever the order of the compose file.
 */
import type { Protocol } from '../compose/types';
import type { ConfigPath, SourceLocation } from '../diagnostics';
import type { CpuArchitecture, FargateSize } from '../limits/fargate';
import type { ScalingSettings } from './x-scaling';
import type { BuiltImageModel } from './image-model';

export type { BuiltImageModel, ImageBuild } from './image-model';

export type { Protocol };

export interface AppModel {
  readonly projectName: string;
  /**
   * Where a place of the compose files is (`['services', 'api', 'x-iam']`), for findings made after
   * resolve: `value` points at the value, `key` at its key. Nothing after resolve reads the project.
   */
  readonly locate: (path: ConfigPath, part?: 'key' | 'value') => SourceLocation | undefined;
  /** Families sorted by name. */
  readonly families: readonly Family[];
  /** Every security-group ingress rule to create, and nothing else. */
  readonly ingress: readonly IngressRule[];
  /** Published ports; absent when nothing is published (and always with `x-elbv2`). */
  readonly loadBalancer?: LoadBalancerModel;
  /** The `x-elbv2` load balancers, sorted by name; absent without `x-elbv2`. */
  readonly elbv2?: readonly Elbv2Model[];
  /** `x-acm` certificates composex creates (DNS validation), sorted by name; absent when none. */
  readonly certificates?: readonly CertificateModel[];
  /** `x-route53` hosted zones (existing, never created), sorted by name; absent when none. */
  readonly hostedZones?: readonly HostedZoneModel[];
  readonly vpc: VpcSettings;
  readonly cluster: ClusterSettings;
  /** `x-cloudmap`: the Service Connect namespace; absent: composex's HTTP namespace named after the project. */
  readonly serviceConnectNamespace?: NamespaceModel;
  /** Top-level secrets any service uses. */
  readonly secrets: readonly SecretModel[];
  /** Named volumes any service mounts (EFS). */
  readonly volumes: readonly VolumeModel[];
  /** The x- resources of each kind (`x-sqs` queues, `x-sns` topics, …), each list sorted by name. */
  readonly resources: ResourcesByKind;
  /**
   * Every access a family has to an x- resource, and nothing else: one entry per
   * `x-<kind>.<resource>.Services.<service or family>` declaration, sorted by resource, then family.
   */
  readonly grants: readonly ResourceGrant[];
  /** Tasks EventBridge rules run (`x-events`), one per rule and family, sorted by family then rule. */
  readonly scheduledTasks?: readonly ScheduledTaskModel[];
  /** CloudWatch alarms (`x-alarms`, top level and on services), sorted by stack then logical id. */
  readonly alarms?: readonly AlarmModel[];
  /** Top-level `x-tags`, sorted by key: set on every resource that takes tags (and the nested stacks). */
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  /** Images composex builds (`build:` without `image:`), sorted by service; absent when none. */
  readonly images?: readonly BuiltImageModel[];
}


/**
 * One CloudWatch alarm (resolve/x-alarms.ts). It lives in a family's stack when it watches that
 * family's ECS service (its `ClusterName` and `ServiceName` dimensions are there), else in the
 * Alarms stack.
 */
export interface AlarmModel {
  /** The x-alarms name, or `<service>.<Predefined name>` for a service's predefined alarm. */
  readonly name: string;
  /** Logical id in its stack (`Alarm<Id>`). */
  readonly logicalId: string;
  /** The family whose stack holds it; absent: the Alarms stack. */
  readonly family?: string;
  /** `AWS::CloudWatch::Alarm` properties as written (or predefined), without dimensions and actions. */
  readonly properties: Readonly<Record<string, unknown>>;
  /** A composite alarm (`Properties.AlarmRule`): the rule with the x-alarms names it references. */
  readonly composite?: { readonly rule: string; readonly references: readonly string[] };
  /** Metric dimensions, in order; values resolved by generate. */
  readonly dimensions: readonly AlarmDimension[];
  /** Metric math on the family's ECS service (a predefined service alarm): `Metrics` built by generate. */
  readonly serviceMath?: { readonly expression: string; readonly label: string; readonly metrics: readonly { readonly id: string; readonly namespace: string; readonly metricName: string; readonly stat: string }[] };
  /** Whom it notifies: x-sns topics or topic ARNs, on ALARM and / or OK. */
  readonly actions: readonly AlarmAction[];
  /** Where it was declared. */
  readonly path: readonly (string | number)[];
}

export type AlarmDimension =
  | { readonly name: string; readonly value: string }
  | { readonly name: string; readonly resource: { readonly kind: ResourceKind; readonly name: string; readonly attribute: string } }
  /** The family's cluster name or ECS service name (family stack only). */
  | { readonly name: string; readonly ecs: 'cluster' | 'service' };

export interface AlarmAction {
  readonly on: 'alarm' | 'ok';
  readonly topic: { readonly sns: string } | { readonly arn: string };
}

/** One `x-events` rule running one family's task. */
export interface ScheduledTaskModel {
  /** The x-events name. */
  readonly rule: string;
  readonly family: string;
  readonly scheduleExpression?: string;
  readonly eventPattern?: unknown;
  readonly description?: string;
  readonly enabled: boolean;
  /** Tasks each firing starts (RunTask count, 1–10). */
  readonly taskCount: number;
  /** The Services entry, for findings. */
  readonly path: ConfigPath;
}

/** Services deployed together as one ECS task definition and one ECS service. */
export interface Family {
  /** Family name: the `ecs.task.family` label value, or the service name. */
  readonly name: string;
  /** A CloudFormation-safe identifier derived from the name (stable, unique in the project). */
  readonly logicalId: string;
  /** Containers in this task (one per Compose service), sorted by service name. */
  readonly containers: readonly ContainerModel[];
  /** Compose networks any of its services is attached to. */
  readonly networks: readonly string[];
  /** Every container port declared (`ports[].target` and `expose`), sorted. */
  readonly ports: readonly ContainerPort[];
  /** Tasks the ECS service starts with (deploy.replicas; with x-scaling, inside its range). */
  readonly desiredCount: number;
  /** False when the family only runs as tasks of x-events rules (`DeleteDefaultService`): no ECS service. */
  readonly ecsService?: false;
  /** Application Auto Scaling of the ECS service, from `x-scaling`. */
  readonly scaling?: ScalingSettings;
  readonly assignPublicIp: boolean;
  /** `x-ecs.CapacityProviderStrategy` sorted by provider, or the default `[{FARGATE, weight 1}]`. */
  readonly capacityProviderStrategy: readonly { capacityProvider: string; weight: number; base?: number }[];
  readonly enableExecuteCommand: boolean;
  /** Days; from `x-logging.RetentionInDays`, default 30. */
  readonly logRetentionDays: number;
  readonly iam: FamilyIam;
  /** Names of top-level secrets its containers receive (as files, variables, or pull credentials). */
  readonly secrets: readonly string[];
  /** The container that writes the secret files of its containers; absent when none has any. */
  readonly secretsInit?: SecretsInitModel;
  /** The X-Ray daemon sidecar (`x-xray` on one of its services); absent when none asks. */
  readonly xray?: XrayDaemonModel;
  /** Names of top-level named volumes its containers mount. */
  readonly volumes: readonly string[];
  /** Service Connect names this family answers to (service names, links aliases, network aliases). */
  readonly dnsNames: readonly string[];
  /** Families this one must start after (depends_on across families), sorted. */
  readonly dependsOnFamilies: readonly string[];
  /** The cheapest Fargate size that fits its containers (the largest when none does: CX4004). */
  readonly taskSize: FargateSize;
  /** From the first service that declares a platform; default X86_64. */
  readonly cpuArchitecture: CpuArchitecture;
  /** Task storage in GiB (`x-ecs.EphemeralStorage`, `storage_opt.size`: the largest), when asked for. */
  readonly ephemeralStorageGiB?: number;
  readonly deployment: DeploymentSettings;
  /**
   * Seconds the load balancer's failed health checks are ignored after a task starts (0: none):
   * the healthcheck `start_period`, default 60 behind a load balancer, 0 for a family not behind one.
   */
  readonly healthCheckGracePeriodSeconds: number;
  /** The Service Connect endpoints it serves: port name and the names callers use on that port. */
  readonly serviceConnect: readonly ServiceConnectEndpoint[];
  /** `deploy.labels` (but `ecs.task.family`) as ECS service tags, sorted by key. */
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

/** `deploy.update_config` of the family: rolling-update bounds and the circuit breaker. */
export interface DeploymentSettings {
  readonly maximumPercent: number;
  readonly minimumHealthyPercent: number;
  readonly circuitBreaker: { readonly enable: boolean; readonly rollback: boolean };
  /**
   * Why the family deploys stop-first (maximumPercent 100, minimumHealthyPercent 0), for the
   * summary: `deploy.update_config.order: stop-first`, or `read-write volume data` (no two writers).
   * Absent when it deploys start-first.
   */
  readonly stopFirstReason?: string;
}

export interface ServiceConnectEndpoint {
  /** The port mapping's name (`api-8080`), also its discovery name. */
  readonly portName: string;
  readonly clientAliases: readonly { readonly port: number; readonly dnsName: string }[];
}

/**
 * One Compose service as an ECS container, every value already in ECS terms (seconds, MiB, CPU
 * units, sorted lists); only what lives in other stacks (secret ARNs, EFS ids, the log group) is
 * left to the generate stage, by name.
 */
export interface ContainerModel {
  /** The Compose service name. */
  readonly name: string;
  /** The image as written; empty for a built image (`built`). */
  readonly image: string;
  /** A built image: the root parameter holding it and the logical id of its ECR repository. */
  readonly built?: { readonly parameter: string; readonly repository: string };
  /**
   * `x-aws-pull_credentials`: the secret with the registry's `{"username", "password"}`, as a
   * Secrets Manager ARN or the name of a top-level secret of the model. Only the family's
   * execution role may read it.
   */
  readonly repositoryCredentials?: string;
  /** False for a container another container of the task waits for with `service_completed_successfully`. */
  readonly essential: boolean;
  readonly command?: readonly string[];
  readonly entryPoint?: readonly string[];
  readonly workingDirectory?: string;
  readonly user?: string;
  /** Plain variables, sorted by name; unset ones left out. */
  readonly environment: readonly { readonly name: string; readonly value: string }[];
  /**
   * Variables from top-level secrets, only where the file asks for them: the whole secret
   * (`x-secrets.VarName`) or one JSON key of it (`x-secrets.JsonKeys`, `jsonKey`).
   */
  readonly secrets: readonly ContainerSecret[];
  /** Top-level secrets as files, where Compose puts them (`/run/secrets/<name>` or `target`), sorted by path. */
  readonly secretFiles: readonly SecretFile[];
  /** Docker labels, sorted by key. */
  readonly dockerLabels: Readonly<Record<string, string>>;
  readonly portMappings: readonly { readonly containerPort: number; readonly protocol: Protocol; readonly name: string }[];
  /** Durations in seconds, clamped to what ECS accepts. */
  readonly healthCheck?: {
    readonly command: readonly string[];
    readonly interval?: number;
    readonly timeout?: number;
    readonly retries?: number;
    readonly startPeriod?: number;
  };
  /** Containers of the same task it waits for. */
  readonly dependsOn: readonly { readonly containerName: string; readonly condition: 'START' | 'HEALTHY' | 'SUCCESS' }[];
  readonly ulimits: readonly { readonly name: string; readonly softLimit: number; readonly hardLimit: number }[];
  readonly systemControls: readonly { readonly namespace: string; readonly value: string }[];
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly initProcessEnabled?: boolean;
  readonly readonlyRootFilesystem?: boolean;
  readonly interactive?: boolean;
  readonly pseudoTerminal?: boolean;
  readonly volumesFrom: readonly { readonly sourceContainer: string; readonly readOnly: boolean }[];
  /** Seconds, within what Fargate allows. */
  readonly stopTimeout?: number;
  readonly mounts: readonly ContainerMount[];
  /** CPU units. */
  readonly cpu?: number;
  /** Hard memory limit, MiB. */
  readonly memory?: number;
  /** Soft memory reservation, MiB. */
  readonly memoryReservation?: number;
  /** The awslogs options of `logging.options` passed on, sorted (composex sets group and region). */
  readonly logOptions: Readonly<Record<string, string>>;
  /** `awslogs-stream-prefix`: the option's value, or the service name. */
  readonly logStreamPrefix: string;
}

export type ContainerSecret =
  | { readonly name: string; readonly secret: string; readonly jsonKey?: undefined }
  | { readonly name: string; readonly secret: string; readonly jsonKey: string };

/**
 * A named (EFS) volume of the model, scratch space of the task (tmpfs, anonymous volume), or the
 * task volume holding the container's secret files (filled by the family's `secretsInit`, read-only).
 */
export type ContainerMount =
  | { readonly kind: 'volume'; readonly volume: string; readonly containerPath: string; readonly readOnly: boolean }
  | { readonly kind: 'scratch'; readonly name: string; readonly containerPath: string; readonly readOnly: boolean }
  | { readonly kind: 'secrets'; readonly name: string; readonly containerPath: string; readonly readOnly: true };

/** A top-level secret delivered as a file (Compose `services.*.secrets[]`). */
export interface SecretFile {
  readonly secret: string;
  /** Absolute path in the container: `/run/secrets/<source>`, `/run/secrets/<target>`, or an absolute `target`. */
  readonly path: string;
  /** Permission bits (`mode`, default 0o444 as in Compose). */
  readonly mode: number;
  /** Owner (`uid` / `gid`, else the numeric `user:` of the service); absent: root. */
  readonly uid?: number;
  readonly gid?: number;
}

/**
 * A non-essential container that runs first in the task and exits: it receives the family's file
 * secrets as ECS secrets (through the execution role, like any other) and writes each one into a
 * task volume without a source (task storage, shared by the task's containers only), with its
 * mode and owner. Each app container mounts only its own volumes, read-only, and starts after
 * this one exits successfully (`DependsOn` `SUCCESS`).
 */
/** The X-Ray daemon sidecar of a family (resolve/x-xray.ts). */
export interface XrayDaemonModel {
  /** Container name, unique in the task (`xray-daemon`). */
  readonly name: string;
  readonly image: string;
  /** CPU units and memory reservation (MiB), counted in the task size. */
  readonly cpu: number;
  readonly memoryReservation: number;
  /** UDP port the services send segments to, on 127.0.0.1. */
  readonly port: number;
  /** The services that asked (they get its address and start after it), sorted. */
  readonly services: readonly string[];
}

export interface SecretsInitModel {
  /** Container name, unique in the task. */
  readonly name: string;
  /** A small public image with a POSIX shell, pinned. */
  readonly image: string;
  /** Hard memory limit, MiB; counted in the family's task size. */
  readonly memory: number;
  /** The task volumes it fills, each mounted read-write in it at `mountPath`, sorted by name. */
  readonly volumes: readonly { readonly name: string; readonly mountPath: string }[];
  /** Its ECS secrets: a variable per secret, holding the whole value, sorted by name. */
  readonly variables: readonly { readonly name: string; readonly secret: string }[];
  /** What it writes: `path` is absolute in the init container (under a volume's `mountPath`), sorted by path. */
  readonly files: readonly { readonly path: string; readonly variable: string; readonly mode: number; readonly uid?: number; readonly gid?: number }[];
}

export interface ContainerPort {
  readonly service: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** `x-iam` on the family's services, merged. */
export interface FamilyIam {
  readonly policies: readonly { readonly PolicyName: string; readonly PolicyDocument: unknown }[];
  readonly managedPolicyArns: readonly string[];
  /** A policy ARN, or the name of a policy in the deploying account (build the ARN with the account id). */
  readonly permissionsBoundary?: string;
}

export type IngressSource =
  | { readonly kind: 'family'; readonly family: string }
  | LoadBalancerRef
  | Elbv2Ref
  | { readonly kind: 'cidr'; readonly cidr: string; readonly description?: string }
  | { readonly kind: 'securityGroup'; readonly id: string; readonly description?: string }
  | { readonly kind: 'prefixList'; readonly id: string; readonly description?: string };

export type IngressTarget =
  | { readonly kind: 'family'; readonly family: string }
  | { readonly kind: 'volume'; readonly volume: string }
  /** An x- resource with its own security group (a kind whose spec has `network`: x-rds, x-elasticache). */
  | { readonly kind: 'resource'; readonly resource: ResourceKind; readonly name: string }
  | LoadBalancerRef
  | Elbv2Ref;

/** One `x-elbv2` load balancer, by its name in the file. */
export interface Elbv2Ref {
  readonly kind: 'elbv2';
  readonly name: string;
}

/**
 * One of the project's load balancers: `index` 0 (or absent) is the first, `LoadBalancer` in the
 * templates; the next ones exist only past 50 listeners (`LoadBalancer2`, …).
 */
export interface LoadBalancerRef {
  readonly kind: 'loadBalancer';
  readonly index?: number;
}

export interface IngressRule {
  readonly source: IngressSource;
  readonly target: IngressTarget;
  readonly protocol: Protocol;
  readonly fromPort: number;
  readonly toPort: number;
  /**
   * Why the rule exists, e.g. `depends_on: api`, `x-network.Ingress.ExtSources`, `published: 80`,
   * `volumes: data`; shown in the summary. One rule per EC2 permission (source, target, protocol,
   * ports): when several declarations give the same permission their reasons are joined, sorted,
   * with ", " (`depends_on: db, links: db`).
   */
  readonly reason: string;
}

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

/** An existing Route 53 hosted zone (`x-route53`): its id from the file, or a root-stack parameter. */
export interface HostedZoneModel {
  readonly name: string;
  readonly logicalId: string;
  /** The zone's domain, without the trailing dot. */
  readonly zoneName: string;
  /** Absent: the root stack takes it as parameter `HostedZone<logicalId>Id`. */
  readonly zoneId?: string;
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

export interface Elbv2Rule {
  /** 1 for the first rule of the listener, in the file's order. */
  readonly priority: number;
  readonly hosts?: readonly string[];
  readonly paths?: readonly string[];
  readonly action: Elbv2Action;
}

export interface Elbv2Listener {
  readonly port: number;
  readonly protocol: Elbv2Protocol;
  /** HTTPS and TLS listeners only. */
  readonly sslPolicy?: string;
  /** HTTPS and TLS listeners only: the first is the default certificate. */
  readonly certificates: readonly CertificateRef[];
  readonly defaultAction: Elbv2Action;
  /** ALB listeners: host / path rules, by priority. */
  readonly rules: readonly Elbv2Rule[];
}

export type VpcSettings =
  | { readonly kind: 'new'; readonly maxAzs: number; readonly natGateways: number; readonly cidr: string }
  | {
      readonly kind: 'existing';
      readonly vpcId: string;
      /** May be empty when nothing needs public subnets (no published port, no AssignPublicIp). */
      readonly publicSubnetIds: readonly string[];
      readonly privateSubnetIds: readonly string[];
      readonly availabilityZones?: readonly string[];
    };

/** A Cloud Map namespace of `x-cloudmap` (resolve/x-cloudmap.ts). */
export type NamespaceModel =
  /** A new private DNS namespace in the project's VPC. */
  | { readonly key: string; readonly kind: 'private-dns'; readonly name: string }
  /** An existing namespace: by ARN, or by ID in the stack's own account and region. */
  | { readonly key: string; readonly kind: 'existing'; readonly arn?: string; readonly id: string };

export type ClusterSettings =
  | { readonly kind: 'new'; readonly containerInsights: boolean }
  | {
      readonly kind: 'existing';
      /** The cluster name (taken from the ARN when an ARN was given). */
      readonly clusterName: string;
      /** Present when the user gave an ARN (a cluster in another account or region). */
      readonly clusterArn?: string;
    };

export interface SecretModel {
  /** Top-level secret name. */
  readonly name: string;
  /** `external`: an existing Secrets Manager secret (by Name or ARN); `created`: we create it empty. */
  readonly kind: 'external' | 'created';
  /** ARN or name of the existing secret (external). */
  readonly ref?: string;
  /** JSON keys to expose as separate variables (`x-secrets.JsonKeys`). */
  readonly jsonKeys: readonly { readonly key: string; readonly varName: string }[];
  /**
   * Variable holding the whole secret (`x-secrets.VarName`); absent: the secret is a file only
   * (every secret is a file, `SecretFile`).
   */
  readonly varName?: string;
  /**
   * `x-secrets.KmsKeyId`: the ARN of the customer-managed KMS key that encrypts the (external)
   * secret; the execution role may decrypt with it, through Secrets Manager only.
   */
  readonly kmsKeyArn?: string;
  /**
   * Where deploy reads the value of a created secret (`file:`, absolute, or `environment:`; a
   * config's `content:` is carried here, never into a template). Configs and bind-mounted host
   * files are created secrets too, named `config:<name>` and `file:<path>` (src/resolve/config-files.ts).
   */
  readonly source?:
    | { readonly kind: 'file'; readonly file: string }
    | { readonly kind: 'environment'; readonly variable: string }
    | { readonly kind: 'content'; readonly content: string };
}

export interface VolumeModel {
  readonly name: string;
  /** Families that mount it (NFS ingress is opened for exactly these). */
  readonly families: readonly string[];
  /**
   * The POSIX identity the access point enforces for every file operation: present when every
   * service that mounts the volume declares the same numeric `user:` (`uid` or `uid:gid`; the
   * group defaults to the uid). Absent: operations run as the container's user.
   */
  readonly posixUser?: { readonly uid: number; readonly gid: number };
}

/**
 * The x- resource kinds, each with its model. A kind's `x-` key, access levels, resolver and
 * constructs are its entries in the two registries (src/resolve/resources/registry.ts, CDK-free,
 * and src/aws/resources/registry.ts), which are typed over this list: adding a kind here makes the
 * compiler ask for both.
 */
export interface ResourceModels {
  readonly queue: QueueModel;
  readonly topic: TopicModel;
  readonly database: DatabaseModel;
  readonly bucket: BucketModel;
  readonly table: TableModel;
  readonly key: KeyModel;
  readonly parameter: ParameterModel;
  readonly stream: StreamModel;
  readonly cache: CacheModel;
}
export type ResourceKind = keyof ResourceModels;
/** The resources of each kind, each list sorted by name. */
export type ResourcesByKind = { readonly [K in ResourceKind]: readonly ResourceModels[K][] };

/** What every x- resource has. */
export interface ResourceBase {
  /** The name under `x-<kind>`. */
  readonly name: string;
  /** A CloudFormation-safe identifier derived from the name (unique among resources of its kind). */
  readonly logicalId: string;
  /**
   * Raw CloudFormation properties as the user wrote them (minus the keys composex manages and
   * reports, e.g. a queue's dead-letter reference, a topic's subscriptions).
   */
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface QueueModel extends ResourceBase {
  /** `Lookup`: an existing queue, by ARN; nothing is created. */
  readonly existingArn?: string;
  readonly fifo: boolean;
  /** `RedrivePolicy`: the dead-letter queue (an x-sqs queue, or the ARN of an existing one). */
  readonly deadLetter?: { readonly queue?: string; readonly arn?: string; readonly maxReceiveCount: number };
  /** Topics allowed to send to it (their subscriptions), sorted. */
  readonly subscribedTopics: readonly string[];
  /** `KmsMasterKeyId: x-kms::<key>`: the x-kms key that encrypts it (not in `properties`). */
  readonly kmsKey?: string;
}

export interface TopicModel extends ResourceBase {
  /** `Lookup`: an existing topic, by ARN. */
  readonly existingArn?: string;
  readonly fifo: boolean;
  readonly subscriptions: readonly SubscriptionModel[];
}

export interface SubscriptionModel {
  /** The x-sqs queue subscribed. */
  readonly queue: string;
  /** Extra `AWS::SNS::Subscription` properties (RawMessageDelivery, FilterPolicy, …). */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Its place in the topic's `Properties.Subscription` list. */
  readonly index: number;
}

export interface DatabaseModel extends ResourceBase {
  /** `instance`: one `AWS::RDS::DBInstance`; `cluster`: an Aurora `AWS::RDS::DBCluster` with instances. */
  readonly kind: 'instance' | 'cluster';
  readonly engine: 'postgres' | 'mysql' | 'mariadb' | 'aurora-postgresql' | 'aurora-mysql';
  readonly engineVersion: string;
  readonly port: number;
  readonly masterUsername: string;
  readonly databaseName: string;
  readonly deletionProtection: boolean;
  readonly backupRetentionDays: number;
  readonly iamAuthentication: boolean;
  /** A connection-string secret is created (a consumer set `GenerateConnectionStringSecret`). */
  readonly connectionStringSecret: boolean;
  /** Aurora Serverless v2 capacity (ACUs), from `MacroParameters.ServerlessV2`. */
  readonly serverlessV2?: { readonly minCapacity: number; readonly maxCapacity: number };
  /** Instance class of a DB instance, or of each Aurora instance. */
  readonly instanceClass: string;
  /** Number of Aurora instances (writer + readers); 1 for a DB instance. */
  readonly instances: number;
  /** Families whose security groups may reach the database port, sorted. */
  readonly consumers: readonly string[];
  /**
   * Template properties composex writes from a value the user gave outside `properties` (`Engine`,
   * `EngineVersion`, and from `MacroParameters`: `DBInstanceClass`, `DBName` / `DatabaseName`,
   * `MasterUsername`): where each was written, so a validator finding on one is reported there.
   */
  readonly propertyPaths: Readonly<Record<string, readonly (string | number)[]>>;
  /** `Lookup` (through composex.lock.json): an existing database; nothing is created for it. */
  readonly existing?: ExistingDatabase;
}

/** A looked-up database as its consumers need it: every value is a literal from the lock. */
export interface ExistingDatabase {
  /** DBInstanceIdentifier / DBClusterIdentifier. */
  readonly identifier: string;
  readonly arn: string;
  readonly resourceId: string;
  readonly address: string;
  readonly readerAddress?: string;
  /** The database's security group that admits the consumers (ingress rules are added to it). */
  readonly securityGroupId: string;
  /** The credentials secret (`username`, `password`); absent: consumers get no credentials. */
  readonly secretArn?: string;
  /** The customer-managed KMS key that encrypts the secret. */
  readonly secretKmsKeyArn?: string;
}

export interface BucketModel extends ResourceBase {
  /** `Lookup`: an existing bucket, by ARN or name; nothing is created. */
  readonly existingArn?: string;
  /**
   * `BucketName`, with the `MacroParameters` expansions: `<base><separator><account id>` and / or
   * `<separator><region>` appended by CloudFormation. Absent: CloudFormation names the bucket.
   */
  readonly bucketName?: { readonly base: string; readonly separator: string; readonly accountId: boolean; readonly region: boolean };
  /** The customer-managed KMS key (ARN) of its default encryption: consumers get KMS actions on it. */
  readonly kmsKeyArn?: string;
}

export interface TableModel extends ResourceBase {
  /** `Lookup`: an existing table, by ARN; nothing is created. */
  readonly existingArn?: string;
  /** `StreamSpecification` is set (or the looked-up table has a stream), so `StreamArn` exists. */
  readonly stream: boolean;
  /** The stream of a table looked up through composex.lock.json. */
  readonly existingStreamArn?: string;
}

export interface StreamModel extends ResourceBase {
  /** `Lookup`: an existing stream, by ARN; nothing is created. */
  readonly existingArn?: string;
  /** `StreamEncryption.KeyId: x-kms::<key>`: the x-kms key that encrypts it (not in `properties`). */
  readonly kmsKey?: string;
}

export interface KeyModel extends ResourceBase {
  /** `Lookup`: an existing key, by ARN; nothing is created. */
  readonly existingArn?: string;
  /** The alias created with the key: `alias/<project>/<name>` or `Settings.Alias`. */
  readonly alias?: string;
  /**
   * Topics that deliver to queues this key encrypts, sorted: the key policy lets SNS use the key
   * for exactly these topics (`aws:SourceArn`).
   */
  readonly snsTopics: readonly string[];
}

export interface ParameterModel extends ResourceBase {
  /** `Lookup`: an existing parameter (by name or ARN, in `parameterName` / `existingArn`); nothing is created. */
  readonly existing: boolean;
  readonly existingArn?: string;
  /** `Properties.Name`; absent: CloudFormation names the parameter (no leading `/`). */
  readonly parameterName?: string;
  /** `Value`, possibly read from `MacroParameters.FromFile` (never a secret). */
  readonly value?: string;
}

/**
 * An `x-elasticache` cache: Redis OSS or Valkey as an `AWS::ElastiCache::ReplicationGroup`
 * (encrypted at rest and in transit, with an auth token), Memcached as an
 * `AWS::ElastiCache::CacheCluster`. Its own security group admits its consumers on `port`.
 */
export interface CacheModel extends ResourceBase {
  readonly engine: 'redis' | 'valkey' | 'memcached';
  readonly engineVersion: string;
  /** `CacheNodeType`. */
  readonly nodeType: string;
  /**
   * Nodes: a replication group's `NumCacheClusters` (primary + replicas; cluster mode disabled) or a
   * Memcached cluster's `NumCacheNodes`. For a Redis / Valkey cluster in cluster mode, its shards.
   */
  readonly nodes: number;
  /** Cluster mode enabled (shards): clients use the configuration endpoint. */
  readonly clusterMode: boolean;
  readonly port: number;
  /**
   * Replication groups: `AutomaticFailoverEnabled` and `MultiAZEnabled` (on by default with a
   * replica); Memcached: `AZMode: cross-az` (nodes spread over the zones).
   */
  readonly multiAz: boolean;
  readonly automaticFailover: boolean;
  /** `TransitEncryptionEnabled` (always for Redis / Valkey; Memcached 1.6.12+ unless turned off). */
  readonly transitEncryption: boolean;
  /** An auth token is generated in Secrets Manager (Redis / Valkey). */
  readonly authToken: boolean;
  /** `SnapshotRetentionLimit` in days (Redis / Valkey; Memcached keeps no snapshots). */
  readonly snapshotRetentionDays?: number;
  /** `MacroParameters.ParameterGroup`: a parameter group created with the cache (family derived from the engine). */
  readonly parameterGroup?: { readonly family: string; readonly description?: string; readonly parameters: Readonly<Record<string, string>> };
  /** Families whose security groups may reach `port`, sorted. */
  readonly consumers: readonly string[];
  /** Template properties written from values given outside `properties` (`MacroParameters`): where each was. */
  readonly propertyPaths: Readonly<Record<string, readonly (string | number)[]>>;
}

/** What a permission applies to, resolved to an ARN by the generate stage. */
export type GrantScope =
  /**
   * The resource itself (queue, topic, DB instance / cluster ARN), or with `suffix` a part of it:
   * `/*` the objects of a bucket, `/index/*` the indexes of a table.
   */
  | { readonly on: 'resource'; readonly suffix?: string }
  /** The database's credentials secret. */
  | { readonly on: 'secret' }
  /** `rds-db:connect` for one database user (IAM database authentication). */
  | { readonly on: 'dbUser'; readonly user: string }
  /** The customer-managed KMS key (ARN) that encrypts the queue or topic. */
  | { readonly on: 'kmsKey'; readonly keyArn: string }
  /** An x-kms key of this project (by name) that encrypts the resource. */
  | { readonly on: 'key'; readonly key: string };

export interface GrantPermission {
  readonly scope: GrantScope;
  /** Sorted, explicit actions: never a wildcard. */
  readonly actions: readonly string[];
}

export type GrantSecret =
  | { readonly name: string; readonly secret: 'credentials'; readonly jsonKey: string }
  | { readonly name: string; readonly secret: 'connectionString' };

export type GrantVariable =
  | { readonly name: string; readonly attribute: string; readonly value?: undefined }
  | { readonly name: string; readonly value: string; readonly attribute?: undefined };

/** One `Services` entry of an x- resource. */
export interface ResourceGrant {
  readonly kind: ResourceKind;
  readonly resource: string;
  readonly family: string;
  /** The containers that receive the environment variables and secrets (the named service, or every service of the named family). */
  readonly services: readonly string[];
  /** The access as declared, for people: `Consumer`, `RW`, `DBCluster: RO`. */
  readonly access: string;
  /** Task role permissions. */
  readonly permissions: readonly GrantPermission[];
  /**
   * Environment variables: name → attribute of the resource (`Url`, `Arn`, `QueueName`,
   * `Endpoint.Address`, `SecretArn`…), or a fixed value composex sets (`PGSSLMODE=require`).
   */
  readonly environment: readonly GrantVariable[];
  /**
   * ECS secrets: a JSON key (`host`, `password`, …) of the database's credentials secret, or the
   * whole connection-string secret (`GenerateConnectionStringSecret`).
   */
  readonly secrets: readonly GrantSecret[];
  /** Network access to the resource's port (databases). */
  readonly port?: number;
  /** x-sqs only: `Scaling` of the entry, the family's task count following the queue's depth. */
  readonly scaling?: QueueScaling;
}

/**
 * `Scaling` of an x-sqs `Services` entry (ECS ComposeX's syntax): a CloudWatch alarm on the queue's
 * visible messages, whose ALARM action sets the family's task count from the step the depth falls
 * in, and whose OK action sets it back to the x-scaling minimum (zero when the Range starts at 0).
 */
export interface QueueScaling {
  /** Visible messages at which the alarm fires: the first step's LowerBound. */
  readonly threshold: number;
  /**
   * As written, in messages: in ascending order, each starting where the previous one ends, the
   * last one open (no upperBound).
   */
  readonly steps: readonly { readonly lowerBound: number; readonly upperBound?: number; readonly count: number }[];
  /** Seconds (ECS ComposeX's default: 60 each). */
  readonly scaleOutCooldown: number;
  readonly scaleInCooldown: number;
  /** The `Scaling` key, for findings. */
  readonly path: ConfigPath;
}
