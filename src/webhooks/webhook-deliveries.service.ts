import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import type { DeliveryKind } from './webhook-delivery.worker';
import { assertManages, WebhooksService } from './webhooks.service';
import { DeliveredType, DeliveryQueryDto, DeliveryStatus, WebhookDeliveryDto } from './webhooks.dto';

interface DeliveryRow {
  id: string;
  event_id: string;
  event_type: DeliveredType;
  attempt: number;
  kind: DeliveryKind;
  redelivery_of: string | null;
  status: DeliveryStatus;
  response_status: number | null;
  error: string | null;
  duration_ms: number | null;
  created_at: Date;
}

/** A subscription's delivery log: one row per attempt, newest first. */
@Injectable()
export class WebhookDeliveriesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
  ) {}

  async list(principal: Principal, subscriptionId: string, query: DeliveryQueryDto): Promise<Page<WebhookDeliveryDto>> {
    assertManages(principal);
    await this.webhooks.findVisible(this.db.manager, principal, subscriptionId);
    const values: unknown[] = [subscriptionId];
    const add = (value: unknown) => `$${values.push(value)}`;
    const where = ['d.subscription_id = $1'];
    if (query.status) where.push(`d.status = ${add(query.status)}`);
    if (query.eventId) where.push(`d.event_id = ${add(query.eventId)}::uuid`);
    const before = decodeCursor(query.cursor);
    if (before) where.push(`(d.created_at, d.id) < (${add(before.createdAt)}, ${add(before.id)}::uuid)`);
    const size = pageSize(query);
    const rows: DeliveryRow[] = await this.db.query(
      `SELECT d.id, d.event_id, e.type AS event_type, d.attempt, d.kind, d.redelivery_of, d.status, d.response_status, d.error, d.duration_ms, d.created_at
         FROM webhook_deliveries d JOIN domain_events e ON e.id = d.event_id
        WHERE ${where.join(' AND ')}
        ORDER BY d.created_at DESC, d.id DESC LIMIT ${add(size + 1)}`,
      values,
    );
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), (row) => ({
      id: row.id,
      eventId: row.event_id,
      eventType: row.event_type,
      attempt: row.attempt,
      kind: row.kind,
      redeliveryOf: row.redelivery_of,
      status: row.status,
      responseStatus: row.response_status,
      error: row.error,
      durationMs: row.duration_ms,
      createdAt: row.created_at.toISOString(),
    }));
  }
}
