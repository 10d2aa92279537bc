/**
 * The AWS SDK clients deploy uses. Credentials come from the SDK's standard chain (environment,
 * shared config and credentials files, SSO, web identity, container and instance metadata);
 * `profile` selects a profile of the shared files as AWS_PROFILE does. Retries, backoff and
 * throttling are the SDK's.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { ECRClient } from '@aws-sdk/client-ecr';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';

export interface AwsClients {
  readonly cloudformation: CloudFormationClient;
  readonly s3: S3Client;
  readonly sts: STSClient;
  readonly secretsManager: SecretsManagerClient;
  /** Only `destroy` uses it: the deletion protection of the databases it would delete. */
  readonly rds: RDSClient;
  /** `push` and `deploy` of built images: the registry login token and the pushed images. */
  readonly ecr: ECRClient;
}

export interface ClientOptions {
  /** Default: AWS_REGION, then the profile's region. */
  readonly region?: string;
  /** A profile of ~/.aws/config and ~/.aws/credentials (default: AWS_PROFILE, then `default`). */
  readonly profile?: string;
}

/** Polling many nested stacks can meet throttling: a few more attempts than the SDK's default 3. */
const MAX_ATTEMPTS = 6;

export function createClients(options: ClientOptions = {}): AwsClients {
  // The SDK warns on every run under Node.js 20 about its own future support policy; composex
  // supports Node.js 20 (package.json engines), so the warning is not the user's to act on.
  // Set to "false" to see it.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const config = {
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    maxAttempts: MAX_ATTEMPTS,
  };
  return {
    cloudformation: new CloudFormationClient(config),
    s3: new S3Client(config),
    sts: new STSClient(config),
    secretsManager: new SecretsManagerClient(config),
    rds: new RDSClient(config),
    ecr: new ECRClient(config),
  };
}

/** The region the clients talk to (throws the SDK's "Region is missing" when none is set). */
export async function clientRegion(clients: AwsClients): Promise<string> {
  return clients.cloudformation.config.region();
}
