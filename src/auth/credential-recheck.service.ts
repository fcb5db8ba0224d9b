import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { UserPrincipal } from '../access/principal';
import { PasswordsService } from '../accounts/passwords.service';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { LoginThrottle } from './login-throttle.service';
import { TwoFactorService } from './two-factor.service';

/**
 * Credentials a signed-in user gives again to change their account (the current password to change
 * it or to turn 2FA off, a code to turn 2FA off or to replace recovery codes). A wrong one counts as
 * a failed login of the account from the same source, so a stolen session cannot guess the password
 * or code behind it any faster than a login could: it is slowed down, then locked out (429), and a
 * lock holds for the login too. The failure is committed before the refusal.
 */
@Injectable()
export class CredentialRecheck {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly throttle: LoginThrottle,
    private readonly passwords: PasswordsService,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditService,
  ) {}

  /** Refuses (400 naming `field`) unless `password` is the user's current one. `action` names the audited change. */
  async password(user: UserPrincipal, password: string, field: string, action: string): Promise<void> {
    const matches = async (manager: EntityManager) => {
      const [row]: { password_hash: string }[] = await manager.query('SELECT password_hash FROM users WHERE id = $1', [user.userId]);
      return this.passwords.verify(row?.password_hash, password);
    };
    if (!(await this.counted(user, action, 'wrong_password', matches))) {
      throw AppError.invalid([{ field, message: '現在のパスワードと一致しません (is not your current password)' }], '現在のパスワードが違います (the current password is wrong).');
    }
  }

  /** Refuses (400 naming otp) unless `otp` is a TOTP code of the user not used before; an accepted code is used up. */
  async totp(user: UserPrincipal, otp: string, action: string): Promise<void> {
    if (!(await this.counted(user, action, 'invalid_otp', (manager) => this.twoFactor.acceptTotp(manager, user.userId, otp)))) {
      throw invalidOtp();
    }
  }

  private async counted(user: UserPrincipal, action: string, reason: string, check: (manager: EntityManager) => Promise<boolean>): Promise<boolean> {
    const emailKey = user.email.toLowerCase();
    return this.db.transaction(async (manager) => {
      await this.throttle.enter(manager, emailKey, user.origin);
      if (await check(manager)) return true;
      const { failures, locked } = await this.throttle.recordFailure(manager, emailKey, user.origin);
      await this.audit.record(
        { actor: user, organizationId: user.organizationId, action, outcome: 'failure', target: { type: 'user', id: user.userId }, details: { reason, failures, locked } },
        manager,
      );
      return false;
    });
  }
}

export function invalidOtp(): AppError {
  return AppError.invalid([{ field: 'otp', message: '誤っているか、期限切れか、使用済みです (is wrong, expired or already used)' }], '認証コードを受け付けられませんでした (the authentication code was not accepted).');
}
