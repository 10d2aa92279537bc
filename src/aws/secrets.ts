/**
 * Secrets. `created` secrets (Compose `file:` / `environment:` secrets) become an
 * `AWS::SecretsManager::Secret` in the `Secrets` nested stack, declared without a value: neither
 * `SecretString` nor `GenerateSecretString`, so no value ever enters a template (composex deploy
 * puts the value with `PutSecretValue` after the stack exists). `external` secrets are referenced
 * by the ARN or name given in `x-secrets`; nothing is created for them.
 */
import { CfnDeletionPolicy, NestedStack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { SecretModel } from '../resolve/model';
import { secretArn, secretPolicyResources } from '../resolve/task-role-statements';
import { NameTable } from './names';
import { PSEUDO } from './pseudo';
import { exportValue, setStackLogicalId } from './stack-io';

export interface SecretsStackProps {
  readonly projectName: string;
  /** The `created` secrets. */
  readonly secrets: readonly SecretModel[];
  readonly secretIds: NameTable;
}

export class SecretsStack extends NestedStack {
  /** Created secrets by Compose name. */
  readonly secrets = new Map<string, secretsmanager.CfnSecret>();
  private readonly secretIds: NameTable;

  constructor(scope: Construct, id: string, props: SecretsStackProps) {
    super(scope, id, { description: 'composex: secrets (created empty; values are set at deploy time)' });
    setStackLogicalId(this, 'SecretsStack');
    this.secretIds = props.secretIds;
    for (const secret of props.secrets) {
      const resource = new secretsmanager.CfnSecret(this, `Secret${props.secretIds.id(secret.name)}`, {
        description: `composex ${props.projectName}: secret '${secret.name}' (value set by composex deploy)`,
        tags: [
          { key: 'composex:project', value: props.projectName },
          { key: 'composex:secret', value: secret.name },
        ],
      });
      // A secret holds data a template cannot recreate.
      resource.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
      resource.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
      this.secrets.set(secret.name, resource);
    }
  }

  /** ARN of a created secret, valid in the root. */
  secretArn(name: string): string {
    const secret = this.secrets.get(name);
    if (!secret) throw new Error(`internal: secret '${name}' is not created by composex`);
    return exportValue(this, `Secret${this.secretIds.id(name)}Arn`, secret.ref);
  }
}

/** How a container reads a secret and what the execution role must be allowed to read. */
export interface SecretReference {
  /** Full or partial ARN for `ValueFrom` (JSON keys append `:key::`). */
  readonly valueFrom: string;
  /** IAM resources for `secretsmanager:GetSecretValue`. */
  readonly policyResources: readonly string[];
}

/**
 * The reference to an external secret given by ARN or by name. A name (or an ARN whose random
 * six-character suffix may be missing) is matched with `-??????`, the suffix Secrets Manager adds,
 * as AWS documents for partial ARNs; the pattern matches that one secret name only.
 */
export function externalSecretReference(ref: string): SecretReference {
  return { valueFrom: secretArn(ref, PSEUDO), policyResources: secretPolicyResources(ref, PSEUDO) };
}

/** The reference to a created secret, given its ARN (from the Secrets stack). */
export function createdSecretReference(arn: string): SecretReference {
  return { valueFrom: arn, policyResources: [arn] };
}
