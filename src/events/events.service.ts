import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { UserRole } from '../accounts/user.entity';
import { PublishedEvent, WebhookOutbox } from './webhook-outbox';

/** What happened, as organizations hear about it (webhook event types). */
export const EVENT_TYPES = [
  'contract.proposed',
  'contract.accepted',
  'contract.ended',
  'contract.withdrawn',
  'disclosure.published',
  'disclosure.changed',
  'checklist.submitted',
  'checklist.changed',
  'document_request.created',
  'document_request.fulfilled',
  'document_request.declined',
  'risk_thread.opened',
  'risk_thread.message',
  'risk_thread.resolved',
  'remote_maintenance.disclosed',
  'remote_maintenance.confirmed',
  'organization.operator_action',
  'user.credentials_reset',
  // Pharmacies invited before they are on Kaiji (src/pending-pharmacies): the requester hears the operator's decision.
  'pending_pharmacy.approved',
  'pending_pharmacy.rejected',
  // Reminders (src/reminders): told once per subject and threshold by the daily pass.
  'reminder.target_date_due',
  'reminder.request_due',
  'reminder.request_overdue',
  'reminder.thread_waiting',
  'reminder.fiscal_year_started',
  'reminder.form_outdated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  type: EventType;
  /** Organizations told about it; a pharmacy's chain hears what its stores hear. */
  recipients: string[];
  subject: { type: string; id: string };
  /** What a webhook receiver gets as `data` (ids and facts, no document contents). */
  payload: Record<string, unknown>;
  /** The in-portal notification, in Japanese. */
  notification: { title: string; body?: string; link?: string };
  /**
   * Tells only these users of the recipients, and not their chains (a chain does not manage its
   * stores' accounts): an account's own security events, or what the operator did, told to the
   * tenant's admins. Absent: every active user of the recipients and of their chains.
   */
  audience?: { roles?: UserRole[]; userIds?: string[] };
}

/** Runs after the notifications of the published events are written, in the same transaction (notification e-mail). */
export type NotifiedHook = (manager: EntityManager, events: { id: string; type: EventType }[]) => Promise<void>;

/** Runs inside the publishing transaction, e.g. to fulfil open document requests on a publication. */
export type EventHandler = (manager: EntityManager, events: (DomainEvent & { id: string })[]) => Promise<void>;

/**
 * Publishes domain events inside the caller's transaction: the event rows, a notification for every
 * active user of the recipients (and their chains), the webhook deliveries to enqueue, and the
 * in-process handlers — all committed with the change that caused them, or not at all.
 * Set-based, so a bulk submission of 1,000 checklists publishes 1,000 events in a few statements.
 */
@Injectable()
export class EventsService {
  private readonly handlers = new Map<EventType, EventHandler[]>();
  private readonly notifiedHooks: NotifiedHook[] = [];

  constructor(private readonly webhooks: WebhookOutbox) {}

  /** Features register handlers at start-up (OnModuleInit); features never import each other for this. */
  subscribe(type: EventType, handler: EventHandler): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), handler]);
  }

  /** Called once per publication with every event of it, after their notifications are inserted (set-based, e.g. mail them). */
  onNotified(hook: NotifiedHook): void {
    this.notifiedHooks.push(hook);
  }

  async publish(manager: EntityManager, event: DomainEvent): Promise<string> {
    const [id] = await this.publishMany(manager, [event]);
    return id;
  }

  async publishMany(manager: EntityManager, events: DomainEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const ids = events.map(() => randomUUID());
    const inserted: PublishedEvent[] = await manager.query(
      `INSERT INTO domain_events (id, type, recipients, subject_type, subject_id, payload)
       SELECT e.id, e.type,
              ARRAY(SELECT DISTINCT x FROM (SELECT unnest(e.recipients) AS x
                                            UNION SELECT o.chain_id FROM organizations o
                                                   WHERE NOT e.own_only AND o.id = ANY(e.recipients) AND o.chain_id IS NOT NULL) r),
              e.subject_type, e.subject_id, e.payload
         FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, type text, recipients uuid[], own_only boolean, subject_type text, subject_id uuid, payload jsonb)
       RETURNING id, type, recipients`,
      [
        JSON.stringify(
          events.map((e, i) => ({
            id: ids[i],
            type: e.type,
            recipients: e.recipients,
            own_only: e.audience !== undefined,
            subject_type: e.subject.type,
            subject_id: e.subject.id,
            payload: e.payload,
          })),
        ),
      ],
    );
    const byId = new Map(inserted.map((row) => [row.id, row]));
    const rows = ids.map((id) => byId.get(id) as PublishedEvent);
    await manager.query(
      `INSERT INTO notifications (user_id, organization_id, event_id, type, title, body, link)
       SELECT u.id, u.organization_id, n.event_id, n.type, n.title, n.body, n.link
         FROM jsonb_to_recordset($1::jsonb) AS n(event_id uuid, type text, title text, body text, link text, recipients uuid[], roles text[], user_ids uuid[])
         JOIN users u ON u.organization_id = ANY(n.recipients) AND u.disabled_at IS NULL
        WHERE (n.roles IS NULL OR u.role = ANY(n.roles)) AND (n.user_ids IS NULL OR u.id = ANY(n.user_ids))`,
      [
        JSON.stringify(
          rows.map((row, i) => ({
            event_id: row.id,
            type: row.type,
            recipients: row.recipients,
            roles: events[i].audience?.roles ?? null,
            user_ids: events[i].audience?.userIds ?? null,
            ...events[i].notification,
          })),
        ),
      ],
    );
    for (const hook of this.notifiedHooks) await hook(manager, rows.map((row, i) => ({ id: row.id, type: events[i].type })));
    await this.webhooks.enqueue(manager, rows);
    const published = events.map((event, i) => ({ ...event, id: rows[i].id }));
    for (const type of new Set(events.map((e) => e.type))) {
      for (const handler of this.handlers.get(type) ?? []) await handler(manager, published.filter((e) => e.type === type));
    }
    return rows.map((row) => row.id);
  }
}
