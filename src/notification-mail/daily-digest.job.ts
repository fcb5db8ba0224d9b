import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { defineQueue } from '../jobs/job-queue';
import { JobsService } from '../jobs/jobs.service';
import { MailService } from '../mail/mail.service';
import { DEFAULT_DIGEST_HOUR, FAMILY_DEFINITIONS, type MailFamily } from './mail-families';
import { MailLinks } from './mail-links';
import { familyMapping, MailableRow, mailableNotifications } from './notification-mail.sql';
import { DigestGroup, digestMail } from './notification-mail-templates';
import { NotificationPreferencesService } from './notification-preferences.service';

const DAILY_DIGEST = defineQueue<Record<string, never>>('notification-digest');

/** JST hour (0–23) of a moment. */
export function jstHour(at: Date): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' }).format(at));
}

/**
 * Every hour on the hour (JST), a pg-boss schedule (created once per occurrence however many
 * instances run): users whose digest hour it is get one mail with the last day's notifications of
 * their `daily` families not yet mailed, grouped by store. The notifications are locked and marked
 * mailed in the transaction that enqueues the digest, so a second run (or an overlapping one) finds
 * nothing to send.
 */
@Injectable()
export class DailyDigestJob implements OnModuleInit {
  private readonly logger = new Logger('NotificationDigest');
  private readonly links: MailLinks;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly jobs: JobsService,
    private readonly mail: MailService,
    preferences: NotificationPreferencesService,
  ) {
    this.links = new MailLinks(config.mail.publicUrl, preferences.tokens);
  }

  onModuleInit(): void {
    this.jobs.schedule(DAILY_DIGEST, '0 * * * *', 'Asia/Tokyo', async () => {
      await this.run();
    });
  }

  /** Sends the digests due at `at`'s JST hour; returns how many were sent. */
  async run(at = new Date()): Promise<number> {
    const hour = jstHour(at);
    const sent = await this.db.transaction(async (manager) => {
      const where = `n.created_at > $3::timestamptz - interval '1 day' AND n.created_at <= $3::timestamptz
        AND coalesce((SELECT st.digest_hour FROM notification_mail_settings st WHERE st.user_id = n.user_id), ${DEFAULT_DIGEST_HOUR}) = $4`;
      const rows: MailableRow[] = await manager.query(mailableNotifications(where, true), [familyMapping(), 'daily', at.toISOString(), hour]);
      const byUser = new Map<string, MailableRow[]>();
      for (const row of rows) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
      const mails = [...byUser.values()].map((items) => {
        const first = items[0];
        const families = [...new Set(items.map((item) => item.family as MailFamily))];
        return digestMail(
          { userId: first.user_id, email: first.email, displayName: first.display_name, organizationId: first.organization_id },
          families,
          groupByStore(items, (path) => this.links.portal(path)),
          at,
          this.links.unsubscribe(first.user_id, families),
          this.links.account,
        );
      });
      await this.mail.enqueueMany(manager, mails);
      if (rows.length) await manager.query('UPDATE notifications SET mailed_at = now() WHERE id = ANY($1::uuid[])', [rows.map((row) => row.id)]);
      return mails.length;
    });
    if (sent > 0) this.logger.log({ hour, digests: sent }, 'daily notification digests');
    return sent;
  }
}

/** Sections of a digest: one per store (by name), then one per family for what names no store. */
export function groupByStore(items: MailableRow[], url: (path: string | null) => string | null): DigestGroup[] {
  const groups = new Map<string, DigestGroup>();
  for (const item of items) {
    const key = item.store_id ?? `family:${item.family}`;
    const heading = item.store_name ?? `その他（${FAMILY_DEFINITIONS[item.family as MailFamily].label}）`;
    const group = groups.get(key) ?? { heading, items: [] };
    group.items.push({ title: item.title, body: item.body, url: url(item.link), vendorName: item.vendor_name, storeName: item.store_name, createdAt: item.created_at });
    groups.set(key, group);
  }
  return [...groups.entries()].sort(([a], [b]) => Number(a.startsWith('family:')) - Number(b.startsWith('family:'))).map(([, group]) => group);
}
