import { MigrationInterface, QueryRunner } from 'typeorm';

/** The tables vendor systems poll with `updatedSince` and read with an ETag. */
const TOUCHED_TABLES = ['contracts', 'disclosures', 'vendor_checklists', 'risk_threads', 'document_requests', 'webhook_subscriptions', 'remote_maintenance_disclosures'];

/**
 * Issue 16, incremental sync and safe concurrent editing. `updated_at` is what `updatedSince`
 * compares and what an ETag is derived from, so it must move on every change, whoever writes the
 * row: a trigger sets it instead of each UPDATE remembering to. Remote-maintenance disclosures had
 * no such column (a confirmation changes the row). The indexes serve a vendor's and a customer's
 * poll ordered by (updated_at, id).
 */
export class IncrementalSync1764620000000 implements MigrationInterface {
  name = 'IncrementalSync1764620000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE remote_maintenance_disclosures ADD COLUMN updated_at timestamptz(3);
      UPDATE remote_maintenance_disclosures SET updated_at = greatest(created_at, coalesce(confirmed_at, created_at));
      ALTER TABLE remote_maintenance_disclosures ALTER COLUMN updated_at SET NOT NULL, ALTER COLUMN updated_at SET DEFAULT now();

      CREATE FUNCTION touch_updated_at() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        -- never backwards: a row written twice in one transaction keeps moving forward
        NEW.updated_at := greatest(now(), OLD.updated_at + interval '1 millisecond');
        RETURN NEW;
      END
      $$;
    `);
    for (const table of TOUCHED_TABLES) {
      await db.query(`CREATE TRIGGER ${table}_touch_updated_at BEFORE UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION touch_updated_at()`);
    }
    await db.query(`
      CREATE INDEX contracts_vendor_updated_idx ON contracts (vendor_id, updated_at, id);
      CREATE INDEX contracts_customer_updated_idx ON contracts (customer_id, updated_at, id);
      CREATE INDEX disclosures_vendor_updated_idx ON disclosures (vendor_id, updated_at, id);
      CREATE INDEX vendor_checklists_fiscal_year_idx ON vendor_checklists (fiscal_year, contract_id, revision DESC);
      CREATE INDEX risk_threads_vendor_updated_idx ON risk_threads (vendor_id, updated_at, id);
      CREATE INDEX risk_threads_customer_updated_idx ON risk_threads (customer_id, updated_at, id);
      CREATE INDEX document_requests_addressee_updated_idx ON document_requests (addressee_id, updated_at, id);
      CREATE INDEX document_requests_customer_updated_idx ON document_requests (customer_id, updated_at, id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX document_requests_customer_updated_idx, document_requests_addressee_updated_idx, risk_threads_customer_updated_idx,
        risk_threads_vendor_updated_idx, vendor_checklists_fiscal_year_idx, disclosures_vendor_updated_idx, contracts_customer_updated_idx, contracts_vendor_updated_idx;
    `);
    for (const table of TOUCHED_TABLES) await db.query(`DROP TRIGGER ${table}_touch_updated_at ON ${table}`);
    await db.query('DROP FUNCTION touch_updated_at(); ALTER TABLE remote_maintenance_disclosures DROP COLUMN updated_at;');
  }
}
