import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13, finding 19: either party ends an active contract (POST /v1/contracts/{id}/end). The
 * end is a date, the contract's last day (inclusive, JST), as `ends_on` always was; what this adds is
 * the record of who ended it, when and why. `status` stays the acceptance state ('active': both
 * sides agreed); whether a contract is in force on a day is `status = 'active'` and `ends_on` not
 * passed (src/access/visibility.ts contractInForce), so an end date reached by the calendar needs no
 * job to take effect.
 */
export class ContractEnding1764350000000 implements MigrationInterface {
  name = 'ContractEnding1764350000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contracts
        ADD COLUMN ended_at      timestamptz(3),
        ADD COLUMN ended_by_org  uuid CONSTRAINT contracts_ended_by_org_fk REFERENCES organizations (id),
        ADD COLUMN ended_by_user uuid CONSTRAINT contracts_ended_by_user_fk REFERENCES users (id),
        ADD COLUMN end_reason    text,
        ADD CONSTRAINT contracts_end_reason_check CHECK (end_reason IS NULL OR length(end_reason) BETWEEN 1 AND 1000),
        -- An end is recorded whole: when, by whom, why, and the date it takes effect.
        ADD CONSTRAINT contracts_end_recorded_check CHECK (
          (ended_at IS NULL AND ended_by_org IS NULL AND ended_by_user IS NULL AND end_reason IS NULL)
          OR (ended_at IS NOT NULL AND ended_by_org IS NOT NULL AND end_reason IS NOT NULL AND ends_on IS NOT NULL AND status = 'active'));
      COMMENT ON COLUMN contracts.status IS 'acceptance state: proposed, active (both sides agreed) or declined; an active contract is in force until the end of ends_on (JST)';
      COMMENT ON COLUMN contracts.ends_on IS 'last day of the contract (inclusive, JST); set when proposed or when a party ends it';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      COMMENT ON COLUMN contracts.ends_on IS NULL;
      COMMENT ON COLUMN contracts.status IS NULL;
      ALTER TABLE contracts
        DROP CONSTRAINT contracts_end_recorded_check,
        DROP CONSTRAINT contracts_end_reason_check,
        DROP COLUMN end_reason,
        DROP COLUMN ended_by_user,
        DROP COLUMN ended_by_org,
        DROP COLUMN ended_at;
    `);
  }
}
