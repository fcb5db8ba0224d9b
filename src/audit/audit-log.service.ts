import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isOperator, Principal } from '../access/principal';
import { AccessPolicy } from '../access/access-policy.service';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { AuditEventDto, AuditQueryDto, AuditVerificationDto } from './audit.dto';

interface AuditRow {
  id: string;
  chain_seq: string;
  organization_id: string | null;
  actor_type: AuditEventDto['actorType'];
  actor_id: string | null;
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: AuditEventDto['outcome'];
  source_ip: string | null;
  user_agent: string | null;
  details: Record<string, unknown>;
  occurred_at: Date;
  hash: string;
}

const GENESIS_HASH = '0'.repeat(64);

/** Reading and verifying the audit log. */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
  ) {}

  async list(principal: Principal, query: AuditQueryDto, maxSize?: number): Promise<Page<AuditEventDto>> {
    const organizationId = this.chainOrganization(principal, query.organizationId);
    const size = maxSize ?? pageSize(query);
    const after = decodeCursor(query.cursor);
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: (n: number) => string, value: unknown) => {
      params.push(value);
      where.push(sql(params.length));
    };
    if (organizationId === null) where.push('organization_id IS NULL');
    else add((n) => `organization_id = $${n}`, organizationId);
    if (query.actorId) add((n) => `actor_id = $${n}`, query.actorId);
    if (query.action) add((n) => `action = $${n}`, query.action);
    if (query.from) add((n) => `occurred_at >= $${n}`, query.from);
    if (query.to) add((n) => `occurred_at < $${n}`, query.to);
    if (after) add((n) => `id < $${n}`, after.id);
    params.push(size + 1);
    const rows: AuditRow[] = await this.db.query(
      `SELECT * FROM audit_events WHERE ${where.join(' AND ')} ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    // The operator runs the platform, not the tenants' business: in another organization's log it
    // sees who did what and when, never the details, which can quote document contents (an いいえ
    // answer reviewed, a decline's reason).
    const withholdDetails = isOperator(principal) && organizationId !== null && organizationId !== principal.organizationId;
    return toPage(rows, size, (row) => ({ createdAt: row.occurred_at.toISOString(), id: row.id }), (row) => toDto(row, withholdDetails));
  }

  /** Recomputes every hash of one chain and reports the first row that does not match. */
  async verify(principal: Principal, requestedOrganizationId?: string): Promise<AuditVerificationDto> {
    const organizationId = this.chainOrganization(principal, requestedOrganizationId);
    return this.verifyChain(organizationId ?? 'platform');
  }

  async verifyChain(chainKey: string): Promise<AuditVerificationDto> {
    const [broken]: { id: string; chain_seq: string; reason: string }[] = await this.db.query(
      `WITH ordered AS (
         SELECT e.id, e.chain_seq, e.prev_hash, e.hash,
                audit_event_hash(e.prev_hash, audit_event_payload(e)) AS recomputed,
                lag(e.hash) OVER w AS previous_hash,
                lag(e.chain_seq) OVER w AS previous_seq
           FROM audit_events e
          WHERE e.chain_key = $1
         WINDOW w AS (ORDER BY e.chain_seq))
       SELECT id, chain_seq,
              CASE WHEN hash <> recomputed THEN 'row_altered'
                   WHEN prev_hash <> coalesce(previous_hash, $2) THEN 'link_broken'
                   ELSE 'row_missing' END AS reason
         FROM ordered
        WHERE hash <> recomputed OR prev_hash <> coalesce(previous_hash, $2) OR chain_seq <> coalesce(previous_seq, 0) + 1
        ORDER BY chain_seq
        LIMIT 1`,
      [chainKey, GENESIS_HASH],
    );
    const [summary]: { checked: string; last_seq: string | null; last_hash: string | null; head_seq: string | null; head_hash: string | null }[] =
      await this.db.query(
        `SELECT (SELECT count(*) FROM audit_events WHERE chain_key = $1) AS checked,
                (SELECT chain_seq FROM audit_events WHERE chain_key = $1 ORDER BY chain_seq DESC LIMIT 1) AS last_seq,
                (SELECT hash FROM audit_events WHERE chain_key = $1 ORDER BY chain_seq DESC LIMIT 1) AS last_hash,
                h.last_seq AS head_seq, h.last_hash AS head_hash
           FROM (SELECT 1) one LEFT JOIN audit_chain_heads h ON h.chain_key = $1`,
        [chainKey],
      );
    const checked = Number(summary.checked);
    if (broken) {
      return { chain: chainKey, valid: false, checked, firstBroken: { eventId: broken.id, sequence: Number(broken.chain_seq), reason: broken.reason } };
    }
    if ((summary.head_seq ?? null) !== (summary.last_seq ?? null) || (summary.head_hash ?? null) !== (summary.last_hash ?? null)) {
      // The newest rows were removed: the chain head still remembers them.
      return { chain: chainKey, valid: false, checked, firstBroken: { eventId: null, sequence: Number(summary.last_seq ?? 0) + 1, reason: 'tail_missing' } };
    }
    return { chain: chainKey, valid: true, checked, firstBroken: null };
  }

  /** Every chain in the database (the CLI's full verification). */
  async verifyAll(): Promise<AuditVerificationDto[]> {
    const chains: { chain_key: string }[] = await this.db.query('SELECT chain_key FROM audit_chain_heads ORDER BY chain_key');
    const results: AuditVerificationDto[] = [];
    for (const { chain_key } of chains) results.push(await this.verifyChain(chain_key));
    return results;
  }

  /** Admins read their own organization's chain; the operator may name any, or the platform's. */
  private chainOrganization(principal: Principal, requested?: string): string | null {
    const organizationId = requested === 'platform' ? null : (requested ?? principal.organizationId);
    this.access.assertCanReadAudit(principal, organizationId);
    return organizationId;
  }
}

function toDto(row: AuditRow, withholdDetails: boolean): AuditEventDto {
  return {
    id: row.id,
    sequence: Number(row.chain_seq),
    organizationId: row.organization_id,
    actorType: row.actor_type,
    actorId: row.actor_id,
    actorLabel: row.actor_label,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome,
    sourceIp: row.source_ip,
    userAgent: row.user_agent,
    details: withholdDetails ? null : row.details,
    occurredAt: row.occurred_at.toISOString(),
    hash: row.hash,
  };
}
