import type { Principal } from '../access/principal';
import { shownStatus } from './contract-term';
import { CONTRACT_KIND_LABELS, CONTRACT_STATUS_LABELS, ContractDto, ContractKind, StoredContractStatus } from './contracts.dto';

export interface ContractRow {
  id: string;
  kind: ContractKind;
  /** The stored acceptance state (shown as `ended` past ends_on). */
  status: StoredContractStatus;
  vendor_id: string;
  vendor_name: string;
  customer_id: string;
  customer_name: string;
  customer_pharmacy_code: string | null;
  agent_id: string | null;
  agent_name: string | null;
  starts_on: string;
  ends_on: string | null;
  proposed_by: 'vendor' | 'customer';
  decided_at: Date | null;
  ended_at: Date | null;
  ended_by_side: 'vendor' | 'customer' | null;
  end_reason: string | null;
  created_at: Date;
  updated_at: Date;
  products: { id: string; name: string; category: string }[];
}

export const SELECT_CONTRACT = `
  SELECT c.id, c.kind, c.status, c.vendor_id, v.name AS vendor_name, c.customer_id, cu.name AS customer_name,
         cu.pharmacy_code AS customer_pharmacy_code, c.agent_id, a.name AS agent_name,
         to_char(c.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on,
         c.proposed_by, c.decided_at, c.created_at, c.updated_at, c.ended_at, c.end_reason,
         CASE WHEN c.ended_at IS NULL THEN NULL WHEN c.ended_by_org = c.vendor_id THEN 'vendor' ELSE 'customer' END AS ended_by_side,
         coalesce((SELECT json_agg(json_build_object('id', p.id, 'name', p.name, 'category', p.category) ORDER BY p.name)
                     FROM contract_products cp JOIN products p ON p.id = cp.product_id WHERE cp.contract_id = c.id), '[]') AS products
    FROM contracts c
    JOIN organizations v ON v.id = c.vendor_id
    JOIN organizations cu ON cu.id = c.customer_id
    LEFT JOIN organizations a ON a.id = c.agent_id`;

export function toContractDto(row: ContractRow, principal: Principal): ContractDto {
  const yourRole = row.vendor_id === principal.organizationId ? 'vendor' : row.agent_id === principal.organizationId ? 'agent' : 'customer';
  // Nothing of a pharmacy is shown to a vendor before the pharmacy has agreed to the relationship.
  const customerNameVisible = yourRole === 'customer' || row.status === 'active' || row.proposed_by === 'customer';
  // The proposing vendor typed the 保険薬局コード itself; an agent learns it only with the name.
  const pharmacyCodeVisible = customerNameVisible || yourRole === 'vendor';
  const status = shownStatus(row);
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: CONTRACT_KIND_LABELS[row.kind],
    status,
    statusLabel: CONTRACT_STATUS_LABELS[status],
    vendor: { id: row.vendor_id, name: row.vendor_name },
    customer: { id: row.customer_id, name: customerNameVisible ? row.customer_name : null, pharmacyCode: pharmacyCodeVisible ? row.customer_pharmacy_code : null },
    agent: row.agent_id ? { id: row.agent_id, name: row.agent_name } : null,
    products: row.products,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    ...(row.ended_at && row.ended_by_side && row.end_reason && row.ends_on
      ? { termination: { endsOn: row.ends_on, reason: row.end_reason, endedBy: row.ended_by_side, recordedAt: row.ended_at.toISOString() } }
      : {}),
    proposedBy: row.proposed_by,
    yourRole,
    owesChecklist: row.kind !== 'sale_only',
    decidedAt: row.decided_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
