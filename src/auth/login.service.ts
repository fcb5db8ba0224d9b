import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { RequestOrigin } from '../access/principal';
import { PasswordsService } from '../accounts/passwords.service';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { SecurityMailService } from '../notification-mail/security-mail.service';
import { LoginThrottle } from './login-throttle.service';
import { TokensService, UserTokens } from './tokens.service';
import { looksLikeRecoveryCode, TwoFactorService } from './two-factor.service';

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
 * Password + TOTP login. Failures are counted per e-mail as typed and per source (LoginThrottle),
 * whether an account has the e-mail or not, so slow-down, lockout and every answer look the same
 * for unknown addresses.
 */
@Injectable()
export class LoginService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly throttle: LoginThrottle,
    private readonly passwords: PasswordsService,
    private readonly twoFactor: TwoFactorService,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    private readonly securityMail: SecurityMailService,
  ) {}

  async login(email: string, password: string, otp: string | undefined, origin: RequestOrigin): Promise<UserTokens> {
    const emailKey = email.trim().toLowerCase();
    // One login per e-mail at a time: the throttle check, the password check and the failure count
    // happen under one lock, so a burst of parallel guesses cannot slip past the slow-down and lock.
    // Failures are committed (never rolled back) before the 401 is thrown.
    const outcome = await this.db.transaction(async (manager): Promise<{ tokens: UserTokens } | { refused: LoginRefusal }> => {
      await this.throttle.enter(manager, emailKey, origin);

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
      await this.throttle.clearSource(manager, emailKey, origin);
      await manager.query('UPDATE users SET last_login_at = now() WHERE id = $1', [user.id]);
      const tokens = await this.tokens.startSession(manager, user.id, origin);
      await this.securityMail.loginFrom(manager, user.id, origin.ip, origin.userAgent);
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

  /** Counts the failure (locking at the threshold) and audits it; the caller commits, then answers 401. */
  private async recordFailure(
    manager: EntityManager,
    emailKey: string,
    user: LoginUser | undefined,
    origin: RequestOrigin,
    reason: 'invalid_credentials' | 'invalid_otp',
  ): Promise<{ refused: LoginRefusal }> {
    const { failures, locked } = await this.throttle.recordFailure(manager, emailKey, origin);
    await this.audit.record(
      {
        actor: { type: 'anonymous', label: emailKey.slice(0, 320), origin },
        organizationId: user?.organization_id ?? null,
        action: 'auth.login',
        outcome: 'failure',
        target: user ? { type: 'user', id: user.id } : undefined,
        details: { reason, failures, locked },
      },
      manager,
    );
    return { refused: reason };
  }
}
