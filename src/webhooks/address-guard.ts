import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Where webhooks may be sent (server-side request forgery guard). Only globally routable unicast
 * addresses pass; loopback, private, unique-local and shared (CGNAT) addresses pass only when
 * KAIJI_WEBHOOK_ALLOW_PRIVATE is set (tests); loopback alone passes with KAIJI_WEBHOOK_ALLOW_LOOPBACK
 * (a receiver on the developer's machine, the demo: the machine itself, never its network). Link-local (cloud metadata), unspecified, multicast,
 * broadcast and reserved ranges never pass. IPv4 inside IPv6 (::ffff:10.0.0.1) is judged as IPv4;
 * NAT64, 6to4 and Teredo addresses, which can embed any IPv4 address, are refused, and so are the
 * deprecated IPv4-compatible addresses (::/96, e.g. ::7f00:1 for 127.0.0.1) and any other IPv6
 * address outside global unicast (2000::/3).
 */
export interface AddressPolicy {
  allowPrivate: boolean;
  /** Loopback only (127.0.0.0/8, ::1, ::ffff:127.x): implied by allowPrivate. */
  allowLoopback?: boolean;
}

/**
 * ::/96 but :: and ::1, judged by Node's own parser: ipaddr.js reads "::127.0.0.1" as
 * ::ffff:127.0.0.1, which is another address.
 */
const IPV4_COMPATIBLE = new BlockList();
IPV4_COMPATIBLE.addSubnet('::', 96, 'ipv6');
const UNSPECIFIED_OR_LOOPBACK = new BlockList();
UNSPECIFIED_OR_LOOPBACK.addAddress('::', 'ipv6');
UNSPECIFIED_OR_LOOPBACK.addAddress('::1', 'ipv6');
/** Where every globally routable IPv6 unicast address is (RFC 4291 §2.4). */
const GLOBAL_UNICAST_IPV6 = new BlockList();
GLOBAL_UNICAST_IPV6.addSubnet('2000::', 3, 'ipv6');

const PRIVATE_RANGES = new Set(['private', 'loopback', 'uniqueLocal', 'carrierGradeNat']);

const RANGE_DESCRIPTIONS: Record<string, string> = {
  private: 'a private address',
  loopback: 'a loopback address',
  uniqueLocal: 'a unique-local (private) address',
  carrierGradeNat: 'a shared (carrier-grade NAT) address',
  linkLocal: 'a link-local address',
  unspecified: 'the unspecified address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

/** What kind of address `address` is when it may not receive webhooks ("a private address"), or null when it may. */
export function addressRefusal(address: string, policy: AddressPolicy): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  if (isIP(address) === 6 && IPV4_COMPATIBLE.check(address, 'ipv6') && !UNSPECIFIED_OR_LOOPBACK.check(address, 'ipv6')) {
    return 'a deprecated IPv4-compatible IPv6 address (::/96)';
  }
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast' && parsed.kind() === 'ipv6' && !GLOBAL_UNICAST_IPV6.check(address, 'ipv6')) return 'an IPv6 address outside global unicast (2000::/3)';
  if (range === 'unicast') return null;
  if (policy.allowPrivate && PRIVATE_RANGES.has(range)) return null;
  if (policy.allowLoopback && range === 'loopback') return null;
  return RANGE_DESCRIPTIONS[range] ?? `a reserved or special-purpose address (${range})`;
}

export interface UrlRules {
  requireHttps: boolean;
}

export type ParsedTarget = { url: URL; host: string; literal: boolean } | { error: string };

/** The URL's own rules, before any address is looked at. */
export function parseWebhookUrl(raw: string, rules: UrlRules): ParsedTarget {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { error: 'must be an absolute https URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'must be an https URL' };
  if (rules.requireHttps && url.protocol !== 'https:') return { error: 'must use https' };
  if (url.username || url.password) return { error: 'must not contain credentials' };
  if (url.hash) return { error: 'must not contain a fragment (#…)' };
  // WHATWG parsing has already normalized 0x7f.1, 2130706433 and friends to dotted decimal.
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!host) return { error: 'must name a host' };
  return { url, host, literal: isIP(host) !== 0 };
}
