import { isIP, type Socket } from 'node:net';
import { buildConnector } from 'undici';
import { classifyAddress } from './address-policy';
import { ForbiddenAddressError } from './http-delivery.errors';
import { findForbidden, resolveTarget, type ResolveHost } from './host-resolver';

export interface GuardedConnectorOptions {
  allowPrivate: boolean;
  resolve: ResolveHost;
  connectTimeoutMs: number;
}

/**
 * An undici connector that resolves the host itself, refuses it if any address is forbidden,
 * and connects to the address it checked, so a rebinding DNS answer cannot slip in between.
 * TLS still verifies (and sends SNI for) the hostname.
 */
export function buildGuardedConnector(options: GuardedConnectorOptions): buildConnector.connector {
  const connect = buildConnector({ timeout: options.connectTimeoutMs });
  return (target, callback) => {
    pinAddress(target.hostname, options).then(
      (address) => connect(pinnedTarget(target, address), (error, socket) => verifySocket(error, socket)),
      (error: Error) => callback(error, null),
    );

    function verifySocket(error: Error | null, socket: Socket | null): void {
      if (error || !socket) return callback(error ?? new Error('connect failed'), null);
      // Belt and braces: the kernel's view of the peer, whatever path led here.
      const remote = socket.remoteAddress ?? '';
      if (!options.allowPrivate && classifyAddress(remote) !== 'public') {
        socket.destroy();
        return callback(new ForbiddenAddressError(target.hostname, remote, classifyAddress(remote)), null);
      }
      callback(null, socket);
    }
  };
}

async function pinAddress(hostname: string, options: GuardedConnectorOptions): Promise<string> {
  const addresses = await resolveTarget(hostname, options.resolve);
  const forbidden = options.allowPrivate ? undefined : findForbidden(addresses);
  if (forbidden) throw new ForbiddenAddressError(hostname, forbidden.address, forbidden.addressClass);
  return addresses[0];
}

function pinnedTarget(target: buildConnector.Options, address: string): buildConnector.Options {
  const servername = isIP(target.hostname) ? target.servername : target.servername || target.hostname;
  return { ...target, hostname: address, servername };
}
