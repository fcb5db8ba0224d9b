import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14: the side that proposed a contract withdraws it while the other side has not answered
 * (POST /v1/contracts/{id}/withdraw). A withdrawn proposal is kept, as a declined one is (both
 * sides' history and the audit log refer to it), under a status of its own: `decided_at` and
 * `decided_by_user` record when and by whom, as for an acceptance or a decline.
 */
export class ContractWithdrawal1764430000000 implements MigrationInterface {
  name = 'ContractWithdrawal1764430000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE contracts
        DROP CONSTRAINT contracts_status_check,
        ADD CONSTRAINT contracts_status_check CHECK (status IN ('proposed', 'active', 'declined', 'withdrawn'));
      COMMENT ON COLUMN contracts.status IS 'acceptance state: proposed, active (both sides agreed), declined (by the other side) or withdrawn (by the proposing side); an active contract is in force until the end of ends_on (JST)';
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      UPDATE contracts SET status = 'declined' WHERE status = 'withdrawn';
      ALTER TABLE contracts
        DROP CONSTRAINT contracts_status_check,
        ADD CONSTRAINT contracts_status_check CHECK (status IN ('proposed', 'active', 'declined'));
      COMMENT ON COLUMN contracts.status IS 'acceptance state: proposed, active (both sides agreed) or declined; an active contract is in force until the end of ends_on (JST)';
    `);
  }
}
