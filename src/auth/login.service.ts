import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestOrigin } from '../access/principal';
import { PasswordsService } from '../accounts/passwords.service';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { TokensService, UserTokens } from './tokens.service';
import { looksLikeRecoveryCode, TwoFactorService } from './two-factor.service';

/** After this many consecutive failures each new attempt must wait 1 s, 2 s, 4 s… until the lock. */
const SLOW_DOWN_AFTER = 2;
/** First key of the advisory lock that serialises the logins of one e-mail (the second is its hash). */
const LOGIN_LOCK_CLASS = 0x4b4c; // "KL"

type LoginRefusal = 'invalid_credentials' | 'invalid_otp' | 'otp_required';

interface LoginUser {
  id: string;
  organization_id: string;
  email: string;
  password_hash: string;
  totp_enabled: boolean;
  disabled: boolean;
}

/**
 * Password + TOTP login. Failures are counted per e-mail as typed, whether an account has it or
 * not, so slow-down, lockout and every answer look the same for unknown addresses.
 */
@Injectable()
export class LoginService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordsService,
    private readonly twoFactor: TwoFactorService,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
  ) {}

  async login(email: string, password: string, otp: string | undefined, origin: RequestOrigin): Promise<UserTokens> {
    const emailKey = email.trim().toLowerCase();
    // One login per e-mail at a time: the throttle check, the password check and the failure count
    // happen under one lock, so a burst of parallel guesses cannot slip past the slow-down and lock.
    // Failures are committed (never rolled back) before the 401 is thrown.
    const outcome = await this.db.transaction(async (manager): Promise<{ tokens: UserTokens } | { refused: LoginRefusal }> => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOGIN_LOCK_CLASS, emailKey]);
      await this.assertNotThrottled(manager, emailKey);

      const [user]: LoginUser[] = await manager.query(
        `SELECT id, organization_id, email, password_hash, totp_enabled_at IS NOT NULL AS totp_enabled, disabled_at IS NOT NULL AS disabled
           FROM users WHERE lower(email) = $1`,
        [emailKey],
      );
      const passwordOk = await this.passwords.verify(user?.password_hash, password);
      if (!user || !passwordOk || user.disabled) {
        return this.recordFailure(manager, emailKey, user, origin, 'invalid_credentials');
      }
      if (user.totp_enabled && !otp) return { refused: 'otp_required' };

      let usedRecoveryCode = false;
      if (user.totp_enabled && otp) {
        const accepted = looksLikeRecoveryCode(otp)
          ? (usedRecoveryCode = await this.twoFactor.acceptRecoveryCode(manager, user.id, otp))
          : await this.twoFactor.acceptTotp(manager, user.id, otp);
        if (!accepted) return this.recordFailure(manager, emailKey, user, origin, 'invalid_otp');
      }
      await manager.query('DELETE FROM login_attempts WHERE email_key = $1', [emailKey]);
      await manager.query('UPDATE users SET last_login_at = now() WHERE id = $1', [user.id]);
      const tokens = await this.tokens.startSession(manager, user.id);
      await this.audit.record(
        {
          actor: { type: 'account', userId: user.id, email: user.email, origin },
          organizationId: user.organization_id,
          action: 'auth.login',
          target: { type: 'user', id: user.id },
          details: { secondFactor: user.totp_enabled ? (usedRecoveryCode ? 'recovery_code' : 'totp') : 'none' },
        },
        manager,
      );
      return { tokens };
    });
    if ('tokens' in outcome) return outcome.tokens;
    switch (outcome.refused) {
      case 'otp_required':
        throw AppError.unauthorized('Enter the 6-digit code from your authenticator app.', 'otp_required');
      case 'invalid_otp':
        throw AppError.unauthorized('The authentication code is wrong or was already used.', 'invalid_otp');
      case 'invalid_credentials':
        throw AppError.unauthorized('The e-mail address or password is incorrect.', 'invalid_credentials');
    }
  }

  private async assertNotThrottled(manager: EntityManager, emailKey: string): Promise<void> {
    // The wait doubles from 1 s after SLOW_DOWN_AFTER failures, never beyond the lock's own length;
    // once a lock has run out, the next attempt is free (a failure then starts counting afresh).
    const [attempt]: { failures: number; locked_seconds: number | null; wait_seconds: number | null }[] = await manager.query(
      `SELECT failures,
              ceil(extract(epoch FROM locked_until - now()))::int AS locked_seconds,
              CASE WHEN locked_until IS NULL THEN
                ceil(extract(epoch FROM last_failure_at + make_interval(secs => least(power(2, failures - $2), $3 * 60)) - now()))::int
              END AS wait_seconds
         FROM login_attempts WHERE email_key = $1`,
      [emailKey, SLOW_DOWN_AFTER, this.config.login.lockMinutes],
    );
    if (!attempt) return;
    if (attempt.locked_seconds !== null && attempt.locked_seconds > 0) {
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'account_locked', 'Too many failed logins', 'Too many failed logins: this login is locked for a while. Try again later.', {
        retryAfterSeconds: attempt.locked_seconds,
      });
    }
    if (attempt.failures >= SLOW_DOWN_AFTER && attempt.wait_seconds !== null && attempt.wait_seconds > 0) {
      throw new AppError(HttpStatus.TOO_MANY_REQUESTS, 'login_slowed_down', 'Too many failed logins', 'Several logins failed: wait a moment before trying again.', {
        retryAfterSeconds: attempt.wait_seconds,
      });
    }
  }

  /** Counts the failure (locking at the threshold) and audits it; the caller commits, then answers 401. */
  private async recordFailure(
    manager: EntityManager,
    emailKey: string,
    user: LoginUser | undefined,
    origin: RequestOrigin,
    reason: 'invalid_credentials' | 'invalid_otp',
  ): Promise<{ refused: LoginRefusal }> {
    const [attempt]: { failures: number }[] = await manager.query(
      `INSERT INTO login_attempts AS a (email_key, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (email_key) DO UPDATE
         SET failures = CASE WHEN a.locked_until IS NOT NULL AND a.locked_until <= now() THEN 1 ELSE a.failures + 1 END,
             locked_until = CASE WHEN a.locked_until IS NOT NULL AND a.locked_until <= now() THEN NULL ELSE a.locked_until END,
             last_failure_at = now()
       RETURNING failures`,
      [emailKey],
    );
    let locked = false;
    if (attempt.failures >= this.config.login.lockThreshold) {
      await manager.query(`UPDATE login_attempts SET locked_until = now() + make_interval(mins => $2) WHERE email_key = $1`, [emailKey, this.config.login.lockMinutes]);
      locked = true;
    }
    await this.audit.record(
      {
        actor: { type: 'anonymous', label: emailKey.slice(0, 320), origin },
        organizationId: user?.organization_id ?? null,
        action: 'auth.login',
        outcome: 'failure',
        target: user ? { type: 'user', id: user.id } : undefined,
        details: { reason, failures: attempt.failures, locked },
      },
      manager,
    );
    return { refused: reason };
  }
}
