import { FormUseDto } from '../forms/forms.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, NotContains, ValidateNested } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** PostgreSQL text cannot hold NUL: refuse it here rather than fail the whole write (a 500). */
const NUL = '\u0000';
const noNul = { message: 'must not contain NUL characters' };
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const CHECKLIST_STATUS_LABELS = { draft: '下書き', submitted: '提出済み' } as const;
export type ChecklistStatus = keyof typeof CHECKLIST_STATUS_LABELS;

export class ChecklistAnswerInputDto {
  /** Item id as printed on the form, e.g. "2-③". */
  @IsString()
  @MaxLength(40)
  itemId: string;

  /** はい or いいえ. */
  @IsString()
  @MaxLength(10)
  answer: string;

  /** 確認日 (YYYY-MM-DD, not in the future). */
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  confirmedOn?: string;

  /** 目標日 (YYYY-MM-DD within the 年度): required when the answer is いいえ. */
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  targetOn?: string;

  /** 備考 */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NotContains(NUL, noNul)
  remarks?: string;
}

export class SaveChecklistDto {
  /** The form version; by default the 事業者確認用 of this 年度 for the customer's kind of facility. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  formId?: string;

  /** The vendor's 管理責任者 (required to submit). */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  managerName?: string;

  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  answers: ChecklistAnswerInputDto[];
}

export class ChecklistBatchEntryDto {
  /** The contract, or (with pharmacyCode) the customer's 保険薬局コード when you have one contract with it. */
  @IsOptional()
  @IsUUID()
  contractId?: string;

  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'must be a 10-digit 保険薬局コード' })
  pharmacyCode?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100)
  formId?: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  managerName: string;

  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  answers: ChecklistAnswerInputDto[];
}

export const MAX_BATCH_ENTRIES = 2_000;

export class ChecklistBatchDto {
  /** 年度 as the Gregorian year it starts in (2025 = 令和7年度). */
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear: number;

  /** Up to 2,000 customers' checklists, each submitted as a new revision (or left unchanged). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => ChecklistBatchEntryDto)
  entries: ChecklistBatchEntryDto[];
}

export class ChecklistRevisionQueryDto {
  /** A specific revision (history); the latest by default. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  revision?: number;
}

export class ChecklistAnswerDto {
  itemId: string;
  /** The same item's number on the customer's own checklist (薬局確認用), where it differs. */
  counterpartItemId: string | null;
  section: string | null;
  /** The heading the item stands under on the sheet (サーバ, 端末PC, ネットワーク機器…). */
  scope: string | null;
  text: string;
  textEn: string | null;
  answer: string;
  confirmedOn: string | null;
  targetOn: string | null;
  remarks: string | null;
  /** いいえ with a 目標日 already past. */
  targetOverdue: boolean;
}

export class ChecklistRevisionSummaryDto {
  revision: number;
  @ApiProperty({ enum: ['draft', 'submitted'] })
  status: ChecklistStatus;
  submittedAt: string | null;
}

export class ChecklistDto {
  id: string;
  contractId: string;
  fiscalYear: number;
  /** 令和7年度 */
  fiscalYearLabel: string;
  revision: number;
  @ApiProperty({ enum: ['draft', 'submitted'] })
  status: ChecklistStatus;
  statusLabel: string;
  formId: string;
  formLabel: string;
  /** A newer version of the form applies to this 年度: answers should be given again on it. */
  formOutdated: boolean;
  newerFormId: string | null;
  /** The version used, carried forward or not, said plainly (formUse.label). */
  formUse: FormUseDto;
  vendor: { id: string; name: string };
  customer: { id: string; name: string };
  managerName: string | null;
  @ApiProperty({ type: [ChecklistAnswerDto] })
  answers: ChecklistAnswerDto[];
  /** Number of いいえ answers. */
  noCount: number;
  /** Required items still unanswered (drafts). */
  missingItems: string[];
  submittedAt: string | null;
  @ApiProperty({ type: [ChecklistRevisionSummaryDto] })
  revisions: ChecklistRevisionSummaryDto[];
}

export class ChecklistBatchResultDto {
  index: number;
  @ApiProperty({ enum: ['created', 'unchanged', 'error'] })
  status: 'created' | 'unchanged' | 'error';
  contractId: string | null;
  checklistId: string | null;
  revision: number | null;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } })
  errors?: { field: string; message: string }[];
}

export class ChecklistBatchResponseDto {
  fiscalYear: number;
  created: number;
  unchanged: number;
  failed: number;
  @ApiProperty({ type: [ChecklistBatchResultDto] })
  results: ChecklistBatchResultDto[];
}
