import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { PublishedEvent, WebhookOutbox } from '../events/webhook-outbox';
import { JobsService } from '../jobs/jobs.service';
import { WEBHOOK_DELIVERY, WebhookDeliveryJob, WebhookDeliveryWorker } from './webhook-delivery.worker';

/**
 * Turns published events into delivery jobs inside the publishing transaction: one job per event
 * and active subscription of a recipient organization (chains included) subscribed to its type.
 * Two statements however many events: find the pairs, insert the jobs.
 */
@Injectable()
export class WebhookJobsOutbox extends WebhookOutbox {
  constructor(
    private readonly jobs: JobsService,
    private readonly worker: WebhookDeliveryWorker,
  ) {
    super();
  }

  async enqueue(manager: EntityManager, events: PublishedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const deliveries: WebhookDeliveryJob[] = await manager.query(
      `SELECT s.id AS "subscriptionId", e.id AS "eventId"
         FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, type text, recipients uuid[])
         JOIN webhook_subscriptions s ON s.active AND s.organization_id = ANY(e.recipients) AND e.type = ANY(s.events)
        ORDER BY e.id, s.id`,
      [JSON.stringify(events.map(({ id, type, recipients }) => ({ id, type, recipients })))],
    );
    await this.jobs.sendMany(manager, WEBHOOK_DELIVERY, deliveries, this.worker.jobOptions);
  }
}
