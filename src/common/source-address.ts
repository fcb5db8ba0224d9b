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
