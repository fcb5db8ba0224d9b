import { AppError } from '../common/app-error';
import { ValidateEachInChunks } from '../common/validation';
import { FormUseDto } from '../forms/form-use.dto';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotContains,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidationArguments,
  ValidatorConstraint,
  ValidatorConstraintInterface,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** PostgreSQL text cannot hold NUL: refuse it here rather than fail the whole write (a 500). */
const NUL = '\u0000';
const noNul = { message: 'NUL文字は使えません (must not contain NUL characters)' };
const dateFormat = { message: '日付は YYYY-MM-DD で指定してください (must be a date YYYY-MM-DD)' };
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * The limits of one bulk submission (POST /v1/checklists/batch). What a request costs in memory
 * follows its answers, so the total of answers is capped, not only entries × answers per entry.
 * 60,000 answers is 2,000 customers × 30 items (the 事業者確認用 has 14). bench/batch-memory.ts
 * measures the heaviest request at the cap at some 50 MB of heap, garbage included (about 800 bytes
 * an answer); two at a time (HEAVY_REQUEST_GATE) with 96 MB kept for everything else within 75 % of
 * the 384 MB old space would allow some 80,000: 60,000 stays a quarter below that.
 */
export const MAX_BATCH_ENTRIES = 2_000;
export const MAX_ANSWERS_PER_CHECKLIST = 200;
export const MAX_BATCH_ANSWERS = 60_000;
/**
 * 2,000 × 14 answers with every field and a remark of 150 characters each fit, and so do 60,000
 * answers with remarks of 40. Text costs twice its bytes once decoded (UTF-16) and again parsed:
 * at 16 MiB the longest texts cost about as much as the most answers (bench/batch-memory.ts).
 */
export const BATCH_BODY_LIMIT_BYTES = 16 * 1024 * 1024;
/**
 * JSON values (keys included) a bulk body may hold: an answer (or an override) is at most 13 (the
 * object, six keys, six values), an entry at most 14 more (its object, contractId or pharmacyCode,
 * formId, managerName, and answers or answerSetId with overrides); anything beyond is unknown fields
 * or answers over the cap.
 */
export const MAX_BATCH_JSON_VALUES = 13 * MAX_BATCH_ANSWERS + 14 * MAX_BATCH_ENTRIES + 16;

/** Answers an entry carries: its own, or the overrides of the answer set it names (the set's own are stored). */
function answersIn(entry: unknown): number {
  const { answers, overrides } = (entry as { answers?: unknown; overrides?: unknown } | null) ?? {};
  return (Array.isArray(answers) ? answers.length : 0) + (Array.isArray(overrides) ? overrides.length : 0);
}

function batchTooLarge(total: number): AppError {
  return new AppError(
    413,
    'batch_too_large',
    'Payload too large',
    `一度に送れる回答は${MAX_BATCH_ANSWERS}件までです（${total}件）。分けて送ってください (a batch may carry at most ${MAX_BATCH_ANSWERS} answers in all; this one has ${total}: split it)`,
    { maxAnswers: MAX_BATCH_ANSWERS },
  );
}

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

/** A bulk entry carries its answers, or names an answer set: exactly one of the two. */
@ValidatorConstraint({ name: 'answersOrAnswerSet' })
class AnswersOrAnswerSet implements ValidatorConstraintInterface {
  validate(_: unknown, args: ValidationArguments): boolean {
    const entry = args.object as ChecklistBatchEntryDto;
    return (entry.answers === undefined) !== (entry.answerSetId === undefined);
  }

  defaultMessage(): string {
    return 'answers（全項目の回答）か answerSetId（回答セット）のどちらか一方を指定してください (give exactly one of answers and answerSetId)';
  }
}

@ValidatorConstraint({ name: 'overridesNeedAnswerSet' })
class OverridesNeedAnswerSet implements ValidatorConstraintInterface {
  validate(_: unknown, args: ValidationArguments): boolean {
    return (args.object as ChecklistBatchEntryDto).answerSetId !== undefined;
  }

  defaultMessage(): string {
    return 'overrides は answerSetId と一緒にだけ指定できます (overrides go with answerSetId only)';
  }
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

  /**
   * The vendor's 管理責任者, optional: the official 事業者確認用 sheet prints the 事業者名 (the vendor),
   * not a person's name. Kept when given; a change of it makes a new revision.
   */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  managerName?: string;

  /** Every answer of the checklist; or name an answer set (answerSetId) instead, exactly one of the two. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ANSWERS_PER_CHECKLIST)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  answers?: ChecklistAnswerInputDto[];

  /**
   * One of your answer sets (POST /v1/answer-sets) in place of `answers`: the checklist is the set's
   * answers, on the set's form version, with `overrides` in place; the set's 管理責任者 unless
   * managerName is given. Exactly one of answers and answerSetId.
   */
  @ValidateIf((entry: ChecklistBatchEntryDto) => entry.answerSetId !== undefined || entry.answers === undefined)
  @IsUUID()
  // Last, so that it is checked first (stopAtFirstError): the clearer message for a missing id.
  @Validate(AnswersOrAnswerSet)
  answerSetId?: string;

  /** With answerSetId only: answers replacing the set's answer to their item, each whole (answer, 確認日, 目標日, 備考). */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ANSWERS_PER_CHECKLIST)
  @ValidateNested({ each: true })
  @Type(() => ChecklistAnswerInputDto)
  @Validate(OverridesNeedAnswerSet)
  overrides?: ChecklistAnswerInputDto[];
}

@ApiExtraModels(ChecklistBatchEntryDto)
export class ChecklistBatchDto {
  /** 年度 as the Gregorian year it starts in (2025 = 令和7年度). */
  @IsInt()
  @Min(2019)
  @Max(2100)
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;

  /** Up to 2,000 customers' checklists, each submitted as a new revision (or left unchanged); at most 60,000 answers in all. */
  @ApiProperty({
    type: 'array',
    minItems: 1,
    maxItems: MAX_BATCH_ENTRIES,
    // Each entry names exactly one of contractId and pharmacyCode, and carries exactly one of answers and answerSetId.
    items: {
      allOf: [
        { $ref: getSchemaPath(ChecklistBatchEntryDto) },
        { oneOf: [{ required: ['contractId'] }, { required: ['pharmacyCode'] }] },
        { oneOf: [{ required: ['answers'] }, { required: ['answerSetId'] }] },
      ],
    },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ENTRIES)
  // Validated a chunk of entries at a time, in place, once the answers are counted (src/common/validation.ts).
  @ValidateEachInChunks(() => ChecklistBatchEntryDto, { total: { count: answersIn, max: MAX_BATCH_ANSWERS, refuse: batchTooLarge } })
  entries: ChecklistBatchEntryDto[];
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

export class ChecklistBatchResultDto {
  @ApiProperty({ type: 'integer' })
  index: number;
  @ApiProperty({ enum: ['created', 'unchanged', 'error'] })
  status: 'created' | 'unchanged' | 'error';
  contractId: string | null;
  checklistId: string | null;
  @ApiProperty({ type: 'integer', nullable: true })
  revision: number | null;
  /** What is wrong with the entry: `field` is the path in the request; answer errors also name the item as printed (itemId), and every message is in Japanese with the English beside it. */
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'object', required: ['field', 'message'], properties: { field: { type: 'string' }, message: { type: 'string' }, itemId: { type: 'string' } } },
  })
  errors?: { field: string; message: string; itemId?: string }[];
}

export class ChecklistBatchResponseDto {
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  @ApiProperty({ type: 'integer' })
  created: number;
  @ApiProperty({ type: 'integer' })
  unchanged: number;
  @ApiProperty({ type: 'integer' })
  failed: number;
  @ApiProperty({ type: [ChecklistBatchResultDto] })
  results: ChecklistBatchResultDto[];
}
