/**
 * IAM for a family, as plain policy documents (L1 `AWS::IAM::Role`), so what is emitted is exactly
 * what is written here:
 *
 * - the **execution role** (used by ECS to start the task): pull from the exact ECR repositories
 *   of its images (`ecr:GetAuthorizationToken` is the one action AWS only allows on `*`), write to
 *   the family's log group, read exactly the secrets it injects (and decrypt them with the KMS key
 *   `x-secrets.KmsKeyId` names, through Secrets Manager only). Never a managed policy.
 * - the **task role** (assumed by the application): only what `x-iam` declares, plus the four
 *   `ssmmessages` actions ECS Exec needs when execute-command is on (AWS requires `Resource: "*"`
 *   for those), and reading the secrets `x-secrets.LinksTo` links to it (the statements of the
 *   task role beyond these are built in ../resolve/task-role-statements.ts, shared with the
 *   resolve stage's size check).
 *
 * Both trust `ecs-tasks.amazonaws.com` only for tasks of this account (`aws:SourceAccount`), the
 * confused-deputy guard AWS recommends.
 */
import { Aws } from 'aws-cdk-lib';
import { SECRET_ACTIONS, SECRET_KMS_ACTIONS } from '../resolve/task-role-statements';

export const ECR_PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
export const ECR_AUTH_ACTION = 'ecr:GetAuthorizationToken';
export const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'];
export { EXECUTE_COMMAND_ACTIONS, taskRolePolicies } from '../resolve/task-role';
export { SECRET_ACTIONS, SECRET_KMS_ACTIONS } from '../resolve/task-role-statements';

export interface PolicyDocument {
  readonly Version: '2012-10-17';
  readonly Statement: readonly Record<string, unknown>[];
}

const ECR_IMAGE = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\/([^:@]+)(?::[^@]*)?(?:@.+)?$/;

/** The ARN of the ECR repository an image comes from, or undefined for any other registry. */
export function ecrRepositoryArn(image: string): string | undefined {
  const m = ECR_IMAGE.exec(image);
  if (!m) return undefined;
  const [, account, region, china, repository] = m;
  const partition = china ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

/** Trust policy: ECS tasks of this account only. */
export function ecsTasksTrustPolicy(): PolicyDocument {
  return serviceTrustPolicy('ecs-tasks.amazonaws.com');
}

/** Trust policy: an AWS service principal acting for this account only (`aws:SourceAccount`). */
export function serviceTrustPolicy(service: string): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      },
    ],
  };
}

export interface ExecutionPolicyInputs {
  /** Images of the family's containers. */
  readonly images: readonly string[];
  /** ARN of the family's log group (`Fn::GetAtt LogGroup.Arn`, which covers its streams). */
  readonly logGroupArn: string;
  /** IAM resources of the secrets the family injects. */
  readonly secretResources: readonly string[];
  /** ARNs of the customer-managed KMS keys that encrypt those secrets (`x-secrets.KmsKeyId`). */
  readonly secretKeyArns?: readonly string[];
  /** ARNs of the ECR repositories of its built images (tokens of the family stack). */
  readonly repositoryArns?: readonly string[];
}

export function executionRolePolicy(inputs: ExecutionPolicyInputs): PolicyDocument {
  const repositories = [
    ...[...new Set(inputs.images.map(ecrRepositoryArn).filter((a): a is string => a !== undefined))].sort(),
    // built images: exactly their repositories. AWS ("Using Amazon ECR images with Amazon ECS"):
    // the Fargate agent needs ecr:BatchGetImage, ecr:GetDownloadUrlForLayer and
    // ecr:GetAuthorizationToken (the managed AmazonECSTaskExecutionRolePolicy adds
    // ecr:BatchCheckLayerAvailability); the token action takes no resource but "*".
    ...(inputs.repositoryArns ?? []),
  ];
  const statements: Record<string, unknown>[] = [];
  if (repositories.length > 0) {
    statements.push({ Sid: 'PullImages', Effect: 'Allow', Action: ECR_PULL_ACTIONS, Resource: repositories });
    statements.push({ Sid: 'EcrAuthorizationToken', Effect: 'Allow', Action: ECR_AUTH_ACTION, Resource: '*' });
  }
  statements.push({ Sid: 'WriteLogs', Effect: 'Allow', Action: LOG_ACTIONS, Resource: inputs.logGroupArn });
  const secrets = [...new Set(inputs.secretResources)];
  if (secrets.length > 0) {
    statements.push({ Sid: 'ReadInjectedSecrets', Effect: 'Allow', Action: SECRET_ACTIONS, Resource: secrets });
  }
  const keys = [...new Set(inputs.secretKeyArns ?? [])].sort();
  if (keys.length > 0) {
    // Secrets Manager decrypts with the caller's permission: kms:Decrypt on the key, and only when
    // the call comes through Secrets Manager in this region.
    statements.push({
      Sid: 'DecryptInjectedSecrets',
      Effect: 'Allow',
      Action: SECRET_KMS_ACTIONS,
      Resource: keys,
      Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${Aws.REGION}.amazonaws.com` } },
    });
  }
  return { Version: '2012-10-17', Statement: statements };
}
