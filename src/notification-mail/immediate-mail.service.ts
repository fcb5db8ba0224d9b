import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EventsService, type EventType } from '../events/events.service';
import { MailService } from '../mail/mail.service';
import type { MailFamily } from './mail-families';
import { MailLinks } from './mail-links';
import { familyMapping, MailableRow, mailableNotifications } from './notification-mail.sql';
import { immediateMail } from './notification-mail-templates';
import { NotificationPreferencesService } from './notification-preferences.service';

/**
 * Mails at once the notifications of users whose family is `immediate`, in the publishing
 * transaction (no mail for a rolled-back change). Set-based: a bulk submission of 2,000 checklists
 * costs one SELECT, one INSERT of messages, one bulk job insert and one UPDATE.
 */
@Injectable()
export class ImmediateMailService implements OnModuleInit {
  private readonly links: MailLinks;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly events: EventsService,
    private readonly mail: MailService,
    preferences: NotificationPreferencesService,
  ) {
    this.links = new MailLinks(config.mail.publicUrl, preferences.tokens);
  }

  onModuleInit(): void {
    this.events.onNotified((manager, events) => this.mailAtOnce(manager, events));
  }

  async mailAtOnce(manager: EntityManager, events: { id: string; type: EventType }[]): Promise<void> {
    const mapping = familyMapping([...new Set(events.map((e) => e.type))]);
    if (mapping === '[]') return;
    const rows: MailableRow[] = await manager.query(mailableNotifications('n.event_id = ANY($3::uuid[])'), [mapping, 'immediate', events.map((e) => e.id)]);
    if (rows.length === 0) return;
    await this.mail.enqueueMany(
      manager,
      rows.map((row) => {
        const family = row.family as MailFamily;
        return immediateMail(
          { userId: row.user_id, email: row.email, displayName: row.display_name, organizationId: row.organization_id },
          family,
          { title: row.title, body: row.body, url: this.links.portal(row.link), vendorName: row.vendor_name, storeName: row.store_name, createdAt: row.created_at },
          this.links.unsubscribe(row.user_id, [family]),
        );
      }),
    );
    await manager.query('UPDATE notifications SET mailed_at = now() WHERE id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
  }
}
