import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import type { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { consumeRateLimit } from '../common/rate-limit';
import type { ContractKind } from './contracts.dto';
import { contractProposalLimit } from './proposal-limit';

/**
 * The rules of a contract proposal, shared by POST /v1/contracts and a vendor's invitation of a
 * pharmacy not yet on Kaiji (POST /v1/pharmacy-invitations), which is a proposal too: one place,
 * so the two routes cannot drift apart. `fieldPrefix` names the fields as the caller's body does
 * ('contract.' when the terms are nested).
 */
export interface ProposalTerms {
  kind: ContractKind;
  agentId?: string;
  startsOn: string;
  endsOn?: string;
  productIds?: string[];
}

export interface ProposalParties {
  vendorId: string;
  /** Unknown while the pharmacy is still being invited (it is created with the contract). */
  customerId?: string;
}

/**
 * Before the parties are looked up: the dates, then the hourly budget. The budget is spent before
 * any lookup so that refused attempts (an unknown 保険薬局コード) count too (see proposal-limit.ts).
 */
export async function openProposal(db: DataSource, perHour: number, organizationId: string, terms: ProposalTerms, fieldPrefix = ''): Promise<void> {
  if (terms.endsOn && terms.endsOn < terms.startsOn) throw AppError.invalid([{ field: `${fieldPrefix}endsOn`, message: 'must not be before startsOn' }]);
  await consumeRateLimit(db, contractProposalLimit(organizationId, perHour));
}

/** Once the parties are known: an agent that is another vendor, and only the vendor's products. */
export async function checkProposalParties(manager: EntityManager, parties: ProposalParties, terms: ProposalTerms, fieldPrefix = ''): Promise<void> {
  if (terms.agentId) {
    const [agent]: unknown[] = await manager.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'vendor'`, [terms.agentId]);
    if (!agent || terms.agentId === parties.vendorId || terms.agentId === parties.customerId) {
      throw AppError.invalid([{ field: `${fieldPrefix}agentId`, message: 'must be another vendor organization (代理店)' }]);
    }
  }
  if (terms.productIds?.length) await assertVendorProducts(manager, parties.vendorId, terms.productIds, `${fieldPrefix}productIds`);
}

export async function assertVendorProducts(manager: EntityManager, vendorId: string, productIds: string[], field = 'productIds'): Promise<void> {
  const rows: { id: string }[] = await manager.query('SELECT id FROM products WHERE vendor_id = $1 AND id = ANY($2::uuid[])', [vendorId, productIds]);
  if (rows.length !== new Set(productIds).size) throw AppError.invalid([{ field, message: "must all be the vendor's products" }]);
}

export interface ProposedContract {
  principal: Principal;
  vendorId: string;
  customerId: string;
  side: 'vendor' | 'customer';
  terms: ProposalTerms;
  /** Extra audit details beside kind and side (e.g. the pending pharmacy the proposal waits on). */
  auditDetails?: Record<string, unknown>;
}

/**
 * Inserts the `proposed` contract with its products and audits it, in the caller's transaction.
 * The caller decides when the other side hears of it (at once, or once an invited pharmacy is approved).
 */
export async function insertProposedContract(manager: EntityManager, audit: AuditService, proposal: ProposedContract): Promise<string> {
  const { principal, terms } = proposal;
  const [row]: { id: string }[] = await manager.query(
    `INSERT INTO contracts (vendor_id, customer_id, kind, agent_id, starts_on, ends_on, status, proposed_by, proposed_by_user)
     VALUES ($1, $2, $3, $4, $5, $6, 'proposed', $7, $8) RETURNING id`,
    [proposal.vendorId, proposal.customerId, terms.kind, terms.agentId ?? null, terms.startsOn, terms.endsOn ?? null, proposal.side, principal.type === 'user' ? principal.userId : null],
  );
  if (terms.productIds?.length) {
    await manager.query('INSERT INTO contract_products (contract_id, product_id) SELECT $1, unnest($2::uuid[])', [row.id, terms.productIds]);
  }
  await audit.record(
    {
      actor: principal,
      organizationId: principal.organizationId,
      action: 'contract.propose',
      target: { type: 'contract', id: row.id },
      details: { kind: terms.kind, side: proposal.side, ...proposal.auditDetails },
    },
    manager,
  );
  return row.id;
}
