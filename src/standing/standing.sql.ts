import type { Principal } from '../access/principal';
import {
  checklistVisible,
  contractVisible,
  disclosureVisible,
  documentRequestVisible,
  remoteMaintenanceVisible,
  riskThreadVisible,
  SqlParams,
} from '../access/visibility';
import { fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import { NEWEST_FIRST } from '../forms/form-versions';

/**
 * Which facilities a standing statement covers: some pharmacies, or every facility the caller acts
 * for ('all': a chain's every store). Always within the caller's visibility, which every CTE applies.
 */
export interface StandingScope {
  facilities: readonly string[] | 'all';
  /** Only the contracts with this vendor. */
  vendorId?: string;
}

/**
 * The standing of a set of facilities as common table expressions, set-based whatever their number:
 * the pharmacy's own page reads one facility, a chain's aggregation thousands, from the same SQL.
 *
 *  - standing_contract_rows: a contract in force during the 年度 (StandingContractRow + customer_id);
 *  - standing_product_rows: a product a contract covers (StandingProductRow + customer_id, vendor_id, contract_kind);
 *  - standing_no_answers: the いいえ answers of each contract's latest submitted 事業者確認用 of the 年度.
 *
 * Use as `WITH ${standingCtes(...)} SELECT … FROM standing_contract_rows …`; PostgreSQL only runs the
 * expressions a statement refers to.
 */
export function standingCtes(principal: Principal, params: SqlParams, scope: StandingScope, fiscalYear: number, today = todayInJapan()): string {
  const { from, to } = fiscalYearRange(fiscalYear);
  const facilities = scope.facilities === 'all' ? '' : `AND c.customer_id = ANY(${params.add(scope.facilities)}::uuid[])`;
  const vendor = scope.vendorId ? `AND c.vendor_id = ${params.add(scope.vendorId)}` : '';
  const year = params.add(fiscalYear);
  const day = params.add(today);
  return `
  -- Contracts in force at some point of the 年度: active, started by its end and not ended before its start.
  standing_contracts AS MATERIALIZED (
    SELECT c.id, c.customer_id, c.vendor_id, c.agent_id, coalesce(c.agent_id, c.vendor_id) AS agent_key, c.kind, c.status, c.starts_on, c.ends_on
      FROM contracts c
     WHERE c.status = 'active' AND c.starts_on <= ${params.add(to)}::date AND (c.ends_on IS NULL OR c.ends_on >= ${params.add(from)}::date)
       ${facilities} ${vendor} AND ${contractVisible(principal, 'c', params)}),
  -- Each contract's latest submitted 事業者確認用 revision of the 年度.
  -- (Joined to the contracts table itself, whose statistics lead the planner, rather than to the CTE.)
  standing_checklists AS MATERIALIZED (
    SELECT DISTINCT ON (vc.contract_id) vc.contract_id, vc.id, vc.revision, vc.submitted_at, vc.form_id
      FROM vendor_checklists vc JOIN contracts c ON c.id = vc.contract_id
     WHERE vc.contract_id IN (SELECT id FROM standing_contracts) AND vc.fiscal_year = ${year} AND vc.status = 'submitted'
       AND ${checklistVisible(principal, 'vc', 'c', params)}
     ORDER BY vc.contract_id, vc.revision DESC),
  standing_no_answers AS MATERIALIZED (
    SELECT x.checklist_id, x.item_id, x.target_on
      FROM vendor_checklist_answers x JOIN standing_checklists vc ON vc.id = x.checklist_id
     WHERE x.answer = 'いいえ'),
  -- The 事業者確認用 version that applies to the 年度 for a pharmacy (its own, combined, or carried
  -- forward from an earlier 年度: FormsService.applicableForm), and the checklists answered on an older
  -- one (旧様式): a carried-forward version once the 年度's own is registered, or a revised sheet.
  standing_applicable_form AS (
    SELECT id, fiscal_year, revision FROM forms
     WHERE kind = 'vendor_checklist' AND audience IN ('pharmacy', 'any') AND fiscal_year <= ${year}
     ORDER BY ${NEWEST_FIRST} LIMIT 1),
  standing_newer_forms AS (
    SELECT f.id AS form_id, a.id AS newer_form_id
      FROM forms f CROSS JOIN standing_applicable_form a
     WHERE f.id IN (SELECT form_id FROM standing_checklists) AND a.id <> f.id
       AND (a.fiscal_year, a.revision) > (coalesce(f.fiscal_year, 0), f.revision)),
  standing_requests AS (
    SELECT r.contract_id, count(*) AS open_requests, count(*) FILTER (WHERE r.due_on < ${day}::date) AS overdue_requests
      FROM document_requests r
     WHERE r.status = 'open' AND r.contract_id IN (SELECT id FROM standing_contracts) AND ${documentRequestVisible(principal, 'r', params)}
     GROUP BY r.contract_id),
  -- Risk threads not resolved, on the contract's checklist or on a disclosure of a product it covers.
  standing_threads AS (
    SELECT c.id AS contract_id, count(*) AS open_threads
      FROM risk_threads t JOIN standing_contracts c ON c.customer_id = t.customer_id
     WHERE t.status <> 'resolved' AND ${riskThreadVisible(principal, 't', params)}
       AND (EXISTS (SELECT 1 FROM vendor_checklists tc WHERE tc.id = t.checklist_id AND tc.contract_id = c.id)
            OR EXISTS (SELECT 1 FROM disclosures td JOIN contract_products tcp ON tcp.product_id = td.product_id AND tcp.contract_id = c.id
                        WHERE td.id = t.disclosure_id AND td.vendor_id = c.vendor_id))
     GROUP BY c.id),
  standing_contract_rows AS (
    SELECT c.id AS contract_id, c.customer_id, c.kind, c.vendor_id, v.name AS vendor_name, c.agent_id, a.name AS agent_name,
           to_char(c.starts_on, 'YYYY-MM-DD') AS starts_on, to_char(c.ends_on, 'YYYY-MM-DD') AS ends_on,
           vc.id AS checklist_id, vc.revision AS checklist_revision, vc.submitted_at AS checklist_submitted_at, vc.form_id AS checklist_form_id,
           nf.newer_form_id, coalesce(nx.no_count, 0)::int AS no_count, coalesce(nx.overdue_count, 0)::int AS overdue_count,
           coalesce(r.open_requests, 0)::int AS open_requests, coalesce(r.overdue_requests, 0)::int AS overdue_requests,
           coalesce(t.open_threads, 0)::int AS open_threads
      FROM standing_contracts c
      JOIN organizations v ON v.id = c.vendor_id
      LEFT JOIN organizations a ON a.id = c.agent_id
      LEFT JOIN standing_checklists vc ON vc.contract_id = c.id
      LEFT JOIN standing_newer_forms nf ON nf.form_id = vc.form_id
      LEFT JOIN (SELECT checklist_id, count(*) AS no_count, count(*) FILTER (WHERE target_on < ${day}::date) AS overdue_count
                   FROM standing_no_answers GROUP BY checklist_id) nx ON nx.checklist_id = vc.id
      LEFT JOIN standing_requests r ON r.contract_id = c.id
      LEFT JOIN standing_threads t ON t.contract_id = c.id),
  ${productCtes(principal, params)}`;
}

/**
 * Covered products with what each contract's customer received. A disclosure reaches a contract
 * (disclosureAddressedToContract) when published by the contract's vendor or agent for the product,
 * to all customers or to that contract; so the latest one for all customers is the same for every
 * contract of a (product, vendor, agent) class and is looked up once per class, and only disclosures
 * to selected contracts are looked up per contract. The later of the two (published_at DESC, id) wins.
 */
function productCtes(principal: Principal, params: SqlParams): string {
  return `
  standing_covered AS MATERIALIZED (
    SELECT c.id AS contract_id, c.customer_id, c.vendor_id, c.agent_id, c.agent_key, c.kind, c.status, cp.product_id,
           rm.id AS rm_id, rm.revision AS rm_revision, rm.author_id AS rm_author_id, rm.in_use AS rm_in_use, rm.confirmed_at AS rm_confirmed_at,
           rm.connection_method AS rm_connection_method, rm.gateway_maker, rm.gateway_model, rm.gateway_firmware, rm.gateway_patched_on,
           rm.two_factor AS rm_two_factor, rm.source_restricted AS rm_source_restricted, rm.session_logging AS rm_session_logging,
           rm.unique_credentials AS rm_unique_credentials
      FROM standing_contracts c
      JOIN contract_products cp ON cp.contract_id = c.id
      LEFT JOIN remote_maintenance_disclosures rm ON rm.contract_id = c.id AND rm.product_id = cp.product_id AND rm.is_current
                                                 AND ${remoteMaintenanceVisible(principal, 'c', params)}),
  -- Published disclosures of the covered products that the caller may read.
  standing_disclosures AS MATERIALIZED (
    SELECT d.id, d.product_id, d.vendor_id, d.author_id, d.kind, d.product_version, d.published_at, d.audience
      FROM disclosures d
     WHERE d.status = 'published' AND d.product_id IN (SELECT DISTINCT product_id FROM standing_covered)
       AND ${disclosureVisible(principal, 'd', params)}),
  standing_sds_all AS (
    SELECT DISTINCT ON (k.product_id, k.vendor_id, k.agent_key) k.product_id, k.vendor_id, k.agent_key, d.id, d.kind, d.product_version, d.published_at
      FROM (SELECT DISTINCT product_id, vendor_id, agent_key FROM standing_covered) k
      JOIN standing_disclosures d ON d.product_id = k.product_id AND d.vendor_id = k.vendor_id AND d.author_id IN (k.vendor_id, k.agent_key)
     WHERE d.kind IN ('MDS', 'SDS') AND d.audience = 'all_customers'
     ORDER BY k.product_id, k.vendor_id, k.agent_key, d.published_at DESC, d.id),
  standing_rm_sds_all AS (
    SELECT DISTINCT ON (k.product_id, k.vendor_id, k.agent_key, k.rm_author_id) k.product_id, k.vendor_id, k.agent_key, k.rm_author_id, d.id, d.published_at
      FROM (SELECT DISTINCT product_id, vendor_id, agent_key, rm_author_id FROM standing_covered WHERE rm_author_id IS NOT NULL) k
      JOIN standing_disclosures d ON d.product_id = k.product_id AND d.vendor_id = k.vendor_id AND d.author_id = k.rm_author_id
                                 AND k.rm_author_id IN (k.vendor_id, k.agent_key)
     WHERE d.kind = 'RM-SDS' AND d.audience = 'all_customers'
     ORDER BY k.product_id, k.vendor_id, k.agent_key, k.rm_author_id, d.published_at DESC, d.id),
  -- Disclosures to selected contracts (rare), latest per covered product and kind group.
  standing_selected AS (
    SELECT DISTINCT ON (k.contract_id, k.product_id, d.kind = 'RM-SDS') k.contract_id, k.product_id, d.kind = 'RM-SDS' AS rm_sds,
           d.id, d.kind, d.product_version, d.published_at
      FROM standing_disclosures d
      JOIN disclosure_audience da ON da.disclosure_id = d.id
      JOIN standing_covered k ON k.contract_id = da.contract_id AND k.product_id = d.product_id AND k.vendor_id = d.vendor_id
                             AND d.author_id IN (k.vendor_id, k.agent_key)
     WHERE d.audience = 'selected_contracts' AND (d.kind <> 'RM-SDS' OR d.author_id = k.rm_author_id)
     ORDER BY k.contract_id, k.product_id, d.kind = 'RM-SDS', d.published_at DESC, d.id),
  standing_product_rows AS (
    SELECT k.contract_id, k.customer_id, k.vendor_id, k.kind AS contract_kind, p.id AS product_id, p.name AS product_name, p.category, p.deployment,
           ${later('s1', 's2', 'id')} AS sds_id, ${later('s1', 's2', 'kind')} AS sds_kind,
           ${later('s1', 's2', 'product_version')} AS sds_version, ${later('s1', 's2', 'published_at')} AS sds_published_at,
           k.rm_id, k.rm_revision, k.rm_author_id, au.name AS rm_author_name, k.rm_in_use, k.rm_confirmed_at, k.rm_connection_method,
           nullif(concat_ws(' ', k.gateway_maker, k.gateway_model, 'ファームウェア ' || k.gateway_firmware), '') AS rm_gateway_label,
           to_char(k.gateway_patched_on, 'YYYY-MM-DD') AS rm_gateway_patched_on, k.rm_two_factor, k.rm_source_restricted, k.rm_session_logging,
           k.rm_unique_credentials, ${later('r1', 'r2', 'id')} AS rm_sds_id, ${later('r1', 'r2', 'published_at')} AS rm_sds_published_at
      FROM standing_covered k
      JOIN products p ON p.id = k.product_id
      LEFT JOIN organizations au ON au.id = k.rm_author_id
      LEFT JOIN standing_sds_all s1 ON s1.product_id = k.product_id AND s1.vendor_id = k.vendor_id AND s1.agent_key = k.agent_key
      LEFT JOIN standing_selected s2 ON s2.contract_id = k.contract_id AND s2.product_id = k.product_id AND NOT s2.rm_sds
      LEFT JOIN standing_rm_sds_all r1 ON r1.product_id = k.product_id AND r1.vendor_id = k.vendor_id AND r1.agent_key = k.agent_key
                                     AND r1.rm_author_id = k.rm_author_id
      LEFT JOIN standing_selected r2 ON r2.contract_id = k.contract_id AND r2.product_id = k.product_id AND r2.rm_sds)`;
}

/** A column of whichever of two candidate disclosures is later (published_at DESC, then id). */
function later(a: string, b: string, column: string): string {
  return `CASE WHEN ${b}.id IS NOT NULL AND (${a}.id IS NULL OR ${b}.published_at > ${a}.published_at
                    OR (${b}.published_at = ${a}.published_at AND ${b}.id < ${a}.id)) THEN ${b}.${column} ELSE ${a}.${column} END`;
}
