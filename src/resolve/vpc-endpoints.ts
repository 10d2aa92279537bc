/**
 * `x-vpc.Endpoints` (ECS ComposeX's syntax, under `Properties` / `Create` or flat): the VPC
 * endpoints of the VPC composex creates.
 *
 *   x-vpc:
 *     Properties:
 *       Endpoints:
 *         AwsServices:
 *           - service: s3
 *           - service: ecr.dkr
 *           - service: ecr.api
 *
 * As ECS ComposeX means it (ecs_composex/vpc/vpc_subnets.py, `add_apps_subnets`, at the commit the
 * published examples come from): each entry is an endpoint for `com.amazonaws.<region>.<service>`
 * in the new VPC; S3 is a Gateway endpoint on the route tables of the application subnets, every
 * other service an Interface endpoint in the application subnets with private DNS, behind one
 * security group that admits TCP 443 from the VPC's CIDR. Nothing is created without `Endpoints`
 * (its documentation says ECR endpoints are created by default; its code creates none). composex
 * also makes `dynamodb` a Gateway endpoint (AWS offers one, free; ECS ComposeX made an interface
 * endpoint of it), and always has the S3 gateway endpoint, so `service: s3` adds nothing.
 *
 * Only the names of `src/limits/vpc-endpoints.ts` are accepted: a typo would otherwise be a
 * service name CloudFormation refuses at deploy time. ECS ComposeX's schema puts `Endpoints` only
 * under `Properties` (a VPC it creates); beside an existing VPC it is an error here too (CX3016).
 */
import type { Path } from '../compose/source-map';
import { VPC_ENDPOINT_SERVICES } from '../limits/vpc-endpoints';
import { suggestion } from '../diagnostics';
import type { VpcEndpointModel } from './model';
import { CODES } from './codes';
import { describePath, ResolveContext } from './context';
import { checkKeys, isPlainObject } from './readers';

const EXAMPLE = 'Endpoints: {AwsServices: [{service: ecr.api}, {service: ecr.dkr}, {service: s3}]}';
export const SUPPORTED_ENDPOINT_SERVICES = Object.keys(VPC_ENDPOINT_SERVICES).sort();

/** The endpoints of `Endpoints` at `path`; entries in error are left out (and reported). */
export function readVpcEndpoints(ctx: ResolveContext, value: unknown, path: Path): VpcEndpointModel[] {
  if (value === null || value === undefined) return [];
  if (!isPlainObject(value)) {
    ctx.error(CODES.VPC_ENDPOINTS_INVALID, `${describePath(path)} must be a mapping with AwsServices`, path, `write ${EXAMPLE}`);
    return [];
  }
  checkKeys(ctx, value, path, ['AwsServices']);
  const list = value.AwsServices;
  if (list === undefined || list === null) return [];
  const listPath = [...path, 'AwsServices'];
  if (!Array.isArray(list)) {
    ctx.error(CODES.VPC_ENDPOINTS_INVALID, `${describePath(listPath)} must be a list of {service: name}`, listPath, `write ${EXAMPLE}`);
    return [];
  }
  const seen = new Map<string, Path>();
  const endpoints: VpcEndpointModel[] = [];
  list.forEach((entry, i) => {
    const entryPath = [...listPath, i];
    const service = readEntry(ctx, entry, entryPath);
    if (service === undefined) return;
    const servicePath = [...entryPath, 'service'];
    const known = VPC_ENDPOINT_SERVICES[service];
    if (!known) {
      ctx.error(
        CODES.VPC_ENDPOINT_UNKNOWN_SERVICE,
        `'${service}' is not a service composex creates a VPC endpoint for`,
        servicePath,
        `${suggestion(service, SUPPORTED_ENDPOINT_SERVICES, 'service')} (the name after com.amazonaws.<region>.)`,
      );
      return;
    }
    const before = seen.get(service);
    if (before) {
      ctx.error(
        CODES.VPC_ENDPOINT_DUPLICATE,
        `x-vpc Endpoints lists '${service}' twice (also at ${ctx.where(before)})`,
        servicePath,
        'keep one entry: a VPC has one endpoint per service (a second one is refused by AWS: its private DNS name or its route is already taken)',
      );
      return;
    }
    seen.set(service, servicePath);
    endpoints.push({ service, type: known.type });
  });
  return endpoints;
}

/** The service name of one `{service: name}` entry. */
function readEntry(ctx: ResolveContext, entry: unknown, path: Path): string | undefined {
  if (typeof entry === 'string') {
    ctx.error(CODES.VPC_ENDPOINTS_INVALID, `x-vpc Endpoints entry '${entry}' must be a mapping`, path, `write it as - service: ${entry}`);
    return undefined;
  }
  if (!isPlainObject(entry)) {
    ctx.error(CODES.VPC_ENDPOINTS_INVALID, 'an x-vpc Endpoints entry must be {service: name}', path, 'write it as - service: ecr.api');
    return undefined;
  }
  const service = entry.service;
  if (service === undefined) {
    // One error for the entry, not one more per key it has instead.
    ctx.error(CODES.VPC_ENDPOINTS_INVALID, 'an x-vpc Endpoints entry names no service', path, `write it as - service: ecr.api (its only key is service${Object.keys(entry).length ? `, not ${Object.keys(entry).join(', ')}` : ''})`);
    return undefined;
  }
  checkKeys(ctx, entry, path, ['service']);
  if (typeof service !== 'string' || service.trim() === '') {
    ctx.error(CODES.VPC_ENDPOINTS_INVALID, 'an x-vpc Endpoints entry names no service', [...path, 'service'], 'write it as - service: ecr.api');
    return undefined;
  }
  return service.trim();
}

