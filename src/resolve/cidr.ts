/** CIDR parsing for x-network sources and x-vpc. */
import { isIPv6 } from 'net';

export interface Cidr {
  readonly version: 4 | 6;
  readonly prefix: number;
  /** The same block with host bits cleared (IPv4 only; IPv6 is returned as written). */
  readonly network: string;
  readonly hostBitsSet: boolean;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

export function parseCidr(text: string): Cidr | undefined {
  const v4 = IPV4.exec(text);
  if (v4) {
    const octets = v4.slice(1, 5).map(Number);
    const prefix = Number(v4[5]);
    if (octets.some((o) => o > 255) || prefix > 32) return undefined;
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - prefix);
    const base = Math.floor(address / size) * size;
    const network = [24, 16, 8, 0].map((shift) => Math.floor(base / 2 ** shift) % 256).join('.') + `/${prefix}`;
    return { version: 4, prefix, network, hostBitsSet: base !== address };
  }
  const slash = text.lastIndexOf('/');
  if (slash > 0 && isIPv6(text.slice(0, slash)) && /^\d{1,3}$/.test(text.slice(slash + 1))) {
    const prefix = Number(text.slice(slash + 1));
    if (prefix > 128) return undefined;
    return { version: 6, prefix, network: text, hostBitsSet: false };
  }
  return undefined;
}
