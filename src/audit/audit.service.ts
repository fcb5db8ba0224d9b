import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorId, Principal, RequestOrigin } from '../access/principal';

export type AuditOutcome = 'success' | 'failure';

/** Who acted: a signed-in principal, or someone not (yet) authenticated, or the system itself. */
export type AuditActor =
  | Principal
  | { type: 'anonymous'; label: string | null; origin: RequestOrigin }
  /** A user identified but not yet holding a session (a successful login). */
  | { type: 'account'; userId: string; email: string; origin: RequestOrigin }
  | { type: 'system'; label: string };

export interface AuditEntry {
  actor: AuditActor;
  /** Whose chain the event joins: the organization acted in (null: the platform's own chain). */
  organizationId: string | null;
  action: string;
  target?: { type: string; id: string };
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
}

/**
 * Writes the append-only audit log (checklist item 2-⑪). Hash chaining happens in the database
 * trigger, so every writer — this service, a bulk insert, a migration — is chained the same way.
 */
/** Inserts the rows of a JSON array ($1); the hash chain's columns are the insert trigger's to fill. */
export const INSERT_AUDIT_EVENTS = `
  INSERT INTO audit_events (chain_key, chain_seq, prev_hash, hash, organization_id, actor_type, actor_id, actor_label,
                            action, target_type, target_id, outcome, source_ip, user_agent, details)
  SELECT '', 0, '', '', r.organization_id, r.actor_type, r.actor_id, r.actor_label, r.action, r.target_type,
         r.target_id, r.outcome, r.source_ip, r.user_agent, r.details
    FROM jsonb_to_recordset($1::jsonb) AS r(organization_id uuid, actor_type text, actor_id uuid, actor_label text,
         action text, target_type text, target_id text, outcome text, source_ip text, user_agent text, details jsonb)`;

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records one event; pass the transaction's manager so the event commits with the change. */
  async record(entry: AuditEntry, manager: EntityManager = this.db.manager): Promise<void> {
    await this.recordMany([entry], manager);
  }

  async recordMany(entries: AuditEntry[], manager: EntityManager = this.db.manager): Promise<void> {
    if (entries.length === 0) return;
    const rows = entries.map(toRow);
    await manager.query(INSERT_AUDIT_EVENTS, [JSON.stringify(rows)]);
  }
}

function toRow(entry: AuditEntry) {
  const { actor } = entry;
  const origin = 'origin' in actor ? actor.origin : null;
  return {
    organization_id: entry.organizationId,
    actor_type: actor.type === 'account' ? 'user' : actor.type,
    actor_id: actor.type === 'user' || actor.type === 'client' ? actorId(actor) : actor.type === 'account' ? actor.userId : null,
    actor_label: actorLabel(actor),
    action: entry.action,
    target_type: entry.target?.type ?? null,
    target_id: entry.target?.id ?? null,
    outcome: entry.outcome ?? 'success',
    source_ip: origin?.ip ?? null,
    user_agent: origin?.userAgent?.slice(0, 500) ?? null,
    details: entry.details ?? {},
  };
}

function actorLabel(actor: AuditActor): string | null {
  switch (actor.type) {
    case 'user':
    case 'account':
      return actor.email;
    case 'client':
      return actor.clientName;
    case 'anonymous':
    case 'system':
      return actor.label;
  }
}
