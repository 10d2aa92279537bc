/**
 * Values of the secrets composex creates (Compose `file:` and `environment:` secrets). The
 * template declares them empty (src/aws/secrets.ts); their values go straight to Secrets Manager
 * with PutSecretValue, never through a template, a parameter or the output.
 *
 * A value is put as soon as its secret exists — when the create event of `SecretsStack/Secret<Id>`
 * arrives, before the services that read it start their tasks — and, for secrets that existed
 * already, once the stack has settled. The current value is read first and left alone when equal,
 * so a deploy without changes adds no secret version.
 */
import * as fs from 'fs';
import { CloudFormationClient, DescribeStackResourceCommand } from '@aws-sdk/client-cloudformation';
import { GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AppModel } from '../resolve/model';
import { ROUTER_CONFIG_SECRET_PREFIX } from '../resolve/firelens-router';
import type { RenderedFile } from '../render/types';
import { DEPLOY_CODES } from './codes';
import { awsErrorName, awsFailure, isNotFound, refused, step } from './errors';
import type { StackEventRecord } from './events';
import type { DeployIO } from './io';

/** Secrets Manager's limit on a secret value. */
export const MAX_SECRET_BYTES = 65_536;

export type SecretSource =
  | { readonly kind: 'file'; readonly file: string }
  | { readonly kind: 'environment'; readonly variable: string }
  /** A Compose config's `content:` (configs and bind-mounted files are created secrets too, src/resolve/config-files.ts). */
  | { readonly kind: 'content'; readonly content: string };

export interface SecretToSet {
  /** The Compose name. */
  readonly name: string;
  /** Logical ids from the root stack to the secret: `['SecretsStack', 'SecretDbPassword']`. */
  readonly path: readonly string[];
  readonly source: SecretSource;
}

/** The `created` secrets of the model, located in the rendered templates by their `composex:secret` tag. */
export function secretsToSet(model: AppModel, files: readonly RenderedFile[]): SecretToSet[] {
  const out: SecretToSet[] = [];
  for (const secret of model.secrets.filter((s) => s.kind === 'created')) {
    const source: SecretSource | undefined = secret.source;
    const path = locate(files, secret.name);
    if (!source || !path) throw new Error(`internal: created secret '${secret.name}' has no source or no resource in the rendered templates`);
    out.push({ name: secret.name, path, source });
  }
  return out;
}

function locate(files: readonly RenderedFile[], name: string): string[] | undefined {
  const byPath = new Map(files.map((f) => [f.path, f]));
  for (const file of files) {
    for (const [id, resource] of Object.entries(file.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::SecretsManager::Secret') continue;
      const tags = (resource.Properties?.Tags as { Key?: string; Value?: string }[] | undefined) ?? [];
      if (!tags.some((t) => t.Key === 'composex:secret' && t.Value === name)) continue;
      const path = [id];
      for (let f: RenderedFile | undefined = file; f?.logicalId; f = f.parent ? byPath.get(f.parent) : undefined) path.unshift(f.logicalId);
      return path;
    }
  }
  return undefined;
}

/** Before anything changes: every value can be read (file readable, variable set, within the size limit). */
export function checkSecretSources(secrets: readonly SecretToSet[], environment: Readonly<Record<string, string | undefined>>): void {
  const problems: string[] = [];
  for (const secret of secrets) {
    try {
      const bytes = Buffer.byteLength(readSecretValue(secret, environment));
      if (bytes > MAX_SECRET_BYTES) problems.push(`secret '${secret.name}': ${bytes} bytes, over Secrets Manager's ${MAX_SECRET_BYTES}`);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  if (problems.length > 0) {
    throw refused(
      DEPLOY_CODES.SECRET_SOURCE_MISSING,
      `the value of ${problems.length === 1 ? 'a secret' : `${problems.length} secrets`} cannot be read: ${problems.join('; ')}`,
      'a `file:` secret needs its file, an `environment:` secret its variable set (in the environment or .env) when you deploy',
    );
  }
}

/** The value (never printed). Throws a message naming the secret and the source, not the value. */
export function readSecretValue(secret: SecretToSet, environment: Readonly<Record<string, string | undefined>>): string {
  if (secret.source.kind === 'content') return secret.source.content;
  if (secret.source.kind === 'environment') {
    const value = environment[secret.source.variable];
    if (value === undefined) throw new Error(`secret '${secret.name}': variable ${secret.source.variable} is not set`);
    return value;
  }
  try {
    return fs.readFileSync(secret.source.file, 'utf8');
  } catch (e) {
    throw new Error(`secret '${secret.name}': cannot read ${secret.source.file} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** Puts secret values, once each, as their secrets appear or after the stack has settled. */
export class SecretWriter {
  private readonly done = new Set<string>();
  private readonly changedNames = new Set<string>();

  constructor(
    private readonly clients: { readonly cloudformation: CloudFormationClient; readonly secretsManager: SecretsManagerClient },
    private readonly secrets: readonly SecretToSet[],
    private readonly environment: Readonly<Record<string, string | undefined>>,
    private readonly io: DeployIO,
  ) {}

  /** Sets the value of each secret whose creation completed in `records`. */
  async onEvents(records: readonly StackEventRecord[]): Promise<void> {
    for (const r of records) {
      if (r.event.ResourceStatus !== 'CREATE_COMPLETE' || !r.event.PhysicalResourceId) continue;
      const secret = this.secrets.find((s) => s.path.join('/') === r.label);
      if (secret && !this.done.has(secret.name)) await this.put(secret, r.event.PhysicalResourceId);
    }
  }

  /**
   * Before an update executes: the value of every secret that exists already, so the tasks the
   * update starts read the new content (a changed config file reaches them with the update). A
   * secret the update creates is set from its create event, as on a first deploy.
   */
  async setExisting(stackId: string): Promise<void> {
    for (const secret of this.secrets) {
      if (this.done.has(secret.name)) continue;
      const arn = await this.findArn(stackId, secret, false);
      if (arn !== undefined) await this.put(secret, arn);
    }
  }

  /** Whether a value was put (not just found equal): running tasks keep the files they started with. */
  get changed(): readonly string[] {
    return [...this.changedNames];
  }

  /** After the stack settled: every secret not set yet, found through the stack's resources. */
  async setRemaining(stackId: string): Promise<void> {
    for (const secret of this.secrets) {
      if (this.done.has(secret.name)) continue;
      const arn = (await this.findArn(stackId, secret, true))!;
      await this.put(secret, arn);
    }
  }

  private async findArn(stackId: string, secret: SecretToSet, required: boolean): Promise<string | undefined> {
    let stack = stackId;
    let physicalId = '';
    for (const logicalId of secret.path) {
      const describe = () => this.clients.cloudformation.send(new DescribeStackResourceCommand({ StackName: stack, LogicalResourceId: logicalId }));
      let out;
      if (required) {
        out = await step(`finding secret '${secret.name}' in the stack`, describe);
      } else {
        try {
          out = await describe();
        } catch (e) {
          // not created yet: the update creates it (CloudFormation answers ValidationError "does not exist")
          if (awsErrorName(e) === 'ValidationError' || isNotFound(e)) return undefined;
          return step(`finding secret '${secret.name}' in the stack`, () => Promise.reject(e));
        }
      }
      physicalId = out.StackResourceDetail?.PhysicalResourceId ?? '';
      if (!physicalId) break;
      stack = physicalId;
    }
    if (!physicalId) {
      if (!required) return undefined;
      throw awsFailure(DEPLOY_CODES.SECRET_NOT_SET, `secret '${secret.name}' (${secret.path.join('/')}) was not found in the deployed stack`, 'run `composex deploy` again');
    }
    return physicalId;
  }

  private async put(secret: SecretToSet, arn: string): Promise<void> {
    const value = readSecretValue(secret, this.environment);
    const current = await this.currentValue(secret, arn);
    if (current === value) {
      this.io.stdout(`Secret ${secret.name}: value unchanged\n`);
    } else {
      await step(`setting the value of secret '${secret.name}'`, () =>
        this.clients.secretsManager.send(new PutSecretValueCommand({ SecretId: arn, SecretString: value })),
      );
      this.changedNames.add(secret.name);
      this.io.stdout(`Secret ${secret.name}: value set from ${describeSource(secret.source, secret.name)}\n`);
    }
    this.done.add(secret.name);
  }

  /** The value now in Secrets Manager; undefined when there is none (or it may not be read). */
  private async currentValue(secret: SecretToSet, arn: string): Promise<string | undefined> {
    try {
      const out = await this.clients.secretsManager.send(new GetSecretValueCommand({ SecretId: arn }));
      return out.SecretString;
    } catch (e) {
      if (isNotFound(e) || /AccessDenied/.test(awsErrorName(e))) return undefined;
      return step(`reading the current value of secret '${secret.name}'`, () => Promise.reject(e));
    }
  }
}

function describeSource(source: SecretSource, name: string): string {
  if (source.kind === 'file') return `file ${source.file}`;
  if (source.kind === 'environment') return `variable ${source.variable}`;
  if (name.startsWith(ROUTER_CONFIG_SECRET_PREFIX)) return "the FireLens log router's configuration composex writes (from x-logging.FireLens.Advanced)";
  return 'its content in the compose file';
}
