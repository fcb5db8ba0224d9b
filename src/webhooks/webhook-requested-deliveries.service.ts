import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { actorId } from '../access/principal';
import { AppError } from '../common/app-error';
import { JobsService } from '../jobs/jobs.service';
import { WEBHOOK_DELIVERY, WebhookDeliveryWorker } from './webhook-delivery.worker';
import { assertManages, WebhooksService } from './webhooks.service';
import { DeliveredType, PING_EVENT_TYPE, WebhookDeliveryRequestDto } from './webhooks.dto';

/**
 * Deliveries someone asks for: a test delivery (ping) and a redelivery of a past event. Each is
 * queued in the transaction that audits it, tried once, and logged like any attempt; the answer
 * names the event to look for in the delivery log.
 */
@Injectable()
export class WebhookRequestedDeliveries {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
    private readonly jobs: JobsService,
    private readonly worker: WebhookDeliveryWorker,
  ) {}

  /**
   * A `webhook.ping` event for this subscription alone (whatever types it subscribes to): a
   * domain_events row like any event, so its delivery is signed, logged and redeliverable the same
   * way; nobody is notified of it.
   */
  async ping(principal: Principal, subscriptionId: string): Promise<WebhookDeliveryRequestDto> {
    assertManages(principal);
    return this.db.transaction(async (manager) => {
      await this.activeSubscription(manager, principal, subscriptionId);
      const [event]: { id: string }[] = await manager.query(
        `INSERT INTO domain_events (type, recipients, subject_type, subject_id, payload)
         VALUES ($1, ARRAY[$2::uuid], 'webhook_subscription', $3::uuid, jsonb_build_object('subscriptionId', $3::uuid)) RETURNING id`,
        [PING_EVENT_TYPE, principal.organizationId, subscriptionId],
      );
      await this.jobs.send(manager, WEBHOOK_DELIVERY, { subscriptionId, eventId: event.id, kind: 'ping' }, this.worker.requestedJobOptions);
      await this.webhooks.record(manager, principal, 'webhook.ping', subscriptionId, { eventId: event.id });
      return { subscriptionId, eventId: event.id, eventType: PING_EVENT_TYPE, kind: 'ping' };
    });
  }

  /**
   * Sends a logged attempt's event again: the same body and webhook-id (receivers that already have
   * it deduplicate), a new timestamp and signatures with today's secrets, logged as a new attempt.
   * Sent even if the subscription no longer subscribes to the event's type: someone asked for it.
   */
  async redeliver(principal: Principal, subscriptionId: string, deliveryId: string): Promise<WebhookDeliveryRequestDto> {
    assertManages(principal);
    return this.db.transaction(async (manager) => {
      await this.activeSubscription(manager, principal, subscriptionId);
      const [delivery]: { event_id: string; event_type: DeliveredType }[] = await manager.query(
        `SELECT d.event_id, e.type AS event_type FROM webhook_deliveries d JOIN domain_events e ON e.id = d.event_id WHERE d.id = $1 AND d.subscription_id = $2`,
        [deliveryId, subscriptionId],
      );
      if (!delivery) throw AppError.notFound('webhook delivery');
      const job = { subscriptionId, eventId: delivery.event_id, kind: 'redelivery' as const, redeliveryOf: deliveryId, requestedBy: actorId(principal) };
      await this.jobs.send(manager, WEBHOOK_DELIVERY, job, this.worker.requestedJobOptions);
      await this.webhooks.record(manager, principal, 'webhook.redeliver', subscriptionId, { deliveryId, eventId: delivery.event_id, eventType: delivery.event_type });
      return { subscriptionId, eventId: delivery.event_id, eventType: delivery.event_type, kind: 'redelivery' };
    });
  }

  /** 404 when not the caller's; 409 when deactivated (nothing would be sent). */
  private async activeSubscription(manager: EntityManager, principal: Principal, id: string): Promise<void> {
    const subscription = await this.webhooks.findVisible(manager, principal, id, true);
    if (!subscription.active) throw AppError.conflict('webhook_inactive', 'This webhook subscription is deactivated: activate it (PATCH active: true) to send to it.');
  }
}
