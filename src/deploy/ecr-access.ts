/**
 * An ECR client for the registry an image names: its region (the image may live in another
 * region than the stack), and `x-ecr.RoleArn` assumed first when the repository belongs to
 * another account and is read through a role of that account (STS AssumeRole). Retries are the
 * SDK's.
 */
import { ECRClient } from '@aws-sdk/client-ecr';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';

export interface EcrAccess {
  readonly ecr: ECRClient;
  readonly sts: STSClient;
}

/** Clients by region and role, made once per command. */
export function ecrClients(access: EcrAccess): (region: string, roleArn?: string) => Promise<ECRClient> {
  const made = new Map<string, Promise<ECRClient>>();
  return (region, roleArn) => {
    const key = `${region} ${roleArn ?? ''}`;
    if (!made.has(key)) made.set(key, ecrClientFor(access, region, roleArn));
    return made.get(key)!;
  };
}

async function ecrClientFor(access: EcrAccess, region: string, roleArn?: string): Promise<ECRClient> {
  if (!roleArn && (await access.ecr.config.region()) === region) return access.ecr;
  if (!roleArn) return new ECRClient({ region, credentials: access.ecr.config.credentials, maxAttempts: 6 });
  const assumed = await access.sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'composex-ecr' }));
  const c = assumed.Credentials;
  if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`internal: AssumeRole of ${roleArn} returned no credentials`);
  return new ECRClient({
    region,
    credentials: { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}), ...(c.Expiration ? { expiration: c.Expiration } : {}) },
    maxAttempts: 6,
  });
}
