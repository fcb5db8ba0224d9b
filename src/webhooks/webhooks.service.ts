import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import { actorId } from '../access/principal';
import { SqlParams, webhookSubscriptionVisible } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import type { EventType } from '../events/events.service';
import { WebhookSecrets } from './webhook-secrets';
import { newSigningSecret } from './webhook-signature';
import { TargetRefused, WebhookTargets } from './webhook-targets';
import { CreateWebhookDto, RotateSecretDto, UpdateWebhookDto, WebhookDto, WebhookQueryDto, WebhookWithSecretDto } from './webhooks.dto';

interface SubscriptionRow {
  id: string;
  organization_id: string;
  url: string;
  events: EventType[];
  description: string | null;
  active: boolean;
  previous_secret_expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The replaced secret's expiry is shown only while it lasts. */
const COLUMNS =
  's.id, s.organization_id, s.url, s.events, s.description, s.active, CASE WHEN s.previous_secret_expires_at > now() THEN s.previous_secret_expires_at END AS previous_secret_expires_at, s.created_at, s.updated_at';

/** How long a replaced secret keeps signing when the rotation does not say. */
export const DEFAULT_OVERLAP_HOURS = 24;

/**
 * An organization's webhook subscriptions: its admins, or its API clients holding webhooks:manage.
 * Nothing is deleted — a subscription is deactivated, and its delivery log stays.
 */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly targets: WebhookTargets,
    private readonly secrets: WebhookSecrets,
  ) {}

  async create(principal: Principal, input: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    assertManages(principal);
    await this.assertUsableUrl(input.url);
    const secret = newSigningSecret();
    return this.db.transaction(async (manager) => {
      const [row]: SubscriptionRow[] = await manager.query(
        `INSERT INTO webhook_subscriptions AS s (organization_id, url, events, secret_sealed, description, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [principal.organizationId, input.url, input.events, this.secrets.seal(secret), input.description || null, actorId(principal)],
      );
      await this.record(manager, principal, 'webhook.create', row.id, { url: row.url, events: row.events });
      return { ...toWebhookDto(row), secret };
    });
  }

  async list(principal: Principal, query: WebhookQueryDto): Promise<Page<WebhookDto>> {
    assertManages(principal);
    const params = new SqlParams();
    const where = [webhookSubscriptionVisible(principal, 's', params)];
    if (query.active !== undefined) where.push(`s.active = ${params.add(query.active)}`);
    const after = decodeCursor(query.cursor);
    if (after) where.push(`(s.created_at, s.id) > (${params.add(after.createdAt)}, ${params.add(after.id)}::uuid)`);
    const size = pageSize(query);
    const rows: SubscriptionRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM webhook_subscriptions s WHERE ${where.join(' AND ')} ORDER BY s.created_at, s.id LIMIT ${params.add(size + 1)}`,
      params.values,
    );
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), toWebhookDto);
  }

  async get(principal: Principal, id: string): Promise<WebhookDto> {
    assertManages(principal);
    return toWebhookDto(await this.findVisible(this.db.manager, principal, id));
  }

  async update(principal: Principal, id: string, input: UpdateWebhookDto): Promise<WebhookDto> {
    assertManages(principal);
    if (input.url !== undefined) await this.assertUsableUrl(input.url);
    return this.db.transaction(async (manager) => {
      await this.findVisible(manager, principal, id, true);
      const [row]: SubscriptionRow[] = await manager.query(
        `WITH s AS (
           UPDATE webhook_subscriptions SET url = coalesce($2, url), events = coalesce($3, events),
                  description = CASE WHEN $4::boolean THEN $5 ELSE description END, active = coalesce($6, active), updated_at = now()
            WHERE id = $1 RETURNING *)
         SELECT ${COLUMNS} FROM s`,
        [id, input.url ?? null, input.events ?? null, input.description !== undefined, input.description || null, input.active ?? null],
      );
      const changed = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
      const action = input.active === false ? 'webhook.deactivate' : 'webhook.update';
      await this.record(manager, principal, action, id, changed);
      return toWebhookDto(row);
    });
  }

  /** DELETE answers the deactivated subscription: deliveries stop, the record and its log stay. */
  deactivate(principal: Principal, id: string): Promise<WebhookDto> {
    return this.update(principal, id, { active: false });
  }

  /**
   * A new signing secret, effective at once (deliveries already queued are signed with it). The
   * replaced one keeps signing too for `overlapHours` (default 24; 0: not at all), so each delivery
   * carries both signatures while receivers switch. Rotating again within the window replaces the
   * older secret: only the one being replaced now overlaps.
   */
  async rotateSecret(principal: Principal, id: string, input: RotateSecretDto): Promise<WebhookWithSecretDto> {
    assertManages(principal);
    const overlapHours = input.overlapHours ?? DEFAULT_OVERLAP_HOURS;
    const secret = newSigningSecret();
    return this.db.transaction(async (manager) => {
      await this.findVisible(manager, principal, id, true);
      const [row]: SubscriptionRow[] = await manager.query(
        `WITH s AS (
           UPDATE webhook_subscriptions
              SET previous_secret_sealed = CASE WHEN $3::int > 0 THEN secret_sealed END,
                  previous_secret_expires_at = CASE WHEN $3::int > 0 THEN now() + make_interval(hours => $3::int) END,
                  secret_sealed = $2, updated_at = now()
            WHERE id = $1 RETURNING *)
         SELECT ${COLUMNS} FROM s`,
        [id, this.secrets.seal(secret), overlapHours],
      );
      await this.record(manager, principal, 'webhook.rotate_secret', id, { overlapHours });
      return { ...toWebhookDto(row), secret };
    });
  }

  /** The subscription when the caller's organization owns it; 404 otherwise. */
  async findVisible(manager: EntityManager, principal: Principal, id: string, lock = false): Promise<SubscriptionRow> {
    const params = new SqlParams([id]);
    const [row]: SubscriptionRow[] = await manager.query(
      `SELECT ${COLUMNS} FROM webhook_subscriptions s WHERE s.id = $1 AND ${webhookSubscriptionVisible(principal, 's', params)}${lock ? ' FOR UPDATE' : ''}`,
      params.values,
    );
    if (!row) throw AppError.notFound('webhook subscription');
    return row;
  }

  /** Resolves the host (no connection is made) and refuses private, loopback and link-local targets. */
  private async assertUsableUrl(url: string): Promise<void> {
    try {
      await this.targets.resolve(url);
    } catch (error) {
      if (error instanceof TargetRefused) throw AppError.invalid([{ field: 'url', message: error.message }], 'This URL cannot receive webhooks.');
      throw error;
    }
  }

  /** Audits an action on the subscription `id` (also for pings and redeliveries). */
  record(manager: EntityManager, principal: Principal, action: string, id: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.record({ actor: principal, organizationId: principal.organizationId, action, target: { type: 'webhook_subscription', id }, details }, manager);
  }
}

/** Admins pass the route's role check; an API client also needs webhooks:manage to read subscriptions. */
export function assertManages(principal: Principal): void {
  if (principal.type === 'client' && !principal.scopes.includes('webhooks:manage')) {
    throw AppError.forbidden('This API client lacks the scope webhooks:manage.', 'insufficient_scope');
  }
}

function toWebhookDto(row: SubscriptionRow): WebhookDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    url: row.url,
    events: row.events,
    description: row.description,
    active: row.active,
    previousSecretExpiresAt: row.previous_secret_expires_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
