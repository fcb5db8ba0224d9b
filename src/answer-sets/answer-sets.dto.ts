import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength, NotContains, ValidateIf, ValidateNested } from 'class-validator';
import { ChecklistAnswerInputDto, MAX_ANSWERS_PER_CHECKLIST } from '../checklists/checklists.dto';
import { PageQueryDto } from '../common/pagination';
import { NUL, noNul, trim } from '../common/text-input';

/**
 * Customers one application may name by contract id, and overrides it may carry. The request's
 * ordinary limits (1 MB, 50,000 JSON values: src/app.setup.ts) bound it too: 20,000 ids fit.
 */
export const MAX_APPLICATION_CONTRACT_IDS = 20_000;
export const MAX_APPLICATION_OVERRIDES = 500;
/** Contracts an application (or the bulk path it uses) may answer: the customers a vendor may apply a set to. */
export const APPLICABLE_CONTRACT_KINDS = ['maintenance', 'operation'] as const;
export type ApplicableContractKind = (typeof APPLICABLE_CONTRACT_KINDS)[number];

export class CreateAnswerSetDto {
  /** Your name for the set, unique among your sets in use, e.g. 「標準回答（クラウド版）」. */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  name: string;

  /** The 事業者確認用 form version the answers are for (GET /v1/forms?kind=vendor_checklist); fixed once created. */
  @IsString()
  @MaxLength(100)
  formId: string;

  /** The 管理責任者 the checklists name, optional (the official sheet prints the 事業者名). */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  managerName?: string;

  /**
   * The answers, checked with the checklist rules (the 年度 of their 確認日). A set may be saved
   * incomplete, as a draft; it is applied only once every required item is answered.
   */
  @IsArray()
  @ArrayMaxSize(MAX_ANSWERS_PER_CHECKLIST)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  answers: ChecklistAnswerInputDto[];
}

export class UpdateAnswerSetDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  name?: string;

  /** A new 管理責任者; null removes it. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  managerName?: string | null;

  /** Every answer of the set, replacing the stored ones. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ANSWERS_PER_CHECKLIST)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  answers?: ChecklistAnswerInputDto[];
}

export class AnswerSetQueryDto extends PageQueryDto {
  /** true: archived sets too (they keep their applications); by default the sets in use only. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeArchived?: boolean;
}

export class AnswerSetOverrideDto {
  /** The customer's contract: one of those the application targets. */
  @IsUUID()
  contractId: string;

  /** A 管理責任者 for this customer's checklist instead of the set's. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  managerName?: string;

  /** Answers replacing the set's answer to their item for this customer, each whole (answer, 確認日, 目標日, 備考). */
  @IsArray()
  @ArrayMaxSize(MAX_ANSWERS_PER_CHECKLIST)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  answers: ChecklistAnswerInputDto[];
}

/**
 * Which customers, and what for each. The selection's criteria combine (all must hold); at least
 * one is needed. Only your contracts in force that owe a checklist (maintenance, operation) with
 * customers the set's form serves are ever targeted.
 */
export class ApplyAnswerSetDto {
  /** 年度 as the Gregorian year it starts in (2026 = 令和8年度): the set's form must be the version that applies to it. */
  @IsInt()
  @Min(2019)
  @Max(2100)
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;

  /** Customers whose contract covers this product of yours. */
  @IsOptional()
  @IsUUID()
  productId?: string;

  /** Customers that are stores of this chain (法人本部). */
  @IsOptional()
  @IsUUID()
  chainId?: string;

  @ApiPropertyOptional({ enum: APPLICABLE_CONTRACT_KINDS })
  @IsOptional()
  @IsIn(APPLICABLE_CONTRACT_KINDS)
  contractKind?: ApplicableContractKind;

  /** These contracts (each must be yours, in force and owe a checklist). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_APPLICATION_CONTRACT_IDS)
  @IsUUID(undefined, { each: true })
  contractIds?: string[];

  /** true: every customer whose checklist for the 年度 is not submitted yet. */
  @IsOptional()
  @IsBoolean()
  owing?: boolean;

  /** Per-customer changes of single items. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_APPLICATION_OVERRIDES)
  @ValidateNested({ each: true })
  @Type(() => AnswerSetOverrideDto)
  overrides?: AnswerSetOverrideDto[];

  /**
   * With dryRun only: the preview lists just the targeted customers whose 保険薬局コード or name
   * contains this (full-width, case and spaces ignored), to find one beyond the first 50 and give
   * it an override. It narrows the list, not the application: total still counts every target.
   */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  customerQuery?: string;

  /** true: answer who would get what (count, first customers, chains, each override checked), and write nothing. */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}
