import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress, type AddressClass } from './address-policy';
import { stripBrackets } from './ip-address.parser';

/** Resolves a hostname to every address it has; injectable so tests can map names and simulate rebinding. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const resolveWithDns: ResolveHost = async (hostname) => {
  const addresses = await lookup(hostname, { all: true });
  return addresses.map((entry) => entry.address);
};

/** IP literals are their own (only) address; names go through the resolver. */
export async function resolveTarget(host: string, resolve: ResolveHost): Promise<string[]> {
  const hostname = stripBrackets(host);
  if (isIP(hostname)) return [hostname];
  const addresses = await resolve(hostname);
  if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no addresses`), { code: 'ENOTFOUND' });
  return addresses;
}

export interface ForbiddenMatch {
  address: string;
  addressClass: AddressClass;
}

export function findForbidden(addresses: readonly string[]): ForbiddenMatch | undefined {
  for (const address of addresses) {
    const addressClass = classifyAddress(address);
    if (addressClass !== 'public') return { address, addressClass };
  }
  return undefined;
}
