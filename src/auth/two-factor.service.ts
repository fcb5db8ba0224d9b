import { randomInt } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { authenticator } from 'otplib';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { SecretBox } from './secret-box';
import { sha256 } from '../common/hashing';

const ISSUER = 'Kaiji';
const RECOVERY_CODE_COUNT = 10;
/** Crockford-style alphabet: no 0/O or 1/I/L to misread when typing a printed code. */
const RECOVERY_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const STEP_SECONDS = 30;

authenticator.options = { step: STEP_SECONDS, window: 1, digits: 6 };

export interface EnrolmentStart {
  secret: string;
  otpauthUri: string;
}

/** TOTP (RFC 6238) with one-time recovery codes; seeds are sealed with the TOTP key at rest. */
@Injectable()
export class TwoFactorService {
  private readonly box: SecretBox;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.box = new SecretBox(config.totpKey);
  }

  /** A new 160-bit seed, kept pending until a code from it is confirmed. */
  async startEnrolment(manager: EntityManager, user: { id: string; email: string }): Promise<EnrolmentStart> {
    const secret = authenticator.generateSecret(20);
    await manager.query('UPDATE users SET totp_secret = $2, totp_last_step = NULL, updated_at = now() WHERE id = $1', [user.id, this.box.seal(secret)]);
    return { secret, otpauthUri: authenticator.keyuri(user.email, ISSUER, secret) };
  }

  /**
   * Accepts a TOTP code once: a code (or an older one) already used cannot be replayed.
   * Returns false for a wrong, stale or replayed code.
   */
  async acceptTotp(manager: EntityManager, userId: string, code: string): Promise<boolean> {
    const [row]: { totp_secret: string | null; totp_last_step: string | null }[] = await manager.query(
      'SELECT totp_secret, totp_last_step FROM users WHERE id = $1 FOR UPDATE',
      [userId],
    );
    if (!row?.totp_secret || !/^\d{6}$/.test(code)) return false;
    const delta = authenticator.checkDelta(code, this.box.open(row.totp_secret));
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 1000 / STEP_SECONDS) + delta;
    if (row.totp_last_step !== null && step <= Number(row.totp_last_step)) return false;
    await manager.query('UPDATE users SET totp_last_step = $2 WHERE id = $1', [userId, step]);
    return true;
  }

  /** Uses up one recovery code; false when none matches. */
  async acceptRecoveryCode(manager: EntityManager, userId: string, code: string): Promise<boolean> {
    // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING with [rows, rowCount], never empty.
    const rows: unknown[] = await manager.query(
      `WITH used AS (UPDATE recovery_codes SET used_at = now() WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id)
       SELECT id FROM used`,
      [userId, sha256(normaliseRecoveryCode(code))],
    );
    return rows.length > 0;
  }

  async remainingRecoveryCodes(manager: EntityManager, userId: string): Promise<number> {
    const [row]: { count: string }[] = await manager.query('SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL', [userId]);
    return Number(row.count);
  }

  /** Replaces every recovery code; the new ones are shown once. */
  async issueRecoveryCodes(manager: EntityManager, userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => newRecoveryCode());
    await manager.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
    await manager.query(
      'INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::text[])',
      [userId, codes.map((code) => sha256(normaliseRecoveryCode(code)))],
    );
    return codes;
  }
}

function newRecoveryCode(): string {
  const chars = Array.from({ length: 12 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

function normaliseRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function looksLikeRecoveryCode(code: string): boolean {
  return normaliseRecoveryCode(code).length === 12;
}
