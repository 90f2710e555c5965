import { promises as dns } from 'node:dns';
import { isIP, isIPv4, isIPv6 } from 'node:net';

/*
 * SSRF guard for developer-supplied callback URLs: a callback must not let a tenant make the
 * server POST into its own network (metadata services, databases, the admin console).
 * Classification is hand-rolled over integers so that every spelling of an address
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `0:0:0:0:0:0:0:1`) lands in the same range.
 */

export type AddressClass = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

type V4Range = readonly [base: string, prefix: number, cls: AddressClass];

// First match wins. Documentation, benchmarking and protocol ranges are "reserved": nothing
// legitimate answers webhooks there, and some networks route them internally.
const V4_RANGES: readonly V4Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT: another customer's or the provider's network
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // includes the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes broadcast 255.255.255.255
];

// `v4-low32` / `v4-6to4`: the address embeds an IPv4 address that the packet ends up at, so the
// embedded address decides (otherwise `::ffff:10.0.0.1` would pass as "IPv6, global").
type V6Rule = AddressClass | 'v4-low32' | 'v4-6to4';
type V6Range = readonly [base: string, prefix: number, rule: V6Rule];

const V6_RANGES: readonly V6Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::ffff:0:0', 96, 'v4-low32'], // IPv4-mapped
  ['64:ff9b::', 96, 'v4-low32'], // NAT64 well-known prefix
  ['64:ff9b:1::', 48, 'private'], // NAT64 local use
  ['2002::', 16, 'v4-6to4'],
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // deprecated site-local, still routed inside some networks
  ['ff00::', 8, 'multicast'],
  ['2001:db8::', 32, 'reserved'], // documentation
  ['2001::', 23, 'reserved'], // IETF protocol assignments, Teredo included
  ['3fff::', 20, 'reserved'], // documentation (RFC 9637)
  ['2000::', 3, 'public'], // global unicast; everything outside it is unassigned → reserved
];

function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** Expects text that `net.isIPv6` accepted, without a zone id. */
function ipv6ToBigInt(ip: string): bigint {
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = ipv4ToInt(last);
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const halves = text.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves[1] ? halves[1].split(':') : [];
  const zeros = halves.length === 2 ? 8 - head.length - tail.length : 0;
  const groups = [...head, ...Array<string>(zeros).fill('0'), ...tail];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function inV4Range(value: number, base: string, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  return Math.floor(value / size) === Math.floor(ipv4ToInt(base) / size);
}

function inV6Range(value: bigint, base: string, prefix: number): boolean {
  const shift = BigInt(128 - prefix);
  return value >> shift === ipv6ToBigInt(base) >> shift;
}

function classifyV4(value: number): AddressClass {
  return V4_RANGES.find(([base, prefix]) => inV4Range(value, base, prefix))?.[2] ?? 'public';
}

function classifyV6(value: bigint): AddressClass {
  const rule = V6_RANGES.find(([base, prefix]) => inV6Range(value, base, prefix))?.[2] ?? 'reserved';
  if (rule === 'v4-low32') return classifyV4(Number(value & 0xffffffffn));
  if (rule === 'v4-6to4') return classifyV4(Number((value >> 80n) & 0xffffffffn));
  return rule;
}

/**
 * Classifies an IP address literal. Text that is not an IP address is "reserved", so a
 * malformed resolver answer fails closed instead of being treated as public.
 */
export function classifyAddress(ip: string): AddressClass {
  const address = ip.trim();
  if (isIPv4(address)) return classifyV4(ipv4ToInt(address));
  const zoneless = address.split('%')[0] ?? '';
  if (isIPv6(zoneless)) return classifyV6(ipv6ToBigInt(zoneless));
  return 'reserved';
}

export type LookupAll = (hostname: string, options: { all: true }) => Promise<Array<{ address: string; family: number }>>;

export type CallbackUrlFailure = 'invalid-url' | 'unsupported-scheme' | 'credentials-in-url' | 'unresolvable' | 'private-address';

export type CallbackUrlCheck = { ok: true; url: URL; addresses: string[] } | { ok: false; reason: CallbackUrlFailure; detail: string };

export type CheckOptions = {
  /** For local development and tests: accept loopback/private targets. Never on in production. */
  allowPrivate: boolean;
  lookup?: LookupAll;
};

/** The URL's host as an IP literal, or null when it is a name that needs DNS. */
export function hostAsIp(url: URL): string | null {
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return isIP(host) ? host : null;
}

async function resolveAll(url: URL, lookup: LookupAll): Promise<CallbackUrlCheck> {
  const literal = hostAsIp(url);
  if (literal) return { ok: true, url, addresses: [literal] };
  try {
    const answers = await lookup(url.hostname, { all: true });
    if (answers.length === 0) return { ok: false, reason: 'unresolvable', detail: `${url.hostname} has no addresses` };
    return { ok: true, url, addresses: answers.map((answer) => answer.address) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { ok: false, reason: 'unresolvable', detail: `${url.hostname} did not resolve (${code})` };
  }
}

/**
 * Validates a callback URL and resolves its host. Every address must be public: checking only
 * the first would let a name with one public and one private record through.
 */
export async function checkCallbackUrl(raw: string, options: CheckOptions): Promise<CallbackUrlCheck> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'invalid-url', detail: `not an absolute URL: ${JSON.stringify(raw)}` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, reason: 'unsupported-scheme', detail: `scheme ${url.protocol} is not http: or https:` };
  }
  // Credentials in a callback URL end up in logs and delivery records; signatures are the auth.
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials-in-url', detail: 'remove user:password from the URL; verify the webhook signature instead' };
  }
  const resolved = await resolveAll(url, options.lookup ?? dns.lookup);
  if (!resolved.ok || options.allowPrivate) return resolved;
  const blocked = resolved.addresses.find((address) => classifyAddress(address) !== 'public');
  if (blocked !== undefined) {
    return { ok: false, reason: 'private-address', detail: `${url.hostname} resolves to ${blocked} (${classifyAddress(blocked)})` };
  }
  return resolved;
}
