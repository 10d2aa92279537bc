/**
 * The resolve stage: `ComposeProject` → `AppModel`. Families, the network access graph (every
 * ingress rule and nothing else), the load balancer, VPC / cluster settings, secrets and volumes,
 * with every cross-reference checked. All problems are reported together; the model is returned
 * only when there is no error.
 *
 * Diagnostic codes (data in `codes.ts`):
 *   CX3001  a reference (depends_on, links, x-network.Ingress.Services) names no service (or family)
 *   CX3002  a reference names a service whose profile is not enabled
 *   CX3003  a family name (ecs.task.family, or a service name used as one) is not valid for ECS
 *   CX3004  warning: ecs.task.family is under labels instead of deploy.labels
 *   CX3005  services of one family set a family-wide x- setting differently
 *   CX3006  two services of one family declare the same container port
 *   CX3007  depends_on makes families wait for each other in a cycle
 *   CX3008  an expose entry or container port is not a valid port, protocol or range
 *   CX3009  the project has no service to deploy (none declared, or every one's profile disabled)
 *   CX3010  warning: links / x-network.Ingress.Services between families that would wait for each other: this edge does not order starts
 *   CX3011  a service waited for to complete (service_completed_successfully) is in another family than its dependant
 *   CX3012  warning: a service with restart: "no" that a service of another family waits for (a job ECS would restart forever?)
 *   CX3013  x-vpc Endpoints is malformed (not a mapping, AwsServices not a list, an entry not {service: name})
 *   CX3014  an x-vpc Endpoints entry names a service composex creates no VPC endpoint for (with "did you mean")
 *   CX3015  an x-vpc Endpoints entry names a service listed before
 *   CX3016  x-vpc Endpoints on an existing VPC (IDs or Lookup): composex does not change a VPC it does not create
 *   CX3017  x-cluster.Properties is invalid (a property composex does not set, ClusterName, CapacityProviders, DefaultCapacityProviderStrategy, ClusterSettings, Tags)
 *   CX3018  a service's x-ecs.CapacityProviderStrategy names a provider x-cluster.Properties.CapacityProviders leaves out
 *   CX3019  warning: x-cluster.Properties ignored beside an existing cluster, or its containerInsights setting overridden by x-cluster.ContainerInsights
 *   CX3020  networks.<name>.x-vpc names a subnet group x-vpc does not declare (with "did you mean"), or is not a group name
 *   CX3021  services of one family are on networks whose x-vpc name different subnet groups (ECS runs a service's tasks in one set of subnets)
 *   CX3022  networks.<name>.x-vpc names an extra subnet group, but composex creates the VPC (extra groups are subnets of an existing VPC)
 *   CX3023  an extra subnet group written at the top of x-vpc (older form) instead of under x-vpc.Lookup or x-vpc.Use
 *   CX3101  a service is attached to an undeclared network
 *   CX3102  links / x-network.Ingress.Services between services that share no network
 *   CX3103  warning: depends_on across networks orders start only and grants no access
 *   CX3104  warning: an ingress declaration targets a service that declares no ports
 *   CX3105  warning: x-network.Ingress.ExtSources admits every address (0.0.0.0/0, ::/0) straight to the tasks
 *   CX3106  an ExtSources / AwsSources entry is invalid (CIDR, id, type, description)
 *   CX3110  info: a service others reach declares no port; its image's default port is used
 *   CX3111  warning: depends_on targets a service that declares no port and whose image's port is unknown
 *   CX3112  warning: an environment value or command names another service as a host without a declared edge
 *   CX3201  two published ports use the same host port
 *   CX3202  a published port range (a listener has one port)
 *   CX3203  a published port is not a port number
 *   CX3204  a service that publishes a port belongs to several families
 *   CX3205  warning: HTTP ports share a network load balancer with TCP/UDP ports
 *   CX3206  warning: a port bound to a loopback host_ip is not published
 *   CX3207  a load balancer health check path is invalid
 *   CX3208  an application load balancer needs two availability zones / public subnets
 *   CX3210  a data store image (postgres, redis, …) publishes a port without x-network.PublicDataStore
 *   CX3211  warning: a ports entry without a host port is not published on the load balancer
 *   CX3212  one port published as TCP and as UDP to different services or container ports (a TCP_UDP listener has one target)
 *   CX3220  a security group would have more inbound rules than the VPC quota (60 per group)
 *   CX3221  warning: the published ports need more load balancers than the default per-Region quota (50)
 *   CX3222  one container port is published on more host ports than one load balancer has listeners (50)
 *   CX3230  x-elbv2 is malformed (shape, Properties, Type/Scheme, MacroParameters, Settings, Lookup, DnsAliases, TargetGroups, target group attributes)
 *   CX3231  an x-elbv2 Services entry or target names a service not in that family, a port the service does not declare, or a target not in Services
 *   CX3232  an x-elbv2 listener is invalid (port, protocol for the load balancer type, a port twice, nothing to do, SslPolicy)
 *   CX3233  an x-elbv2 certificate is missing (HTTPS/TLS), not an ACM ARN or x-acm name, or on a UDP/TCP_UDP listener
 *   CX3234  an x-elbv2 target's access is not a host, a path or host/path, routes on an NLB, repeats another, or uses Conditions / CreateCognitoClient
 *   CX3235  an x-elbv2 DefaultActions entry is invalid, on an NLB, or competes with a target for every request
 *   CX3236  an x-elbv2 health check is invalid (form, protocol, port, path, codes, ranges)
 *   CX3237  an x-elbv2 load balancer over an ELB quota (listeners, target groups, rules, certificates), or a family in more than 5 target groups
 *   CX3238  warning: an x-elbv2 HTTP (TCP) listener with certificates is rendered HTTPS (TLS)
 *   CX3239  warning: an x-elbv2 load balancer declares no Ingress source: nobody can reach it
 *   CX3240  warning: an x-elbv2 Services entry no listener targets (no target group)
 *   CX3241  warning: more x-elbv2 load balancers than the default per-Region quota (50)
 *   CX3242  warning: with x-elbv2, a published port no load balancer sends to is a container port only
 *   CX3243  x-route53 is malformed (ZoneName, Lookup without a HostedZoneId or true, Properties creating a zone, RoleArn)
 *   CX3244  x-acm is malformed (names, both or neither of an ARN and a definition, Lookup, a validation other than DNS, over 10 names, a name outside its zone)
 *   CX3245  an x-route53 reference names no zone, or a DnsAliases name is not in its zone or is listed twice
 *   CX3246  warning: an x-acm certificate names no hosted zone: the stack waits until someone writes the validation records
 *   CX3247  x-load-balancer (TLS on the default load balancer) in a file with x-elbv2, which has no default load balancer
 *   CX3248  x-load-balancer is malformed (keys, no or empty Certificates) or no service publishes port 443
 *   CX3249  port 443 is published as UDP (or TCP and UDP) while x-load-balancer gives certificates: a TLS listener carries TCP only
 *   CX3250  warning: a port with mode: awsvpc (ECS ComposeX) is a container port: no load balancer in front of it
 *   CX3251  an x-elbv2 target authenticates users (AuthenticateOidcConfig / AuthenticateCognitoConfig) on a listener that is not HTTPS, or names both
 *   CX3252  an x-elbv2 AuthenticateOidcConfig / AuthenticateCognitoConfig is invalid (a required field, an endpoint that is not https://, a user pool ARN, SessionTimeout, OnUnauthenticatedRequest, an extra parameter name, a key with a stray quote)
 *   CX3253  an x-elbv2 AuthenticateOidcConfig.ClientSecret is not a Secrets Manager reference (the secret would be in the template)
 *   CX3254  an x-elbv2 ClientSecret: {Secret: …} names no top-level secret, one composex creates (filled at deploy), or a bad JsonKey
 *   CX3301  unknown key in an x- object (with "did you mean")
 *   CX3302  a value in an x- object has the wrong type or range
 *   CX3303  x-vpc is invalid (ids, CIDR, new and existing mixed, Lookup, missing subnets, an empty Use.<Group>, networks.<n>.x-vpc: PublicSubnets on a service without a public IP)
 *   CX3304  x-cluster is invalid (name, Lookup by tags, Properties, ContainerInsights)
 *   CX3305  x-logging.RetentionInDays is not a whole number of days (1 or more)
 *   CX3306  x-ecs.CapacityProviderStrategy is invalid
 *   CX3307  warning: an existing cluster (x-cluster) must have the capacity providers the services use associated
 *   CX3320  x-scaling is malformed (Range, TargetScaling, ScheduledActions)
 *   CX3321  deploy.replicas lies outside the x-scaling Range
 *   CX3322  an x-sqs Services entry's Scaling is malformed (Steps out of order, overlapping, with a gap, an open step not last, cooldowns)
 *   CX3323  a queue scales a family that has no x-scaling Range (or no ECS service)
 *   CX3324  a Scaling step's Count lies outside the family's x-scaling Range
 *   CX3325  a family scaled on a queue is also scaled by another queue or by x-scaling TargetScaling (their policies would undo each other)
 *   CX3326  warning: the first Scaling step starts at LowerBound 0 (an alarm that never clears); read as 1
 *   CX3327  warning: an x-scaling Schedule rate with an abbreviated unit (rate(1h)) is read as the expression AWS takes (rate(1 hour))
 *   CX3328  warning: x-scaling TargetScaling tracks nothing (no CpuTarget, MemoryTarget, TgtTargetsCount): no target tracking policy, as in ECS ComposeX
 *   CX3329  warning: a Services entry's Scaling in ECS ComposeX's older spelling (steps, lower_bound, upper_bound, count; scaling_in/out_cooldown) read as today's
 *   CX3330  x-events is malformed (name, Properties.Name, Properties, schedule, Services)
 *   CX3331  a family without an ECS service (DeleteDefaultService) publishes ports
 *   CX3332  warning: others call a family that has no ECS service (its name does not resolve)
 *   CX3333  warning: a scheduled task calls other families, but tasks a rule starts get no Service Connect
 *   CX3334  warning: x-scaling of a family without an ECS service (DeleteDefaultService) is ignored, as in ECS ComposeX
 *   CX3336  warning: an x-alarms TopicArn that names no SNS topic (…:topic/name): the action is left out
 *   CX3337  warning: x-alarms Settings, which an alarm does not use (as in ECS ComposeX)
 *   CX3338  an x-alarms dimension x-elbv2::<lb> or x-elbv2::<lb>::<family>::<port> names no load balancer or target group, or sits in another dimension
 *   CX3339  warning: an x-alarms x-elbv2 dimension on a namespace the load balancer does not publish in (ECS ComposeX would keep the text there)
 *   CX3340  x-xray is not true, false or {OverrideImage: <image>}
 *   CX3341  a service of a family with the X-Ray daemon listens on the daemon's port 2000
 *   CX3342  x-alarms is malformed (Properties, Topics, Services, Predefined, AlarmRule references)
 *   CX3343  an alarm notifies a topic encrypted with the AWS managed key alias/aws/sns (CloudWatch cannot use it)
 *   CX3344  a predefined service alarm reads Container Insights metrics, which x-cluster turns off
 *   CX3345  warning: an alarm notifies a topic encrypted with a customer key (its key policy must let CloudWatch use it)
 *   CX3346  warning: a predefined service alarm on an existing cluster needs Container Insights turned on there
 *   CX3347  x-aws-min_percent / x-aws-max_percent out of ECS's bounds (0–100, at least 100, maximum above minimum)
 *   CX3348  x-aws-min_percent / x-aws-max_percent written differently in one family, or beside deploy.update_config.order
 *   CX3349  warning: an x-kinesis stream is PROVISIONED without ShardCount: it gets 1 shard, as in ECS ComposeX
 *   CX3350  warning: x-logging.RetentionInDays rounded to the nearest value CloudWatch Logs accepts
 *   CX3351  x-tags is malformed (shape, a key or value AWS refuses, a reserved aws: or composex: prefix, a key twice)
 *   CX3352  x-alarms Services Scaling: the last step has an UpperBound, removed as ECS ComposeX does (warning)
 *   CX3353  x-alarms Services Scaling cannot act on the alarm (a LessThan comparison, Metrics, a composite alarm)
 *   CX3354  x-alarms Services Scaling or Topics on an alarm a composite names: ECS ComposeX drops them, composex applies them (warning)
 *   CX3355  x-alarms MacroParameters.CompositeExpression / AlarmRule: a syntax error or a CloudWatch limit
 *   CX3356  x-alarms Services entry on an alarm with its own Dimensions or another namespace: no dimensions added (warning)
 *   CX3357  x-alarms Services Access other than NA: an alarm grants no IAM access (warning)
 *   CX3358  warning: x-sns in ECS ComposeX's older form (topics under Topics) read as today's
 *   CX3359  the older x-sns form with Subscriptions beside Topics, or a topic written both under Topics and beside it
 *   CX3260  x-cloudmap entry invalid (shape, ZoneName, Properties, unknown key)
 *   CX3261  x-cloudmap Lookup that needs an AWS call: give Lookup: {Arn} or {Id}
 *   CX3262  x-network.x-cloudmap invalid (shape, an undeclared namespace)
 *   CX3263  services name different x-cloudmap namespaces
 *   CX3264  several x-cloudmap namespaces and no service names one
 *   CX3265  warning: a declared x-cloudmap namespace no service uses, not created
 *   CX3266  x-dns is malformed (shape, an unknown key, PublicNamespace, Name, Use)
 *   CX3267  x-dns Lookup would look the zone or namespace up in AWS: give Use
 *   CX3268  warning: x-dns.PublicZone without Use creates a new public hosted zone (not delegated)
 *   CX3269  x-dns conflicts with x-route53 (the same zone) or x-cloudmap (a second namespace)
 *   CX3270  an x-dns.Records entry is invalid (Target, Name outside the zone, Type, a property composex does not write, a name twice)
 *   CX3271  warning: an x-network.x-cloudmap Port the service does not declare is ignored
 *   CX3272  Settings.x-cloudmap of an x-rds / x-dynamodb / x-s3 entry invalid (shape, ReturnValues, attribute names, Hostname, a service name taken, nothing to register)
 *   CX3273  Settings.x-cloudmap names a namespace x-cloudmap does not declare, or not the project's namespace
 *   CX3274  Settings.x-cloudmap on a looked-up resource (composex registers only resources it creates)
 *   CX3275  warning: Settings.x-cloudmap says something composex does differently (DnsSettings on a table, an AWS_ attribute, an existing namespace's type)
 *   CX3401  warning: a wildcard in an x-iam Allow statement's Action or Resource
 *   CX3402  x-iam uses NotAction
 *   CX3403  x-iam is invalid (policy name, ARN, statement without Effect/Action/Resource)
 *   CX3404  warning: an x-iam managed policy or boundary given by a name that looks like an AWS managed policy's: it names the deploying account's policy
 *   CX3501  a service uses an undeclared secret
 *   CX3502  a secret definition is invalid (no source, bad x-secrets)
 *   CX3503  one environment variable set twice through secrets (or secrets and environment)
 *   CX3504  warning: a secret without a source, in a secrets section written for ECS ComposeX (x-secrets): it delivers nothing
 *   CX3505  warning: a service lists such a secret: it gets no file and no variable for it
 *   CX3506  warning: x-secrets.Name next to a Lookup.Name that differs: x-secrets.Name is looked up, as in ECS ComposeX
 *   CX3507  warning: x-secrets.LinksTo without EcsExecutionRole: the secret is not injected (no file, no variable), as in ECS ComposeX
 *   CX3508  warning: VarName / JsonKeys of such a secret set no variable
 *   CX3509  warning: a JsonKeys entry written {Key, Name} (ECS ComposeX's docs): read as {SecretKey, VarName}
 *   CX3510  warning: a JsonKeys entry without VarName whose variable (upper snake case) is not the key as written, ECS ComposeX's name
 *   CX3511  a service mounts an undeclared volume
 *   CX3513  warning: an anonymous volume (task storage, lost when the task stops)
 *   CX3514  an unsupported volume (external)
 *   CX3520  a secret's target cannot be a file path (empty, `..`, a control character, a file in /)
 *   CX3521  two secrets of one service at the same path (or one inside the other)
 *   CX3522  warning: a secret target outside /run/secrets: its directory becomes a task volume that hides the image's files there
 *   CX3523  warning: a secret's uid / gid is not numeric and is not applied
 *   CX3524  a secret directory is also the target of one of the service's volumes
 *   CX3530  a config is invalid: undeclared, external, or without a source (file, content, environment)
 *   CX3531  a config's content cannot be read at render (file missing, variable unset) or is over 64 KiB (Secrets Manager)
 *   CX3532  a config's target cannot be a file path (Compose's default /<name> is a file directly in /)
 *   CX3533  warning: a configuration file outside /run/secrets: its directory becomes a task volume that hides the image's files there
 *   CX3534  a bind mount of a host directory (or of a path that is not a regular file)
 *   CX3535  a read-write bind mount of a single file
 *   CX3536  warning: a bind mount inside the service's own build context is dropped (the image carries those files)
 *   CX3540  warning: a service with both build and image runs the image as named (composex does not build it)
 *   CX3541  build.platforms leaves out the platform ECS runs the service on
 *   CX3542  a build secret without a file or environment source
 *   CX3601  an x- resource (x-sqs, x-sns, x-rds, x-s3, …) is malformed (shape, names, Services entries, ReturnValues)
 *   CX3602  an unknown access level (with "did you mean")
 *   CX3603  a reference to an unknown queue / topic (x-sqs::name, RedrivePolicy, Endpoint)
 *   CX3604  an SNS subscription whose endpoint is not an x-sqs queue
 *   CX3605  an unknown CloudFormation property in Properties (with "did you mean")
 *   CX3606  a property that would weaken the defaults (unencrypted, public, no TLS) or that composex manages
 *   CX3607  an environment variable set both by a resource and by the service (or two resources)
 *   CX3608  Lookup is invalid (not an ARN of the right service, or not supported for the kind)
 *   CX3609  warning: a literal MasterUserPassword, ignored (credentials are generated in Secrets Manager)
 *   CX3610  x-rds Engine / EngineVersion missing or not supported
 *   CX3611  a dead-letter queue is invalid (FIFO mismatch, itself, a cycle, maxReceiveCount)
 *   CX3612  warning: a resource no service uses
 *   CX3613  warning: RO access to a database or a cache is not enforced by AWS (same credentials or auth token as RW)
 *   CX3614  warning: a KMS key given by alias or id (permissions cannot be scoped; give the key ARN)
 *   CX3615  warning: a resource variable name (EnvNames, ReturnValues, secret names) ECS sets as written but a shell cannot expand (a hyphen, a leading digit)
 *   CX3620  x-rds with a VPC of one availability zone (a DB subnet group must cover two)
 *   CX3621  a queue subscribed to an SNS topic is encrypted with the AWS managed key alias/aws/sqs (SNS cannot use it)
 *   CX3622  warning: a queue subscribed to an SNS topic is encrypted with a customer key (its key policy must let SNS use it)
 *   CX3623  warning: an x-rds EnableCloudwatchLogsExports log type the engine does not export (left out)
 *   CX3624  warning: an x-rds DBSubnetGroupName or VPC security groups, replaced by composex's (as ECS ComposeX did)
 *   CX3625  warning: an x-ssm_parameter Name another parameter has: rendered without Name (CloudFormation generates one)
 *   CX3626  warning: a Services entry of a one-level kind (x-dynamodb, x-sqs, x-sns, …) gives no Access: variables only, no permission (as in ECS ComposeX)
 *   CX3627  warning: a Services entry written {access: …} in the mapping form, read as Access (ECS ComposeX read only Access there and granted nothing)
 *   CX3628  warning: an x-sqs Access RWPermissions (older ECS ComposeX) read as RWMessages
 *   CX3629  warning: an x-s3 KMSMasterKeyID 'aws/s3' (the AWS managed key's alias without alias/) left out: S3 uses that key when none is given
 *   CX3630  x-s3 Access is not a mapping {objects: <level>, bucket: <level>}
 *   CX3635  warning: x-s3 Access 'RWObjects' (ECS ComposeX's example) read as {objects: RW, bucket: ListOnly}
 *   CX3636  an x-s3 Lookup with Identifier and Tags whose Tags find another bucket than Identifier names (composex.lock.json)
 *   CX3637  warning: x-s3 Access 's3-bucket-ssl-requests-only' (an AWS Config rule name ECS ComposeX did not read) grants and changes nothing
 *   CX3638  warning: x-s3 AccessControl BucketOwnerFullControl / Private left out (owner only: what a bucket with ACLs disabled has)
 *   CX3639  warning: x-s3 RestrictPublicBuckets: false beside BlockPublicPolicy: true written true (no public policy can exist to restrict)
 *   CX3631  a MacroParameters key composex cannot honour (x-s3 BucketPolicy.Statement)
 *   CX3632  an x-s3 bucket name (BucketName with its expansions, NameSeparator) S3 would refuse
 *   CX3633  an x-dynamodb table's KeySchema / AttributeDefinitions missing or not matching
 *   CX3634  ReturnValues asks for an attribute the resource does not have (StreamArn without a stream, a looked-up resource's)
 *   CX3640  x-dynamodb Scaling is malformed (Table missing, MinCapacity / MaxCapacity / TargetValue missing or out of range)
 *   CX3641  x-dynamodb Scaling.Indexes names no global secondary index of the table (a local one, or none)
 *   CX3642  x-dynamodb Scaling on a table that has no provisioned capacity (PAY_PER_REQUEST, no ProvisionedThroughput on it or an index, a Lookup)
 *   CX3643  warning: a global secondary index of a scaled table keeps a fixed capacity (not in Scaling.Indexes, no CopyToIndexes)
 *   CX3644  warning: an x-dynamodb Scaling unit with neither ReadCapacityUnits nor WriteCapacityUnits scales nothing
 *   CX3646  an x-rds RdsFeatures entry is malformed (no Name or Resources, a feature named twice or not s3Import / s3Export, a bucket that is no x-s3 bucket, name or S3 ARN)
 *   CX3647  an x-rds RdsFeatures feature the database's engine does not have (only postgres and aurora-postgresql associate s3Import / s3Export)
 *   CX3648  warning: an x-rds RdsFeatures feature already in Properties.AssociatedRoles is skipped (as ECS ComposeX did)
 *   CX3649  warning: an x-rds MacroParameters.PermissionsBoundary without RdsFeatures bounds no role (composex creates none for the database)
 *   CX3650  an x-kms key named where composex does not read x-kms references (only x-sqs KmsMasterKeyId and x-kinesis StreamEncryption.KeyId)
 *   CX3651  an x-ssm_parameter of Type SecureString (CloudFormation cannot create one)
 *   CX3652  an x-ssm_parameter value missing, or its MacroParameters.FromFile unreadable or not the JSON / YAML it should be
 *   CX3653  an x-ssm_parameter value over the limit of its tier (4 KB standard, 8 KB advanced)
 *   CX3654  warning: an x-s3 NotificationConfiguration destination (S3 checks at create that it may deliver there)
 *   CX3670  x-elasticache Engine / EngineVersion missing or not supported (or a Redis OSS / Valkey version too old for the encryption composex turns on)
 *   CX3671  x-elasticache settings ElastiCache refuses together (failover with one node, Multi-AZ without failover, Memcached snapshots or encryption at rest, …)
 *   CX3672  a literal x-elasticache AuthToken (the token is generated in Secrets Manager)
 *   CX3673  warning: a Memcached cluster without encryption in transit (TransitEncryptionEnabled: false, or a version before 1.6.12), or a looked-up cache without it
 *   CX3674  warning: a looked-up x-elasticache cache asks for an AUTH token, and a consumer does not get <NAME>_AUTH_TOKEN from a compose secret
 *   CX3675  a looked-up x-elasticache cache runs an engine x-elasticache does not know
 *   CX3676  warning: x-elasticache Properties.CacheSubnetGroupName is replaced by the subnet group composex creates (as ECS ComposeX did)
 *   CX3680  a Lookup has no entry in composex.lock.json (run `composex lookup`)
 *   CX3681  a Lookup changed since composex.lock.json was written (run `composex lookup` again)
 *   CX3682  composex.lock.json cannot be read (not JSON, not a lock file)
 *   CX3683  a looked-up x-rds database has no credentials secret (consumers get its endpoint only)
 *   CX3684  what a looked-up x-rds database cannot give (a connection-string secret, a key it lacks)
 *   CX3685  a looked-up database or cache is in another VPC than the services (or the project creates its own VPC)
 *   CX3690  an x-kinesis RetentionPeriodHours outside 24 to 8760 hours
 *   CX3691  an x-kinesis stream's capacity: ShardCount on an on-demand stream, a shard count under 1, a StreamMode other than ON_DEMAND / PROVISIONED
 *   CX3701  warning: images pulled from Docker Hub without credentials (anonymous pull limits behind one NAT address)
 *   CX3702  x-aws-pull_credentials is neither a Secrets Manager secret ARN nor a top-level secret
 *
 * and the ECS / Fargate limits of the resolved families (CX40xx): ecs-check.ts.
 */
import type { ComposeProject } from '../compose/types';
import { dedupeDiagnostics, Diagnostic, hasErrors, sortDiagnostics, type ConfigPath } from '../diagnostics';
import type { AppModel, Family, LoadBalancerModel, VpcSettings } from './model';
import type { Path } from '../compose/source-map';
import { CODES } from './codes';
import { ResolveContext } from './context';
import { checkServiceProviders, defaultStrategyOf, reportExistingClusterProviders, resolveCluster } from './cluster';
import { resolveCloudMap } from './x-cloudmap';
import { checkRegistrationNames, resolveResourceCloudMap, resourceNamespaceChoices } from './resource-cloudmap';
import { chooseNamespace, readXDns, withXDnsRecords } from './x-dns';
import {
  completionTargets,
  containerModel,
  familyArchitecture,
  familyDeployment,
  familyEphemeralStorage,
  familyServiceTags,
  familyGracePeriod,
  familyTaskSize,
} from './containers';
import { familyDnsNames } from './dns-names';
import { checkDatabaseZones } from './database-zones';
import { checkEcs } from './ecs-check';
import { withEndpointsLabel } from './endpoints';
import { serviceEdges } from './edges';
import { assignFamilies } from './families';
import { resolveFamilySettings, ServiceSettings } from './family-settings';
import { finalizeIngress, serviceIngress, sourceIngress } from './ingress';
import { checkSecurityGroupRules } from './security-group-quota';
import { readDefaultLbCertificates } from './load-balancer-tls';
import { resolveLoadBalancer } from './load-balancer';
import { checkElbv2Subnets, reportPortsOutsideElbv2, resolveElbv2 } from './elbv2';
import { withClientSecrets } from './elbv2-authenticate';
import { resolveDns } from './dns';
import { logicalIds } from './names';
import { serviceNetworks } from './network-scope';
import { familyStartOrder } from './ordering';
import { declaredPorts, familyPorts } from './ports';
import { withImageDefaultPorts } from './image-ports';
import { reportUndeclaredReferences } from './references';
import { resolveResources } from './resources';
import { RESOURCE_SPECS } from './resources/registry';
import { checkQueueScaling, queueScalers } from './resources/sqs-scaling';
import { resolveSecrets } from './secrets';
import { planSecretsInit, resolveSecretFiles } from './secret-files';
import { resolveConfigFiles, withConfigFiles } from './config-files';
import { serviceConnectEndpoints } from './service-connect';
import { resolveVolumes } from './volumes';
import { declaredSubnetGroups, resolveVpc } from './vpc';
import { placeFamiliesInSubnetGroups } from './subnet-groups';
import { checkLookedUpVpcs } from './lookup-vpc';
import type { LockFile } from './lock';
import { readEcsSettings } from './x-ecs';
import { readDeploymentPercents } from './x-aws-percent';
import { checkRequestScaling, readScalingSettings, scalingPathsByFamily } from './x-scaling';
import { checkScheduledFamilies, readEvents } from './x-events';
import { readProjectTags } from './x-tags';
import { readIamSettings } from './x-iam';
import { readLoggingSettings } from './x-logging';
import { readNetworkSettings } from './x-network';
import { planXrayDaemon, readXraySetting } from './x-xray';
import { alarmScalers, checkAlarmFamilies, readAlarms } from './x-alarms';
import { reportDockerEcsKeys } from './x-aws';
import { reportDockerHubPulls } from './images';
import { resolveBuiltImages } from './built-images';
import { withCurrentTopicsForm } from './resources/sns-topics-form';

export type * from './model';
export { CODES } from './codes';

export interface ResolveResult {
  /** Present only when there is no error. */
  readonly model?: AppModel;
  /** Errors and warnings, deduplicated and sorted by position. */
  readonly diagnostics: Diagnostic[];
}

export interface ResolveOptions {
  /** The answers of `composex lookup` (composex.lock.json); without it every `Lookup` is an error. */
  readonly lock?: LockFile;
}

export function resolveProject(written: ComposeProject, options: ResolveOptions = {}): ResolveResult {
  // ECS ComposeX's older x-sns form (topics under `Topics`), read as today's before anything reads x-sns.
  const { project, diagnostics: older } = withCurrentTopicsForm(written);
  const ctx = new ResolveContext(project, options.lock);
  ctx.diagnostics.push(...older);
  if (ctx.serviceNames.length === 0) return { diagnostics: [noServices(ctx)] };
  const membership = assignFamilies(ctx);
  const networks = serviceNetworks(ctx);
  const declared = declaredPorts(ctx);

  const settings = new Map<string, ServiceSettings>();
  for (const service of ctx.serviceNames) {
    settings.set(service, {
      network: readNetworkSettings(ctx, service),
      ecs: readEcsSettings(ctx, service),
      logging: readLoggingSettings(ctx, service),
      iam: readIamSettings(ctx, service),
      scaling: readScalingSettings(ctx, service),
      xray: readXraySetting(ctx, service),
    });
  }
  const networkSettings = new Map([...settings].map(([service, s]) => [service, s.network]));
  const cluster = resolveCluster(ctx);
  checkServiceProviders(ctx, cluster, new Map([...settings].map(([service, s]) => [service, s.ecs.capacityProviderStrategy])));
  const familySettings = resolveFamilySettings(ctx, membership, settings, defaultStrategyOf(cluster));

  const edges = serviceEdges(ctx, membership, networkSettings);
  const ports = withImageDefaultPorts(ctx, membership, declared, edges, networks, networkSettings);
  const portsOfFamily = familyPorts(ctx, membership, ports);
  reportUndeclaredReferences(ctx, membership, edges);
  const startOrder = familyStartOrder(ctx, membership, edges);
  const events = readEvents(ctx, membership);
  const dnsNames = familyDnsNames(ctx, membership, edges);
  // With x-elbv2, published ports are container ports and the load balancers are x-elbv2's.
  const xDns = readXDns(ctx); // ECS ComposeX's x-dns: one more zone, records, a namespace
  const dns = resolveDns(ctx, xDns.zone);
  const elbv2 = withXDnsRecords(ctx, xDns, resolveElbv2(ctx, membership, ports, dns));
  const defaultLbCertificates = readDefaultLbCertificates(ctx, dns.acm, elbv2.present);
  const lb = elbv2.present ? { ingress: [] } : resolveLoadBalancer(ctx, membership, networkSettings, defaultLbCertificates);
  if (elbv2.present) reportPortsOutsideElbv2(ctx, elbv2.loadBalancers);
  // Targets of an application load balancer: request-count scaling and 5xx alarms read its metrics.
  const albTargets = new Set([
    ...('loadBalancer' in lb ? (lb.loadBalancer?.listeners ?? []) : []).filter((l) => l.protocol === 'HTTP').map((l) => l.target.family),
    ...elbv2.loadBalancers.filter((b) => b.type === 'application').flatMap((b) => b.targetGroups.map((tg) => tg.family)),
  ]);
  checkRequestScaling(ctx, membership.servicesOf, (service) => settings.get(service)?.scaling, albTargets);
  const fileSecrets = resolveSecrets(ctx, membership);
  const configFiles = resolveConfigFiles(ctx, membership);
  const secrets = withConfigFiles(fileSecrets, configFiles);
  // A secret LinksTo keeps from the execution role is not injected: no file either.
  const secretFiles = resolveSecretFiles(ctx, fileSecrets.secrets.filter((s) => s.injected !== false), configFiles);
  const volumes = resolveVolumes(ctx, membership);
  const resources = resolveResources(ctx, membership, fileSecrets.secrets);
  reportDockerEcsKeys(ctx, fileSecrets.secrets);
  reportDockerHubPulls(ctx);
  const vpc = resolveVpc(ctx);
  const namespace = chooseNamespace(ctx, xDns, resolveCloudMap(ctx, resourceNamespaceChoices(ctx)));
  const cloudMapRegistrations = resolveResourceCloudMap(ctx, resources.resources, namespace);
  const tags = readProjectTags(ctx);
  const builtImages = resolveBuiltImages(ctx, membership, logicalIds(ctx.serviceNames));
  const builtOf = new Map(builtImages.map((b) => [b.service, { parameter: b.parameter, repository: b.repositoryLogicalId }]));

  const ingress = finalizeIngress([
    ...serviceIngress(ctx, membership, edges, ports, networks),
    ...sourceIngress(ctx, membership, networkSettings, ports),
    ...lb.ingress,
    ...elbv2.ingress,
    ...volumes.ingress,
    ...resources.ingress,
  ]);

  checkSecurityGroupRules(ctx, ingress, (target) => {
    if (target.kind === 'family') {
      const first = membership.servicesOf.get(target.family)?.[0];
      return first === undefined ? undefined : ['services', first];
    }
    if (target.kind === 'resource') return [RESOURCE_SPECS[target.resource].key, target.name];
    if (target.kind === 'volume') return ['volumes', target.volume];
    if (target.kind === 'elbv2') return ['x-elbv2', target.name];
    return undefined;
  });

  const publishedFamilies = new Set([...(lb.loadBalancer?.listeners ?? []).map((l) => l.target.family), ...elbv2.targetFamilies]);
  const xrayAsked = new Map([...settings].flatMap(([service, s]) => (s.xray ? [[service, s.xray] as const] : [])));
  const ids = logicalIds(membership.servicesOf.keys());
  const secretModels = new Map(secrets.secrets.map((s) => [s.name, s]));
  const volumeNames = new Set(volumes.volumes.map((v) => v.name));
  const allServices = ctx.serviceNames.map((service) => project.services[service]);
  const servicesOf = new Map([...membership.servicesOf].map(([name, services]) => [name, services.map((service) => project.services[service])]));
  const unlabelled: Family[] = [...servicesOf].map(([name, configs]) => {
    const s = familySettings.get(name)!;
    const ports = (portsOfFamily.get(name) ?? []).map(({ service, port, protocol }) => ({ service, port, protocol }));
    const secretsPlan = planSecretsInit(configs.map((c) => c.name), secretFiles);
    const xray = planXrayDaemon(ctx, configs.map((c) => c.name), xrayAsked, s.xrayImage, ports);
    const containerContext = {
      members: new Set(configs.map((c) => c.name)),
      waitedFor: completionTargets(configs),
      ports,
      secrets: secretModels,
      volumes: volumeNames,
      secretFiles,
      secretsPlan,
      ...(xray ? { xray } : {}),
      built: builtOf,
    };
    const familyDns = dnsNames.get(name) ?? [];
    return {
      name,
      logicalId: ids.get(name)!,
      containers: configs.map((config) => containerModel(config, containerContext)),
      networks: [...new Set(configs.flatMap((c) => networks.get(c.name) ?? []))].sort(),
      ports,
      desiredCount: s.desiredCount,
      // A family without an ECS service has nothing to scale: its x-scaling is ignored (CX3334).
      ...(s.scaling && !events.withoutService.has(name) ? { scaling: s.scaling } : {}),
      ...(events.withoutService.has(name) ? { ecsService: false as const } : {}),
      assignPublicIp: s.assignPublicIp,
      capacityProviderStrategy: s.capacityProviderStrategy,
      enableExecuteCommand: s.enableExecuteCommand,
      logRetentionDays: s.logRetentionDays,
      iam: s.iam,
      secrets: secrets.byFamily.get(name) ?? [],
      ...(fileSecrets.taskRoleByFamily.has(name) ? { taskRoleSecrets: fileSecrets.taskRoleByFamily.get(name)! } : {}),
      ...(secretsPlan.init ? { secretsInit: secretsPlan.init } : {}),
      ...(xray ? { xray } : {}),
      volumes: volumes.byFamily.get(name) ?? [],
      dnsNames: familyDns,
      dependsOnFamilies: startOrder.get(name) ?? [],
      taskSize: familyTaskSize(configs),
      cpuArchitecture: familyArchitecture(configs),
      ...optionalStorage(familyEphemeralStorage(configs)),
      deployment: familyDeployment(configs, volumeNames, readDeploymentPercents(ctx, name, configs.map((c) => c.name))),
      healthCheckGracePeriodSeconds: familyGracePeriod(configs, publishedFamilies.has(name)),
      serviceConnect: serviceConnectEndpoints(configs, ports, familyDns, allServices),
      tags: familyServiceTags(configs),
    };
  });
  const families = placeFamiliesInSubnetGroups(ctx, declaredSubnetGroups(ctx), vpc.vpc, withEndpointsLabel(unlabelled, ingress), membership.servicesOf, networks);

  checkSubnetsFit(ctx, vpc.vpc, vpc.path, lb.loadBalancer, families);
  checkRegistrationNames(ctx, cloudMapRegistrations, families.flatMap((f) => f.serviceConnect.map((e) => e.portName)));
  checkElbv2Subnets(ctx, elbv2.loadBalancers, vpc.vpc, vpc.path);
  checkScheduledFamilies(ctx, events, ingress, publishedFamilies, scalingPathsByFamily(ctx, membership.servicesOf, (service) => settings.get(service)?.scaling));
  const alarms = readAlarms(ctx, { membership, resources: resources.resources, cluster, albTargets, loadBalancers: elbv2.loadBalancers });
  checkAlarmFamilies(ctx, alarms, events.withoutService);
  // After the alarms: a family scaled on a queue and on an alarm is a conflict too.
  checkQueueScaling(ctx, [...queueScalers(resources.grants), ...alarmScalers(alarms)], membership, familySettings, events.withoutService);
  checkDatabaseZones(ctx, vpc.vpc, vpc.path);
  checkLookedUpVpcs(ctx, vpc.vpc, resources.resources);
  reportExistingClusterProviders(ctx, cluster, families.flatMap((f) => f.capacityProviderStrategy.map((c) => c.capacityProvider)));
  const locate = (path: ConfigPath, part: 'key' | 'value' = 'value') => (part === 'key' ? project.sourceMap.key(path) : project.sourceMap.value(path));
  ctx.diagnostics.push(
    ...checkEcs(
      { families, servicesOf, loadBalancer: lb.loadBalancer, vpc: vpc.vpc, volumes: volumes.volumes, secrets: secrets.secrets, grants: resources.grants },
      locate,
    ),
  );

  // ClientSecret: {Secret: …} of x-elbv2 authentication, once the secrets are read (may read one more).
  const elbv2LoadBalancers = withClientSecrets(ctx, elbv2.loadBalancers, fileSecrets.secrets);

  const diagnostics = sortDiagnostics(dedupeDiagnostics(ctx.diagnostics));
  if (hasErrors(diagnostics)) return { diagnostics };
  const model: AppModel = {
    projectName: project.name,
    locate,
    families,
    ingress,
    ...(lb.loadBalancer ? { loadBalancer: lb.loadBalancer } : {}),
    ...(elbv2.loadBalancers.length > 0 ? { elbv2: elbv2LoadBalancers } : {}),
    ...(dns.certificates.length > 0 ? { certificates: dns.certificates } : {}),
    ...(dns.zones.length > 0 ? { hostedZones: dns.zones } : {}),
    vpc: vpc.vpc,
    cluster,
    ...(namespace ? { serviceConnectNamespace: namespace } : {}),
    ...(cloudMapRegistrations.length > 0 ? { cloudMapRegistrations } : {}),
    secrets: secrets.secrets,
    volumes: volumes.volumes,
    resources: resources.resources,
    grants: resources.grants,
    ...(events.scheduledTasks.length > 0 ? { scheduledTasks: events.scheduledTasks } : {}),
    ...(alarms.length > 0 ? { alarms } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    ...(builtImages.length > 0 ? { images: builtImages } : {}),
  };
  return { model, diagnostics };
}

function optionalStorage(gib: number | undefined): { ephemeralStorageGiB?: number } {
  return gib === undefined ? {} : { ephemeralStorageGiB: gib };
}

/** Nothing to deploy: an error, not an empty set of templates. */
function noServices(ctx: ResolveContext): Diagnostic {
  const disabled = ctx.project.disabledServices;
  const hint =
    disabled.length > 0
      ? `every service has a profile that is not enabled (${disabled.slice(0, 5).join(', ')}${disabled.length > 5 ? ', …' : ''}); enable one with --profile or COMPOSE_PROFILES`
      : 'declare at least one service under services:';
  ctx.error(CODES.NO_SERVICES, 'the project has no service to deploy', ['services'], hint, 'key');
  return ctx.diagnostics[0];
}

/**
 * An ALB needs subnets in two availability zones; with an existing VPC, anything facing the
 * internet (the load balancer, tasks with a public IP) needs public subnets.
 */
function checkSubnetsFit(
  ctx: ResolveContext,
  vpc: VpcSettings,
  vpcPath: Path,
  loadBalancer: LoadBalancerModel | undefined,
  families: readonly Family[],
): void {
  if (vpc.kind === 'new') {
    if (loadBalancer?.type === 'application' && vpc.maxAzs < 2) {
      ctx.error(
        CODES.ALB_NEEDS_TWO_AZS,
        `x-vpc.MaxAzs is ${vpc.maxAzs}, but the application load balancer for the published HTTP ports needs two availability zones`,
        [...vpcPath, 'MaxAzs'],
        'set MaxAzs to 2 or more',
      );
    }
    return;
  }
  const publicFamily = families.find((f) => f.assignPublicIp);
  if (vpc.publicSubnetIds.length === 0 && (loadBalancer || publicFamily)) {
    ctx.error(
      CODES.INVALID_VPC,
      loadBalancer
        ? 'x-vpc gives no PublicSubnets, but published ports need an internet-facing load balancer in public subnets'
        : `x-vpc gives no PublicSubnets, but family '${publicFamily!.name}' asks for a public IP (x-network.AssignPublicIp)`,
      vpcPath,
      'add PublicSubnets: [subnet-…, subnet-…]',
      'key',
    );
    return;
  }
  if (loadBalancer?.type === 'application' && vpc.publicSubnetIds.length < 2) {
    ctx.error(
      CODES.ALB_NEEDS_TWO_AZS,
      `x-vpc gives ${vpc.publicSubnetIds.length} public subnet, but the application load balancer for the published HTTP ports needs subnets in two availability zones`,
      [...vpcPath, 'PublicSubnets'],
      'add a public subnet in a second availability zone to x-vpc.PublicSubnets',
    );
  }
}
