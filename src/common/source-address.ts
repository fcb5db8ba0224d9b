import ipaddr from 'ipaddr.js';

/** Parses a CIDR range (`203.0.113.0/24`, `2001:db8::/32`) or a single address; null if invalid. */
export function parseCidr(text: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  try {
    if (text.includes('/')) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** Whether the source address falls in one of the allowed ranges (checklist item 2-⑬). */
export function isAddressAllowed(sourceIp: string, allowedCidrs: string[]): boolean {
  if (!ipaddr.isValid(sourceIp)) return false;
  // "::ffff:192.0.2.1" (an IPv4 client on a dual-stack socket) is matched as 192.0.2.1.
  const address = ipaddr.process(sourceIp);
  return allowedCidrs.some((cidr) => {
    const range = parseCidr(cidr);
    return range !== null && range[0].kind() === address.kind() && address.match(range);
  });
}

/**
 * The bucket a source's failed logins are counted in: an IPv4 address, or the /64 network of an
 * IPv6 address (one subscriber usually holds a whole /64, so its addresses are one source).
 * Text that is not an address (it cannot come from a socket) is its own bucket.
 */
export function throttleSourceKey(sourceIp: string): string {
  if (!ipaddr.isValid(sourceIp)) return `other:${sourceIp.slice(0, 64)}`;
  const address = ipaddr.process(sourceIp);
  if (address.kind() === 'ipv4') return address.toString();
  return `${(address as ipaddr.IPv6).toNormalizedString().split(':').slice(0, 4).join(':')}::/64`;
}

/**
 * The client's address as Fastify derived it from the trusted proxies' X-Forwarded-For, unless a
 * trusted proxy passed a hop that is not an address: then the connection's own address, so that
 * no free text reaches allowed-range checks, throttling or the audit log.
 */
export function sourceAddressOf(request: { ip: string; socket?: { remoteAddress?: string } }): string {
  if (ipaddr.isValid(request.ip)) return request.ip;
  return request.socket?.remoteAddress ?? request.ip;
}
