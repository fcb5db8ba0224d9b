import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16: a replayed answer must be the first one byte for byte. jsonb reorders an object's keys
 * and respaces it, so the answer is kept as the text that was sent, with its media type and the
 * headers that describe what was written (ETag, Location; src/common/idempotency.interceptor.ts). Answers
 * already recorded keep their jsonb rendering (they expire within KAIJI_IDEMPOTENCY_TTL_HOURS).
 */
export class IdempotentReplayBytes1764630000000 implements MigrationInterface {
  name = 'IdempotentReplayBytes1764630000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE text USING response_body::text;
      ALTER TABLE idempotency_keys ADD COLUMN response_content_type text, ADD COLUMN response_headers jsonb;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE idempotency_keys DROP COLUMN response_content_type, DROP COLUMN response_headers;
      ALTER TABLE idempotency_keys ALTER COLUMN response_body TYPE jsonb USING response_body::jsonb;
    `);
  }
}
