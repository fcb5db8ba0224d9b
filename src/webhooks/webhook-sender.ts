import type { LookupAddress } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { WebhookTarget } from './webhook-targets';

export interface WebhookRequest {
  target: WebhookTarget;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * POSTs the body and answers the response status. The connection goes only to the target's
 * already-checked addresses (the host name still reaches TLS for SNI and certificate checks);
 * redirects are not followed; the response body is not read; the whole exchange is bounded.
 */
export function postWebhook(request: WebhookRequest): Promise<number> {
  const { target, body, timeoutMs } = request;
  const client = target.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      target.url,
      {
        method: 'POST',
        agent: false,
        lookup: pinnedLookup(target.addresses),
        timeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
        headers: { ...request.headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), 'User-Agent': 'Kaiji-Webhooks/1' },
      },
      (response) => {
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no response within ${timeoutMs / 1000} s`)));
    outgoing.on('error', (error: Error) => reject(error.name === 'AbortError' || error.name === 'TimeoutError' ? new Error(`no response within ${timeoutMs / 1000} s`) : error));
    outgoing.end(body);
  });
}

/** A `lookup` that answers the checked addresses instead of asking DNS again. */
function pinnedLookup(addresses: WebhookTarget['addresses']): LookupFunction {
  return (_hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    const all: LookupAddress[] = addresses.filter((a) => !family || a.family === family);
    if (all.length === 0) {
      callback(Object.assign(new Error('no checked address of the requested family'), { code: 'ENOTFOUND' }), '', 0);
    } else if (options.all) {
      callback(null, all);
    } else {
      callback(null, all[0].address, all[0].family);
    }
  };
}
