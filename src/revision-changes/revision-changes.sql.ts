import type { Principal } from '../access/principal';
import { checklistVisible, disclosureVisible, disclosureVisibleToFacility, SqlParams } from '../access/visibility';
import type { Statement } from '../common/prepared-statements';
import type { ComparableAnswer } from './answer-changes';

/*
 * The statements of the diffs, in one place. Visibility comes from src/access/visibility.ts, the
 * same predicates the documents themselves are read with: a diff shows exactly what the two
 * revisions show to the caller, and a revision the caller may not read is as if it did not exist.
 */

export interface ChecklistRevisionRow {
  id: string;
  revision: number;
  status: 'draft' | 'submitted';
  form_id: string;
  submitted_at: Date | null;
  vendor_id: string;
}

/** Every revision of a contract's checklist for a 年度 the principal may read, newest first. */
export function checklistRevisionsStatement(principal: Principal, contractId: string, fiscalYear: number): Statement {
  const params = new SqlParams([contractId, fiscalYear]);
  return {
    text: `SELECT vc.id, vc.revision, vc.status, vc.form_id, vc.submitted_at, c.vendor_id
             FROM vendor_checklists vc JOIN contracts c ON c.id = vc.contract_id
            WHERE vc.contract_id = $1 AND vc.fiscal_year = $2 AND ${checklistVisible(principal, 'vc', 'c', params)}
            ORDER BY vc.revision DESC`,
    values: params.values,
  };
}

export interface ChecklistAnswerDbRow {
  checklist_id: string;
  item_id: string;
  answer: string;
  confirmed_on: string | null;
  target_on: string | null;
  planned_on: string | null;
  remarks: string | null;
}

/** A stored checklist answer as the diff compares it. */
export function comparableChecklistAnswer(a: ChecklistAnswerDbRow): ComparableAnswer {
  return { itemId: a.item_id, answer: a.answer, confirmedOn: a.confirmed_on, targetOn: a.target_on, plannedOn: a.planned_on, remarks: a.remarks };
}

/** The answers of several checklists, each in the form's order. */
export const CHECKLIST_ANSWERS = `
  SELECT checklist_id, item_id, answer, to_char(confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(target_on, 'YYYY-MM-DD') AS target_on,
         to_char(planned_on, 'YYYY-MM-DD') AS planned_on, remarks
    FROM vendor_checklist_answers WHERE checklist_id = ANY($1::uuid[]) ORDER BY checklist_id, ordinal`;

export interface DisclosureRevisionRow {
  id: string;
  revision: number;
  status: 'draft' | 'published' | 'superseded' | 'withdrawn';
  form_id: string;
  published_at: Date | null;
  vendor_id: string;
  author_id: string;
  product_id: string;
  product_version: string;
  kind: string;
}

const DISCLOSURE_REVISION_COLUMNS = 'd.id, d.revision, d.status, d.form_id, d.published_at, d.vendor_id, d.author_id, d.product_id, d.product_version, d.kind';

/** The disclosure, if the principal may read it. */
export function disclosureRevisionStatement(principal: Principal, id: string): Statement {
  const params = new SqlParams([id]);
  return { text: `SELECT ${DISCLOSURE_REVISION_COLUMNS} FROM disclosures d WHERE d.id = $1 AND ${disclosureVisible(principal, 'd', params)}`, values: params.values };
}

/**
 * The revision before `of` the principal may read: the latest earlier one of the same product
 * version, kind and author that left draft (published, since superseded or withdrawn).
 */
export function previousDisclosureStatement(principal: Principal, of: DisclosureRevisionRow): Statement {
  const params = new SqlParams([of.product_id, of.product_version, of.kind, of.author_id, of.revision]);
  return {
    text: `SELECT ${DISCLOSURE_REVISION_COLUMNS} FROM disclosures d
            WHERE d.product_id = $1 AND d.product_version = $2 AND d.kind = $3 AND d.author_id = $4 AND d.revision < $5 AND d.status <> 'draft'
              AND ${disclosureVisible(principal, 'd', params)}
            ORDER BY d.revision DESC LIMIT 1`,
    values: params.values,
  };
}

export interface DisclosureAnswerDbRow {
  disclosure_id: string;
  item_id: string;
  answer: string;
  remarks: string | null;
  item_text: string | null;
  section: string | null;
}

/** The answers of several disclosures, each in the form's order (uncatalogued items after the listed ones). */
export const DISCLOSURE_ANSWERS = `
  SELECT disclosure_id, item_id, answer, remarks, item_text, section
    FROM disclosure_answers WHERE disclosure_id = ANY($1::uuid[]) ORDER BY disclosure_id, ordinal`;

export interface SubmittedPairRow {
  to_id: string;
  to_revision: number;
  contract_id: string;
  fiscal_year: number;
  customer_id: string;
  vendor_id: string;
  vendor_name: string;
  from_id: string;
  from_revision: number;
}

/**
 * For checklists just submitted: the submitted revision each replaces (none for a first
 * submission, which is then left out). Set-based: a bulk submission asks once.
 */
export const SUBMITTED_PAIRS = `
  SELECT n.id AS to_id, n.revision AS to_revision, n.contract_id, n.fiscal_year, c.customer_id, c.vendor_id, v.name AS vendor_name,
         p.id AS from_id, p.revision AS from_revision
    FROM vendor_checklists n
    JOIN contracts c ON c.id = n.contract_id
    JOIN organizations v ON v.id = c.vendor_id
    JOIN LATERAL (SELECT pv.id, pv.revision FROM vendor_checklists pv
                   WHERE pv.contract_id = n.contract_id AND pv.fiscal_year = n.fiscal_year AND pv.status = 'submitted' AND pv.revision < n.revision
                   ORDER BY pv.revision DESC LIMIT 1) p ON true
   WHERE n.id = ANY($1::uuid[]) AND n.status = 'submitted'`;

export interface PublishedPairRow {
  to_id: string;
  to_revision: number;
  kind: string;
  product_id: string;
  product_name: string;
  product_version: string;
  vendor_id: string;
  vendor_name: string;
  author_id: string;
  from_id: string;
  from_revision: number;
}

/** For disclosures just published: the revision before each that left draft (none for a first publication). */
export const PUBLISHED_PAIRS = `
  SELECT n.id AS to_id, n.revision AS to_revision, n.kind, n.product_id, pr.name AS product_name, n.product_version,
         n.vendor_id, v.name AS vendor_name, n.author_id, p.id AS from_id, p.revision AS from_revision
    FROM disclosures n
    JOIN products pr ON pr.id = n.product_id
    JOIN organizations v ON v.id = n.vendor_id
    JOIN LATERAL (SELECT pv.id, pv.revision FROM disclosures pv
                   WHERE pv.product_id = n.product_id AND pv.product_version = n.product_version AND pv.kind = n.kind
                     AND pv.author_id = n.author_id AND pv.revision < n.revision AND pv.status <> 'draft'
                   ORDER BY pv.revision DESC LIMIT 1) p ON true
   WHERE n.id = ANY($1::uuid[]) AND n.status = 'published'`;

/**
 * The customer facilities both revisions reach ($1 the new, $2 the previous): those for whom the
 * publication is a change. A customer the new revision reaches for the first time hears of it as
 * disclosure.published only; one it no longer reaches is not told what it cannot read.
 */
export const CUSTOMERS_OF_BOTH = `
  SELECT DISTINCT c.customer_id
    FROM disclosures n JOIN disclosures p ON p.id = $2
    JOIN contracts c ON c.vendor_id = n.vendor_id AND c.status = 'active'
   WHERE n.id = $1 AND ${disclosureVisibleToFacility('n', 'c.customer_id')} AND ${disclosureVisibleToFacility('p', 'c.customer_id')}`;
