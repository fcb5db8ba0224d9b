import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RequestOrigin } from '../access/principal';
import { PasswordsService } from '../accounts/passwords.service';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { sha256 } from '../common/hashing';
import { consumeRateLimit } from '../common/rate-limit';
import { throttleSourceKey } from '../common/source-address';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailService } from '../mail/mail.service';
import { passwordChangedMail, resetLinkMail } from './password-reset-mail';

/** How long a reset link works. */
export const RESET_TOKEN_MINUTES = 30;
/**
 * Every request answers after at least this long, whether an account has the address or not: the
 * work for an account (a token, an audit entry, a message) must not show in the answer's timing.
 */
const MIN_ANSWER_MS = 250;

export const RESET_ACCEPTED = 'メールアドレスが登録されていれば、パスワード再設定のリンクを送りました。30 分以内に開いてください (if an account has this address, a reset link was sent to it; it works for 30 minutes).';

interface ResetUser {
  id: string;
  email: string;
  display_name: string;
  organization_id: string;
  disabled: boolean;
}

interface TokenRow {
  user_id: string;
  email: string;
  display_name: string;
  organization_id: string;
  usable: boolean;
}

/**
 * Self-service password reset by e-mail (issue 15). A request answers the same whatever the
 * address; limited per address and per source in PostgreSQL (every instance counts together). The
 * token is 256 random bits, stored as its SHA-256, valid 30 minutes, used once; a new request
 * replaces the previous link. Setting the password applies today's policy, ends every session and
 * tells the user by e-mail — all in one transaction with the token's use.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly passwords: PasswordsService,
    private readonly mail: MailService,
    private readonly audit: AuditService,
  ) {}

  async request(email: string, origin: RequestOrigin): Promise<void> {
    const started = Date.now();
    const emailKey = email.trim().toLowerCase();
    try {
      // Counted for any address, known or not: a 429 says nothing about whether an account exists.
      await consumeRateLimit(this.db, {
        bucket: 'password-reset-source',
        subject: throttleSourceKey(origin.ip),
        limit: this.config.passwordReset.perSourcePerHour,
        windowSeconds: 3600,
        code: 'password_reset_rate_limited',
        detail: 'この接続元からの再設定の申し込みが多すぎます。しばらくしてからやり直してください (too many reset requests from this address; try again later).',
      });
      await consumeRateLimit(this.db, {
        bucket: 'password-reset-address',
        subject: emailKey,
        limit: this.config.passwordReset.perAddressPerHour,
        windowSeconds: 3600,
        code: 'password_reset_rate_limited',
        detail: 'このメールアドレスへの再設定の申し込みが多すぎます。届いたメールを確認するか、1 時間ほどしてからやり直してください (too many reset requests for this address; check the mail already sent or try again in an hour).',
      });
      await this.db.transaction(async (manager) => {
        const [user]: ResetUser[] = await manager.query(
          'SELECT id, email, display_name, organization_id, disabled_at IS NOT NULL AS disabled FROM users WHERE lower(email) = $1',
          [emailKey],
        );
        if (!user || user.disabled) {
          await this.audit.record(
            { actor: { type: 'anonymous', label: emailKey.slice(0, 320), origin }, organizationId: user?.organization_id ?? null, action: 'auth.password_reset_request', outcome: 'failure', target: user ? { type: 'user', id: user.id } : undefined, details: { reason: user ? 'disabled' : 'unknown_address' } },
            manager,
          );
          return;
        }
        const token = randomBytes(32).toString('base64url');
        // Only the newest link works: an older one may sit in a mailbox someone else reads.
        await manager.query('UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [user.id]);
        await manager.query(`INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`, [
          user.id,
          sha256(token),
          RESET_TOKEN_MINUTES,
        ]);
        await this.audit.record(
          { actor: { type: 'anonymous', label: emailKey.slice(0, 320), origin }, organizationId: user.organization_id, action: 'auth.password_reset_request', target: { type: 'user', id: user.id } },
          manager,
        );
        const link = `${this.config.mail.publicUrl}/portal/reset-password?token=${token}`;
        await this.mail.enqueue(manager, resetLinkMail(recipient(user), link, RESET_TOKEN_MINUTES));
      });
    } finally {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, MIN_ANSWER_MS - (Date.now() - started))));
    }
  }

  async confirm(token: string, newPassword: string, origin: RequestOrigin): Promise<void> {
    await this.db.transaction(async (manager) => {
      const [row]: TokenRow[] = await manager.query(
        `SELECT t.user_id, u.email, u.display_name, u.organization_id,
                t.used_at IS NULL AND t.expires_at > now() AND u.disabled_at IS NULL AS usable
           FROM password_reset_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = $1 FOR UPDATE OF t`,
        [sha256(token)],
      );
      if (!row?.usable) throw invalidResetToken();
      // The policy refuses (400) before anything is written; the transaction then changes nothing.
      await this.passwords.setPassword(manager, { id: row.user_id, email: row.email }, newPassword, 'newPassword');
      await manager.query('UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL', [row.user_id]);
      // Whoever knew the old password may hold a session: every one ends.
      const [{ ended }]: { ended: number }[] = await manager.query(
        `WITH e AS (UPDATE sessions SET revoked_at = now(), revoked_reason = 'password_reset' WHERE user_id = $1 AND revoked_at IS NULL RETURNING 1)
         SELECT count(*)::int AS ended FROM e`,
        [row.user_id],
      );
      await this.audit.record(
        {
          actor: { type: 'account', userId: row.user_id, email: row.email, origin },
          organizationId: row.organization_id,
          action: 'user.password_reset',
          target: { type: 'user', id: row.user_id },
          details: { via: 'email_link', sessionsEnded: ended },
        },
        manager,
      );
      await this.mail.enqueue(manager, passwordChangedMail(recipient({ id: row.user_id, ...row }), new Date()));
    });
  }
}

function recipient(user: { id: string; email: string; display_name: string; organization_id: string }) {
  return { id: user.id, email: user.email, displayName: user.display_name, organizationId: user.organization_id };
}

function invalidResetToken(): AppError {
  return new AppError(
    HttpStatus.BAD_REQUEST,
    'invalid_reset_token',
    'Invalid reset link',
    'このリンクは無効か、有効期限 (30 分) が切れているか、すでに使われています。もう一度パスワードの再設定を申し込んでください (the link is invalid, expired or already used: request a new one).',
  );
}
