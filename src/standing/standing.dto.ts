import { FormUseDto } from '../forms/form-use.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CONTRACT_KINDS, type ContractKind } from '../contracts/contracts.dto';
import { RISK_LEVELS, type RiskLevel } from '../remote-maintenance/remote-maintenance.dto';

export const CHECKLIST_STANDINGS = ['received', 'form_outdated', 'missing', 'not_required'] as const;
export type ChecklistStanding = (typeof CHECKLIST_STANDINGS)[number];
export const CHECKLIST_STANDING_LABELS: Record<ChecklistStanding, string> = {
  received: '受領済み',
  form_outdated: '旧様式で提出済み（再提出が必要）',
  missing: '未提出',
  not_required: '不要（売買契約のみ）',
};

export class StandingQueryDto {
  /** 年度 as the Gregorian year it starts in (2025 = 令和7年度); the current 年度 by default. */
  @ApiPropertyOptional({ type: 'integer', minimum: 2019, maximum: 2100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear?: number;
}

export class StandingPartyDto {
  id: string;
  name: string;
}

export class StandingChecklistDto {
  @ApiProperty({ enum: CHECKLIST_STANDINGS })
  status: ChecklistStanding;
  statusLabel: string;
  /** The latest submitted revision for the 年度. */
  checklistId: string | null;
  @ApiProperty({ type: 'integer', nullable: true })
  revision: number | null;
  submittedAt: string | null;
  formId: string | null;
  /** A newer version that applies to the 年度 (the 年度's own registered after a carry-forward, or a revised sheet): answer again on it. */
  newerFormId: string | null;
  /** The version the submitted checklist was answered on, carried forward or outdated, said plainly; null while nothing is submitted. */
  @ApiProperty({ type: FormUseDto, nullable: true })
  formUse: FormUseDto | null;
  /** Number of いいえ answers. */
  @ApiProperty({ type: 'integer' })
  noCount: number;
  /** いいえ answers whose 目標日 has passed. */
  @ApiProperty({ type: 'integer' })
  overdueTargetCount: number;
}

export class StandingSecurityDisclosureDto {
  /** Owed under a maintenance or operation contract (2-③). */
  required: boolean;
  received: boolean;
  disclosureId: string | null;
  @ApiPropertyOptional({ enum: ['MDS', 'SDS'], nullable: true })
  kind: 'MDS' | 'SDS' | null;
  productVersion: string | null;
  publishedAt: string | null;
}

export class StandingRemoteMaintenanceDto {
  /** Owed under a maintenance or operation contract (2-②). */
  required: boolean;
  disclosed: boolean;
  disclosureId: string | null;
  @ApiProperty({ type: 'integer', nullable: true })
  revision: number | null;
  inUse: boolean | null;
  performedBy: StandingPartyDto | null;
  /** The current revision is confirmed by the pharmacy (or its chain). */
  confirmed: boolean;
  confirmedAt: string | null;
  @ApiPropertyOptional({ enum: RISK_LEVELS, nullable: true })
  riskLevel: RiskLevel | null;
}

export class StandingRmSdsDto {
  /** Remote maintenance is in use under a maintenance or operation contract: its performer owes an RM-SDS. */
  required: boolean;
  received: boolean;
  disclosureId: string | null;
  publishedAt: string | null;
}

export class StandingProductDto {
  id: string;
  name: string;
  category: string;
  deployment: string;
  securityDisclosure: StandingSecurityDisclosureDto;
  remoteMaintenance: StandingRemoteMaintenanceDto;
  rmSds: StandingRmSdsDto;
}

export class StandingContractDto {
  contractId: string;
  @ApiProperty({ enum: CONTRACT_KINDS })
  kind: ContractKind;
  kindLabel: string;
  vendor: StandingPartyDto;
  agent: StandingPartyDto | null;
  startsOn: string;
  endsOn: string | null;
  @ApiProperty({ type: [StandingProductDto] })
  products: StandingProductDto[];
  checklist: StandingChecklistDto;
  @ApiProperty({ type: 'integer' })
  openRequests: number;
  @ApiProperty({ type: 'integer' })
  overdueRequests: number;
  /** Risk-communication threads not resolved yet. */
  @ApiProperty({ type: 'integer' })
  openThreads: number;
}

export class StandingMissingDto {
  /** checklist_missing, checklist_form_outdated, checklist_target_overdue, security_disclosure_missing, remote_maintenance_undisclosed, remote_maintenance_unconfirmed, rm_sds_missing */
  code: string;
  /** What to do, in Japanese, for the 管理薬剤師. */
  label: string;
  contractId: string;
  vendorId: string;
  productId: string | null;
}

export class StandingSummaryDto {
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

export class StandingDto {
  pharmacy: { id: string; name: string; pharmacyCode: string | null };
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  fiscalYearLabel: string;
  /** The 事業者確認用 form that applies to pharmacies for this 年度 (carried forward where the 年度 has none); null while none is catalogued. */
  vendorChecklistFormId: string | null;
  /** That form, said plainly: 「令和8年度: 令和7年度版を使用（令和8年度版は未登録）」. */
  @ApiProperty({ type: FormUseDto, nullable: true })
  vendorChecklistForm: FormUseDto | null;
  @ApiProperty({ type: [StandingContractDto] })
  contracts: StandingContractDto[];
  summary: StandingSummaryDto;
  @ApiProperty({ type: [StandingMissingDto] })
  missing: StandingMissingDto[];
}
