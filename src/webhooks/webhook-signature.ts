import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Webhook signatures per the Standard Webhooks specification (https://www.standardwebhooks.com),
 * made by its reference library so any receiver using it (or following the spec) verifies them:
 *
 *   webhook-id:        the event id: the same on retries and redeliveries, so receivers deduplicate on it
 *   webhook-timestamp: unix seconds of this attempt
 *   webhook-signature: `v1,<base64 HMAC-SHA256(key, "<id>.<timestamp>.<body>")>`, several separated
 *                      by spaces while a replaced secret is still valid (rotation overlap)
 *
 * A secret is `whsec_<base64 of 32 random bytes>`; the key is the decoded bytes. Secrets issued
 * before Standard Webhooks were `whsec_<base64url, unpadded>`: they decode to their key bytes too
 * (Node's base64 decoder reads both alphabets), so they keep signing with no re-encoding; a receiver
 * holding one converts it to standard base64 (`-`→`+`, `_`→`/`, pad with `=`) or rotates.
 */
export const SECRET_PREFIX = 'whsec_';
const SECRET_BYTES = 32;

export function newSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(SECRET_BYTES).toString('base64')}`;
}

/** The HMAC key of a `whsec_…` secret: its base64 (or legacy base64url) part decoded. */
export function signingKey(secret: string): Buffer {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('a webhook secret starts with whsec_');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  if (key.length < 24) throw new Error('a webhook secret decodes to at least 24 bytes');
  return key;
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** The three Standard Webhooks headers for `body`, signed with each secret (current first). */
export function signedHeaders(messageId: string, at: Date, body: string, secrets: string[]): SignedHeaders {
  const seconds = Math.floor(at.getTime() / 1000);
  const timestamp = new Date(seconds * 1000);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': secrets.map((secret) => new Webhook(signingKey(secret), { format: 'raw' }).sign(messageId, timestamp, body)).join(' '),
  };
}
