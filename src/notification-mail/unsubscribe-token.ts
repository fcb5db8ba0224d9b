import { createHmac, timingSafeEqual } from 'node:crypto';
import { MAIL_FAMILIES, type MailFamily } from './mail-families';

/**
 * The one-click unsubscribe token of a mail (RFC 8058): user id and families (a digest may carry several), signed with an HMAC key
 * derived from the JWT secret (no new secret to manage). Tokens do not expire: a mail read a year
 * later still unsubscribes; they only turn a family off, never reveal or change anything else.
 * Keys derived from previous JWT secrets are accepted, so rotating the secret keeps old links working.
 */
export class UnsubscribeTokens {
  private readonly keys: Buffer[];

  constructor(secret: string, previousSecrets: string[] = []) {
    this.keys = [secret, ...previousSecrets].map((s) => createHmac('sha256', s).update('kaiji notification unsubscribe').digest());
  }

  sign(userId: string, families: MailFamily[]): string {
    const payload = `${userId}.${families.join('+')}`;
    return `${Buffer.from(payload).toString('base64url')}.${this.mac(this.keys[0], payload)}`;
  }

  /** The user and family a token names, or null when it is malformed or not ours. */
  verify(token: string): { userId: string; families: MailFamily[] } | null {
    const [encoded, mac, extra] = token.split('.');
    if (!encoded || !mac || extra !== undefined) return null;
    const payload = Buffer.from(encoded, 'base64url').toString();
    const match = /^([0-9a-f-]{36})\.([a-z_+]+)$/.exec(payload);
    const families = match?.[2].split('+') ?? [];
    if (!match || families.length === 0 || families.some((f) => !(MAIL_FAMILIES as readonly string[]).includes(f))) return null;
    const given = Buffer.from(mac);
    const valid = this.keys.some((key) => {
      const expected = Buffer.from(this.mac(key, payload));
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
    return valid ? { userId: match[1], families: families as MailFamily[] } : null;
  }

  private mac(key: Buffer, payload: string): string {
    return createHmac('sha256', key).update(payload).digest('base64url');
  }
}
