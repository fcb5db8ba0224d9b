import type { DataSource } from 'typeorm';

/**
 * A logged delivery attempt of `subscriptionId` (an event and its attempt, written directly): for
 * worlds whose app runs no workers but whose routes need one, e.g. POST …/deliveries/{id}/redeliver.
 */
export async function loggedDelivery(db: DataSource, organizationId: string, subscriptionId: string): Promise<string> {
  const [row]: { id: string }[] = await db.query(
    `WITH e AS (INSERT INTO domain_events (type, recipients, subject_type, subject_id, payload)
                VALUES ('disclosure.published', ARRAY[$1::uuid], 'disclosure', gen_random_uuid(), '{}') RETURNING id)
     INSERT INTO webhook_deliveries (subscription_id, event_id, attempt, status, response_status, duration_ms)
     SELECT $2, e.id, 1, 'succeeded', 200, 5 FROM e RETURNING id`,
    [organizationId, subscriptionId],
  );
  return row.id;
}
