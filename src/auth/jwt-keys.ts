import { createHash } from 'node:crypto';
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

  constructor(config: AppConfig['jwt']) {
    this.currentKid = kidOf(config.secret);
    this.keys.set(this.currentKid, config.secret);
    for (const previous of config.previousSecrets) this.keys.set(kidOf(previous), previous);
  }

  get currentKey(): string {
    return this.keys.get(this.currentKid) as string;
  }

  keyFor(kid: unknown): string | undefined {
    return typeof kid === 'string' ? this.keys.get(kid) : undefined;
  }
}

function kidOf(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url').slice(0, 16);
}
