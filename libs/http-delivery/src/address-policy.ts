import { parseIpv4, parseIpv6 } from './ip-address.parser';

export type AddressClass =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'benchmarking'
  | 'documentation'
  | 'reserved'
  | 'invalid';

interface Range<T> {
  base: T;
  prefix: number;
  addressClass: AddressClass;
}

// Order matters: the first matching range wins (255.255.255.255 before 240/4).
const IPV4_RANGES: readonly Range<string>[] = [
  { base: '0.0.0.0', prefix: 8, addressClass: 'unspecified' },
  { base: '10.0.0.0', prefix: 8, addressClass: 'private' },
  { base: '100.64.0.0', prefix: 10, addressClass: 'cgnat' },
  { base: '127.0.0.0', prefix: 8, addressClass: 'loopback' },
  { base: '169.254.0.0', prefix: 16, addressClass: 'link_local' },
  { base: '172.16.0.0', prefix: 12, addressClass: 'private' },
  { base: '192.0.0.0', prefix: 24, addressClass: 'reserved' },
  { base: '192.0.2.0', prefix: 24, addressClass: 'documentation' },
  { base: '192.88.99.0', prefix: 24, addressClass: 'reserved' },
  { base: '192.168.0.0', prefix: 16, addressClass: 'private' },
  { base: '198.18.0.0', prefix: 15, addressClass: 'benchmarking' },
  { base: '198.51.100.0', prefix: 24, addressClass: 'documentation' },
  { base: '203.0.113.0', prefix: 24, addressClass: 'documentation' },
  { base: '224.0.0.0', prefix: 4, addressClass: 'multicast' },
  { base: '255.255.255.255', prefix: 32, addressClass: 'broadcast' },
  { base: '240.0.0.0', prefix: 4, addressClass: 'reserved' },
];

const IPV6_RANGES: readonly Range<string>[] = [
  { base: '::', prefix: 128, addressClass: 'unspecified' },
  { base: '::1', prefix: 128, addressClass: 'loopback' },
  { base: '64:ff9b:1::', prefix: 48, addressClass: 'reserved' },
  { base: '100::', prefix: 64, addressClass: 'reserved' },
  { base: '2001::', prefix: 32, addressClass: 'reserved' },
  { base: '2001:db8::', prefix: 32, addressClass: 'documentation' },
  { base: 'fc00::', prefix: 7, addressClass: 'private' },
  { base: 'fe80::', prefix: 10, addressClass: 'link_local' },
  { base: 'fec0::', prefix: 10, addressClass: 'private' },
  { base: 'ff00::', prefix: 8, addressClass: 'multicast' },
];

// IPv6 prefixes that carry an IPv4 address a router or the kernel may reach on our behalf.
const IPV4_EMBEDDING: readonly { base: string; prefix: number; shift: bigint }[] = [
  { base: '::ffff:0:0', prefix: 96, shift: 0n },
  { base: '64:ff9b::', prefix: 96, shift: 0n },
  { base: '::', prefix: 96, shift: 0n },
  { base: '2002::', prefix: 16, shift: 80n },
];

const CLASS_DESCRIPTIONS: Record<AddressClass, string> = {
  public: 'a public address',
  loopback: 'a loopback address',
  private: 'a private address',
  link_local: 'a link-local address',
  cgnat: 'a carrier-grade NAT address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
  benchmarking: 'a benchmarking address',
  documentation: 'a documentation address',
  reserved: 'a reserved address',
  invalid: 'not a valid IP address',
};

/**
 * Classifies an IP address literal (IPv4 dotted quad or IPv6, brackets and zone ids allowed).
 * Documentation ranges are refused too: they are never a real receiver.
 */
export function classifyAddress(ip: string): AddressClass {
  const ipv4 = parseIpv4(ip);
  if (ipv4 !== undefined) return classifyIpv4(ipv4);
  const ipv6 = parseIpv6(ip);
  return ipv6 === undefined ? 'invalid' : classifyIpv6(ipv6);
}

/** Anything but a public unicast address is forbidden, including input that is not an IP at all. */
export function isForbiddenAddress(ip: string): boolean {
  return classifyAddress(ip) !== 'public';
}

/** "a loopback address", for error messages. */
export function describeAddressClass(addressClass: AddressClass): string {
  return CLASS_DESCRIPTIONS[addressClass];
}

function classifyIpv4(value: number): AddressClass {
  const match = IPV4_RANGES.find((range) => inIpv4Range(value, range));
  return match?.addressClass ?? 'public';
}

function classifyIpv6(value: bigint): AddressClass {
  const direct = IPV6_RANGES.find((range) => inIpv6Range(value, range.base, range.prefix));
  if (direct) return direct.addressClass;
  const embedding = IPV4_EMBEDDING.find((range) => inIpv6Range(value, range.base, range.prefix));
  if (embedding) return classifyIpv4(Number((value >> embedding.shift) & 0xffffffffn));
  return 'public';
}

function inIpv4Range(value: number, range: Range<string>): boolean {
  const size = 2 ** (32 - range.prefix);
  const base = parseIpv4(range.base) ?? 0;
  return value >= base && value < base + size;
}

function inIpv6Range(value: bigint, base: string, prefix: number): boolean {
  const hostBits = BigInt(128 - prefix);
  return value >> hostBits === (parseIpv6(base) ?? 0n) >> hostBits;
}
