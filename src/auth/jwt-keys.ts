import { createHash, createSecretKey, KeyObject } from 'node:crypto';
import type { AppConfig } from '../config/app-config';

export const JWT_ALGORITHM = 'HS256';
export const JWT_ISSUER = 'kaiji';
export const JWT_AUDIENCE = 'kaiji-api';

/**
 * The signing key and the keys still accepted after a rotation, each named by a `kid` derived
 * from the key itself, so a token names the key that verifies it (RFC 8725 §3.1, §3.10).
 */
export class JwtKeyring {
  readonly currentKid: string;
  private readonly keys = new Map<string, string>();
  /**
   * The same keys as KeyObjects, made once: given a string, jsonwebtoken tries to parse it as a
   * public key first and throws before taking it as a secret, on every verification.
   */
  private readonly verificationKeys = new Map<string, KeyObject>();

  constructor(config: AppConfig['jwt']) {
    this.currentKid = kidOf(config.secret);
    this.keys.set(this.currentKid, config.secret);
    for (const previous of config.previousSecrets) this.keys.set(kidOf(previous), previous);
    for (const [kid, secret] of this.keys) this.verificationKeys.set(kid, createSecretKey(Buffer.from(secret, 'utf8')));
  }

  get currentKey(): string {
    return this.keys.get(this.currentKid) as string;
  }

  verificationKeyFor(kid: unknown): KeyObject | undefined {
    return typeof kid === 'string' ? this.verificationKeys.get(kid) : undefined;
  }
}

function kidOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}
