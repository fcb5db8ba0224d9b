import type { Principal } from '../access/principal';
import { customerFacilities, SqlParams } from '../access/visibility';
import { standingCtes } from '../standing/standing.sql';
import { CELL_COLUMNS, CHAIN_CELL_CTES, CHAIN_STORE_CTE, CHAIN_VENDOR_CTES, CHAIN_VENDOR_ROWS } from './chain-aggregation.sql';
import type { MatrixSort, MatrixStatusFilter } from './chain-query.dto';

/** A SQL statement with its parameters: what the services run and the benchmark explains. */
export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Computes a chain's snapshot in ONE statement (one MVCC snapshot, which it records): every store ×
 * vendor cell and every vendor's figures, from the standing's own CTEs over all the chain's stores;
 * writes the cells under a new generation, drops the previous generation's, and saves the snapshot.
 */
export function snapshotStatement(principal: Principal, chainId: string, fiscalYear: number, today: string): Statement {
  const params = new SqlParams();
  const ctes = standingCtes(principal, params, { facilities: 'all' }, fiscalYear, today);
  const chain = params.add(chainId);
  const year = params.add(fiscalYear);
  const text = `WITH ${ctes}, ${CHAIN_CELL_CTES}, ${CHAIN_VENDOR_CTES},
    chain_generation AS (SELECT nextval('chain_aggregate_generation') AS generation),
    chain_dropped AS (
      DELETE FROM chain_aggregate_cells WHERE generation IN (SELECT generation FROM chain_aggregate_snapshots WHERE chain_id = ${chain} AND fiscal_year = ${year})
      RETURNING 1),
    chain_written AS (
      INSERT INTO chain_aggregate_cells (generation, ${CELL_COLUMNS})
      SELECT (SELECT generation FROM chain_generation), ${CELL_COLUMNS} FROM chain_cells
      RETURNING 1),
    chain_vendors AS (SELECT coalesce(jsonb_agg(to_jsonb(v) ORDER BY v.vendor_name, v.vendor_id), '[]') AS vendors FROM (${CHAIN_VENDOR_ROWS}) v),
    chain_saved AS (
      INSERT INTO chain_aggregate_snapshots (chain_id, fiscal_year, generation, computed_for, taken, vendors)
      SELECT ${chain}, ${year}, (SELECT generation FROM chain_generation), ${params.add(today)}::date, pg_current_snapshot(), vendors FROM chain_vendors
      ON CONFLICT (chain_id, fiscal_year) DO UPDATE
        SET generation = EXCLUDED.generation, computed_for = EXCLUDED.computed_for, taken = EXCLUDED.taken, vendors = EXCLUDED.vendors, computed_at = now()
      RETURNING generation)
    SELECT (SELECT generation FROM chain_saved) AS generation, (SELECT count(*) FROM chain_written)::int AS cells, (SELECT count(*) FROM chain_dropped)::int AS dropped`;
  return { text, values: params.values };
}

/** The chain's snapshot for the 年度, and whether it is still that of today's data (no change it did not see). */
export function freshnessStatement(chainId: string, fiscalYear: number, today: string): Statement {
  const text = `SELECT s.generation, s.computed_for = $3::date
                       AND NOT EXISTS (SELECT 1 FROM chain_changes ch
                                        WHERE (ch.chain_id = s.chain_id OR ch.chain_id IS NULL)
                                          AND ch.xid >= pg_snapshot_xmin(s.taken) AND NOT pg_visible_in_snapshot(ch.xid, s.taken)) AS fresh
                  FROM chain_aggregate_snapshots s WHERE s.chain_id = $1 AND s.fiscal_year = $2`;
  return { text, values: [chainId, fiscalYear, today] };
}

export interface StorePageOptions {
  storeId?: string;
  vendorId?: string;
  status?: MatrixStatusFilter;
  sort: MatrixSort;
  descending: boolean;
  offset: number;
  limit: number;
}

/** Whether a page of stores needs every store's figures (a filter or an order on them), or only names. */
export function needsFigures(options: Pick<StorePageOptions, 'vendorId' | 'status' | 'sort'>): boolean {
  return options.vendorId !== undefined || options.status !== undefined || !['name', 'code'].includes(options.sort);
}

const STATUS_FILTERS: Record<MatrixStatusFilter, string> = {
  missing: 's.missing_cells > 0',
  attention: 'coalesce(s.missing_cells, 0) = 0 AND s.attention_cells > 0',
  ok: 'coalesce(s.missing_cells, 0) = 0 AND coalesce(s.attention_cells, 0) = 0',
  checklist_missing: 's.checklists_missing > 0',
  checklist_outdated: 's.checklists_outdated > 0',
  overdue: 's.overdue_targets > 0',
  open_threads: 's.open_threads > 0',
  open_requests: 's.open_requests > 0',
  rm_unconfirmed: 's.rm_confirmed < s.products_required',
  sds_missing: 's.sds_received < s.products_required',
};

/** Sort keys over a page candidate `x` (its store columns, and its figures when computed). */
const SORT_KEYS: Record<MatrixSort, (direction: string) => string> = {
  name: (d) => `x.name ${d}`,
  code: (d) => `x.pharmacy_code ${d} NULLS LAST`,
  noCount: (d) => `coalesce(x.no_count, 0) ${d}`,
  overdueTargets: (d) => `coalesce(x.overdue_targets, 0) ${d}`,
  openThreads: (d) => `coalesce(x.open_threads, 0) ${d}`,
  status: (d) => `(CASE WHEN x.missing_cells > 0 THEN 2 WHEN x.attention_cells > 0 THEN 1 ELSE 0 END) ${d}, coalesce(x.missing_cells, 0) ${d}, coalesce(x.attention_cells, 0) ${d}`,
};

const snapshotCells = (params: SqlParams, generation: string, vendorId?: string) =>
  `chain_cells AS (SELECT * FROM chain_aggregate_cells WHERE generation = ${params.add(generation)} ${vendorId ? `AND vendor_id = ${params.add(vendorId)}` : ''})`;

/**
 * A page of the chain's stores and how many match. By name or code with no filter on figures, from
 * the organizations alone; otherwise from the stores' sums over the snapshot's cells.
 */
export function storePageStatement(principal: Principal, generation: string, options: StorePageOptions): Statement {
  const params = new SqlParams();
  const figures = needsFigures(options);
  const ctes = figures ? `${snapshotCells(params, generation, options.vendorId)}, ${CHAIN_STORE_CTE},` : '';
  const join = figures ? `${options.vendorId ? 'JOIN' : 'LEFT JOIN'} chain_stores s ON s.customer_id = o.id` : '';
  const columns = figures ? ', s.missing_cells, s.attention_cells, s.no_count, s.overdue_targets, s.open_threads' : '';
  const store = options.storeId ? `AND o.id = ${params.add(options.storeId)}` : '';
  const status = options.status ? `AND ${STATUS_FILTERS[options.status]}` : '';
  const text = `WITH ${ctes}
    chain_page_stores AS (
      SELECT o.id, o.name, o.pharmacy_code ${columns} FROM organizations o ${join}
       WHERE o.kind = 'pharmacy' AND o.id IN ${customerFacilities(principal, params)} ${store} ${status})
    SELECT t.total, p.id, p.name, p.pharmacy_code
      FROM (SELECT count(*)::int AS total FROM chain_page_stores) t
      LEFT JOIN LATERAL (
        SELECT x.id, x.name, x.pharmacy_code FROM chain_page_stores x
         ORDER BY ${SORT_KEYS[options.sort](options.descending ? 'DESC' : 'ASC')}, x.name, x.id
        OFFSET ${params.add(options.offset)} LIMIT ${params.add(options.limit)}) p ON true`;
  return { text, values: params.values };
}

/** The snapshot's cells (store × vendor) of some stores, by vendor name. */
export function cellsStatement(generation: string, storeIds: readonly string[], vendorId?: string): Statement {
  const params = new SqlParams();
  const text = `SELECT * FROM chain_aggregate_cells
     WHERE generation = ${params.add(generation)} AND customer_id = ANY(${params.add(storeIds)}::uuid[]) ${vendorId ? `AND vendor_id = ${params.add(vendorId)}` : ''}
     ORDER BY customer_id, vendor_name, vendor_id`;
  return { text, values: params.values };
}

/**
 * Per store (every store of the chain, those without contracts too): the sums of its snapshot cells
 * and its own 薬局確認用 of the 年度 (read live).
 */
export function storeSummaryStatement(principal: Principal, generation: string, fiscalYear: number, today: string): Statement {
  const params = new SqlParams();
  const cells = snapshotCells(params, generation);
  const year = params.add(fiscalYear);
  const day = params.add(today);
  const text = `WITH ${cells}, ${CHAIN_STORE_CTE},
    chain_own AS (
      SELECT fc.facility_id, fc.form_id, coalesce(array_agg(a.item_id) FILTER (WHERE a.item_id IS NOT NULL), '{}') AS answered,
             count(*) FILTER (WHERE a.answer = 'いいえ' AND a.target_on < ${day}::date)::int AS overdue
        FROM facility_checklists fc LEFT JOIN facility_checklist_answers a ON a.checklist_id = fc.id
       WHERE fc.fiscal_year = ${year} AND fc.facility_id IN ${customerFacilities(principal, params)}
       GROUP BY fc.facility_id, fc.form_id)
    SELECT o.id, o.name, o.pharmacy_code, s.*, coalesce(s.contracts_overdue, 0) AS contracts_overdue,
           own.form_id AS own_form_id, own.answered AS own_answered, own.overdue AS own_overdue
      FROM organizations o
      LEFT JOIN chain_stores s ON s.customer_id = o.id
      LEFT JOIN chain_own own ON own.facility_id = o.id
     WHERE o.kind = 'pharmacy' AND o.id IN ${customerFacilities(principal, params)}
     ORDER BY o.name, o.id`;
  return { text, values: params.values };
}
