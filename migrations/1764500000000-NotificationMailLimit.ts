import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, throttling per recipient: a publication counts each recipient's notification mails of
 * the last hour (src/notification-mail/immediate-mail.service.ts) inside the publishing
 * transaction. This index keeps that count a short range scan per person however large the outbox grows.
 */
export class NotificationMailLimit1764500000000 implements MigrationInterface {
  name = 'NotificationMailLimit1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX mail_messages_recipient_notifications_idx ON mail_messages (recipient_user_id, created_at)
        WHERE kind IN ('notification', 'notification_overflow');
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX mail_messages_recipient_notifications_idx');
  }
}
