import { EntityManager } from 'typeorm';

export interface PublishedEvent {
  id: string;
  type: string;
  /** Every organization told, chains included. */
  recipients: string[];
}

/**
 * Where published events go to be delivered to webhook subscribers. The webhooks feature provides
 * the implementation (jobs on the PostgreSQL queue, enqueued in the same transaction).
 */
export abstract class WebhookOutbox {
  abstract enqueue(manager: EntityManager, events: PublishedEvent[]): Promise<void>;
}
