/**
 * Top-level `secrets` used by services. Every secret a service lists is a file where Compose puts it
 * (secret-files.ts); it is also an ECS secret variable where `x-secrets` asks for one (`VarName`
 * for the whole value, `JsonKeys` for keys of a JSON secret). A secret that is `external` or carries
 * `x-secrets` already exists in Secrets Manager (by `x-secrets.Name` / `Arn`, else its `name`, else
 * its key); a `file:` or `environment:` secret is created empty and filled at deploy, so its value
 * never enters a template. `x-secrets` wins over `file:` (the ECS ComposeX pattern: a file locally,
 * the real secret on AWS).
 *
 *   secrets:
 *     db:
 *       x-secrets: {Name: prod/db, VarName: DB, JsonKeys: [{SecretKey: password, VarName: DB_PASSWORD}]}
 *
 * `KmsKeyId` (ECS ComposeX's key) names the customer-managed KMS key that encrypts the secret, by
 * ARN (an alias or a key id cannot scope the execution role's `kms:Decrypt`).
 *
 * `x-secrets.Lookup: {Tags: …}` or `{Name: …}` (or both: the named secret with the tags) finds the
 * secret through composex.lock.json, which `composex lookup` writes (lookups.ts): the secret is then
 * used by its exact ARN, with the KMS key Secrets Manager reported for it. `x-secrets.Name` next to
 * `Lookup` is the name looked up, as in ECS ComposeX. `Name` given an ARN (`arn:…`) is read as `Arn`,
 * as ECS ComposeX reads it.
 */
import type { Path } from '../compose/source-map';
import { suggestion } from '../diagnostics';
import type { SecretConfig } from '../compose/types';
import type { SecretModel } from './model';
import { CODES } from './codes';
import { compareStrings, describePath, ResolveContext } from './context';
import { familiesOf, Membership } from './families';
import { lockedAnswer, LookupRequest, readSelector, readTags, SecretAnswer, Tags } from './lookups';
import { checkKeys, isPlainObject, readList, readObject, readString } from './readers';

export const X_SECRETS_KEYS = ['Arn', 'JsonKeys', 'KmsKeyId', 'LinksTo', 'Lookup', 'Name', 'VarName'];
/** ECS ComposeX's `LinksTo` values (secrets.x-secrets.spec.json): the roles that may read the secret. */
const EXECUTION_ROLE = 'EcsExecutionRole';
const TASK_ROLE = 'EcsTaskRole';
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
export const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+$/;
const SECRET_NAME = /^[\w/+=.@-]{1,512}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Where Compose puts secrets (secret-files.ts plans the files). */
const SECRETS_DIRECTORY = '/run/secrets';

/** `db-password` / `dbPassword` → `DB_PASSWORD` */
export function upperSnakeCase(name: string): string {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[0-9]/.test(snake) ? `_${snake}` : snake || '_';
}

export interface SecretsResolution {
  readonly secrets: readonly SecretModel[];
  /** Family → names of the secrets its containers receive, sorted. */
  readonly byFamily: ReadonlyMap<string, readonly string[]>;
  /** Family → names of the secrets its task role may read (`LinksTo: [EcsTaskRole]`), sorted; families without any are absent. */
  readonly taskRoleByFamily: ReadonlyMap<string, readonly string[]>;
}

export function resolveSecrets(ctx: ResolveContext, membership: Membership): SecretsResolution {
  const defined = Object.keys(ctx.project.secrets ?? {}).sort(compareStrings);
  const used = new Map<string, Set<string>>(); // secret → services
  const byFamily = new Map<string, Set<string>>();
  const dialect = ecsComposeXSecrets(ctx, defined);
  const deliversNothing = new Map<string, string[]>(); // secret without a source (ECS ComposeX's meaning) → services listing it
  const listedBy = new Map<string, Set<string>>(); // secret → services listing it under secrets:
  const pulledBy = new Map<string, Set<string>>(); // family → secrets its execution role reads to pull images
  for (const service of ctx.serviceNames) {
    (ctx.project.services[service].secrets ?? []).forEach((ref, i) => {
      const path = ['services', service, 'secrets', i];
      if (!defined.includes(ref.source)) {
        ctx.error(CODES.UNKNOWN_SECRET, `service '${service}' uses secret '${ref.source}', which is not declared under top-level secrets`, path, suggestion(ref.source, defined, 'secret'));
        return;
      }
      if (dialect !== undefined && hasNoSource(ctx.project.secrets[ref.source])) {
        const target = ref.target === undefined ? `${SECRETS_DIRECTORY}/${ref.source}` : ref.target.startsWith('/') ? ref.target : `${SECRETS_DIRECTORY}/${ref.target}`;
        ctx.warning(
          CODES.SERVICE_GETS_NO_SECRET,
          `'${service}' gets nothing for secret '${ref.source}': no file at ${target} and no variable, because the secret has no source (secrets.${ref.source}; ECS ComposeX reads a secret only through x-secrets)`,
          path,
          `give secrets.${ref.source} x-secrets: {Name: <its name in Secrets Manager>}, or remove '${ref.source}' from the secrets of '${service}'`,
        );
        deliversNothing.set(ref.source, [...(deliversNothing.get(ref.source) ?? []), service]);
        return;
      }
      used.set(ref.source, (used.get(ref.source) ?? new Set()).add(service));
      listedBy.set(ref.source, (listedBy.get(ref.source) ?? new Set()).add(service));
      for (const family of familiesOf(membership, service)) byFamily.set(family, (byFamily.get(family) ?? new Set()).add(ref.source));
    });
    // x-aws-pull_credentials naming a top-level secret: the family's execution role reads it to
    // pull the image (it is not injected into the container).
    const pull = pullCredentialsName(ctx.project.services[service]['x-aws-pull_credentials']);
    if (pull !== undefined && defined.includes(pull)) {
      used.set(pull, (used.get(pull) ?? new Set()).add(service));
      for (const family of familiesOf(membership, service)) {
        byFamily.set(family, (byFamily.get(family) ?? new Set()).add(pull));
        pulledBy.set(family, (pulledBy.get(family) ?? new Set()).add(pull));
      }
    }
  }
  for (const [name, services] of deliversNothing) {
    ctx.warning(
      CODES.SECRET_WITHOUT_SOURCE,
      `secret '${name}' has no source (no file, environment, external or x-secrets): read as ECS ComposeX reads it (this secrets section names its secrets with x-secrets, as at ${describePath(dialect!)}), it delivers nothing — ${[...new Set(services)].map((s) => `'${s}'`).join(', ')} ${new Set(services).size === 1 ? 'gets' : 'get'} no file under ${SECRETS_DIRECTORY} and no variable for it (Docker Compose refuses such a secret)`,
      ['secrets', name],
      'name the secret in Secrets Manager: x-secrets: {Name: <secret name>} (or Arn: <secret ARN>); or give it file: / environment: (a value composex stores at deploy); or remove it and its uses',
      'key',
    );
  }
  const secrets: SecretModel[] = [];
  for (const name of defined) {
    if (!used.has(name)) continue;
    const secret = readSecret(ctx, name);
    if (secret) secrets.push(secret);
  }
  checkVariables(ctx, secrets);
  reportNotInjected(ctx, secrets, listedBy);
  // LinksTo: a secret not injected is no secret of the family's containers (unless it pulls its
  // images), and one linked to the task role is the task role's to read.
  const models = new Map(secrets.map((s) => [s.name, s]));
  const injected = (family: string, name: string) => models.get(name)?.injected !== false || (pulledBy.get(family)?.has(name) ?? false);
  const taskRoleByFamily = new Map<string, string[]>();
  for (const [family, names] of byFamily) {
    const readable = [...names].filter((n) => models.get(n)?.taskRole === true && listedByFamily(membership, listedBy.get(n), family)).sort(compareStrings);
    if (readable.length > 0) taskRoleByFamily.set(family, readable);
  }
  return {
    secrets,
    byFamily: new Map([...byFamily].map(([family, names]) => [family, [...names].filter((n) => injected(family, n)).sort(compareStrings)])),
    taskRoleByFamily,
  };
}

/** A service of the family lists the secret under `secrets:` (not only as pull credentials). */
function listedByFamily(membership: Membership, services: ReadonlySet<string> | undefined, family: string): boolean {
  return [...(services ?? [])].some((service) => familiesOf(membership, service).includes(family));
}

/**
 * `LinksTo` without `EcsExecutionRole`: as in ECS ComposeX (which warns the same), ECS does not
 * inject the secret, so the services that list it get no file under /run/secrets and no variable;
 * the application reads it with GetSecretValue (task role).
 */
function reportNotInjected(ctx: ResolveContext, secrets: readonly SecretModel[], listedBy: ReadonlyMap<string, ReadonlySet<string>>): void {
  for (const secret of secrets) {
    if (secret.injected !== false) continue;
    const services = [...(listedBy.get(secret.name) ?? [])].sort(compareStrings);
    if (services.length === 0) continue;
    ctx.warning(
      CODES.SECRET_NOT_INJECTED,
      `secret '${secret.name}' is linked to the task role only (LinksTo has no ${EXECUTION_ROLE}): ECS does not inject it, as in ECS ComposeX — ${services.map((s) => `'${s}'`).join(', ')} ${services.length === 1 ? 'gets' : 'get'} no file under ${SECRETS_DIRECTORY} and no variable for it; the application may read it with secretsmanager:GetSecretValue`,
      ['secrets', secret.name, 'x-secrets', 'LinksTo'],
      `to also have it as the file ${SECRETS_DIRECTORY}/${secret.name} (and VarName / JsonKeys variables), write LinksTo: [${EXECUTION_ROLE}, ${TASK_ROLE}]`,
      'key',
    );
  }
}

/** `x-secrets.LinksTo`: which roles may read the secret. Absent or empty (ECS ComposeX's `keyisset`): the execution role only. */
function readLinks(ctx: ResolveContext, value: unknown, path: Path): { execution: boolean; task: boolean } | undefined {
  if (value === undefined) return { execution: true, task: false };
  const list = readList(ctx, value, path, `a list of ${EXECUTION_ROLE} / ${TASK_ROLE}`);
  if (!list) return undefined;
  if (list.length === 0) return { execution: true, task: false };
  const links = new Set<string>();
  let ok = true;
  list.forEach((item, i) => {
    const link = readString(ctx, item, [...path, i], `${EXECUTION_ROLE} or ${TASK_ROLE}`);
    if (link === undefined) return void (ok = false);
    if (link !== EXECUTION_ROLE && link !== TASK_ROLE) {
      ctx.error(CODES.INVALID_SECRET, `LinksTo names '${link}', which is not a role of the task`, [...path, i], suggestion(link, [EXECUTION_ROLE, TASK_ROLE], 'role'));
      return void (ok = false);
    }
    links.add(link);
  });
  return ok ? { execution: links.has(EXECUTION_ROLE), task: links.has(TASK_ROLE) } : undefined;
}

/** A secret with nothing to deliver: no `file`, `environment`, `external: true` or `x-secrets`. */
function hasNoSource(config: SecretConfig): boolean {
  return config['x-secrets'] === undefined && config.external !== true && config.file === undefined && config.environment === undefined;
}

/**
 * Where the project's secrets section is written for ECS ComposeX: the first secret that carries
 * `x-secrets`. There (ecs_composex/common/settings.py, `set_secrets`) only a secret with an
 * `x-secrets` mapping becomes a secret; a service listing another one is given nothing
 * (`map_secrets` matches it to no secret) and the file still renders. Docker Compose (compose-go,
 * `checkConsistency`) refuses a secret that declares neither `file` nor `environment` and is not
 * external, so outside that dialect such a secret stays an error (CX3502).
 */
function ecsComposeXSecrets(ctx: ResolveContext, defined: readonly string[]): Path | undefined {
  const name = defined.find((n) => ctx.project.secrets[n]?.['x-secrets'] !== undefined);
  return name === undefined ? undefined : ['secrets', name, 'x-secrets'];
}

function readVarName(ctx: ResolveContext, value: unknown, path: Path): string | undefined {
  const name = readString(ctx, value, path, 'an environment variable name such as DB_PASSWORD');
  if (name === undefined) return undefined;
  if (!ENV_NAME.test(name)) {
    ctx.error(CODES.INVALID_SECRET, `${describePath(path)} '${name}' is not an environment variable name`, path, 'use letters, digits and _, not starting with a digit');
    return undefined;
  }
  return name;
}

/** One top-level secret's definition (also read for an x-elbv2 ClientSecret no service lists). */
export function readSecret(ctx: ResolveContext, name: string): SecretModel | undefined {
  const config = ctx.project.secrets[name];
  const root = ['secrets', name];
  const x = config['x-secrets'];
  if (x === undefined) {
    if (config.external === true) return { name, kind: 'external', ref: config.name ?? name, jsonKeys: [] };
    if (config.file !== undefined) return { name, kind: 'created', jsonKeys: [], source: { kind: 'file', file: config.file } };
    if (config.environment !== undefined) return { name, kind: 'created', jsonKeys: [], source: { kind: 'environment', variable: config.environment } };
    ctx.error(CODES.INVALID_SECRET, `secret '${name}' has no source: no file, environment, external or x-secrets`, root, 'add x-secrets: {Name: <secret in Secrets Manager>}, or external: true', 'key');
    return undefined;
  }
  const path = [...root, 'x-secrets'];
  const settings = readObject(ctx, x, path, '{Name: prod/db} or {Arn: arn:aws:secretsmanager:…}');
  if (!settings) return undefined;
  checkKeys(ctx, settings, path, X_SECRETS_KEYS);
  let ok = true;
  let ref: string | undefined;
  let lookedUpKey: string | undefined;
  if (settings.Lookup !== undefined) {
    // ECS ComposeX (compose_secrets, define_names_from_lookup) folds Name into the Lookup; an ARN needs none.
    if (settings.Arn !== undefined) {
      ctx.error(CODES.INVALID_SECRET, `x-secrets of '${name}' gives both Lookup and Arn`, [...path, 'Arn'], 'keep Lookup to find the secret, or the ARN without Lookup', 'key');
      return undefined;
    }
    const request = secretLookupRequest(ctx, name);
    const answer = request && lockedAnswer<SecretAnswer>(ctx, request);
    if (!answer) return undefined;
    ref = answer.arn;
    if (answer.kmsKeyId !== undefined && KMS_KEY_ARN.test(answer.kmsKeyId)) lookedUpKey = answer.kmsKeyId;
  } else if (settings.Name !== undefined && settings.Arn !== undefined) {
    ctx.error(CODES.INVALID_SECRET, `x-secrets of '${name}' gives both Name and Arn`, [...path, 'Arn'], 'keep one of them', 'key');
    ok = false;
  } else if (settings.Arn !== undefined) {
    ref = readString(ctx, settings.Arn, [...path, 'Arn']);
    if (ref !== undefined && !SECRET_ARN.test(ref)) {
      ctx.error(CODES.INVALID_SECRET, `'${ref}' is not a Secrets Manager secret ARN`, [...path, 'Arn'], 'an ARN looks like arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf');
      ok = false;
    }
  } else if (settings.Name !== undefined) {
    ref = readString(ctx, settings.Name, [...path, 'Name']);
    if (ref !== undefined && ref.startsWith('arn:')) {
      // ECS ComposeX reads a Name starting with "arn:" as the secret's ARN (define_names_from_import);
      // a secret name cannot hold ':', so it means the same as Arn here.
      if (!SECRET_ARN.test(ref)) {
        ctx.error(CODES.INVALID_SECRET, `'${ref}' is not a Secrets Manager secret ARN`, [...path, 'Name'], 'an ARN looks like arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf');
        ok = false;
      }
    } else if (ref !== undefined && !SECRET_NAME.test(ref)) {
      ctx.error(CODES.INVALID_SECRET, `'${ref}' is not a Secrets Manager secret name`, [...path, 'Name'], 'use letters, digits and /_+=.@- (at most 512)');
      ok = false;
    }
  } else {
    ctx.error(CODES.INVALID_SECRET, `x-secrets of '${name}' names no secret`, path, 'add Name: <secret name> or Arn: <secret ARN>', 'key');
    ok = false;
  }
  // The whole secret is a variable only when VarName asks for it; it is always a file (secret-files.ts).
  const varName = settings.VarName === undefined ? undefined : readVarName(ctx, settings.VarName, [...path, 'VarName']);
  if (settings.VarName !== undefined && varName === undefined) ok = false;
  const jsonKeys: { key: string; varName: string }[] = [];
  if (settings.JsonKeys !== undefined) {
    const list = readList(ctx, settings.JsonKeys, [...path, 'JsonKeys'], 'a list of {SecretKey, VarName?}') ?? [];
    list.forEach((item, i) => {
      const at = [...path, 'JsonKeys', i];
      const entry = readObject(ctx, item, at, '{SecretKey: password, VarName: DB_PASSWORD}');
      if (!entry) return void (ok = false);
      // ECS ComposeX's secrets page documents {Key, Name} (its code reads SecretKey / VarName): the same meaning.
      const documented = entry.SecretKey === undefined && entry.VarName === undefined && entry.Key !== undefined;
      const [keyField, varField] = documented ? ['Key', 'Name'] : ['SecretKey', 'VarName'];
      checkKeys(ctx, entry, at, [keyField, varField]);
      if (documented) {
        ctx.warning(
          CODES.SECRET_JSON_KEYS_DOCUMENTED_SPELLING,
          `JsonKeys entry of '${name}' is written {Key, Name}, as ECS ComposeX's secrets page shows it: read as {SecretKey, VarName}, the spelling ECS ComposeX's code reads (it refuses Key)`,
          [...at, 'Key'],
          `write SecretKey: <key in the JSON secret>${entry.Name !== undefined ? ', VarName: <variable>' : ''}`,
          'key',
        );
      }
      const key = readString(ctx, entry[keyField], [...at, keyField], 'the key inside the JSON secret');
      const keyVar = entry[varField] === undefined ? (key === undefined ? undefined : upperSnakeCase(key)) : readVarName(ctx, entry[varField], [...at, varField]);
      if (entry[varField] === undefined && key !== undefined && keyVar !== undefined && keyVar !== key) {
        // ECS ComposeX (define_env_var_name) names the variable after the key as written.
        ctx.warning(
          CODES.SECRET_JSON_KEY_VARIABLE_NAME,
          `JsonKeys key '${key}' of '${name}' is the variable ${keyVar} (composex: the key in upper snake case); ECS ComposeX names it '${key}', the key as written`,
          [...at, keyField],
          ENV_NAME.test(key) ? `write VarName: ${key} to keep ECS ComposeX's name, or VarName: ${keyVar} to say composex's` : `write VarName: ${keyVar} to say the name ('${key}' is no variable name ECS can set from a shell)`,
        );
      }
      if (key === undefined || keyVar === undefined) return void (ok = false);
      jsonKeys.push({ key, varName: keyVar });
    });
  }
  let kmsKeyArn: string | undefined;
  if (settings.KmsKeyId !== undefined) {
    kmsKeyArn = readString(ctx, settings.KmsKeyId, [...path, 'KmsKeyId'], 'a KMS key ARN');
    if (kmsKeyArn !== undefined && !KMS_KEY_ARN.test(kmsKeyArn)) {
      ctx.error(
        CODES.INVALID_SECRET,
        `x-secrets.KmsKeyId of '${name}' must be the ARN of a KMS key, not '${kmsKeyArn}'`,
        [...path, 'KmsKeyId'],
        'the execution role may decrypt with that one key only; an alias or a key id cannot be scoped. Give arn:aws:kms:<region>:<account>:key/<key id>',
      );
      ok = false;
    }
  }
  kmsKeyArn ??= lookedUpKey;
  const links = readLinks(ctx, settings.LinksTo, [...path, 'LinksTo']);
  if (!links) ok = false;
  if (!ok || ref === undefined || !links) return undefined;
  if (!links.execution) {
    // Not injected: a variable it would set does not exist (ECS ComposeX adds its ECS secrets only for the execution role).
    for (const key of ['VarName', 'JsonKeys'].filter((k) => settings[k] !== undefined)) {
      ctx.warning(
        CODES.SECRET_VARIABLES_NOT_INJECTED,
        `x-secrets.${key} of '${name}' sets no variable: LinksTo has no ${EXECUTION_ROLE}, so ECS does not inject the secret`,
        [...path, key],
        `add ${EXECUTION_ROLE} to LinksTo to get the variable, or remove ${key}`,
        'key',
      );
    }
    return { name, kind: 'external', ref, jsonKeys: [], ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}), ...(links.task ? { taskRole: true as const } : {}), injected: false };
  }
  return {
    name,
    kind: 'external',
    ref,
    jsonKeys,
    ...(varName !== undefined ? { varName } : {}),
    ...(kmsKeyArn !== undefined ? { kmsKeyArn } : {}),
    ...(links.task ? { taskRole: true as const } : {}),
  };
}

/**
 * `secrets.<name>.x-secrets.Lookup` as a query for `composex lookup`. `x-secrets.Name` next to the
 * Lookup is the name looked up, as ECS ComposeX folds it (`lookup_info["Name"] = Name`); with
 * `Tags` too, the secret of that name must carry the tags.
 */
export function secretLookupRequest(ctx: ResolveContext, name: string): LookupRequest | undefined {
  const x = ctx.project.secrets?.[name]?.['x-secrets'];
  if (!isPlainObject(x) || x.Lookup === undefined) return undefined;
  const path = ['secrets', name, 'x-secrets', 'Lookup'];
  const example = '{Tags: [{app: shop}]} or {Name: prod/db}';
  const lookup = x.Lookup;
  const folded = x.Name === undefined ? undefined : readString(ctx, x.Name, ['secrets', name, 'x-secrets', 'Name'], 'the secret name to look up');
  if (x.Name !== undefined && folded === undefined) return undefined;
  const byNameAndTags = isPlainObject(lookup) && lookup.Tags !== undefined && (lookup.Name !== undefined || folded !== undefined);
  if (folded === undefined && !byNameAndTags) {
    const secret = readSelector(ctx, lookup, path, example, ['Name']);
    return secret ? { key: `secrets.${name}`, query: { kind: 'secret', secret }, path, location: ctx.locate(path) } : undefined;
  }
  if (!isPlainObject(lookup) && typeof lookup !== 'string') {
    readSelector(ctx, lookup, path, example, ['Name']); // reports what it is not
    return undefined;
  }
  const written = typeof lookup === 'string' ? lookup : lookup.Name;
  const namePath = typeof lookup === 'string' ? path : [...path, 'Name'];
  const lookupName = written === undefined ? undefined : readString(ctx, written, namePath, 'the secret name to look up');
  if (written !== undefined && lookupName === undefined) return undefined;
  if (folded !== undefined && lookupName !== undefined && lookupName !== folded) {
    ctx.warning(
      CODES.SECRET_LOOKUP_NAME_REPLACED,
      `x-secrets.Name '${folded}' of '${name}' replaces Lookup.Name '${lookupName}': the secret named '${folded}' is looked up, as ECS ComposeX does`,
      namePath,
      `give the name once: keep x-secrets.Name, or Lookup.Name`,
    );
  }
  let tags: Tags | undefined;
  if (isPlainObject(lookup)) {
    checkKeys(ctx, lookup, path, ['Name', 'Tags']);
    if (lookup.Tags !== undefined) {
      tags = readTags(ctx, lookup.Tags, [...path, 'Tags']);
      if (!tags) return undefined;
    }
  }
  const secret = { name: (folded ?? lookupName)! };
  return { key: `secrets.${name}`, query: { kind: 'secret', secret, ...(tags ? { tags } : {}) }, path, location: ctx.locate(path) };
}

/** The variables a secret sets in the containers that use it (`VarName`, then each `JsonKeys` entry). */
export function secretVariables(secret: SecretModel): string[] {
  return [...(secret.varName !== undefined ? [secret.varName] : []), ...secret.jsonKeys.map((k) => k.varName)];
}

/** Each container gets each variable once: from one secret, and not also from `environment`. */
function checkVariables(ctx: ResolveContext, secrets: readonly SecretModel[]): void {
  const byName = new Map(secrets.map((s) => [s.name, s]));
  for (const service of ctx.serviceNames) {
    const config = ctx.project.services[service];
    const seen = new Map<string, string>(); // variable → secret
    (config.secrets ?? []).forEach((ref, i) => {
      const secret = byName.get(ref.source);
      if (!secret) return;
      for (const variable of secretVariables(secret)) {
        const path = ['services', service, 'secrets', i];
        const other = seen.get(variable);
        if (other !== undefined && other !== secret.name) {
          ctx.error(CODES.DUPLICATE_SECRET_VARIABLE, `secrets '${other}' and '${secret.name}' both set ${variable} in '${service}'`, path, 'give one of them another VarName in x-secrets');
        } else if (config.environment && Object.prototype.hasOwnProperty.call(config.environment, variable)) {
          ctx.error(CODES.DUPLICATE_SECRET_VARIABLE, `secret '${secret.name}' sets ${variable}, which '${service}' also sets in environment`, path, `remove ${variable} from environment, or set another VarName in x-secrets`);
        }
        seen.set(variable, secret.name);
      }
    });
  }
}

/**
 * The secret an `x-aws-pull_credentials` value names: an ARN or a top-level secret's name as
 * written, or the name after `secrets::`, ECS ComposeX's way of naming a top-level secret there
 * ("Docker ECS Plugin support").
 */
export function pullCredentialsName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.startsWith(SECRETS_PREFIX) ? value.slice(SECRETS_PREFIX.length) : value;
}

const SECRETS_PREFIX = 'secrets::';
