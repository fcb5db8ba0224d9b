import { CONTRACT_KIND_LABELS, CONTRACT_KINDS, type ContractKind } from '../contracts/contracts.dto';
import { CHECKLIST_STANDING_LABELS, type ChecklistStanding } from '../standing/standing.dto';
import { CELL_STATUS_LABELS, type CellStatus, type MatrixCellDto, type MatrixRowDto } from './chain.dto';

/** A row of chain_cells (chain-aggregation.sql.ts). */
export interface CellRow {
  customer_id: string;
  vendor_id: string;
  vendor_name: string;
  contracts: number;
  kinds: ContractKind[] | string;
  checklists_received: number;
  checklists_outdated: number;
  checklists_missing: number;
  checklists_not_required: number;
  no_count: number;
  overdue_targets: number;
  open_requests: number;
  overdue_requests: number;
  open_threads: number;
  products_required: number;
  sds_received: number;
  rm_disclosed: number;
  rm_confirmed: number;
  rm_sds_required: number;
  rm_sds_received: number;
  status: CellStatus;
}

export interface StoreRef {
  id: string;
  name: string;
  pharmacy_code: string | null;
}

const SEVERITY: Record<CellStatus, number> = { ok: 0, attention: 1, missing: 2 };

/** node-postgres returns text[] as an array, but an array of a domain-less text may come back as '{a,b}'. */
function kindsOf(kinds: CellRow['kinds']): ContractKind[] {
  const list = Array.isArray(kinds) ? kinds : kinds.replace(/^\{|\}$/g, '').split(',').filter(Boolean);
  return CONTRACT_KINDS.filter((kind) => list.includes(kind));
}

/** The worst checklist standing of the cell's contracts, as the store's standing names it. */
function checklistStatus(row: CellRow): ChecklistStanding {
  if (row.checklists_missing > 0) return 'missing';
  if (row.checklists_outdated > 0) return 'form_outdated';
  if (row.checklists_received > 0) return 'received';
  return 'not_required';
}

export function toCell(row: CellRow): MatrixCellDto {
  const kinds = kindsOf(row.kinds);
  const checklist = checklistStatus(row);
  return {
    vendor: { id: row.vendor_id, name: row.vendor_name },
    status: row.status,
    statusLabel: CELL_STATUS_LABELS[row.status],
    contracts: row.contracts,
    kinds,
    kindLabel: kinds.map((kind) => CONTRACT_KIND_LABELS[kind]).join('・'),
    checklist: {
      status: checklist,
      statusLabel: CHECKLIST_STANDING_LABELS[checklist],
      received: row.checklists_received,
      outdated: row.checklists_outdated,
      missing: row.checklists_missing,
      notRequired: row.checklists_not_required,
    },
    noCount: row.no_count,
    overdueTargets: row.overdue_targets,
    securityDisclosures: { received: row.sds_received, total: row.products_required },
    rmSds: { received: row.rm_sds_received, required: row.rm_sds_required },
    remoteMaintenance: { confirmed: row.rm_confirmed, disclosed: row.rm_disclosed, total: row.products_required },
    openRequests: row.open_requests,
    overdueRequests: row.overdue_requests,
    openThreads: row.open_threads,
  };
}

/** A store's row: its cells, its worst status and its totals. */
export function toRow(store: StoreRef, cells: MatrixCellDto[]): MatrixRowDto {
  const sum = (pick: (cell: MatrixCellDto) => number) => cells.reduce((total, cell) => total + pick(cell), 0);
  const status = cells.reduce<CellStatus>((worst, cell) => (SEVERITY[cell.status] > SEVERITY[worst] ? cell.status : worst), 'ok');
  return {
    store: { id: store.id, name: store.name, pharmacyCode: store.pharmacy_code },
    status,
    totals: {
      contracts: sum((c) => c.contracts),
      checklistsMissing: sum((c) => c.checklist.missing),
      checklistsOutdated: sum((c) => c.checklist.outdated),
      noCount: sum((c) => c.noCount),
      overdueTargets: sum((c) => c.overdueTargets),
      openRequests: sum((c) => c.openRequests),
      openThreads: sum((c) => c.openThreads),
    },
    cells,
  };
}
