/**
 * The API refuses, unless confirmed with allowAnySource, source ranges wider than /8 (IPv4) or /16
 * (IPv6): 0.0.0.0/0 and ::/0 and the halves that add up to them admit (nearly) any source, so
 * checklist 2-⑬'s restriction means nothing. The screen spots them first, to ask the admin.
 */
const WIDEST_RESTRICTING_PREFIX = { ipv4: 8, ipv6: 16 } as const;

export function anySourceRanges(cidrs: string[]): string[] {
  return cidrs.filter((cidr) => {
    const match = /^(.+)\/(\d{1,3})$/.exec(cidr.trim());
    if (!match) return false; // a single address, or something the API will refuse on its own
    const prefix = Number(match[2]);
    const kind = match[1].includes(':') ? 'ipv6' : 'ipv4';
    return prefix < WIDEST_RESTRICTING_PREFIX[kind];
  });
}

/** The ranges as typed: commas, Japanese commas, spaces or new lines between them. */
export function splitRanges(text: string): string[] {
  return text
    .split(/[\s,、]+/)
    .map((value) => value.trim())
    .filter(Boolean);
}
