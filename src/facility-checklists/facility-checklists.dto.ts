import { FormUseDto } from '../forms/form-use.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ChecklistAnswerInputDto } from '../checklists/checklists.dto';

export class SaveFacilityChecklistDto {
  /** The form version; by default the 薬局確認用 of this 年度. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  formId?: string;

  /**
   * The pharmacy's answers (はい/いいえ, 確認日, 目標日 for いいえ, 実装予定日 for a planned はい, 備考);
   * they replace the saved ones. Dates follow the 年度 rules of the 事業者確認用 (ChecklistAnswerInput).
   * Items derived from Kaiji's data (2-②, 2-③) are not accepted.
   */
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  answers: ChecklistAnswerInputDto[];
}

export class FacilityChecklistGapDto {
  /** remote_maintenance_undisclosed, remote_maintenance_unconfirmed, security_disclosure_missing, rm_sds_missing */
  code: string;
  label: string;
  productId: string;
  productName: string;
}

export class FacilityChecklistContractDerivationDto {
  contractId: string;
  vendorId: string;
  vendorName: string;
  satisfied: boolean;
  @ApiProperty({ type: [FacilityChecklistGapDto] })
  missing: FacilityChecklistGapDto[];
}

export class FacilityChecklistDerivationDto {
  @ApiProperty({ enum: ['はい', 'いいえ', '記入不要'] })
  answer: 'はい' | 'いいえ' | '記入不要';
  /** Why, in Japanese. */
  reason: string;
  confirmedOn: string | null;
  /** Each maintenance or operation contract in force during the 年度, and what it still lacks. */
  @ApiProperty({ type: [FacilityChecklistContractDerivationDto] })
  contracts: FacilityChecklistContractDerivationDto[];
}

export class FacilityChecklistItemDto {
  itemId: string;
  section: string | null;
  scope: string | null;
  text: string;
  textEn: string | null;
  /** As printed, e.g. ※事業者と契約していない場合には、記入不要 */
  condition: string | null;
  /** Answered from Kaiji's data (2-②, 2-③), not by the pharmacy. */
  derived: boolean;
  answer: string | null;
  confirmedOn: string | null;
  targetOn: string | null;
  /** 実装予定日 of a planned はい (items with plannedBy only). */
  plannedOn: string | null;
  /** The 年度 by which the item's はい may be a plan (2-⑩ 二要素認証: 2027 = 令和9年度); null for other items. */
  @ApiProperty({ type: 'integer', nullable: true })
  plannedBy: number | null;
  remarks: string | null;
  /** いいえ with a 目標日 already past. */
  targetOverdue: boolean;
  @ApiPropertyOptional({ type: FacilityChecklistDerivationDto, nullable: true })
  derivation: FacilityChecklistDerivationDto | null;
}

export class FacilityChecklistDto {
  /** null until the pharmacy first saves answers for the 年度. */
  id: string | null;
  facility: { id: string; name: string; pharmacyCode: string | null };
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  fiscalYearLabel: string;
  formId: string;
  formLabel: string;
  /** A newer version of this 年度's form exists: answers should be given again on it. */
  formOutdated: boolean;
  /** The version used, carried forward or not, said plainly (formUse.label). */
  formUse: FormUseDto;
  newerFormId: string | null;
  @ApiProperty({ type: [FacilityChecklistItemDto] })
  items: FacilityChecklistItemDto[];
  /** Number of いいえ answers, derived ones included. */
  @ApiProperty({ type: 'integer' })
  noCount: number;
  /** Required items the pharmacy has not answered yet. */
  missingItems: string[];
  updatedAt: string | null;
}
