import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (Low 13): failed logins are counted per e-mail and per source, so that a stranger's
 * failures lock that stranger out of an account and not its owner elsewhere; the row with source
 * '*' counts all sources together, for the account-wide lock. A streak now ends once it began
 * longer ago than a lock lasts (first_failure_at). Existing rows become account-wide rows: a lock
 * in force keeps holding until it runs out.
 */
export class LoginThrottlePerSource1764310000000 implements MigrationInterface {
  name = 'LoginThrottlePerSource1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE login_attempts
        ADD COLUMN source_key text NOT NULL DEFAULT '*',
        ADD COLUMN first_failure_at timestamptz;
      UPDATE login_attempts SET first_failure_at = last_failure_at;
      ALTER TABLE login_attempts ALTER COLUMN source_key DROP DEFAULT;
      ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_pkey;
      ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_pkey PRIMARY KEY (email_key, source_key);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DELETE FROM login_attempts WHERE source_key <> '*';
      ALTER TABLE login_attempts DROP CONSTRAINT login_attempts_pkey;
      ALTER TABLE login_attempts ADD CONSTRAINT login_attempts_pkey PRIMARY KEY (email_key);
      ALTER TABLE login_attempts DROP COLUMN source_key, DROP COLUMN first_failure_at;
    `);
  }
}
