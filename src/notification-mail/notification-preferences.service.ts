import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal, RequestOrigin, UserPrincipal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DEFAULT_DIGEST_HOUR, FAMILY_DEFINITIONS, MAIL_FAMILIES, type MailFamily, type MailMode } from './mail-families';
import { NotificationPreferencesDto, UnsubscribedDto, UpdateNotificationPreferencesDto } from './notification-preferences.dto';
import { UnsubscribeTokens } from './unsubscribe-token';

const SECURITY_NOTE = '新しい接続元からのログイン、パスワードや二要素認証の変更のお知らせは、安全のため常に送られます。';

/** A user's choices per family (and digest hour), and the one-click unsubscribe. */
@Injectable()
export class NotificationPreferencesService {
  readonly tokens: UnsubscribeTokens;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.tokens = new UnsubscribeTokens(config.jwt.secret, config.jwt.previousSecrets);
  }

  async get(principal: Principal): Promise<NotificationPreferencesDto> {
    const user = asUser(principal);
    const rows: { family: MailFamily; mode: MailMode }[] = await this.db.query('SELECT family, mode FROM notification_mail_preferences WHERE user_id = $1', [user.userId]);
    const [setting]: { digest_hour: number }[] = await this.db.query('SELECT digest_hour FROM notification_mail_settings WHERE user_id = $1', [user.userId]);
    const chosen = new Map(rows.map((row) => [row.family, row.mode]));
    return {
      families: MAIL_FAMILIES.map((family) => ({
        family,
        label: FAMILY_DEFINITIONS[family].label,
        description: FAMILY_DEFINITIONS[family].description,
        mode: chosen.get(family) ?? FAMILY_DEFINITIONS[family].defaultMode,
        isDefault: !chosen.has(family),
      })),
      digestHour: setting?.digest_hour ?? DEFAULT_DIGEST_HOUR,
      securityMessages: SECURITY_NOTE,
    };
  }

  async update(principal: Principal, body: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    const user = asUser(principal);
    await this.db.transaction(async (manager) => {
      if (body.families?.length) {
        await manager.query(
          `INSERT INTO notification_mail_preferences (user_id, family, mode)
           SELECT $1, c.family, c.mode FROM jsonb_to_recordset($2::jsonb) AS c(family text, mode text)
           ON CONFLICT (user_id, family) DO UPDATE SET mode = excluded.mode, updated_at = now()`,
          [user.userId, JSON.stringify(body.families.map(({ family, mode }) => ({ family, mode })))],
        );
      }
      if (body.digestHour !== undefined) {
        await manager.query(
          `INSERT INTO notification_mail_settings (user_id, digest_hour) VALUES ($1, $2)
           ON CONFLICT (user_id) DO UPDATE SET digest_hour = excluded.digest_hour, updated_at = now()`,
          [user.userId, body.digestHour],
        );
      }
      await this.audit.record(
        { actor: user, organizationId: user.organizationId, action: 'user.notification_preferences_update', target: { type: 'user', id: user.userId }, details: { families: body.families ?? [], digestHour: body.digestHour ?? null } },
        manager,
      );
    });
    return this.get(principal);
  }

  /** One click from a mail: the token's family is turned off for the token's user. Answers the same when it already was. */
  async unsubscribe(token: string, origin: RequestOrigin): Promise<UnsubscribedDto> {
    const claim = this.tokens.verify(token);
    if (!claim) throw invalidToken();
    const label = claim.families.map((family) => FAMILY_DEFINITIONS[family].label).join('・');
    await this.db.transaction(async (manager) => {
      const [user]: { organization_id: string; email: string }[] = await manager.query('SELECT organization_id, email FROM users WHERE id = $1', [claim.userId]);
      if (!user) throw invalidToken();
      await manager.query(
        `INSERT INTO notification_mail_preferences (user_id, family, mode) SELECT $1, unnest($2::text[]), 'off'
         ON CONFLICT (user_id, family) DO UPDATE SET mode = 'off', updated_at = now()`,
        [claim.userId, claim.families],
      );
      await this.audit.record(
        {
          actor: { type: 'account', userId: claim.userId, email: user.email, origin },
          organizationId: user.organization_id,
          action: 'user.notification_unsubscribe',
          target: { type: 'user', id: claim.userId },
          details: { families: claim.families },
        },
        manager,
      );
    });
    return { families: claim.families, label, message: `「${label}」のお知らせメールを停止しました。設定はアカウントのページでいつでも変えられます。` };
  }
}

function asUser(principal: Principal): UserPrincipal {
  if (principal.type !== 'user') throw AppError.forbidden('This route is for portal users, not API clients.', 'users_only');
  return principal;
}

function invalidToken(): AppError {
  return new AppError(HttpStatus.BAD_REQUEST, 'invalid_unsubscribe_token', 'Invalid unsubscribe link', 'この配信停止のリンクは無効です。アカウントのページで設定を変えてください (the unsubscribe link is invalid; change the settings on the account page).');
}
