import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { MailService } from '../mail/mail.service';
import { SecurityEvent, securityMail } from './notification-mail-templates';

/**
 * Security messages to the account's own address: a login from a new address, a password change,
 * 2FA turned on or off, recovery codes replaced. They are not a family: no preference turns them
 * off and they carry no List-Unsubscribe. Enqueued in the caller's transaction.
 */
@Injectable()
export class SecurityMailService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  async tell(manager: EntityManager, userId: string, event: SecurityEvent): Promise<void> {
    const [user]: { email: string; display_name: string; organization_id: string }[] = await manager.query(
      'SELECT email, display_name, organization_id FROM users WHERE id = $1',
      [userId],
    );
    if (!user) return;
    await this.mail.enqueue(
      manager,
      securityMail({ userId, email: user.email, displayName: user.display_name, organizationId: user.organization_id }, event, new Date(), `${this.config.mail.publicUrl}/portal/account`),
    );
  }

  /**
   * After a successful login: records the source address and, when the user has logged in before
   * but never from this address, mails them. The first login ever tells nothing (no address to compare).
   */
  async loginFrom(manager: EntityManager, userId: string, address: string, userAgent: string | null): Promise<void> {
    const source = address.slice(0, 100) || 'unknown';
    const [row]: { is_new: boolean; known_before: boolean }[] = await manager.query(
      `WITH before AS (SELECT count(*)::int AS n FROM login_sources WHERE user_id = $1),
            up AS (INSERT INTO login_sources (user_id, address) VALUES ($1, $2)
                   ON CONFLICT (user_id, address) DO UPDATE SET last_seen_at = now()
                   RETURNING (xmax = 0) AS is_new)
       SELECT up.is_new, before.n > 0 AS known_before FROM up, before`,
      [userId, source],
    );
    if (row?.is_new && row.known_before) await this.tell(manager, userId, { kind: 'new_login_address', address: source, userAgent });
  }
}
