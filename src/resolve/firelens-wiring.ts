/**
 * How the planned FireLens log routers (firelens-router.ts) join the rest of the model: their
 * configuration secrets join the created secrets (read by the family's execution role, filled by
 * `composex deploy`), their configuration file joins the family's init container (written into a
 * task volume the router mounts read-only), and their x-kinesis_firehose outputs become grants of
 * the family (firehose:PutRecordBatch on the stream, its name in the router's environment).
 */
import type { FireLensPlan } from './firelens-router';
import { ROUTER_CONFIG_DIR } from './firelens-router';
import type { ConfigFilesResolution } from './config-files';
import { compareStrings } from './context';
import type { LogRouterModel, ResourceGrant } from './model';
import type { SecretsPlan, ServiceSecretFiles } from './secret-files';

/** The routers' configuration secrets, as config files are (config-files.ts). */
export function routerConfigFiles(routers: ReadonlyMap<string, FireLensPlan>): ConfigFilesResolution {
  const files = [...routers].flatMap(([family, plan]) => (plan.configFile ? [[family, plan.configFile.secret] as const] : []));
  return {
    secrets: files.map(([, secret]) => secret).sort((a, b) => compareStrings(a.name, b.name)),
    byFamily: new Map(files.map(([family, secret]) => [family, [secret.name]])),
    files: new Map(),
    handledVolumes: new Map(),
  };
}

/** The family's members and secret files with the router's configuration file, for planSecretsInit. */
export function withRouterFiles(
  members: readonly string[],
  files: ReadonlyMap<string, ServiceSecretFiles>,
  router: FireLensPlan | undefined,
): [readonly string[], ReadonlyMap<string, ServiceSecretFiles>] {
  if (!router?.configFile) return [members, files];
  const name = router.router.name;
  return [[...members, name], new Map([...files, [name, { files: [router.configFile.file], directories: [ROUTER_CONFIG_DIR] }]])];
}

/** The router of the model: the plan with its configuration volume and the init container it waits for. */
export function logRouterModel(plan: FireLensPlan, secretsPlan: SecretsPlan): LogRouterModel {
  const mounts = secretsPlan.mounts.get(plan.router.name) ?? [];
  return { ...plan.router, mounts, ...(mounts.length > 0 && secretsPlan.init ? { waitsFor: secretsPlan.init.name } : {}) };
}

/** Each router's stream grants (appended after the file's own grants: their order is kept). */
export function routerGrants(routers: ReadonlyMap<string, FireLensPlan>): ResourceGrant[] {
  const grants: ResourceGrant[] = [];
  for (const [family, plan] of routers) {
    for (const [stream, variable] of plan.streams) {
      grants.push({
        kind: 'deliveryStream',
        resource: stream,
        family,
        services: [plan.router.name],
        access: 'FireLens',
        permissions: [{ scope: { on: 'resource' }, actions: ['firehose:PutRecordBatch'] }],
        environment: [{ name: variable, attribute: 'Name' }],
        secrets: [],
      });
    }
  }
  return grants;
}
