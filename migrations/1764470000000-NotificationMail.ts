import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 (notification e-mails). Each portal user chooses per event family how notifications reach
 * them by e-mail: at once, in a daily digest at an hour of their choosing (JST), or not at all. A
 * user without a row for a family has the family's default (src/notification-mail/mail-families.ts).
 *
 * `notifications.mailed_at`: when the notification left by e-mail (at once or in a digest), so a
 * digest never mails what was already mailed and a notification is never mailed twice.
 *
 * `mail_messages.headers`: extra header fields of a message (List-Unsubscribe, RFC 8058), as a JSON
 * object of strings; validated as single-line by the writer.
 *
 * `login_sources`: the addresses a user has logged in from, so a login from a new one is told to
 * the user by e-mail (a security message that cannot be turned off).
 */
export class NotificationMail1764470000000 implements MigrationInterface {
  name = 'NotificationMail1764470000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE notification_mail_preferences (
        user_id     uuid NOT NULL CONSTRAINT notification_mail_preferences_user_fk REFERENCES users (id),
        family      text NOT NULL CONSTRAINT notification_mail_preferences_family_check CHECK (family ~ '^[a-z][a-z_]{1,40}$'),
        mode        text NOT NULL CONSTRAINT notification_mail_preferences_mode_check CHECK (mode IN ('immediate', 'daily', 'off')),
        updated_at  timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT notification_mail_preferences_pkey PRIMARY KEY (user_id, family)
      );
      COMMENT ON TABLE notification_mail_preferences IS 'How each user hears about each event family by e-mail (immediate, daily digest, off); absent rows take the family default.';

      CREATE TABLE notification_mail_settings (
        user_id     uuid PRIMARY KEY CONSTRAINT notification_mail_settings_user_fk REFERENCES users (id),
        digest_hour smallint NOT NULL CONSTRAINT notification_mail_settings_hour_check CHECK (digest_hour BETWEEN 0 AND 23),
        updated_at  timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX notification_mail_settings_hour_idx ON notification_mail_settings (digest_hour);
      COMMENT ON TABLE notification_mail_settings IS 'The hour (JST, 0-23) of a user''s daily digest; absent: the default hour.';

      ALTER TABLE notifications ADD COLUMN mailed_at timestamptz(3);
      -- The mail hook reads a publication's notifications by event; the hourly digest reads the last day's unmailed ones.
      CREATE INDEX notifications_event_idx ON notifications (event_id);
      CREATE INDEX notifications_unmailed_idx ON notifications (created_at) WHERE mailed_at IS NULL;
      COMMENT ON COLUMN notifications.mailed_at IS 'when the notification was e-mailed (at once or in a daily digest); never mailed twice';

      ALTER TABLE mail_messages ADD COLUMN headers jsonb;
      COMMENT ON COLUMN mail_messages.headers IS 'extra single-line header fields (List-Unsubscribe, List-Unsubscribe-Post) as a JSON object of strings';

      CREATE TABLE login_sources (
        user_id       uuid NOT NULL CONSTRAINT login_sources_user_fk REFERENCES users (id),
        address       text NOT NULL CONSTRAINT login_sources_address_check CHECK (length(address) BETWEEN 1 AND 100),
        first_seen_at timestamptz(3) NOT NULL DEFAULT now(),
        last_seen_at  timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT login_sources_pkey PRIMARY KEY (user_id, address)
      );
      COMMENT ON TABLE login_sources IS 'Addresses each user logged in from successfully: a login from a new one is mailed to the user.';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE login_sources, notification_mail_settings, notification_mail_preferences;
      ALTER TABLE mail_messages DROP COLUMN headers;
      ALTER TABLE notifications DROP COLUMN mailed_at;
    `);
  }
}
