import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Chain-wide follow-up: headquarters asks a vendor once for many stores. Each store keeps its own
 * request or thread (and its own status); the follow-up ties them together so the vendor answers once.
 */
export class ChainHeadquarters1764000000000 implements MigrationInterface {
  name = 'ChainHeadquarters1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE chain_followups (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        chain_id    uuid NOT NULL REFERENCES organizations (id),
        vendor_id   uuid NOT NULL REFERENCES organizations (id),
        kind        text NOT NULL CONSTRAINT chain_followups_kind_check CHECK (kind IN ('document_request', 'risk_thread')),
        -- What headquarters sent, as sent (kind of document, 年度, item, message, due date…).
        request     jsonb NOT NULL,
        created_by  uuid,
        created_at  timestamptz(3) NOT NULL DEFAULT now()
      );
      CREATE INDEX chain_followups_chain_idx ON chain_followups (chain_id, created_at, id);
      CREATE INDEX chain_followups_vendor_idx ON chain_followups (vendor_id, created_at, id);

      ALTER TABLE document_requests ADD COLUMN followup_id uuid REFERENCES chain_followups (id);
      ALTER TABLE risk_threads ADD COLUMN followup_id uuid REFERENCES chain_followups (id);
      CREATE INDEX document_requests_followup_idx ON document_requests (followup_id) WHERE followup_id IS NOT NULL;
      CREATE INDEX risk_threads_followup_idx ON risk_threads (followup_id) WHERE followup_id IS NOT NULL;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE risk_threads DROP COLUMN followup_id;
      ALTER TABLE document_requests DROP COLUMN followup_id;
      DROP TABLE chain_followups;
    `);
  }
}
