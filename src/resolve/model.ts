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
import type { OperatingSystemFamily } from './x-ecs';
import type { BuiltImageModel, ImageScanModel } from './image-model';

import type { CertificateModel, Elbv2Model, HostedZoneModel, LoadBalancerModel } from './model-load-balancers';
import type { DashboardModel } from './model-dashboards';
import type { AlarmModel, ScheduledTaskModel } from './model-alarms';
import type { ResourceGrant, ResourceKind, ResourcesByKind } from './model-resources';

export type { BuiltImageModel, ImageBuild, ImageScanModel, ScanSeverity } from './image-model';
export type * from './model-load-balancers';
export type * from './model-resources';
export type * from './model-dashboards';
export type * from './model-alarms';
export type * from './model-sidecars';
import type { CloudwatchAgentModel, ContainerMount, FireLensOption, LogRouterModel, SecretsInitModel, XrayDaemonModel } from './model-sidecars';

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
  /** `Settings.x-cloudmap` of x- resources: their registrations in that namespace (resolve/resource-cloudmap.ts). */
  readonly cloudMapRegistrations?: readonly CloudMapRegistration[];
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
  /** CloudWatch dashboards (`x-dashboards`), in the order of their logical ids (resolve/x-dashboards.ts). */
  readonly dashboards?: readonly DashboardModel[];
  /** Top-level `x-tags`, sorted by key: set on every resource that takes tags (and the nested stacks). */
  readonly tags?: readonly { readonly key: string; readonly value: string }[];
  /** Images composex builds (`build:` without `image:`), sorted by service; absent when none. */
  readonly images?: readonly BuiltImageModel[];
  /** `x-ecr.VulnerabilitiesScan`: the scans `composex deploy` checks before the change set, by service; absent when none. */
  readonly imageScans?: readonly ImageScanModel[];
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
  /**
   * The extra subnet group (ECS ComposeX, `networks.<name>.x-vpc: <Group>`) its tasks run in,
   * instead of the private (or, with a public IP, public) subnets; absent: those.
   */
  readonly subnetGroup?: string;
  /** `x-ecs.CapacityProviderStrategy` of its services merged (family-strategy.ts), sorted by provider, or the cluster's default. */
  readonly capacityProviderStrategy: readonly { capacityProvider: string; weight: number; base?: number }[];
  readonly enableExecuteCommand: boolean;
  /** With ECS Exec on, the cluster's ECS Exec logging resources its task role writes to (`x-cluster.MacroParameters`). */
  readonly execLogging?: ExecLoggingTargets;
  /** Days; from `x-logging.RetentionInDays`, default 30. */
  readonly logRetentionDays: number;
  readonly iam: FamilyIam;
  /** Names of top-level secrets its containers receive (as files, variables, or pull credentials). */
  readonly secrets: readonly string[];
  /**
   * Names of top-level secrets its application may read itself (`x-secrets.LinksTo: [EcsTaskRole]`):
   * the task role may `secretsmanager:GetSecretValue` them (and decrypt with their `kmsKeyArn`
   * through Secrets Manager). Sorted; absent when none.
   */
  readonly taskRoleSecrets?: readonly string[];
  /** The container that writes the secret files of its containers; absent when none has any. */
  readonly secretsInit?: SecretsInitModel;
  /** The X-Ray daemon sidecar (`x-xray` on one of its services); absent when none asks. */
  readonly xray?: XrayDaemonModel;
  /** The CloudWatch agent sidecar (`x-prometheus` / `x-monitoring` on one of its services); absent when none asks. */
  readonly cloudwatchAgent?: CloudwatchAgentModel;
  /** The FireLens log router (Fluent Bit) its awsfirelens containers log through; absent when none does. */
  readonly logRouter?: LogRouterModel;
  /** Names of top-level named volumes its containers mount. */
  readonly volumes: readonly string[];
  /** Service Connect names this family answers to (service names, links aliases, network aliases). */
  readonly dnsNames: readonly string[];
  /** Families this one must start after (depends_on across families), sorted. */
  readonly dependsOnFamilies: readonly string[];
  /** The cheapest Fargate size that fits its containers (the largest when none does: CX4004). */
  readonly taskSize: FargateSize;
  /** From the first service that asks for one (x-ecs.CpuArchitecture, platform); default X86_64. */
  readonly cpuArchitecture: CpuArchitecture;
  /** `x-ecs.OperatingSystemFamily` when a service asks for Windows; absent: LINUX. */
  readonly operatingSystemFamily?: OperatingSystemFamily;
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
  /** Logs through the family's FireLens log router (`awsfirelens`) with these options, in place of awslogs. */
  readonly firelens?: { readonly options: readonly FireLensOption[] };
}

export type ContainerSecret =
  | { readonly name: string; readonly secret: string; readonly jsonKey?: undefined }
  | { readonly name: string; readonly secret: string; readonly jsonKey: string };

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

/**
 * A VPC endpoint of `x-vpc.Endpoints.AwsServices` in the VPC composex creates: `service` is the
 * short name after `com.amazonaws.<region>.` (`ecr.api`, `s3`); a Gateway endpoint is routed from
 * the route tables of the task subnets, an Interface endpoint has a network interface in each task
 * subnet (one per zone), private DNS, and a security group admitting HTTPS from the VPC.
 */
export interface VpcEndpointModel {
  readonly service: string;
  readonly type: 'Gateway' | 'Interface';
}

export type VpcSettings =
  | {
      readonly kind: 'new';
      readonly maxAzs: number;
      readonly natGateways: number;
      readonly cidr: string;
      /** `x-vpc.Endpoints.AwsServices` in file order (absent: none beyond the S3 gateway endpoint composex always creates). */
      readonly endpoints?: readonly VpcEndpointModel[];
    }
  | {
      readonly kind: 'existing';
      readonly vpcId: string;
      /** May be empty when nothing needs public subnets (no published port, no AssignPublicIp). */
      readonly publicSubnetIds: readonly string[];
      readonly privateSubnetIds: readonly string[];
      /**
       * `StorageSubnets` (ECS ComposeX): where databases, caches and EFS mount targets go; absent:
       * they go in the private subnets.
       */
      readonly storageSubnetIds?: readonly string[];
      readonly availabilityZones?: readonly string[];
      /**
       * ECS ComposeX's extra subnet groups (`x-vpc.Use.<Group>` ids, or `x-vpc.Lookup.<Group>` found
       * by `composex lookup`), sorted by name; a family whose services are on a network with
       * `x-vpc: <Group>` runs in them (`Family.subnetGroup`). Absent when none.
       */
      readonly subnetGroups?: readonly SubnetGroupModel[];
    };

/**
 * An x- resource registered in the project's Cloud Map namespace (`Settings.x-cloudmap`): one
 * Cloud Map service named `serviceName` and one instance of it.
 */
export interface CloudMapRegistration {
  readonly kind: ResourceKind;
  /** The resource's Compose name. */
  readonly name: string;
  /** `<idPrefix><logicalId>` of the resource: the service is `<id>CloudMapService`. */
  readonly id: string;
  /** The Cloud Map service's name (with `cname`, the DNS label in the namespace). */
  readonly serviceName: string;
  /** A CNAME record `<serviceName>.<namespace>` to this attribute of the resource (`Endpoint.Address`). */
  readonly cname?: string;
  /** Custom instance attributes: name → an attribute of the resource, or a literal value. */
  readonly attributes: readonly { readonly name: string; readonly attribute?: string; readonly value?: string }[];
}

/** An extra subnet group of an existing VPC: its name (`^[a-zA-Z0-9]+$`) and subnets. */
export interface SubnetGroupModel {
  readonly name: string;
  readonly subnetIds: readonly string[];
}

/** A Cloud Map namespace of `x-cloudmap` (resolve/x-cloudmap.ts). */
export type NamespaceModel =
  /** A new private DNS namespace in the project's VPC. */
  | { readonly key: string; readonly kind: 'private-dns'; readonly name: string }
  /** An existing namespace: by ARN, or by ID in the stack's own account and region. */
  | { readonly key: string; readonly kind: 'existing'; readonly arn?: string; readonly id: string };

/**
 * The ECS Exec logging of a new cluster (`x-cluster.MacroParameters`): a log group, a bucket and a
 * KMS key composex creates beside it, each absent when not asked for (at least one is present).
 */
export interface ExecLoggingSettings {
  /** `CreateExecLoggingLogGroup`, kept `retentionInDays` (`LogGroupRetentionInDays`, default 120). */
  readonly logGroup?: { readonly retentionInDays: number };
  /** `CreateExecLoggingBucket`. */
  readonly bucket?: true;
  /** `CreateExecLoggingKmsKey`; `anyLogGroup`: `AllowKmsKeyReuse` (CloudWatch Logs may use it for any log group of the account). */
  readonly kmsKey?: { readonly anyLogGroup: boolean };
}

/** Which of the cluster's ECS Exec logging resources a family's task role writes to (ECS Exec on, and the cluster has them). */
export interface ExecLoggingTargets {
  readonly logGroup: boolean;
  readonly bucket: boolean;
  readonly kmsKey: boolean;
}

export type ClusterSettings =
  | {
      readonly kind: 'new';
      readonly containerInsights: boolean;
      /** Container Insights with enhanced observability (`ClusterSettings` `enhanced`). */
      readonly enhancedInsights?: boolean;
      /** `x-cluster.Properties.ClusterName`; absent: CloudFormation names the cluster. */
      readonly clusterName?: string;
      /** `Properties.CapacityProviders`, sorted; absent: FARGATE and FARGATE_SPOT. */
      readonly capacityProviders?: readonly string[];
      /** `Properties.DefaultCapacityProviderStrategy`; absent: FARGATE, weight 1. */
      readonly defaultCapacityProviderStrategy?: readonly { readonly capacityProvider: string; readonly weight: number; readonly base?: number }[];
      /** `Properties.Tags`, on the cluster. */
      readonly tags?: readonly { readonly key: string; readonly value: string }[];
      /** `x-cluster.MacroParameters`: where ECS Exec sessions are logged (cluster-exec-logging.ts). */
      readonly execLogging?: ExecLoggingSettings;
    }
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
  /** `x-secrets.LinksTo` names `EcsTaskRole`: the task role of each family that lists it may read it. */
  readonly taskRole?: true;
  /**
   * `x-secrets.LinksTo` without `EcsExecutionRole` (ECS ComposeX: "you will not get the secret
   * exposed to your container"): not injected, no variable and no file; absent: injected.
   */
  readonly injected?: false;
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
  /** ECS ComposeX's `x-efs` settings of the volume (src/resolve/x-efs.ts); absent: composex's defaults. */
  readonly efs?: VolumeEfsSettings;
}

/** What `x-efs` sets on a volume's file system, access point and grants. */
export interface VolumeEfsSettings {
  /** Where the settings are written (`['x-efs', name]`, `['volumes', name, 'x-efs']` or `['volumes', name, 'driver_opts']`). */
  readonly path: ConfigPath;
  /** AWS::EFS::FileSystem properties the user wrote, checked (x-efs-properties.ts). */
  readonly properties: Readonly<Record<string, unknown>>;
  /** Where they are written: `…x-efs.<name>.Properties`, or the volume's `driver_opts`. */
  readonly propertiesPath: ConfigPath;
  /** The access point root directory's permissions when EFS creates it (`RootDirectoryCreateMode`). */
  readonly rootDirectoryPermissions?: string;
  /**
   * Family → the EFS client actions its task role gets (`Services` with `Access` RO, RW or Root);
   * absent when `Services` is not given: the mounting families get composex's default.
   */
  readonly access?: Readonly<Record<string, readonly string[]>>;
}
