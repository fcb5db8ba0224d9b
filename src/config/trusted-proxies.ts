import { parseCidr } from '../common/source-address';

/**
 * Whose X-Forwarded-For is believed: nobody (false), the load balancers' addresses or CIDR ranges,
 * or a number of proxy hops. Fastify then takes the client's address from the right-most hop that
 * is not a trusted proxy, so whatever a client writes into the header itself is never believed.
 */
export type TrustedProxies = false | number | string[];

const MAX_HOPS = 10;

/** Parses KAIJI_TRUST_PROXY; returns a problem (completing "KAIJI_TRUST_PROXY …") instead of a value when it is unsafe or malformed. */
export function parseTrustedProxies(raw: string | undefined): TrustedProxies | { problem: string } {
  const text = raw?.trim() ?? '';
  if (text === '' || text.toLowerCase() === 'false' || text === '0') return false;
  if (text.toLowerCase() === 'true') {
    return {
      problem:
        "must list the load balancers' addresses or CIDR ranges (e.g. 10.0.0.0/8,fd00::/8) or give their number of hops (e.g. 1): true would believe the X-Forwarded-For any client writes itself",
    };
  }
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > MAX_HOPS) return { problem: `must be a number of proxy hops between 1 and ${MAX_HOPS}, or the proxies' addresses or CIDR ranges` };
    return hops;
  }
  const entries = text.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const range = parseCidr(entry);
    if (!range) return { problem: `must list IP addresses or CIDR ranges separated by commas, or a number of proxy hops: "${entry.slice(0, 60)}" is neither` };
    if (range[1] === 0) return { problem: `must not trust every address (${entry}): list the load balancers' own addresses or ranges` };
  }
  return entries;
}
