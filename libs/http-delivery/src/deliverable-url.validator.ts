import { isIP } from 'node:net';
import { describeAddressClass } from './address-policy';
import { UndeliverableUrlError } from './http-delivery.errors';
import { findForbidden, resolveTarget, resolveWithDns, type ResolveHost } from './host-resolver';
import { stripBrackets } from './ip-address.parser';

export interface DeliverableUrlOptions {
  /** Lifts the address check (and the DNS lookup behind it): tests and local development. */
  allowPrivate?: boolean;
  resolve?: ResolveHost;
}

/**
 * Checks a webhook URL at registration and returns it parsed. Throws `UndeliverableUrlError`
 * when it is not http(s), carries credentials, has no host, does not resolve, or any resolved
 * address is forbidden. Delivery re-checks at connect time; this only gives an early 400.
 */
export async function assertDeliverableUrl(url: string, options: DeliverableUrlOptions = {}): Promise<URL> {
  const parsed = parseUrl(url);
  assertShape(parsed);
  if (!options.allowPrivate) await assertPublicHost(parsed.hostname, options.resolve ?? resolveWithDns);
  return parsed;
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new UndeliverableUrlError('invalid_url', 'url is not a valid URL');
  }
}

function assertShape(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UndeliverableUrlError('unsupported_scheme', `url must use http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new UndeliverableUrlError('credentials', 'url must not contain credentials');
  }
  if (!url.hostname) throw new UndeliverableUrlError('missing_host', 'url must have a host');
}

async function assertPublicHost(host: string, resolve: ResolveHost): Promise<void> {
  const hostname = stripBrackets(host);
  const addresses = await resolveOrThrow(hostname, resolve);
  const forbidden = findForbidden(addresses);
  if (!forbidden) return;
  const verb = isIP(hostname) ? 'points to' : 'resolves to';
  throw new UndeliverableUrlError(
    'forbidden_address',
    `url ${verb} ${forbidden.address}, ${describeAddressClass(forbidden.addressClass)}`,
  );
}

async function resolveOrThrow(hostname: string, resolve: ResolveHost): Promise<string[]> {
  try {
    return await resolveTarget(hostname, resolve);
  } catch {
    throw new UndeliverableUrlError('dns', `url host ${hostname} could not be resolved`);
  }
}
