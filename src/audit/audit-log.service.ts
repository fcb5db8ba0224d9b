import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AccessPolicy } from '../access/access-policy.service';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { AuditEventDto, AuditQueryDto, AuditVerificationDto } from './audit.dto';
import { AuditVerificationService } from './audit-verification.service';

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

/** Reading and verifying the audit log. */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly access: AccessPolicy,
    private readonly verification: AuditVerificationService,
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
    const withholdDetails = this.access.auditDetailsWithheld(principal, organizationId);
    return toPage(rows, size, (row) => ({ createdAt: row.occurred_at.toISOString(), id: row.id }), (row) => toDto(row, withholdDetails));
  }

  /** Recomputes one chain's hashes, checks its anchors, and reports the first row that does not match. */
  async verify(principal: Principal, requestedOrganizationId?: string): Promise<AuditVerificationDto> {
    const organizationId = this.chainOrganization(principal, requestedOrganizationId);
    return this.verification.verifyChain(organizationId ?? 'platform');
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
