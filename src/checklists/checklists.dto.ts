import { FormUseDto } from '../forms/form-use.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  NotContains,
  ValidateNested,
} from 'class-validator';
import { NUL, noNul, trim } from '../common/text-input';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateFormat = { message: '日付は YYYY-MM-DD で指定してください (must be a date YYYY-MM-DD)' };

/** Answers one checklist may carry (the 事業者確認用 has 14; forms of up to 200 items are accepted). */
export const MAX_ANSWERS_PER_CHECKLIST = 200;

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

  /** 確認日 (YYYY-MM-DD): within the 年度 (from April 1) and not in the future. */
  // Required by every catalogued checklist form (rules.confirmationDateRequired); the service says which
  // answer lacks it. An empty string is a date left blank (the portal's empty field), reported as missing.
  @ApiProperty({ required: true, format: 'date' })
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @Matches(DATE, dateFormat)
  confirmedOn?: string;

  /**
   * 目標日 (YYYY-MM-DD): required when the answer is いいえ, and only then; within the 年度 (or up to the
   * end of the item's later target 年度) and not before the 確認日.
   */
  @IsOptional()
  @Matches(DATE, dateFormat)
  targetOn?: string;

  /**
   * 実装予定日 (YYYY-MM-DD): on an item whose はい may be a plan (plannedBy, e.g. 2-⑨ 二要素認証
   * 「…または令和9年度までに実装予定」) answered はい, the date the measure is to be in place; not
   * before the 確認日 and not after the end of the plannedBy 年度 (2028-03-31 for 令和9年度).
   * Refused on any other item or answer.
   */
  @IsOptional()
  @Matches(DATE, dateFormat)
  plannedOn?: string;

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

  /**
   * The vendor's 管理責任者, optional: the official 事業者確認用 sheet prints the 事業者名 (the vendor),
   * not a person's name, so a checklist is complete without it. Kept and shown when given.
   */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  managerName?: string;

  @IsArray()
  @ArrayMaxSize(MAX_ANSWERS_PER_CHECKLIST)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  answers: ChecklistAnswerInputDto[];
}

export class ChecklistRevisionQueryDto {
  /** A specific revision (history); the latest by default. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @ApiPropertyOptional({ type: 'integer' })
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
  /** 実装予定日 of a planned はい (items with plannedBy only). */
  plannedOn: string | null;
  /**
   * The 年度 by which the item's はい may be a plan (「…または令和9年度までに実装予定」 → 2027): the
   * portal offers a 実装予定日 on such items only. null for other items.
   */
  @ApiProperty({ type: 'integer', nullable: true })
  plannedBy: number | null;
  remarks: string | null;
  /** いいえ with a 目標日 already past. */
  targetOverdue: boolean;
}

export class ChecklistRevisionSummaryDto {
  @ApiProperty({ type: 'integer' })
  revision: number;
  @ApiProperty({ enum: ['draft', 'submitted'] })
  status: ChecklistStatus;
  submittedAt: string | null;
}

export class ChecklistDto {
  id: string;
  contractId: string;
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  /** 令和7年度 */
  fiscalYearLabel: string;
  @ApiProperty({ type: 'integer' })
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
  /** The 管理責任者, where the vendor named one: optional, as the official sheet prints only the 事業者名. */
  managerName: string | null;
  @ApiProperty({ type: [ChecklistAnswerDto] })
  answers: ChecklistAnswerDto[];
  /** Number of いいえ answers. */
  @ApiProperty({ type: 'integer' })
  noCount: number;
  /** Required items still unanswered (drafts). */
  missingItems: string[];
  submittedAt: string | null;
  /** When this revision last changed (a draft moves with every save); the ETag derives from id, revision and this. */
  updatedAt: string;
  @ApiProperty({ type: [ChecklistRevisionSummaryDto] })
  revisions: ChecklistRevisionSummaryDto[];
}
