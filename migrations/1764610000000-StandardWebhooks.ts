import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16, Standard Webhooks: rotation with overlap, test deliveries (ping) and redeliveries.
 *
 * - The replaced secret stays usable until `previous_secret_expires_at`: during that window each
 *   delivery carries a signature with it as well as with the new one. Both or neither.
 *   Secrets are sealed with the application's key, so SQL cannot re-encode the old base64url ones:
 *   the sender decodes either alphabet to the same key bytes (src/webhooks/webhook-signature.ts).
 * - A delivery attempt says why it was made (`kind`): the event's own delivery and its retries, a
 *   test delivery (ping), or a redelivery someone asked for (`redelivery_of`, `requested_by`).
 */
export class StandardWebhooks1764610000000 implements MigrationInterface {
  name = 'StandardWebhooks1764610000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE webhook_subscriptions
        ADD COLUMN previous_secret_sealed text,
        ADD COLUMN previous_secret_expires_at timestamptz(3),
        ADD CONSTRAINT webhook_subscriptions_previous_secret_check
          CHECK ((previous_secret_sealed IS NULL) = (previous_secret_expires_at IS NULL));

      ALTER TABLE webhook_deliveries
        ADD COLUMN kind text NOT NULL DEFAULT 'event'
          CONSTRAINT webhook_deliveries_kind_check CHECK (kind IN ('event', 'ping', 'redelivery')),
        ADD COLUMN redelivery_of uuid REFERENCES webhook_deliveries (id),
        ADD COLUMN requested_by uuid,
        ADD CONSTRAINT webhook_deliveries_redelivery_check CHECK ((kind = 'redelivery') = (redelivery_of IS NOT NULL));
      CREATE INDEX webhook_deliveries_event_idx ON webhook_deliveries (subscription_id, event_id);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP INDEX webhook_deliveries_event_idx;
      ALTER TABLE webhook_deliveries DROP CONSTRAINT webhook_deliveries_redelivery_check,
        DROP COLUMN requested_by, DROP COLUMN redelivery_of, DROP COLUMN kind;
      ALTER TABLE webhook_subscriptions DROP CONSTRAINT webhook_subscriptions_previous_secret_check,
        DROP COLUMN previous_secret_expires_at, DROP COLUMN previous_secret_sealed;
    `);
  }
}
