import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorId, isOperator, Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { EventsService } from '../events/events.service';
import {
  IdentityChangeDto,
  IdentityChangeQueryDto,
  IdentityChangeReviewDto,
  IdentityChangeStatus,
  LookalikeVendorDto,
  RejectIdentityChangeDto,
} from './identity-changes.dto';
import type { Organization } from './organization.entity';
import { NAME_KEY_SQL, normalizeOrganizationName } from './organization-name';

const STATUS_LABELS: Record<IdentityChangeStatus, string> = { pending: '承認待ち', approved: '承認済み', rejected: '却下', withdrawn: '取り下げ' };

interface ChangeRow {
  id: string;
  organization_id: string;
  requested_name: string;
  requested_corporate_number: string | null;
  previous_name: string;
  previous_corporate_number: string | null;
  status: IdentityChangeStatus;
  requested_at: Date;
  decided_at: Date | null;
  reason: string | null;
  lookalikes?: LookalikeVendorDto[];
}

/** The name and 法人番号 an update asks for; undefined leaves a field as it is. */
export interface IdentityFields {
  name?: string;
  corporateNumber?: string | null;
}

/**
 * A vendor's name and 法人番号 are what pharmacies trust when they propose a contract, so a vendor
 * changes them only with the operator's approval (issue 13, finding 8): its admins' change becomes a
 * pending request (one at a time; a new one replaces it, asking for the current values withdraws
 * it), the operator approves or rejects it, and each step is in the vendor's own audit chain. The
 * operator's own change to a vendor applies at once (it is the approver). A 法人番号 is never
 * shared between vendors (a unique index too). Pharmacies and chains change theirs directly.
 */
@Injectable()
export class IdentityChangesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  /**
   * Runs inside the update's transaction, the organization's row locked. Returns the update with
   * its name normalised, and without the name and 法人番号 when they became a request instead.
   */
  async screen<T extends IdentityFields>(manager: EntityManager, principal: Principal, organization: Organization, input: T): Promise<T> {
    const direct = input.name === undefined ? { ...input } : { ...input, name: normalizeOrganizationName(input.name) };
    if (organization.kind !== 'vendor' || (direct.name === undefined && direct.corporateNumber === undefined)) return direct;
    const requested = {
      name: direct.name ?? organization.name,
      corporateNumber: direct.corporateNumber === undefined ? organization.corporateNumber : direct.corporateNumber,
    };
    await this.assertCorporateNumberFree(manager, organization.id, requested.corporateNumber);
    if (isOperator(principal)) return direct;
    await this.fileRequest(manager, principal, organization, requested);
    const { name: _name, corporateNumber: _corporateNumber, ...rest } = direct;
    return rest as T;
  }

  /** The vendor's latest request, whatever became of it (null for others or when there is none). */
  async latest(manager: EntityManager, organizationId: string): Promise<IdentityChangeDto | null> {
    const [row]: ChangeRow[] = await manager.query(
      'SELECT * FROM organization_identity_changes WHERE organization_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 1',
      [organizationId],
    );
    return row ? toDto(row) : null;
  }

  async list(principal: Principal, query: IdentityChangeQueryDto): Promise<Page<IdentityChangeReviewDto>> {
    assertOperator(principal);
    const size = pageSize(query);
    const after = decodeCursor(query.cursor);
    const rows: ChangeRow[] = await this.db.query(
      `SELECT c.*, ${LOOKALIKES_SQL} AS lookalikes
         FROM organization_identity_changes c
        WHERE c.status = $1 AND ($2::timestamptz IS NULL OR (c.requested_at, c.id) > ($2, $3::uuid))
        ORDER BY c.requested_at, c.id LIMIT $4`,
      [query.status ?? 'pending', after?.createdAt ?? null, after?.id ?? null, size + 1],
    );
    return toPage(rows, size, (row) => ({ createdAt: row.requested_at.toISOString(), id: row.id }), toReviewDto);
  }

  approve(principal: Principal, id: string): Promise<IdentityChangeReviewDto> {
    assertOperator(principal);
    return this.db.transaction(async (manager) => {
      const change = await this.lockPending(manager, id);
      await manager.query('SELECT 1 FROM organizations WHERE id = $1 FOR UPDATE', [change.organization_id]);
      await this.assertCorporateNumberFree(manager, change.organization_id, change.requested_corporate_number);
      await manager.query('UPDATE organizations SET name = $2, corporate_number = $3, updated_at = now() WHERE id = $1', [
        change.organization_id,
        change.requested_name,
        change.requested_corporate_number,
      ]);
      return this.decide(manager, principal, change, 'approved', null);
    });
  }

  reject(principal: Principal, id: string, input: RejectIdentityChangeDto): Promise<IdentityChangeReviewDto> {
    assertOperator(principal);
    return this.db.transaction(async (manager) => {
      const change = await this.lockPending(manager, id);
      return this.decide(manager, principal, change, 'rejected', input.reason || null);
    });
  }

  private async fileRequest(manager: EntityManager, principal: Principal, organization: Organization, requested: { name: string; corporateNumber: string | null }): Promise<void> {
    const [pending]: ChangeRow[] = await manager.query(`SELECT * FROM organization_identity_changes WHERE organization_id = $1 AND status = 'pending' FOR UPDATE`, [organization.id]);
    if (pending && pending.requested_name === requested.name && pending.requested_corporate_number === requested.corporateNumber) return;
    const unchanged = requested.name === organization.name && requested.corporateNumber === organization.corporateNumber;
    if (pending) {
      await manager.query(`UPDATE organization_identity_changes SET status = 'withdrawn', decided_at = now(), decided_by = $2 WHERE id = $1`, [pending.id, userIdOf(principal)]);
      if (unchanged) {
        await this.audit.record({ actor: principal, organizationId: organization.id, action: 'organization.identity_change_withdrawn', target: { type: 'identity_change', id: pending.id } }, manager);
      }
    }
    if (unchanged) return;
    const [created]: { id: string }[] = await manager.query(
      `INSERT INTO organization_identity_changes (organization_id, requested_name, requested_corporate_number, previous_name, previous_corporate_number, requested_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [organization.id, requested.name, requested.corporateNumber, organization.name, organization.corporateNumber, userIdOf(principal)],
    );
    await this.audit.record(
      {
        actor: principal,
        organizationId: organization.id,
        action: 'organization.identity_change_requested',
        target: { type: 'identity_change', id: created.id },
        details: { requestedName: requested.name, requestedCorporateNumber: requested.corporateNumber, replaces: pending?.id ?? null },
      },
      manager,
    );
  }

  private async lockPending(manager: EntityManager, id: string): Promise<ChangeRow> {
    const [change]: ChangeRow[] = await manager.query('SELECT * FROM organization_identity_changes WHERE id = $1 FOR UPDATE', [id]);
    if (!change) throw AppError.notFound('identity change');
    if (change.status !== 'pending') {
      throw AppError.conflict('identity_change_not_pending', `この変更申請はすでに${STATUS_LABELS[change.status]}です (the change request is already ${change.status}).`);
    }
    return change;
  }

  /** Records the decision in the vendor's audit chain and tells its admins. */
  private async decide(manager: EntityManager, operator: Principal, change: ChangeRow, status: 'approved' | 'rejected', reason: string | null): Promise<IdentityChangeReviewDto> {
    await manager.query('UPDATE organization_identity_changes SET status = $2, decided_at = now(), decided_by = $3, reason = coalesce($4, reason) WHERE id = $1', [
      change.id,
      status,
      userIdOf(operator),
      reason,
    ]);
    const action = `organization.identity_change_${status}`;
    const target = { type: 'identity_change', id: change.id };
    await this.audit.record({ actor: operator, organizationId: change.organization_id, action, target, details: { requestedName: change.requested_name, requestedCorporateNumber: change.requested_corporate_number, reason } }, manager);
    await this.events.publish(manager, {
      type: 'organization.operator_action',
      recipients: [change.organization_id],
      audience: { roles: ['admin'] },
      subject: target,
      payload: { organizationId: change.organization_id, action, target, changed: status === 'approved' ? ['name', 'corporateNumber'] : [], operatorId: actorId(operator) },
      notification: {
        title: status === 'approved' ? '組織名・法人番号の変更が承認されました' : '組織名・法人番号の変更申請が却下されました',
        body: status === 'approved' ? `新しい組織名: ${change.requested_name}` : `理由: ${reason ?? '記載なし'}`,
        link: '/admin/organization',
      },
    });
    const [row]: ChangeRow[] = await manager.query(`SELECT c.*, ${LOOKALIKES_SQL} AS lookalikes FROM organization_identity_changes c WHERE c.id = $1`, [change.id]);
    return toReviewDto(row);
  }

  private async assertCorporateNumberFree(manager: EntityManager, organizationId: string, corporateNumber: string | null): Promise<void> {
    if (corporateNumber === null) return;
    const [holder]: unknown[] = await manager.query(`SELECT 1 FROM organizations WHERE kind = 'vendor' AND corporate_number = $1 AND id <> $2`, [corporateNumber, organizationId]);
    if (holder) throw corporateNumberTaken();
  }
}

/** Other vendors a request could be mistaken for: the same name as people read it, or the same 法人番号. */
const LOOKALIKES_SQL = `coalesce((
  SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'corporateNumber', o.corporate_number) ORDER BY o.created_at, o.id)
    FROM organizations o
   WHERE o.kind = 'vendor' AND o.id <> c.organization_id
     AND (${NAME_KEY_SQL('o.name')} = ${NAME_KEY_SQL('c.requested_name')} OR o.corporate_number = c.requested_corporate_number)), '[]'::json)`;

export function corporateNumberTaken(): AppError {
  return AppError.conflict('corporate_number_taken', 'この法人番号はすでに別の事業者が登録しています。運営者にお問い合わせください (another vendor already holds this 法人番号: contact the operator).');
}

function assertOperator(principal: Principal): void {
  if (!isOperator(principal)) throw AppError.forbidden('組織名・法人番号の変更は運営者が承認します (only the Kaiji operator reviews name and 法人番号 changes).', 'operator_required');
}

function userIdOf(principal: Principal): string | null {
  return principal.type === 'user' ? principal.userId : null;
}

function toDto(row: ChangeRow): IdentityChangeDto {
  return {
    id: row.id,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    requestedName: row.requested_name,
    requestedCorporateNumber: row.requested_corporate_number,
    previousName: row.previous_name,
    previousCorporateNumber: row.previous_corporate_number,
    requestedAt: row.requested_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
    reason: row.reason,
  };
}

function toReviewDto(row: ChangeRow): IdentityChangeReviewDto {
  return { ...toDto(row), organizationId: row.organization_id, lookalikes: row.lookalikes ?? [] };
}
