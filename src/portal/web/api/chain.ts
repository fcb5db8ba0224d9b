/**
 * Chain headquarters routes (issue 5): /v1/chains/{id}/matrix|vendor-summary|store-summary,
 * follow-ups and inspection packs. Typed from the API's DTOs (src/chain/chain.dto.ts,
 * src/chain-followups/*.dto.ts); screens treat a 404 "Cannot GET" as "not on this server yet".
 */
import { api, type Query } from './client';
import type { FormUseDto } from './schema';

const id = encodeURIComponent;

export type CellStatus = 'ok' | 'attention' | 'missing';
export type ChecklistStanding = 'received' | 'form_outdated' | 'missing' | 'not_required';

export interface Party {
  id: string;
  name: string;
}
export interface ChainStore extends Party {
  pharmacyCode: string | null;
}
export interface Coverage {
  received: number;
  total: number;
}
export interface MatrixCell {
  vendor: Party;
  status: CellStatus;
  statusLabel: string;
  contracts: number;
  kinds: string[];
  kindLabel: string;
  checklist: { status: ChecklistStanding; statusLabel: string; received: number; outdated: number; missing: number; notRequired: number };
  noCount: number;
  overdueTargets: number;
  securityDisclosures: Coverage;
  rmSds: { received: number; required: number };
  remoteMaintenance: { confirmed: number; disclosed: number; total: number };
  openRequests: number;
  overdueRequests: number;
  openThreads: number;
}
export interface MatrixRow {
  store: ChainStore;
  status: CellStatus;
  totals: { contracts: number; checklistsMissing: number; checklistsOutdated: number; noCount: number; overdueTargets: number; openRequests: number; openThreads: number };
  cells: MatrixCell[];
}
export interface Matrix {
  chain: Party;
  fiscalYear: number;
  fiscalYearLabel: string;
  /** The 事業者確認用 that applies to the 年度, carried forward or not, said plainly (issue 12; absent on older servers). */
  vendorChecklistForm?: FormUseDto | null;
  vendors: Party[];
  items: MatrixRow[];
  total: number;
  nextCursor: string | null;
}
export interface GatewayRisks {
  flagged: number;
  high: number;
  medium: number;
  low: number;
  byCode: { code: string; label: string; severity: 'low' | 'medium' | 'high'; count: number }[];
}
export interface VendorSummaryRow {
  vendor: Party;
  stores: number;
  contracts: number;
  checklists: { owed: number; received: number; outdated: number; missing: number; receivedPercent: number | null };
  noAnswers: number;
  noByItem: Record<string, number>;
  overdueTargets: number;
  openRequests: number;
  overdueRequests: number;
  openThreads: number;
  securityDisclosures: Coverage;
  rmSds: { received: number; required: number };
  remoteMaintenance: { confirmed: number; disclosed: number; total: number; confirmedPercent: number | null };
  gatewayRisks: GatewayRisks;
}
export interface VendorSummary {
  chain: Party;
  fiscalYear: number;
  fiscalYearLabel: string;
  vendorChecklistForm?: FormUseDto | null;
  items: VendorSummaryRow[];
}
export interface StoreSummaryRow {
  store: ChainStore;
  ready: boolean;
  readinessLabel: string;
  reasons: { code: string; label: string; count: number }[];
  figures: Record<string, number>;
  ownChecklist: { saved: boolean; formOutdated: boolean; formUse?: FormUseDto | null; missingItems: number; overdueTargets: number };
}
export interface StoreSummary {
  chain: Party;
  fiscalYear: number;
  fiscalYearLabel: string;
  vendorChecklistForm?: FormUseDto | null;
  /** The 薬局確認用 that applies to the 年度 (issue 12). */
  ownChecklistForm?: FormUseDto | null;
  totals: { stores: number; ready: number; notReady: number; reasons: Record<string, number> };
  items: StoreSummaryRow[];
  total: number;
  nextCursor: string | null;
}

export type FollowupKind = 'document_request' | 'risk_thread';
export interface Followup {
  id: string;
  kind: FollowupKind;
  kindLabel: string;
  chain: Party;
  vendor: Party;
  request: { kind: string; kindLabel: string; productId: string | null; fiscalYear: number | null; message: string | null; dueOn: string | null } | null;
  thread: { documentType: string; documentId: string; documentLabel: string; itemId: string; itemText: string; message: string; dueOn: string | null; fiscalYear: number | null } | null;
  progress: { total: number; open: number; closed: number; byStatus: Record<string, number> };
  yourSide: 'chain' | 'vendor';
  createdAt: string;
}
export interface FollowupItem {
  type: FollowupKind;
  id: string;
  store: ChainStore;
  contractId: string | null;
  status: string;
  statusLabel: string;
  open: boolean;
  overdue: boolean;
  dueOn: string | null;
  documentId: string | null;
  closedAt: string | null;
  updatedAt: string;
}
export interface FollowupDetail extends Followup {
  items: FollowupItem[];
  skipped: { store: ChainStore; contractId: string | null; reason: string; reasonLabel: string; existingId: string | null }[] | null;
  selectedStoreIds: string[] | null;
}
export interface FollowupAnswer {
  followup: FollowupDetail;
  applied: string[];
  notApplied: { id: string; store: ChainStore; code: string; detail: string }[];
}
export interface CreateFollowup {
  kind: FollowupKind;
  vendorId: string;
  storeIds?: string[];
  request?: { kind: string; productId?: string; fiscalYear?: number; message?: string; dueOn?: string };
  thread?: { documentType: 'disclosure' | 'checklist'; documentId: string; itemId: string; message: string; dueOn?: string };
}

export type ExportFormat = 'csv' | 'xlsx';

export const chains = {
  matrix: (chainId: string, query: Query) => api.get<Matrix>(`/chains/${id(chainId)}/matrix`, query),
  vendorSummary: (chainId: string, query: Query) => api.get<VendorSummary>(`/chains/${id(chainId)}/vendor-summary`, query),
  storeSummary: (chainId: string, query: Query) => api.get<StoreSummary>(`/chains/${id(chainId)}/store-summary`, query),
  /** Downloads hold every store (no paging). */
  export: (chainId: string, what: 'matrix' | 'vendor-summary' | 'store-summary', query: Query, format: ExportFormat, encoding?: 'utf-8' | 'shift_jis') =>
    api.download(`/chains/${id(chainId)}/${what}`, { ...query, format, encoding, cursor: undefined, limit: undefined }, `${what}-${String(query.fiscalYear ?? '')}.${format}`),
  inspectionPacks: (chainId: string, fiscalYear: number) => api.download(`/chains/${id(chainId)}/inspection-packs/${fiscalYear}`, undefined, `inspection-packs-${fiscalYear}.zip`),
  followups: (chainId: string, query: Query) => api.get<{ items: Followup[]; nextCursor: string | null }>(`/chains/${id(chainId)}/followups`, query),
  followup: (chainId: string, followupId: string) => api.get<FollowupDetail>(`/chains/${id(chainId)}/followups/${id(followupId)}`),
  createFollowup: (chainId: string, body: CreateFollowup) => api.post<FollowupDetail>(`/chains/${id(chainId)}/followups`, body),
};

/** Follow-ups from the vendor's side (or the chain's, without naming the chain). */
export const followups = {
  list: (query: Query) => api.get<{ items: Followup[]; nextCursor: string | null }>('/followups', query),
  get: (followupId: string) => api.get<FollowupDetail>(`/followups/${id(followupId)}`),
  fulfil: (followupId: string, disclosureId?: string) => api.post<FollowupAnswer>(`/followups/${id(followupId)}/fulfil`, disclosureId ? { disclosureId } : {}),
  decline: (followupId: string, reason: string) => api.post<FollowupAnswer>(`/followups/${id(followupId)}/decline`, { reason }),
  message: (followupId: string, body: string) => api.post<FollowupAnswer>(`/followups/${id(followupId)}/messages`, { body }),
};
