import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.service';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { EventsService } from '../events/events.service';
import { MailService } from '../mail/mail.service';
import { ResetCredentialsDto, UserDto } from './accounts.dto';
import { credentialsResetMail } from './credentials-reset-mail';
import { PasswordsService } from './passwords.service';
import { UsersService } from './users.service';

/**
 * An organization admin resets a member's password and/or 2FA (a lost phone, a password shared by
 * mistake, a suspected takeover). What the member must do next is kept on the account and enforced
 * on every request (the principal's flags): set a new password, enrol 2FA again. Every session of
 * theirs ends at once, so whoever held one is out.
 */
@Injectable()
export class CredentialResetsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
    private readonly audit: AuditService,
    private readonly events: EventsService,
    private readonly mail: MailService,
  ) {}

  async reset(principal: Principal, organizationId: string, userId: string, input: ResetCredentialsDto): Promise<UserDto> {
    this.access.assertCanManageAccounts(principal, organizationId);
    const passwordReset = input.temporaryPassword !== undefined;
    if (!passwordReset && !input.resetTwoFactor) {
      throw AppError.invalid(
        [
          { field: 'temporaryPassword', message: '一時パスワードか二要素認証のリセットを指定してください (give a temporary password, resetTwoFactor: true, or both)' },
          { field: 'resetTwoFactor', message: '一時パスワードか二要素認証のリセットを指定してください (give a temporary password, resetTwoFactor: true, or both)' },
        ],
        'Nothing to reset.',
      );
    }
    if (principal.type === 'user' && principal.userId === userId) {
      // Resetting one's own 2FA here would skip the password and code that disabling it asks for.
      throw AppError.conflict('own_account', 'ご自身のパスワードと二要素認証はアカウント画面で変更してください (change your own password and 2FA from your account: /v1/auth/password, /v1/auth/2fa).');
    }
    return this.db.transaction(async (manager) => {
      const user = await this.users.findOne(manager, organizationId, userId, true);
      if (input.temporaryPassword !== undefined) {
        await this.passwords.setPassword(manager, user, input.temporaryPassword, 'temporaryPassword');
        await manager.query('UPDATE users SET password_change_required = true WHERE id = $1', [userId]);
      }
      if (input.resetTwoFactor) await resetTwoFactor(manager, userId);
      const sessionsEnded = await endSessions(manager, userId);
      const details = { passwordReset, twoFactorReset: input.resetTwoFactor, sessionsEnded };
      await this.audit.record({ actor: principal, organizationId, action: 'user.credentials_reset', target: { type: 'user', id: userId }, details }, manager);
      await this.events.publish(manager, {
        type: 'user.credentials_reset',
        recipients: [organizationId],
        audience: { userIds: [userId] },
        subject: { type: 'user', id: userId },
        payload: { userId, passwordReset, twoFactorReset: input.resetTwoFactor },
        notification: {
          title: `管理者が${[passwordReset ? 'パスワード' : '', input.resetTwoFactor ? '二要素認証' : ''].filter(Boolean).join('と')}をリセットしました`,
          body: [
            passwordReset ? '次回ログイン時に新しいパスワードを設定してください。' : '',
            input.resetTwoFactor ? '認証アプリを登録し直してください。' : '',
            'すべてのセッションはログアウトされました (an administrator reset your credentials; every session of yours was ended).',
          ].join(''),
          link: '/account',
        },
      });
      // The user hears it by e-mail too (a security message), committed with the reset or not at all.
      await this.mail.enqueue(manager, credentialsResetMail(user, { passwordReset, twoFactorReset: input.resetTwoFactor === true, resetAt: new Date() }));
      return this.users.findOne(manager, organizationId, userId);
    });
  }
}

/** The authenticator, its last accepted step and the recovery codes go; the user enrols again. */
async function resetTwoFactor(manager: EntityManager, userId: string): Promise<void> {
  await manager.query(
    `UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, two_factor_enrolment_required = true, updated_at = now()
      WHERE id = $1`,
    [userId],
  );
  await manager.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
}

async function endSessions(manager: EntityManager, userId: string): Promise<number> {
  const [{ ended }]: { ended: number }[] = await manager.query(
    `WITH ended AS (UPDATE sessions SET revoked_at = now(), revoked_reason = 'credentials_reset' WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1)
     SELECT count(*)::int AS ended FROM ended`,
    [userId],
  );
  return ended;
}
