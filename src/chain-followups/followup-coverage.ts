import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { contractInForce, contractVisible, SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import type { RequestContract } from '../document-requests/document-request-rules';

/** Why a store got no request or thread (Japanese, for the people at headquarters). */
export const SKIP_REASON_LABELS = {
  no_active_contract: 'この事業者との有効な契約がありません',
  checklist_not_required: '売買契約のみの契約のため事業者確認用チェックリストは不要です',
  contract_not_active: '契約が有効ではありません',
  contract_ended: 'この事業者との契約は終了しています',
  product_not_covered: '契約の対象製品ではありません',
  product_required: '契約が複数の製品を対象としているため製品の指定が必要です',
  other_addressee: 'この店舗の依頼先は別の事業者（代理店）です',
  request_already_open: '同じ書類の依頼がすでに進行中です',
  document_not_visible: 'この店舗には対象の書類が届いていません',
  no_submitted_checklist: 'この年度の事業者確認用チェックリストが提出されていません',
  item_not_answered: 'この項目が回答されていません',
  thread_already_open: 'この項目の問い合わせがすでに進行中です',
} as const;
export type SkipReason = keyof typeof SKIP_REASON_LABELS;

/** A store that got nothing, as kept with the follow-up (names are read when shown). */
export interface Skip {
  storeId: string;
  contractId: string | null;
  reason: SkipReason;
  existingId: string | null;
}

export interface CoveredStore {
  id: string;
  name: string;
  /** Its contracts in force with the organization asked (as vendor or as agent), oldest first. */
  contracts: RequestContract[];
}

/** What the chain sent, kept as sent in chain_followups.request (with who got nothing, shown to the chain only). */
export interface StoredFollowup {
  storeIds: string[] | null;
  request?: { kind: string; productId: string | null; fiscalYear: number | null; message: string | null; dueOn: string | null };
  thread?: { documentType: string; documentId: string; itemId: string; message: string; dueOn: string | null; documentLabel: string; itemText: string; fiscalYear: number | null };
  skipped: Skip[];
}

/** The chain routes are the chain's own: anyone else (another chain, its stores, vendors, the operator) finds nothing. */
export function assertOwnChain(principal: Principal, chainId: string): void {
  if (principal.organizationKind !== 'chain' || principal.organizationId !== chainId) throw AppError.notFound('chain');
}

/** Chain API clients need the scope of what they create; users are checked by the guard (viewers cannot write). */
export function assertScope(principal: Principal, scope: 'requests:write' | 'threads:write'): void {
  if (principal.type === 'client' && !principal.scopes.includes(scope)) throw AppError.forbidden(`This API client lacks the scope ${scope}.`, 'insufficient_scope');
}

/**
 * The stores a follow-up considers, each with its active contracts with the organization asked:
 * the selected stores (each must be a store of the chain: 400 otherwise, nothing written), or by
 * default every store that has such a contract. Selected stores without one are skipped with
 * `no_active_contract`, so nothing selected is silently dropped.
 */
export async function loadCoverage(
  db: DataSource,
  principal: Principal,
  vendorId: string,
  storeIds: string[] | null,
): Promise<{ stores: CoveredStore[]; skipped: Skip[] }> {
  const params = new SqlParams([principal.organizationId, vendorId]);
  const selected = storeIds ? `AND s.id = ANY(${params.add(storeIds)}::uuid[])` : '';
  const rows: (RequestContract & { store_id: string; store_name: string })[] = await db.query(
    `SELECT s.id AS store_id, s.name AS store_name,
            c.id, c.kind, c.status, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.vendor_id, c.agent_id, c.customer_id, s.kind AS customer_kind, s.name AS customer_name,
            ARRAY(SELECT cp.product_id FROM contract_products cp WHERE cp.contract_id = c.id ORDER BY cp.product_id)::text[] AS product_ids
       FROM organizations s
       ${storeIds ? 'LEFT ' : ''}JOIN contracts c ON c.customer_id = s.id AND ${contractInForce('c', params)} AND (c.vendor_id = $2 OR c.agent_id = $2)
                         AND ${contractVisible(principal, 'c', params)}
      WHERE s.chain_id = $1 AND s.kind = 'pharmacy' ${selected}
      ORDER BY s.name, s.id, c.created_at, c.id`,
    params.values,
  );
  const stores = new Map<string, CoveredStore>();
  for (const row of rows) {
    const store = stores.get(row.store_id) ?? { id: row.store_id, name: row.store_name, contracts: [] };
    stores.set(row.store_id, store);
    if (row.id) store.contracts.push(row);
  }
  if (storeIds) {
    const unknown = storeIds.filter((id) => !stores.has(id));
    if (unknown.length > 0) throw AppError.invalid([{ field: 'storeIds', message: `are not stores of this chain: ${unknown.join(', ')}` }]);
  }
  const skipped: Skip[] = [];
  for (const store of stores.values()) {
    if (store.contracts.length === 0) skipped.push({ storeId: store.id, contractId: null, reason: 'no_active_contract', existingId: null });
  }
  return { stores: [...stores.values()].filter((store) => store.contracts.length > 0), skipped };
}

/** Nothing to send: 422 listing why each considered store got nothing (nothing is written). */
export function noStoreQualifies(skipped: Skip[]): AppError {
  return AppError.unprocessable('no_store_qualifies', 'No store of the chain qualifies for this follow-up: see `skipped` for each store considered.', {
    skipped: skipped.map((skip) => ({ ...skip, reasonLabel: SKIP_REASON_LABELS[skip.reason] })),
  });
}
