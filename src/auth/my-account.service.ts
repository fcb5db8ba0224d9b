import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal, UserPrincipal } from '../access/principal';
import { PasswordsService } from '../accounts/passwords.service';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { SecurityMailService } from '../notification-mail/security-mail.service';
import { MeDto, RecoveryCodesDto, TwoFactorEnrolmentDto } from './auth.dto';
import { CredentialRecheck, invalidOtp } from './credential-recheck.service';
import { TokensService } from './tokens.service';
import { twoFactorRequired } from './two-factor-policy';
import { TwoFactorService } from './two-factor.service';

/** What a signed-in user does to their own account: who am I, password, 2FA, logout. */
@Injectable()
export class MyAccountService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordsService,
    private readonly twoFactor: TwoFactorService,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    private readonly recheck: CredentialRecheck,
    private readonly securityMail: SecurityMailService,
  ) {}

  async me(principal: Principal): Promise<MeDto> {
    const [org]: { id: string; kind: string; name: string; require_two_factor: boolean }[] = await this.db.query(
      'SELECT id, kind, name, require_two_factor FROM organizations WHERE id = $1',
      [principal.organizationId],
    );
    const organization = { id: org.id, kind: org.kind, name: org.name, requireTwoFactor: twoFactorRequired({ kind: org.kind, requireTwoFactor: org.require_two_factor }) };
    if (principal.type === 'client') {
      return { type: 'client', id: principal.clientId, displayName: principal.clientName, scopes: principal.scopes, organization };
    }
    const [user]: { display_name: string }[] = await this.db.query('SELECT display_name FROM users WHERE id = $1', [principal.userId]);
    return {
      type: 'user',
      id: principal.userId,
      email: principal.email,
      displayName: user.display_name,
      role: principal.role,
      twoFactorEnrolled: principal.twoFactorEnrolled,
      twoFactorEnrolmentRequired: principal.twoFactorEnrolmentPending,
      passwordChangeRequired: principal.passwordChangeRequired === true,
      recoveryCodesRemaining: principal.twoFactorEnrolled ? await this.twoFactor.remainingRecoveryCodes(this.db.manager, principal.userId) : undefined,
      organization,
    };
  }

  async changePassword(principal: Principal, currentPassword: string, newPassword: string): Promise<void> {
    const user = asUser(principal);
    await this.recheck.password(user, currentPassword, 'currentPassword', 'user.password_change');
    await this.db.transaction(async (manager) => {
      await this.passwords.setPassword(manager, { id: user.userId, email: user.email }, newPassword, 'newPassword');
      // Other sessions may belong to whoever knew the old password.
      await manager.query(
        `UPDATE sessions SET revoked_at = now(), revoked_reason = 'password_changed' WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
        [user.userId, user.sessionId],
      );
      await this.audit.record({ actor: user, organizationId: user.organizationId, action: 'user.password_change', target: { type: 'user', id: user.userId } }, manager);
      await this.securityMail.tell(manager, user.userId, { kind: 'password_changed' });
    });
  }

  async logout(principal: Principal): Promise<void> {
    const user = asUser(principal);
    await this.db.transaction(async (manager) => {
      await this.tokens.revokeSession(manager, user.sessionId, 'logout');
      await this.audit.record({ actor: user, organizationId: user.organizationId, action: 'auth.logout', target: { type: 'user', id: user.userId } }, manager);
    });
  }

  async startTwoFactorEnrolment(principal: Principal): Promise<TwoFactorEnrolmentDto> {
    const user = asUser(principal);
    if (user.twoFactorEnrolled) throw AppError.conflict('two_factor_already_enrolled', 'Two-factor authentication is already enrolled; disable it first to enrol a new device.');
    return this.db.transaction((manager) => this.twoFactor.startEnrolment(manager, { id: user.userId, email: user.email }));
  }

  async confirmTwoFactor(principal: Principal, otp: string): Promise<RecoveryCodesDto> {
    const user = asUser(principal);
    if (user.twoFactorEnrolled) throw AppError.conflict('two_factor_already_enrolled', 'Two-factor authentication is already enrolled.');
    return this.db.transaction(async (manager) => {
      const [pending]: { pending: boolean }[] = await manager.query('SELECT totp_secret IS NOT NULL AS pending FROM users WHERE id = $1', [user.userId]);
      if (!pending?.pending) throw AppError.conflict('two_factor_not_started', 'Start the enrolment first (POST /v1/auth/2fa/enrolment).');
      if (!(await this.twoFactor.acceptTotp(manager, user.userId, otp))) throw invalidOtp();
      await manager.query('UPDATE users SET totp_enabled_at = now(), two_factor_enrolment_required = false, updated_at = now() WHERE id = $1', [user.userId]);
      const recoveryCodes = await this.twoFactor.issueRecoveryCodes(manager, user.userId);
      await this.audit.record({ actor: user, organizationId: user.organizationId, action: 'user.two_factor_enrol', target: { type: 'user', id: user.userId } }, manager);
      await this.securityMail.tell(manager, user.userId, { kind: 'two_factor_enabled' });
      return { recoveryCodes };
    });
  }

  async regenerateRecoveryCodes(principal: Principal, otp: string): Promise<RecoveryCodesDto> {
    const user = asUser(principal);
    if (!user.twoFactorEnrolled) throw AppError.conflict('two_factor_not_enrolled', 'Two-factor authentication is not enrolled.');
    await this.recheck.totp(user, otp, 'user.recovery_codes_regenerate');
    return this.db.transaction(async (manager) => {
      const recoveryCodes = await this.twoFactor.issueRecoveryCodes(manager, user.userId);
      await this.audit.record({ actor: user, organizationId: user.organizationId, action: 'user.recovery_codes_regenerate', target: { type: 'user', id: user.userId } }, manager);
      await this.securityMail.tell(manager, user.userId, { kind: 'recovery_codes_replaced' });
      return { recoveryCodes };
    });
  }

  async disableTwoFactor(principal: Principal, password: string, otp: string): Promise<void> {
    const user = asUser(principal);
    if (!user.twoFactorEnrolled) throw AppError.conflict('two_factor_not_enrolled', 'Two-factor authentication is not enrolled.');
    const [org]: { kind: string; require_two_factor: boolean }[] = await this.db.query('SELECT kind, require_two_factor FROM organizations WHERE id = $1', [user.organizationId]);
    if (twoFactorRequired({ kind: org.kind, requireTwoFactor: org.require_two_factor })) {
      throw AppError.conflict('two_factor_required_by_organization', '組織の方針により二要素認証は必須のため、無効にできません (your organization requires two-factor authentication; it cannot be disabled).');
    }
    await this.recheck.password(user, password, 'password', 'user.two_factor_disable');
    await this.recheck.totp(user, otp, 'user.two_factor_disable');
    await this.db.transaction(async (manager) => {
      await manager.query('UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = now() WHERE id = $1', [user.userId]);
      await manager.query('DELETE FROM recovery_codes WHERE user_id = $1', [user.userId]);
      await this.audit.record({ actor: user, organizationId: user.organizationId, action: 'user.two_factor_disable', target: { type: 'user', id: user.userId } }, manager);
      await this.securityMail.tell(manager, user.userId, { kind: 'two_factor_disabled' });
    });
  }
}

function asUser(principal: Principal): UserPrincipal {
  if (principal.type !== 'user') throw AppError.forbidden('This route is for portal users, not API clients.', 'users_only');
  return principal;
}
