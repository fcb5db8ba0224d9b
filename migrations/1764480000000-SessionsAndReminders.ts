import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, parts 5 and 6.
 *
 * Sessions: a user lists the devices signed in to their account and signs out the others. The
 * session row keeps where it was started (the browser's User-Agent and the address, as the login
 * saw them) and when it was last used (its last token refresh, which the portal does every few
 * minutes while open): enough to recognise a device without recording every request.
 *
 * `reminders_sent`: each reminder is sent once per (subject, kind, threshold). The reminder job
 * inserts its candidates here with ON CONFLICT DO NOTHING and publishes only the rows it inserted,
 * so a rerun, a retried job or a second instance running the same schedule cannot send it twice.
 */
export class SessionsAndReminders1764480000000 implements MigrationInterface {
  name = 'SessionsAndReminders1764480000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE sessions
        ADD COLUMN user_agent   text CONSTRAINT sessions_user_agent_check CHECK (length(user_agent) <= 512),
        ADD COLUMN ip           text CONSTRAINT sessions_ip_check CHECK (length(ip) <= 64),
        ADD COLUMN last_used_at timestamptz(3);
      COMMENT ON COLUMN sessions.last_used_at IS 'the last login or token refresh of the session (not every request)';

      CREATE TABLE reminders_sent (
        subject_type text NOT NULL,
        subject_id   uuid NOT NULL,
        kind         text NOT NULL CONSTRAINT reminders_sent_kind_check CHECK (kind ~ '^[a-z][a-z_.]{1,62}$'),
        -- Which reminder of the kind: '30d', '7d', 'overdue', a 年度 ('2026'), a form id.
        threshold    text NOT NULL CONSTRAINT reminders_sent_threshold_check CHECK (length(threshold) BETWEEN 1 AND 200),
        sent_at      timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT reminders_sent_key PRIMARY KEY (subject_type, subject_id, kind, threshold)
      );
      COMMENT ON TABLE reminders_sent IS 'Reminders already published (src/reminders): the key makes each one fire once however often or wherever the job runs.';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE reminders_sent;
      ALTER TABLE sessions DROP COLUMN user_agent, DROP COLUMN ip, DROP COLUMN last_used_at;
    `);
  }
}
