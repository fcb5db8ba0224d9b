import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccessPolicy } from '../access/access-policy.service';
import { isOperator, Principal } from '../access/principal';
import { assertEmailAvailable } from '../accounts/email-availability';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { consumeRateLimit } from '../common/rate-limit';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { CONTRACT_KIND_LABELS } from '../contracts/contracts.dto';
import { checkProposalParties, insertProposedContract, openProposal } from '../contracts/contract-proposal';
import { contractProposalLimit } from '../contracts/proposal-limit';
import { EventsService } from '../events/events.service';
import { InvitationsService } from '../invitations/invitations.service';
import type { InvitePharmacyDto, PendingPharmacyDto, PendingPharmacyQueryDto, PendingPharmacyStatus, RejectPendingPharmacyDto, VendorPharmacyInvitationDto } from './pending-pharmacies.dto';

const STATUS_LABELS: Record<PendingPharmacyStatus, string> = { pending: '承認待ち', approved: '承認済み（招待メール送信済み）', rejected: '却下' };

const SELECT_PENDING = `SELECT p.id, p.organization_id, p.pharmacy_code, o.name AS pharmacy_name, i.email, p.status, p.requested_by_organization_id,
    r.name AS requester_name, r.kind AS requester_kind, p.chain_id, p.reason, p.created_at, p.decided_at,
    ARRAY(SELECT c.id FROM contracts c WHERE c.customer_id = p.organization_id AND c.vendor_id = p.requested_by_organization_id ORDER BY c.created_at) AS contract_ids
  FROM pending_pharmacies p JOIN organizations o ON o.id = p.organization_id JOIN organizations r ON r.id = p.requested_by_organization_id
  JOIN invitations i ON i.id = p.invitation_id`;

interface PendingRow {
  id: string;
  organization_id: string;
  pharmacy_code: string;
  pharmacy_name: string;
  email: string;
  status: PendingPharmacyStatus;
  requested_by_organization_id: string;
  requester_name: string;
  requester_kind: string;
  chain_id: string | null;
  reason: string | null;
  created_at: Date;
  decided_at: Date | null;
  contract_ids: string[];
}

/**
 * A vendor invites a pharmacy that is not on Kaiji with a contract proposal; a chain invites a store.
 * A 保険薬局コード is public, so whoever names the first admin's address could otherwise claim a real
 * pharmacy (and accept its own proposal): the pharmacy is created without its code, so nothing finds
 * it by code, and its admin's invitation is created unsent. The operator checks that the address is
 * the pharmacy's: approving gives the organization its code (and chain) and mails the invitation;
 * rejecting revokes it and declines the waiting proposals with the reason. The proposal stays
 * `proposed` until the pharmacy's admin, once joined, accepts or declines it as any other.
 */
@Injectable()
export class PendingPharmaciesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: AccessPolicy,
    private readonly invitations: InvitationsService,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  async inviteForVendor(principal: Principal, input: VendorPharmacyInvitationDto): Promise<PendingPharmacyDto> {
    if (principal.organizationKind !== 'vendor') {
      throw AppError.forbidden('未登録の薬局を提案とともに招待できるのは事業者だけです (only vendors invite a pharmacy with a proposal).', 'vendor_required');
    }
    assertNotViewer(principal);
    const terms = input.contract;
    // The proposal's own rules and budget (POST /v1/contracts): an invitation is a proposal, and tells whether a code is on Kaiji.
    await openProposal(this.db, this.config.contractProposalsPerHour, principal.organizationId, terms, 'contract.');
    await checkProposalParties(this.db.manager, { vendorId: principal.organizationId }, terms, 'contract.');
    await assertEmailAvailable(this.db, principal.organizationId, input.email);
    return this.db.transaction(async (manager) => {
      const pending = await this.createPending(manager, principal, input, null);
      // The pharmacy hears of the proposal once the operator approves it (approve below).
      await insertProposedContract(manager, this.audit, {
        principal,
        vendorId: principal.organizationId,
        customerId: pending.organizationId,
        side: 'vendor',
        terms,
        auditDetails: { pendingPharmacyId: pending.id },
      });
      return this.findOne(manager, pending.id);
    });
  }

  async inviteStore(principal: Principal, chainId: string, input: InvitePharmacyDto): Promise<PendingPharmacyDto> {
    // A chain's admins (others of the chain 403, everyone outside 404, as its accounts).
    this.access.assertCanManageAccounts(principal, chainId);
    const [chain]: unknown[] = await this.db.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'chain'`, [chainId]);
    if (!chain) throw AppError.notFound('chain');
    await consumeRateLimit(this.db, contractProposalLimit(chainId, this.config.contractProposalsPerHour));
    await assertEmailAvailable(this.db, chainId, input.email);
    return this.db.transaction(async (manager) => {
      const pending = await this.createPending(manager, principal, input, chainId);
      return this.findOne(manager, pending.id);
    });
  }

  /** The operator sees every request; a vendor or chain its own. */
  async list(principal: Principal, query: PendingPharmacyQueryDto): Promise<Page<PendingPharmacyDto>> {
    if (!isOperator(principal) && principal.organizationKind !== 'vendor' && principal.organizationKind !== 'chain') {
      throw AppError.forbidden('招待した薬局の一覧は事業者・法人本部・運営者が見られます (only vendors, chains and the operator list invited pharmacies).', 'not_a_requester');
    }
    const size = pageSize(query);
    const after = decodeCursor(query.cursor);
    const rows: PendingRow[] = await this.db.query(
      `${SELECT_PENDING}
        WHERE ($1::uuid IS NULL OR p.requested_by_organization_id = $1) AND ($2::text IS NULL OR p.status = $2)
          AND ($3::timestamptz IS NULL OR (p.created_at, p.id) > ($3, $4::uuid))
        ORDER BY p.created_at, p.id LIMIT $5`,
      [isOperator(principal) ? null : principal.organizationId, query.status ?? null, after?.createdAt ?? null, after?.id ?? null, size + 1],
    );
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), toDto);
  }

  approve(principal: Principal, id: string): Promise<PendingPharmacyDto> {
    assertOperator(principal);
    return this.db.transaction(async (manager) => {
      const pending = await this.lockPending(manager, id);
      const [taken]: unknown[] = await manager.query('SELECT 1 FROM organizations WHERE pharmacy_code = $1', [pending.pharmacy_code]);
      if (taken) {
        throw AppError.conflict('pharmacy_registered', 'この保険薬局コードの薬局はすでにKaijiに登録されています。却下してください (a pharmacy with this code joined Kaiji meanwhile: reject this request).');
      }
      await manager.query('UPDATE organizations SET pharmacy_code = $2, chain_id = $3, updated_at = now() WHERE id = $1', [pending.organization_id, pending.pharmacy_code, pending.chain_id]);
      await manager.query(`UPDATE pending_pharmacies SET status = 'approved', decided_at = now(), decided_by = $2 WHERE id = $1`, [id, userIdOf(principal)]);
      await this.invitations.sendPending(manager, pending.organization_id, pending.invitation_id);
      await this.record(manager, principal, pending, 'pending_pharmacy.approve');
      await this.events.publish(manager, {
        type: 'pending_pharmacy.approved',
        recipients: [pending.requested_by_organization_id],
        subject: { type: 'pending_pharmacy', id },
        payload: { pendingPharmacyId: id, pharmacyCode: pending.pharmacy_code },
        notification: { title: '招待した薬局が承認され、招待メールを送りました', body: pending.pharmacy_name },
      });
      // The proposals now reach the pharmacy as any other: its admin sees them after joining.
      const contracts: { id: string; kind: keyof typeof CONTRACT_KIND_LABELS }[] = await manager.query(`SELECT id, kind FROM contracts WHERE customer_id = $1 AND status = 'proposed'`, [pending.organization_id]);
      for (const contract of contracts) {
        await this.events.publish(manager, {
          type: 'contract.proposed',
          recipients: [pending.organization_id],
          subject: { type: 'contract', id: contract.id },
          payload: { contractId: contract.id, kind: contract.kind, proposedBy: 'vendor' },
          notification: { title: '契約の承認依頼が届きました', body: CONTRACT_KIND_LABELS[contract.kind], link: `/contracts/${contract.id}` },
        });
      }
      return this.findOne(manager, id);
    });
  }

  reject(principal: Principal, id: string, input: RejectPendingPharmacyDto): Promise<PendingPharmacyDto> {
    assertOperator(principal);
    return this.db.transaction(async (manager) => {
      const pending = await this.lockPending(manager, id);
      await manager.query(`UPDATE pending_pharmacies SET status = 'rejected', reason = $2, decided_at = now(), decided_by = $3 WHERE id = $1`, [id, input.reason, userIdOf(principal)]);
      await manager.query('UPDATE invitations SET revoked_at = now() WHERE id = $1 AND accepted_at IS NULL AND revoked_at IS NULL', [pending.invitation_id]);
      const declined: { id: string }[] = await manager.query(
        `UPDATE contracts SET status = 'declined', decided_at = now(), updated_at = now() WHERE customer_id = $1 AND status = 'proposed' RETURNING id`,
        [pending.organization_id],
      );
      await this.record(manager, principal, pending, 'pending_pharmacy.reject', { reason: input.reason, declinedContractIds: declined.map((c) => c.id) });
      await this.events.publish(manager, {
        type: 'pending_pharmacy.rejected',
        recipients: [pending.requested_by_organization_id],
        subject: { type: 'pending_pharmacy', id },
        payload: { pendingPharmacyId: id, pharmacyCode: pending.pharmacy_code, reason: input.reason, declinedContractIds: declined.map((c) => c.id) },
        notification: { title: '招待した薬局は運営者により却下されました（提案は辞退扱いになりました）', body: `${pending.pharmacy_name}: ${input.reason}` },
      });
      return this.findOne(manager, id);
    });
  }

  /** The organization (without its code), the unsent invitation and the request, under a lock on the code. */
  private async createPending(manager: EntityManager, principal: Principal, input: InvitePharmacyDto, chainId: string | null): Promise<{ id: string; organizationId: string }> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('pending-pharmacy:' || $1))`, [input.pharmacyCode]);
    const [registered]: unknown[] = await manager.query('SELECT 1 FROM organizations WHERE pharmacy_code = $1', [input.pharmacyCode]);
    if (registered) {
      throw AppError.conflict('pharmacy_registered', 'この保険薬局コードの薬局はすでにKaijiに登録されています。通常の提案を送ってください (this pharmacy is on Kaiji: send an ordinary proposal).');
    }
    const [open]: unknown[] = await manager.query(`SELECT 1 FROM pending_pharmacies WHERE pharmacy_code = $1 AND status = 'pending'`, [input.pharmacyCode]);
    if (open) {
      throw AppError.conflict('pharmacy_invitation_pending', 'この保険薬局コードの薬局は招待中（運営者の承認待ち）です。承認後に提案を送ってください (this pharmacy has been invited and awaits the operator: propose once it has joined).');
    }
    const [organization]: { id: string }[] = await manager.query(`INSERT INTO organizations (kind, name) VALUES ('pharmacy', $1) RETURNING id`, [input.pharmacyName]);
    const invitationId = await this.invitations.createUnsent(manager, organization.id, input.email);
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO pending_pharmacies (organization_id, pharmacy_code, invitation_id, requested_by_organization_id, requested_by_user, chain_id)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [organization.id, input.pharmacyCode, invitationId, principal.organizationId, userIdOf(principal), chainId],
    );
    const requesterOrganizationId = chainId ?? principal.organizationId;
    await this.audit.record(
      {
        actor: principal,
        organizationId: requesterOrganizationId,
        action: 'pending_pharmacy.request',
        target: { type: 'pending_pharmacy', id: row.id },
        details: { pharmacyCode: input.pharmacyCode, pharmacyName: input.pharmacyName, email: input.email },
      },
      manager,
    );
    return { id: row.id, organizationId: organization.id };
  }

  private async lockPending(manager: EntityManager, id: string): Promise<PendingRow & { invitation_id: string }> {
    const [locked]: { status: string }[] = await manager.query('SELECT status FROM pending_pharmacies WHERE id = $1 FOR UPDATE', [id]);
    if (!locked) throw AppError.notFound('pending_pharmacy');
    if (locked.status !== 'pending') throw AppError.conflict('pending_pharmacy_decided', 'この招待はすでに承認または却下されています (this request was already decided).');
    const [row]: (PendingRow & { invitation_id: string })[] = await manager.query(`${SELECT_PENDING.replace('SELECT p.id,', 'SELECT p.id, p.invitation_id,')} WHERE p.id = $1`, [id]);
    return row;
  }

  private async findOne(manager: EntityManager, id: string): Promise<PendingPharmacyDto> {
    const [row]: PendingRow[] = await manager.query(`${SELECT_PENDING} WHERE p.id = $1`, [id]);
    if (!row) throw AppError.notFound('pending_pharmacy');
    return toDto(row);
  }

  /** In the operator's chain and the requester's, so each side's audit log shows the decision. */
  private async record(manager: EntityManager, principal: Principal, pending: PendingRow, action: string, details: Record<string, unknown> = {}): Promise<void> {
    const target = { type: 'pending_pharmacy', id: pending.id };
    await this.audit.record({ actor: principal, organizationId: principal.organizationId, action, target, details: { pharmacyCode: pending.pharmacy_code, ...details } }, manager);
    await this.audit.record({ actor: principal, organizationId: pending.requested_by_organization_id, action, target, details: { pharmacyCode: pending.pharmacy_code, ...details } }, manager);
  }
}

function toDto(row: PendingRow): PendingPharmacyDto {
  return {
    id: row.id,
    organizationId: row.organization_id,
    pharmacyCode: row.pharmacy_code,
    pharmacyName: row.pharmacy_name,
    email: row.email,
    status: row.status,
    statusLabel: STATUS_LABELS[row.status],
    requestedByOrganizationId: row.requested_by_organization_id,
    requestedByOrganizationName: row.requester_name,
    requestedByKind: row.requester_kind,
    chainId: row.chain_id,
    contractIds: row.contract_ids,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}

function assertOperator(principal: Principal): void {
  if (!isOperator(principal)) throw AppError.forbidden('招待された薬局は運営者が承認します (only the Kaiji operator approves invited pharmacies).', 'operator_required');
}

function assertNotViewer(principal: Principal): void {
  if (principal.type === 'user' && principal.role === 'viewer') throw AppError.forbidden('閲覧者は薬局を招待できません (viewers cannot invite pharmacies).', 'role_forbidden');
}

function userIdOf(principal: Principal): string | null {
  return principal.type === 'user' ? principal.userId : null;
}
