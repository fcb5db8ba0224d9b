import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService, type EventType } from '../events/events.service';
import { MailService } from '../mail/mail.service';
import type { MailFamily } from './mail-families';
import { MailLinks } from './mail-links';
import { familyMapping, MailableRow, mailableNotifications } from './notification-mail.sql';
import { immediateMail, overflowMail } from './notification-mail-templates';
import { NotificationPreferencesService } from './notification-preferences.service';

/**
 * Mails at once the notifications of users whose family is `immediate`, in the publishing
 * transaction (no mail for a rolled-back change). Set-based: a bulk submission of 2,000 checklists
 * costs one SELECT, one INSERT of messages, one bulk job insert and one UPDATE.
 */
@Injectable()
export class ImmediateMailService implements OnModuleInit {
  private readonly links: MailLinks;
  private readonly perHour: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly events: EventsService,
    private readonly mail: MailService,
    preferences: NotificationPreferencesService,
  ) {
    this.links = new MailLinks(config.mail.publicUrl, preferences.tokens);
    this.perHour = config.mail.immediatePerRecipientPerHour;
  }

  onModuleInit(): void {
    this.events.onNotified((manager, events) => this.mailAtOnce(manager, events));
  }

  async mailAtOnce(manager: EntityManager, events: { id: string; type: EventType }[]): Promise<void> {
    const mapping = familyMapping([...new Set(events.map((e) => e.type))]);
    if (mapping === '[]') return;
    const rows: MailableRow[] = await manager.query(mailableNotifications('n.event_id = ANY($3::uuid[])'), [mapping, 'immediate', events.map((e) => e.id)]);
    if (rows.length === 0) return;
    const { mailed, overflowing } = await this.withinHourlyLimit(manager, rows);
    await this.mail.enqueueMany(manager, [
      ...mailed.map((row) => {
        const family = row.family as MailFamily;
        return immediateMail(
          { userId: row.user_id, email: row.email, displayName: row.display_name, organizationId: row.organization_id },
          family,
          { title: row.title, body: row.body, url: this.links.portal(row.link), vendorName: row.vendor_name, storeName: row.store_name, createdAt: row.created_at },
          this.links.unsubscribe(row.user_id, [family]),
        );
      }),
      ...overflowing.map(({ row, withheld }) =>
        overflowMail(
          { userId: row.user_id, email: row.email, displayName: row.display_name, organizationId: row.organization_id },
          withheld,
          this.perHour,
          this.links.portal('/notifications') as string,
          this.links.account,
        ),
      ),
    ]);
    // Withheld notifications count as handled: they stay in the portal and never arrive late by mail.
    await manager.query('UPDATE notifications SET mailed_at = now() WHERE id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
  }

  /**
   * Splits a publication's mailable notifications by the recipient's hourly limit: what still fits is
   * mailed; past it, one notice per person and hour (kind notification_overflow) says the rest is in
   * the portal. One statement counts every recipient's last hour.
   */
  private async withinHourlyLimit(manager: EntityManager, rows: MailableRow[]): Promise<{ mailed: MailableRow[]; overflowing: { row: MailableRow; withheld: number }[] }> {
    const users = [...new Set(rows.map((row) => row.user_id))];
    const counts: { user_id: string; sent: number; noticed: boolean }[] = await manager.query(
      `SELECT recipient_user_id AS user_id,
              count(*) FILTER (WHERE kind = 'notification')::int AS sent,
              bool_or(kind = 'notification_overflow') AS noticed
         FROM mail_messages
        WHERE recipient_user_id = ANY($1::uuid[]) AND kind IN ('notification', 'notification_overflow') AND created_at > now() - interval '1 hour'
        GROUP BY recipient_user_id`,
      [users],
    );
    const lastHour = new Map(counts.map((c) => [c.user_id, c]));
    const room = new Map(users.map((user) => [user, Math.max(0, this.perHour - (lastHour.get(user)?.sent ?? 0))]));
    const withheld = new Map<string, { row: MailableRow; withheld: number }>();
    const mailed = rows.filter((row) => {
      const left = room.get(row.user_id) ?? 0;
      if (left > 0) {
        room.set(row.user_id, left - 1);
        return true;
      }
      const entry = withheld.get(row.user_id) ?? { row, withheld: 0 };
      withheld.set(row.user_id, { ...entry, withheld: entry.withheld + 1 });
      return false;
    });
    const overflowing = [...withheld.values()].filter(({ row }) => !lastHour.get(row.user_id)?.noticed);
    return { mailed, overflowing };
  }
}
