/**
 * Service Connect endpoints of a family: for each TCP container port, the names callers use
 * (`dnsNames`) on that port. A name belongs to the service it designates — the service of that
 * name, the one with that network alias, or the one other services link to under that alias — so
 * `api:8080` and `worker:9000` in one family stay distinct; a name the family answers to as a
 * whole maps to every port.
 */
import type { ServiceConfig } from '../compose/types';
import type { ContainerPort, ServiceConnectEndpoint } from './model';
import { portMappingName } from './names';

export function serviceConnectEndpoints(
  members: readonly ServiceConfig[],
  ports: readonly ContainerPort[],
  dnsNames: readonly string[],
  allServices: readonly ServiceConfig[],
): ServiceConnectEndpoint[] {
  const names = new Set(members.map((s) => s.name));
  const ownerOf = (dnsName: string): string | undefined => {
    if (names.has(dnsName)) return dnsName;
    for (const s of members) {
      if (Object.values(s.networks ?? {}).some((n) => n?.aliases?.includes(dnsName))) return s.name;
    }
    for (const s of allServices) {
      for (const link of s.links ?? []) {
        const [target, alias] = link.split(':');
        if (alias === dnsName && names.has(target)) return target;
      }
    }
    return undefined;
  };
  const seen = new Set<string>();
  const out: ServiceConnectEndpoint[] = [];
  for (const port of ports) {
    if (port.protocol !== 'tcp') continue; // Service Connect proxies TCP only
    const aliases = dnsNames
      .filter((name) => {
        const owner = ownerOf(name);
        return owner === undefined || owner === port.service;
      })
      .filter((name) => !seen.has(`${name}:${port.port}`));
    if (aliases.length === 0) continue;
    for (const name of aliases) seen.add(`${name}:${port.port}`);
    out.push({
      portName: portMappingName(port.service, port.port, port.protocol),
      clientAliases: aliases.map((dnsName) => ({ port: port.port, dnsName })),
    });
  }
  return out;
}
