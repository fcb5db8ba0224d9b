import { ApiProperty } from '@nestjs/swagger';
import { CONTRACT_KINDS, type ContractKind } from '../contracts/contracts.dto';
import { FormUseDto } from '../forms/form-use.dto';
import { CHECKLIST_STANDINGS, type ChecklistStanding } from '../standing/standing.dto';

export const CELL_STATUSES = ['ok', 'attention', 'missing'] as const;
export type CellStatus = (typeof CELL_STATUSES)[number];
export const CELL_STATUS_LABELS: Record<CellStatus, string> = { ok: '対応済み', attention: '要確認', missing: '未提出あり' };

export class ChainPartyDto {
  id: string;
  name: string;
}

export class ChainStoreDto {
  id: string;
  name: string;
  pharmacyCode: string | null;
}

export class ChainRefDto {
  id: string;
  name: string;
}

export class CellChecklistDto {
  /** The cell's worst: missing, then form_outdated, then received; not_required when only sale-only contracts. */
  @ApiProperty({ enum: CHECKLIST_STANDINGS })
  status: ChecklistStanding;
  statusLabel: string;
  @ApiProperty({ type: 'integer' })
  received: number;
  @ApiProperty({ type: 'integer' })
  outdated: number;
  @ApiProperty({ type: 'integer' })
  missing: number;
  @ApiProperty({ type: 'integer' })
  notRequired: number;
}

export class CoverageDto {
  @ApiProperty({ type: 'integer' })
  received: number;
  /** Covered products of maintenance or operation contracts (what the store's standing marks as required). */
  @ApiProperty({ type: 'integer' })
  total: number;
}

export class RmSdsCoverageDto {
  @ApiProperty({ type: 'integer' })
  received: number;
  /** Products whose remote maintenance is in use: their performer owes an RM-SDS. */
  @ApiProperty({ type: 'integer' })
  required: number;
}

export class RemoteMaintenanceCoverageDto {
  @ApiProperty({ type: 'integer' })
  confirmed: number;
  @ApiProperty({ type: 'integer' })
  disclosed: number;
  @ApiProperty({ type: 'integer' })
  total: number;
}

/** One store × vendor: every contract of the store with the vendor in force during the 年度. */
export class MatrixCellDto {
  vendor: ChainPartyDto;
  /** ok / attention (delivered, something to act on) / missing (something owed not delivered): for a heat map. */
  @ApiProperty({ enum: CELL_STATUSES })
  status: CellStatus;
  statusLabel: string;
  @ApiProperty({ type: 'integer' })
  contracts: number;
  @ApiProperty({ enum: CONTRACT_KINDS, isArray: true })
  kinds: ContractKind[];
  kindLabel: string;
  checklist: CellChecklistDto;
  /** いいえ answers in the latest 事業者確認用 of the 年度. */
  @ApiProperty({ type: 'integer' })
  noCount: number;
  /** いいえ answers whose 目標日 has passed. */
  @ApiProperty({ type: 'integer' })
  overdueTargets: number;
  securityDisclosures: CoverageDto;
  rmSds: RmSdsCoverageDto;
  remoteMaintenance: RemoteMaintenanceCoverageDto;
  @ApiProperty({ type: 'integer' })
  openRequests: number;
  @ApiProperty({ type: 'integer' })
  overdueRequests: number;
  @ApiProperty({ type: 'integer' })
  openThreads: number;
}

export class MatrixRowTotalsDto {
  @ApiProperty({ type: 'integer' })
  contracts: number;
  @ApiProperty({ type: 'integer' })
  checklistsMissing: number;
  @ApiProperty({ type: 'integer' })
  checklistsOutdated: number;
  @ApiProperty({ type: 'integer' })
  noCount: number;
  @ApiProperty({ type: 'integer' })
  overdueTargets: number;
  @ApiProperty({ type: 'integer' })
  openRequests: number;
  @ApiProperty({ type: 'integer' })
  openThreads: number;
}

export class MatrixRowDto {
  store: ChainStoreDto;
  /** The store's worst cell (ok when it has none). */
  @ApiProperty({ enum: CELL_STATUSES })
  status: CellStatus;
  totals: MatrixRowTotalsDto;
  @ApiProperty({ type: [MatrixCellDto] })
  cells: MatrixCellDto[];
}

export class MatrixDto {
  chain: ChainRefDto;
  /** The 年度 shown: the one asked for, or the current 年度 by default. */
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  fiscalYearLabel: string;
  /**
   * The 事業者確認用 version that applies to the 年度 and whether it is carried forward from an
   * earlier 年度, said plainly (label: 「令和8年度: 令和7年度版を使用（令和8年度版は未登録）」); checklists
   * answered on an older version count as 旧様式 (re-submission needed). Null before any version.
   */
  @ApiProperty({ type: FormUseDto, nullable: true })
  vendorChecklistForm: FormUseDto | null;
  /** The columns: every vendor under contract with a store of the chain during the 年度 (or the one filtered). */
  @ApiProperty({ type: [ChainPartyDto] })
  vendors: ChainPartyDto[];
  @ApiProperty({ type: [MatrixRowDto] })
  items: MatrixRowDto[];
  /** Stores matching the filters. */
  @ApiProperty({ type: 'integer' })
  total: number;
  nextCursor: string | null;
}

export class GatewayRiskCountDto {
  /** A risk code of the remote-maintenance rules (gateway_firmware_stale, no_two_factor, …). */
  code: string;
  label: string;
  @ApiProperty({ enum: ['low', 'medium', 'high'] })
  severity: 'low' | 'medium' | 'high';
  /** Remote-maintenance disclosures (store × product) flagged with it. */
  @ApiProperty({ type: 'integer' })
  count: number;
}

export class GatewayRisksDto {
  /** Current disclosures of remote maintenance in use with at least one risk flag. */
  @ApiProperty({ type: 'integer' })
  flagged: number;
  @ApiProperty({ type: 'integer' })
  high: number;
  @ApiProperty({ type: 'integer' })
  medium: number;
  @ApiProperty({ type: 'integer' })
  low: number;
  @ApiProperty({ type: [GatewayRiskCountDto] })
  byCode: GatewayRiskCountDto[];
}

export class VendorChecklistsDto {
  /** Contracts that owe a 事業者確認用 (maintenance or operation). */
  @ApiProperty({ type: 'integer' })
  owed: number;
  @ApiProperty({ type: 'integer' })
  received: number;
  @ApiProperty({ type: 'integer' })
  outdated: number;
  @ApiProperty({ type: 'integer' })
  missing: number;
  /** received / owed × 100, one decimal; null when none is owed. */
  receivedPercent: number | null;
}

export class VendorRemoteMaintenanceDto extends RemoteMaintenanceCoverageDto {
  /** confirmed / total × 100, one decimal; null when none is owed. */
  confirmedPercent: number | null;
}

export class VendorSummaryRowDto {
  vendor: ChainPartyDto;
  /** Stores with a contract in force with the vendor. */
  @ApiProperty({ type: 'integer' })
  stores: number;
  @ApiProperty({ type: 'integer' })
  contracts: number;
  checklists: VendorChecklistsDto;
  @ApiProperty({ type: 'integer' })
  noAnswers: number;
  /** いいえ answers by item id, e.g. {"2-⑤": 12}. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { '2-⑤': 12 } })
  noByItem: Record<string, number>;
  @ApiProperty({ type: 'integer' })
  overdueTargets: number;
  @ApiProperty({ type: 'integer' })
  openRequests: number;
  @ApiProperty({ type: 'integer' })
  overdueRequests: number;
  @ApiProperty({ type: 'integer' })
  openThreads: number;
  securityDisclosures: CoverageDto;
  rmSds: RmSdsCoverageDto;
  remoteMaintenance: VendorRemoteMaintenanceDto;
  gatewayRisks: GatewayRisksDto;
}

export class VendorSummaryDto {
  chain: ChainRefDto;
  /** The 年度 shown: the one asked for, or the current 年度 by default. */
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  fiscalYearLabel: string;
  /**
   * The 事業者確認用 version that applies to the 年度 and whether it is carried forward from an
   * earlier 年度, said plainly (label: 「令和8年度: 令和7年度版を使用（令和8年度版は未登録）」); checklists
   * answered on an older version count as 旧様式 (re-submission needed). Null before any version.
   */
  @ApiProperty({ type: FormUseDto, nullable: true })
  vendorChecklistForm: FormUseDto | null;
  @ApiProperty({ type: [VendorSummaryRowDto] })
  items: VendorSummaryRowDto[];
}

export class ReadinessReasonDto {
  /** The standing's gap codes (checklist_missing, security_disclosure_missing, …) and own_checklist_* for the store's own checklist. */
  code: string;
  label: string;
  /** How many: entries of that code in the store's standing "missing" list, or items of its own checklist. */
  @ApiProperty({ type: 'integer' })
  count: number;
}

export class StoreFiguresDto {
  @ApiProperty({ type: 'integer' })
  vendors: number;
  @ApiProperty({ type: 'integer' })
  contracts: number;
  @ApiProperty({ type: 'integer' })
  checklistsReceived: number;
  @ApiProperty({ type: 'integer' })
  checklistsOutdated: number;
  @ApiProperty({ type: 'integer' })
  checklistsMissing: number;
  @ApiProperty({ type: 'integer' })
  checklistsNotRequired: number;
  @ApiProperty({ type: 'integer' })
  noAnswers: number;
  @ApiProperty({ type: 'integer' })
  overdueTargets: number;
  @ApiProperty({ type: 'integer' })
  productsWithoutSecurityDisclosure: number;
  @ApiProperty({ type: 'integer' })
  remoteMaintenanceUnconfirmed: number;
  @ApiProperty({ type: 'integer' })
  openRequests: number;
  @ApiProperty({ type: 'integer' })
  openThreads: number;
}

export class OwnChecklistStateDto {
  /** The store saved its 薬局確認用 for the 年度. */
  saved: boolean;
  /** Saved on an older version than the one that applies to the 年度 (旧様式): answer again on the new one. */
  formOutdated: boolean;
  /**
   * The version answered on (or to be used, when not saved yet), carried forward or 旧様式, said
   * plainly: 「令和8年度: 令和7年度版で回答（令和8年度版は未登録）」. Null before any version.
   */
  @ApiProperty({ type: FormUseDto, nullable: true })
  formUse: FormUseDto | null;
  /** Required items not answered yet. */
  @ApiProperty({ type: 'integer' })
  missingItems: number;
  /** Own いいえ answers whose 目標日 has passed. */
  @ApiProperty({ type: 'integer' })
  overdueTargets: number;
}

export class StoreSummaryRowDto {
  store: ChainStoreDto;
  /** Ready for the 立入検査: every 事業者確認用 received on the current form, no 目標日 overdue, own checklist complete, MDS/SDS and RM-SDS received, remote maintenance disclosed and confirmed. */
  ready: boolean;
  readinessLabel: string;
  @ApiProperty({ type: [ReadinessReasonDto] })
  reasons: ReadinessReasonDto[];
  /** The same figures as the store's standing summary. */
  figures: StoreFiguresDto;
  ownChecklist: OwnChecklistStateDto;
}

export class StoreSummaryTotalsDto {
  @ApiProperty({ type: 'integer' })
  stores: number;
  @ApiProperty({ type: 'integer' })
  ready: number;
  @ApiProperty({ type: 'integer' })
  notReady: number;
  /** Stores held back by each reason. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  reasons: Record<string, number>;
}

export class StoreSummaryDto {
  chain: ChainRefDto;
  /** The 年度 shown: the one asked for, or the current 年度 by default. */
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  fiscalYearLabel: string;
  /**
   * The 事業者確認用 version that applies to the 年度 and whether it is carried forward from an
   * earlier 年度, said plainly (label: 「令和8年度: 令和7年度版を使用（令和8年度版は未登録）」); checklists
   * answered on an older version count as 旧様式 (re-submission needed). Null before any version.
   */
  @ApiProperty({ type: FormUseDto, nullable: true })
  vendorChecklistForm: FormUseDto | null;
  /** The 薬局確認用 version that applies to the 年度 (carried forward where needed), said plainly; null before any version. */
  @ApiProperty({ type: FormUseDto, nullable: true })
  ownChecklistForm: FormUseDto | null;
  /** Over every store of the chain (before the ready / storeId filters). */
  totals: StoreSummaryTotalsDto;
  @ApiProperty({ type: [StoreSummaryRowDto] })
  items: StoreSummaryRowDto[];
  @ApiProperty({ type: 'integer' })
  total: number;
  nextCursor: string | null;
}
