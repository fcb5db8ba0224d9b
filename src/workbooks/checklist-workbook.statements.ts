import type { EntityManager } from 'typeorm';
import type { ChecklistContract } from '../checklists/checklists.service';
import type { WorkbookAnswer } from './checklist-workbook-writer';

/** A vendor's contract as the workbooks see it: the checklist rules' fields, and who the customer is. */
export interface WorkbookContract extends ChecklistContract {
  pharmacy_code: string | null;
  customer_name: string;
}

const CONTRACT_COLUMNS = `c.id, c.kind, c.status, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on, c.customer_id, cu.kind AS customer_kind, cu.pharmacy_code, cu.name AS customer_name`;

/**
 * The vendor's customers that owe a 事業者確認用: its own (as vendor, never as agent) maintenance
 * and operation contracts in force, optionally of one kind or covering one product. One more than
 * `limit` is read so that the caller can tell "too many" without counting them all.
 */
export function owingContracts(db: EntityManager, vendorId: string, today: string, filters: { productId?: string; contractKind?: string }, limit: number): Promise<WorkbookContract[]> {
  return db.query(
    `SELECT ${CONTRACT_COLUMNS}
       FROM contracts c JOIN organizations cu ON cu.id = c.customer_id
      WHERE c.vendor_id = $1 AND c.status = 'active' AND (c.ends_on IS NULL OR c.ends_on >= $2::date) AND c.kind <> 'sale_only'
        AND ($3::text IS NULL OR c.kind = $3)
        AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM contract_products cp WHERE cp.contract_id = c.id AND cp.product_id = $4))
      ORDER BY cu.pharmacy_code NULLS LAST, cu.name, c.id
      LIMIT $5`,
    [vendorId, today, filters.contractKind ?? null, filters.productId ?? null, limit + 1],
  );
}

/** The contracts a workbook names, by id or by 保険薬局コード: only the vendor's own (anyone else's is simply not found). */
export function namedContracts(db: EntityManager, vendorId: string, ids: string[], codes: string[]): Promise<WorkbookContract[]> {
  return db.query(
    `SELECT ${CONTRACT_COLUMNS}
       FROM contracts c JOIN organizations cu ON cu.id = c.customer_id
      WHERE c.vendor_id = $1 AND (c.id = ANY($2::uuid[]) OR (cu.pharmacy_code = ANY($3::text[]) AND c.status = 'active' AND c.kind <> 'sale_only'))`,
    [vendorId, ids, codes],
  );
}

export interface LatestChecklist {
  contractId: string;
  id: string;
  revision: number;
  status: 'draft' | 'submitted';
  formId: string;
  managerName: string | null;
  answers: Map<string, WorkbookAnswer>;
}

/** The latest revision (a draft included) of each contract's checklist for the 年度, with its answers. */
export async function latestChecklists(db: EntityManager, contractIds: string[], fiscalYear: number): Promise<Map<string, LatestChecklist>> {
  if (contractIds.length === 0) return new Map();
  const heads: { id: string; contract_id: string; revision: number; status: 'draft' | 'submitted'; form_id: string; manager_name: string | null }[] = await db.query(
    `SELECT DISTINCT ON (contract_id) id, contract_id, revision, status, form_id, manager_name
       FROM vendor_checklists WHERE contract_id = ANY($1::uuid[]) AND fiscal_year = $2 ORDER BY contract_id, revision DESC`,
    [contractIds, fiscalYear],
  );
  const latest = new Map<string, LatestChecklist>();
  const byId = new Map<string, LatestChecklist>();
  for (const head of heads) {
    const checklist: LatestChecklist = { contractId: head.contract_id, id: head.id, revision: head.revision, status: head.status, formId: head.form_id, managerName: head.manager_name, answers: new Map() };
    latest.set(head.contract_id, checklist);
    byId.set(head.id, checklist);
  }
  if (heads.length === 0) return latest;
  const answers: { checklist_id: string; item_id: string; answer: string; confirmed_on: string | null; target_on: string | null; planned_on: string | null; remarks: string | null }[] = await db.query(
    `SELECT checklist_id, item_id, answer, to_char(confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(target_on, 'YYYY-MM-DD') AS target_on,
            to_char(planned_on, 'YYYY-MM-DD') AS planned_on, remarks
       FROM vendor_checklist_answers WHERE checklist_id = ANY($1::uuid[])`,
    [[...byId.keys()]],
  );
  for (const a of answers) {
    byId.get(a.checklist_id)?.answers.set(a.item_id, { answer: a.answer, confirmedOn: a.confirmed_on, targetOn: a.target_on, plannedOn: a.planned_on, remarks: a.remarks });
  }
  return latest;
}
