import type { Principal } from '../access/principal';
import { checklistVisible, customerFacilities, disclosureVisible, disclosureVisibleToFacility, SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import type { ReviewQueueQueryDto } from './review-queue.dto';

/** One queue row as both branches return it (same columns, same order). */
export interface QueueRow {
  document_type: 'disclosure' | 'checklist';
  document_id: string;
  sort_at: Date;
  facility_id: string;
  facility_name: string;
  item_id: string;
  ordinal: number;
  answer: string;
  remarks: string | null;
  item_text: string | null;
  section: string | null;
  confirmed_on: string | null;
  target_on: string | null;
  form_id: string;
  document_kind: string;
  revision: number;
  vendor_id: string;
  vendor_name: string;
  author_id: string;
  author_name: string;
  product_id: string | null;
  product_name: string | null;
  product_version: string | null;
  contract_id: string | null;
  fiscal_year: number | null;
  product_names: string | null;
}

/** Position after the last entry of a page: ordered by document date, document, store, item. */
export interface QueueKey {
  at: string;
  doc: string;
  fac: string;
  ord: number;
  item: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeQueueKey(row: QueueRow): string {
  const key: QueueKey = { at: row.sort_at.toISOString(), doc: row.document_id, fac: row.facility_id, ord: row.ordinal, item: row.item_id };
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeQueueKey(cursor: string | undefined): QueueKey | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<QueueKey>;
    if (
      typeof key.at === 'string' && !Number.isNaN(Date.parse(key.at)) &&
      typeof key.doc === 'string' && UUID.test(key.doc) &&
      typeof key.fac === 'string' && UUID.test(key.fac) &&
      Number.isInteger(key.ord) && typeof key.item === 'string'
    ) {
      return key as QueueKey;
    }
  } catch {
    // fall through to the validation error
  }
  throw AppError.invalid([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
}

/** Not reviewed by that facility, and no thread of that facility on the item. */
function unhandled(type: 'disclosure' | 'checklist', facility: string, document: string, item: string): string {
  return `NOT EXISTS (SELECT 1 FROM answer_reviews r
                       WHERE r.customer_id = ${facility} AND r.document_type = '${type}' AND r.document_id = ${document} AND r.item_id = ${item})
      AND NOT EXISTS (SELECT 1 FROM risk_threads t
                       WHERE t.customer_id = ${facility} AND t.document_type = '${type}'
                         AND coalesce(t.disclosure_id, t.checklist_id) = ${document} AND t.item_id = ${item})`;
}

/**
 * いいえ/対象外 answers of the published (current: not superseded, not withdrawn) disclosures
 * addressed to each of the principal's facilities. Candidates are found from the facility's active
 * contracts (contracts_customer_idx → disclosures_product_published_idx → disclosure_answers_risk_idx);
 * the access predicates then decide.
 */
function disclosureBranch(principal: Principal, params: SqlParams, query: ReviewQueueQueryDto): string {
  const pharmacy = query.pharmacyId ? `AND f.id = ${params.add(query.pharmacyId)}` : '';
  const vendor = query.vendorId ? `AND d.vendor_id = ${params.add(query.vendorId)}` : '';
  return `
    SELECT 'disclosure' AS document_type, d.id AS document_id, d.published_at AS sort_at, f.id AS facility_id, f.name AS facility_name,
           a.item_id, a.ordinal, a.answer, a.remarks, a.item_text, a.section, NULL::text AS confirmed_on, NULL::text AS target_on,
           d.form_id, d.kind AS document_kind, d.revision, d.vendor_id, v.name AS vendor_name, d.author_id, au.name AS author_name,
           d.product_id, p.name AS product_name, d.product_version, NULL::uuid AS contract_id, NULL::int AS fiscal_year, NULL::text AS product_names
      FROM (SELECT DISTINCT c.customer_id AS facility_id, d.id AS disclosure_id
              FROM contracts c
              JOIN contract_products cp ON cp.contract_id = c.id
              JOIN disclosures d ON d.product_id = cp.product_id AND d.vendor_id = c.vendor_id AND d.status = 'published'
             WHERE c.status = 'active' AND c.customer_id IN ${customerFacilities(principal, params)}) x
      JOIN organizations f ON f.id = x.facility_id
      JOIN disclosures d ON d.id = x.disclosure_id
      JOIN disclosure_answers a ON a.disclosure_id = d.id AND a.answer IN ('いいえ', '対象外')
      JOIN organizations v ON v.id = d.vendor_id
      JOIN organizations au ON au.id = d.author_id
      JOIN products p ON p.id = d.product_id
     WHERE f.kind = 'pharmacy' ${pharmacy} ${vendor}
       AND ${disclosureVisible(principal, 'd', params)} AND ${disclosureVisibleToFacility('d', 'f.id')}
       AND ${unhandled('disclosure', 'f.id', 'd.id', 'a.item_id')}`;
}

/** いいえ answers of the latest submitted checklist (newest 年度, then revision) of each active contract. */
function checklistBranch(principal: Principal, params: SqlParams, query: ReviewQueueQueryDto): string {
  const pharmacy = query.pharmacyId ? `AND c.customer_id = ${params.add(query.pharmacyId)}` : '';
  const vendor = query.vendorId ? `AND c.vendor_id = ${params.add(query.vendorId)}` : '';
  return `
    SELECT 'checklist' AS document_type, vc.id AS document_id, coalesce(vc.submitted_at, vc.created_at) AS sort_at, c.customer_id AS facility_id, cu.name AS facility_name,
           a.item_id, a.ordinal, a.answer, a.remarks, NULL::text AS item_text, NULL::text AS section,
           to_char(a.confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(a.target_on, 'YYYY-MM-DD') AS target_on,
           vc.form_id, 'checklist' AS document_kind, vc.revision, c.vendor_id, v.name AS vendor_name, c.vendor_id AS author_id, v.name AS author_name,
           NULL::uuid AS product_id, NULL::text AS product_name, NULL::text AS product_version, c.id AS contract_id, vc.fiscal_year,
           (SELECT string_agg(p.name, '、' ORDER BY p.name) FROM contract_products cp JOIN products p ON p.id = cp.product_id WHERE cp.contract_id = c.id) AS product_names
      FROM contracts c
      JOIN vendor_checklists vc ON vc.contract_id = c.id AND vc.status = 'submitted'
      JOIN vendor_checklist_answers a ON a.checklist_id = vc.id AND a.answer = 'いいえ'
      JOIN organizations cu ON cu.id = c.customer_id
      JOIN organizations v ON v.id = c.vendor_id
     WHERE ${checklistVisible(principal, 'vc', 'c', params)} ${pharmacy} ${vendor}
       AND NOT EXISTS (SELECT 1 FROM vendor_checklists n
                        WHERE n.contract_id = vc.contract_id AND n.status = 'submitted' AND (n.fiscal_year, n.revision) > (vc.fiscal_year, vc.revision))
       AND ${unhandled('checklist', 'c.customer_id', 'vc.id', 'a.item_id')}`;
}

/** The whole queue page: one query per document type, merged in date order, keyset-paginated. */
export function reviewQueueSql(principal: Principal, query: ReviewQueueQueryDto, size: number): { sql: string; values: unknown[] } {
  const params = new SqlParams();
  const branches: string[] = [];
  if (query.documentType !== 'checklist') branches.push(disclosureBranch(principal, params, query));
  if (query.documentType !== 'disclosure') branches.push(checklistBranch(principal, params, query));
  const after = decodeQueueKey(query.cursor);
  const keyset = after
    ? `WHERE (q.sort_at, q.document_id, q.facility_id, q.ordinal, q.item_id) >
             (${params.add(after.at)}::timestamptz, ${params.add(after.doc)}::uuid, ${params.add(after.fac)}::uuid, ${params.add(after.ord)}::int, ${params.add(after.item)}::text)`
    : '';
  const sql = `SELECT q.* FROM (${branches.join(' UNION ALL ')}) q ${keyset}
                ORDER BY q.sort_at, q.document_id, q.facility_id, q.ordinal, q.item_id LIMIT ${params.add(size + 1)}`;
  return { sql, values: params.values };
}
