/**
 * Every statement composex writes into a family's task role besides its inline policies
 * (task-role.ts: `x-iam`, ECS Exec, the X-Ray daemon), built here once for both stages: the
 * generate stage writes them with CDK tokens (src/aws/family), the resolve stage's size check
 * (task-role-size.ts) with placeholders it counts at their longest. `TASK_ROLE_STATEMENT_KINDS`
 * is the list of kinds, in the order the role holds them; both stages give one list per kind
 * (`TaskRoleStatements`), so a kind added to one cannot be missing from the other.
 */
import type { Family, ResourceGrant, ResourceKind, SecretModel, VolumeModel } from './model';
import { resourceStatements, statementDocument, type StatementResource } from './task-role';

export type Statement = Record<string, unknown>;

/** The kinds of statement composex adds to a task role, in the order the role holds them. */
export const TASK_ROLE_STATEMENT_KINDS = [
  /** Mounting the family's named volumes (EFS with IAM authorization). */
  'volumes',
  /** Reading the secrets linked to the task role (`x-secrets.LinksTo: [EcsTaskRole]`). */
  'secrets',
  /** The actions of its `x-` resource grants. */
  'resources',
] as const;
export type TaskRoleStatementKind = (typeof TASK_ROLE_STATEMENT_KINDS)[number];
export type TaskRoleStatements = Readonly<Record<TaskRoleStatementKind, readonly Statement[]>>;

/** The statements of every kind, in the table's order. */
export function taskRoleStatements(parts: TaskRoleStatements): Statement[] {
  return TASK_ROLE_STATEMENT_KINDS.flatMap((kind) => [...parts[kind]]);
}

/** The pseudo parameters ARNs are built from, valid where the statement is written. */
export interface Pseudo {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

export const SECRET_ACTIONS = ['secretsmanager:GetSecretValue'];
export const SECRET_KMS_ACTIONS = ['kms:Decrypt'];

/** A Secrets Manager secret given by ARN, or the ARN of the secret of that name in this account and region. */
export function secretArn(ref: string, p: Pseudo): string {
  return ref.startsWith('arn:') ? ref : `arn:${p.partition}:secretsmanager:${p.region}:${p.accountId}:secret:${ref}`;
}

/**
 * The IAM resources of an external secret: its ARN, and the ARN with `-??????`, the six characters
 * Secrets Manager appends (AWS documents this pattern for partial ARNs); it matches that one name.
 */
export function secretPolicyResources(ref: string, p: Pseudo): string[] {
  const arn = secretArn(ref, p);
  return [arn, `${arn}-??????`];
}

/**
 * `secretsmanager:GetSecretValue` on exactly these secrets, and `kms:Decrypt` on their
 * customer-managed keys only through Secrets Manager in this region (which decrypts with the
 * caller's permission). Empty when there is no secret.
 */
export function secretReadStatements(secretResources: readonly string[], keyArns: readonly string[], region: string): Statement[] {
  const secrets = [...new Set(secretResources)];
  if (secrets.length === 0) return [];
  const keys = [...new Set(keyArns)].sort();
  return [
    { Sid: 'ReadSecrets', Effect: 'Allow', Action: SECRET_ACTIONS, Resource: secrets },
    ...(keys.length > 0
      ? [{ Sid: 'DecryptSecrets', Effect: 'Allow', Action: SECRET_KMS_ACTIONS, Resource: keys, Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${region}.amazonaws.com` } } }]
      : []),
  ];
}

/** The task role's statements for the secrets its application reads itself (`family.taskRoleSecrets`). */
export function taskRoleSecretStatements(family: Family, secrets: readonly SecretModel[], p: Pseudo): Statement[] {
  const readable = secrets.filter((s) => (family.taskRoleSecrets ?? []).includes(s.name));
  return secretReadStatements(
    readable.flatMap((s) => secretPolicyResources(s.ref ?? s.name, p)),
    readable.flatMap((s) => (s.kmsKeyArn !== undefined ? [s.kmsKeyArn] : [])),
    p.region,
  );
}

/** A named volume's identifiers where the statement is written (`id`: its part of logical ids). */
export interface VolumeIds {
  readonly id: string;
  readonly fileSystemId: string;
  readonly accessPointId: string;
}

/**
 * The EFS actions of a family on one of its volumes: `ClientMount` through the access point,
 * `ClientWrite` when a container mounts it read-write, and `ClientRootAccess` too when the volume
 * enforces no POSIX user (without it EFS maps root to an anonymous user, and containers that run
 * as root could not write the directory the access point created as root). With x-efs `Services`,
 * the actions of the level declared for the family.
 */
export function volumeMountActions(family: Family, volume: string, models: readonly VolumeModel[]): string[] {
  const model = models.find((v) => v.name === volume);
  // x-efs Services: the actions of the family's declared level (RO, RW, Root), as declared.
  const declared = model?.efs?.access?.[family.name];
  if (declared) return [...declared];
  const writes = family.containers.some((c) => c.mounts.some((m) => m.kind === 'volume' && m.volume === volume && !m.readOnly));
  const enforcesUser = model?.posixUser !== undefined;
  return ['elasticfilesystem:ClientMount', ...(writes && !enforcesUser ? ['elasticfilesystem:ClientRootAccess'] : []), ...(writes ? ['elasticfilesystem:ClientWrite'] : [])];
}

/** One statement per named volume the family mounts (`ids` undefined: not an EFS volume of the project). */
export function volumeMountStatements(family: Family, models: readonly VolumeModel[], ids: (volume: string) => VolumeIds | undefined, p: Pseudo): Statement[] {
  const efsArn = (kind: string, id: string) => `arn:${p.partition}:elasticfilesystem:${p.region}:${p.accountId}:${kind}/${id}`;
  return family.volumes.flatMap((volume) => {
    const v = ids(volume);
    if (!v) return [];
    return [
      {
        Sid: `MountVolume${v.id}`,
        Effect: 'Allow',
        Action: volumeMountActions(family, volume, models),
        Resource: efsArn('file-system', v.fileSystemId),
        Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': efsArn('access-point', v.accessPointId) } },
      },
    ];
  });
}

/** Values of the project's resources, valid where the statement is written. */
export type ResourceValue = (kind: ResourceKind, resource: string, attribute: string) => string;

/** The ARN a statement resource names: an attribute (with its suffix), a literal ARN, or a database user. */
export function statementResourceArn(r: StatementResource, value: ResourceValue, p: Pseudo): string {
  if (r.on === 'attribute') return r.suffix ? `${value(r.kind, r.resource, r.attribute)}${r.suffix}` : value(r.kind, r.resource, r.attribute);
  if (r.on === 'arn') return r.arn;
  return `arn:${p.partition}:rds-db:${p.region}:${p.accountId}:dbuser:${value(r.kind, r.resource, 'ResourceId')}/${r.user}`;
}

/** The statements of a family's grants (one per distinct action list), `arn` giving each resource's value. */
export function grantStatements(grants: readonly ResourceGrant[], arn: (resource: StatementResource) => string): Statement[] {
  return resourceStatements(grants).map((s) => statementDocument(s, arn));
}
