import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: an organization admin resets a member's password and/or 2FA. What the member must do
 * before anything else is kept on the account until done: set a new password (the admin's
 * temporary one is known to the admin), and enrol 2FA again where the admin reset it, whether or
 * not the organization requires 2FA. Both are constants' defaults: no table rewrite.
 */
export class CredentialResets1764320000000 implements MigrationInterface {
  name = 'CredentialResets1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE users
        ADD COLUMN password_change_required boolean NOT NULL DEFAULT false,
        ADD COLUMN two_factor_enrolment_required boolean NOT NULL DEFAULT false;
      COMMENT ON COLUMN users.password_change_required IS 'Set by an admin''s reset: until the user sets a new password, only self-service routes answer.';
      COMMENT ON COLUMN users.two_factor_enrolment_required IS 'Set by an admin''s 2FA reset: the user enrols again before anything else, even where the organization does not require 2FA.';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE users DROP COLUMN password_change_required, DROP COLUMN two_factor_enrolment_required');
  }
}
