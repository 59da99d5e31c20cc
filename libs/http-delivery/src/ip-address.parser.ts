import { isIPv4, isIPv6 } from 'node:net';

/** Parses strict dotted-quad IPv4 into an unsigned 32-bit number; `undefined` when not IPv4. */
export function parseIpv4(text: string): number | undefined {
  if (!isIPv4(text)) return undefined;
  return text.split('.').reduce((value, octet) => value * 256 + Number(octet), 0);
}

/** Parses IPv6 (optionally `[bracketed]`, with a zone id or a dotted IPv4 tail) into a 128-bit bigint. */
export function parseIpv6(text: string): bigint | undefined {
  const address = stripZone(stripBrackets(text));
  if (!isIPv6(address)) return undefined;
  const groups = expandGroups(dottedTailToHex(address));
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function stripZone(address: string): string {
  const zone = address.indexOf('%');
  return zone === -1 ? address : address.slice(0, zone);
}

function dottedTailToHex(address: string): string {
  const lastColon = address.lastIndexOf(':');
  const ipv4 = parseIpv4(address.slice(lastColon + 1));
  if (ipv4 === undefined) return address;
  const high = Math.floor(ipv4 / 0x10000).toString(16);
  const low = (ipv4 % 0x10000).toString(16);
  return `${address.slice(0, lastColon + 1)}${high}:${low}`;
}

function expandGroups(address: string): string[] {
  const [head, tail] = address.split('::');
  const headGroups = head ? head.split(':') : [];
  if (tail === undefined) return headGroups;
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups];
}
