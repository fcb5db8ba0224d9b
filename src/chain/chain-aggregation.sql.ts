/**
 * Chain-wide aggregates over the standing CTEs (src/standing/standing.sql.ts): the same rows a store
 * reads on its own standing page, grouped by store and vendor. The rules mirror the standing's
 * (standing.service.ts checklistStatus, derivation.ts owesVendorDocuments and productGaps); the
 * aggregation tests compare every figure with each store's own standing.
 */

/** Contracts that owe the vendor's documents (owesVendorDocuments): not sale-only. */
const OWES = (kind: string) => `${kind} <> 'sale_only'`;

/**
 * One row per store × vendor: the cell of the matrix. Expects the standing CTEs in the same WITH.
 * Cell status: "missing" while something owed was never delivered (a checklist, an MDS/SDS, a
 * remote-maintenance disclosure, an RM-SDS); "attention" when delivered but something needs acting
 * on (checklist on an outdated form, 目標日 overdue, a disclosure to confirm, an open thread, an
 * overdue request); "ok" otherwise.
 */
export const CHAIN_CELL_CTES = `
  chain_cell_contracts AS (
    SELECT cr.customer_id, cr.vendor_id, min(cr.vendor_name) AS vendor_name,
           count(*)::int AS contracts,
           array_agg(DISTINCT cr.kind) AS kinds,
           count(*) FILTER (WHERE ${OWES('cr.kind')} AND cr.checklist_id IS NOT NULL AND cr.newer_form_id IS NULL)::int AS checklists_received,
           count(*) FILTER (WHERE ${OWES('cr.kind')} AND cr.checklist_id IS NOT NULL AND cr.newer_form_id IS NOT NULL)::int AS checklists_outdated,
           count(*) FILTER (WHERE ${OWES('cr.kind')} AND cr.checklist_id IS NULL)::int AS checklists_missing,
           count(*) FILTER (WHERE NOT ${OWES('cr.kind')})::int AS checklists_not_required,
           -- Owing contracts whose checklist has an overdue 目標日: the standing's checklist_target_overdue entries.
           count(*) FILTER (WHERE ${OWES('cr.kind')} AND cr.overdue_count > 0)::int AS contracts_overdue,
           sum(cr.no_count)::int AS no_count, sum(cr.overdue_count)::int AS overdue_targets,
           sum(cr.open_requests)::int AS open_requests, sum(cr.overdue_requests)::int AS overdue_requests, sum(cr.open_threads)::int AS open_threads
      FROM standing_contract_rows cr
     GROUP BY cr.customer_id, cr.vendor_id),
  chain_cell_products AS (
    SELECT pr.customer_id, pr.vendor_id,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')})::int AS products_required,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.sds_id IS NOT NULL)::int AS sds_received,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.rm_id IS NOT NULL)::int AS rm_disclosed,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.rm_confirmed_at IS NOT NULL)::int AS rm_confirmed,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.rm_in_use)::int AS rm_sds_required,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.rm_in_use AND pr.rm_sds_id IS NOT NULL)::int AS rm_sds_received
      FROM standing_product_rows pr
     GROUP BY pr.customer_id, pr.vendor_id),
  chain_cells AS (
    SELECT cc.*, coalesce(cp.products_required, 0) AS products_required, coalesce(cp.sds_received, 0) AS sds_received,
           coalesce(cp.rm_disclosed, 0) AS rm_disclosed, coalesce(cp.rm_confirmed, 0) AS rm_confirmed,
           coalesce(cp.rm_sds_required, 0) AS rm_sds_required, coalesce(cp.rm_sds_received, 0) AS rm_sds_received,
           CASE WHEN cc.checklists_missing > 0 OR cp.sds_received < cp.products_required OR cp.rm_disclosed < cp.products_required
                     OR cp.rm_sds_received < cp.rm_sds_required THEN 'missing'
                WHEN cc.checklists_outdated > 0 OR cc.overdue_targets > 0 OR cp.rm_confirmed < cp.rm_disclosed
                     OR cc.open_threads > 0 OR cc.overdue_requests > 0 THEN 'attention'
                ELSE 'ok' END AS status
      FROM chain_cell_contracts cc
      LEFT JOIN chain_cell_products cp ON cp.customer_id = cc.customer_id AND cp.vendor_id = cc.vendor_id)`;

/** The columns of a cell, as chain_aggregate_cells stores them. */
export const CELL_COLUMNS = [
  'customer_id', 'vendor_id', 'vendor_name', 'contracts', 'kinds', 'checklists_received', 'checklists_outdated', 'checklists_missing',
  'checklists_not_required', 'contracts_overdue', 'no_count', 'overdue_targets', 'open_requests', 'overdue_requests', 'open_threads',
  'products_required', 'sds_received', 'rm_disclosed', 'rm_confirmed', 'rm_sds_required', 'rm_sds_received', 'status',
].join(', ');

/** Per store: the sums of its cells, and how many cells are in each status. Expects a chain_cells CTE (live or snapshot). */
export const CHAIN_STORE_CTE = `
  chain_stores AS (
    SELECT customer_id, count(*)::int AS vendors,
           count(*) FILTER (WHERE status = 'missing')::int AS missing_cells, count(*) FILTER (WHERE status = 'attention')::int AS attention_cells,
           sum(contracts)::int AS contracts, sum(checklists_received)::int AS checklists_received, sum(checklists_outdated)::int AS checklists_outdated,
           sum(checklists_missing)::int AS checklists_missing, sum(checklists_not_required)::int AS checklists_not_required,
           sum(contracts_overdue)::int AS contracts_overdue,
           sum(no_count)::int AS no_count, sum(overdue_targets)::int AS overdue_targets, sum(open_requests)::int AS open_requests,
           sum(overdue_requests)::int AS overdue_requests, sum(open_threads)::int AS open_threads,
           sum(products_required)::int AS products_required, sum(sds_received)::int AS sds_received, sum(rm_disclosed)::int AS rm_disclosed,
           sum(rm_confirmed)::int AS rm_confirmed, sum(rm_sds_required)::int AS rm_sds_required, sum(rm_sds_received)::int AS rm_sds_received
      FROM chain_cells GROUP BY customer_id)`;

/**
 * Per vendor over the scope: contract and product figures, いいえ answers by item, and the distinct
 * remote-maintenance safeguard combinations in use with their number (the risk rules are applied to
 * each combination in TypeScript, by remoteMaintenanceRisks). Expects the standing CTEs.
 */
export const CHAIN_VENDOR_CTES = `
  vendor_contracts AS (
    SELECT cr.vendor_id, count(DISTINCT cr.customer_id)::int AS stores, count(*)::int AS contracts,
           count(*) FILTER (WHERE ${OWES('cr.kind')})::int AS contracts_owing,
           count(*) FILTER (WHERE ${OWES('cr.kind')} AND cr.checklist_id IS NOT NULL AND cr.newer_form_id IS NULL)::int AS checklists_received,
           count(*) FILTER (WHERE ${OWES('cr.kind')} AND cr.checklist_id IS NOT NULL AND cr.newer_form_id IS NOT NULL)::int AS checklists_outdated,
           count(*) FILTER (WHERE ${OWES('cr.kind')} AND cr.checklist_id IS NULL)::int AS checklists_missing,
           sum(cr.no_count)::int AS no_count, sum(cr.overdue_count)::int AS overdue_targets,
           sum(cr.open_requests)::int AS open_requests, sum(cr.overdue_requests)::int AS overdue_requests, sum(cr.open_threads)::int AS open_threads
      FROM standing_contract_rows cr GROUP BY cr.vendor_id),
  vendor_products AS (
    SELECT pr.vendor_id,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')})::int AS products_required,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.sds_id IS NOT NULL)::int AS sds_received,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.rm_id IS NOT NULL)::int AS rm_disclosed,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.rm_confirmed_at IS NOT NULL)::int AS rm_confirmed,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.rm_in_use)::int AS rm_sds_required,
           count(*) FILTER (WHERE ${OWES('pr.contract_kind')} AND pr.rm_in_use AND pr.rm_sds_id IS NOT NULL)::int AS rm_sds_received
      FROM standing_product_rows pr GROUP BY pr.vendor_id),
  vendor_no_items AS (
    SELECT vendor_id, jsonb_object_agg(item_id, n) AS no_by_item
      FROM (SELECT c.vendor_id, a.item_id, count(*)::int AS n
              FROM standing_no_answers a JOIN standing_checklists vc ON vc.id = a.checklist_id JOIN standing_contracts c ON c.id = vc.contract_id
             GROUP BY c.vendor_id, a.item_id) x
     GROUP BY vendor_id),
  vendor_rm AS (
    SELECT vendor_id, jsonb_agg(jsonb_build_array(rm_connection_method, to_char(gateway_patched_on, 'YYYY-MM-DD'), rm_two_factor,
                                                  rm_source_restricted, rm_session_logging, rm_unique_credentials, n)) AS combinations
      FROM (SELECT vendor_id, rm_connection_method, gateway_patched_on, rm_two_factor, rm_source_restricted, rm_session_logging,
                   rm_unique_credentials, count(*)::int AS n
              FROM standing_covered WHERE rm_id IS NOT NULL AND rm_in_use
             GROUP BY 1, 2, 3, 4, 5, 6, 7) x
     GROUP BY vendor_id)`;

/** One row per vendor (no order). Expects CHAIN_VENDOR_CTES. */
export const CHAIN_VENDOR_ROWS = `
  SELECT v.id AS vendor_id, v.name AS vendor_name, vc.stores, vc.contracts, vc.contracts_owing, vc.checklists_received, vc.checklists_outdated,
         vc.checklists_missing, vc.no_count, vc.overdue_targets, vc.open_requests, vc.overdue_requests, vc.open_threads,
         coalesce(vp.products_required, 0) AS products_required, coalesce(vp.sds_received, 0) AS sds_received,
         coalesce(vp.rm_disclosed, 0) AS rm_disclosed, coalesce(vp.rm_confirmed, 0) AS rm_confirmed,
         coalesce(vp.rm_sds_required, 0) AS rm_sds_required, coalesce(vp.rm_sds_received, 0) AS rm_sds_received,
         coalesce(vi.no_by_item, '{}') AS no_by_item, coalesce(vr.combinations, '[]') AS rm_combinations
    FROM vendor_contracts vc
    JOIN organizations v ON v.id = vc.vendor_id
    LEFT JOIN vendor_products vp ON vp.vendor_id = vc.vendor_id
    LEFT JOIN vendor_no_items vi ON vi.vendor_id = vc.vendor_id
    LEFT JOIN vendor_rm vr ON vr.vendor_id = vc.vendor_id`;
