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
import { AppError } from '../common/app-error';
import { NUL, noNul, trim } from '../common/text-input';
import { ValidateEachInChunks } from '../common/validation';
import { ChecklistAnswerInputDto, MAX_ANSWERS_PER_CHECKLIST } from './checklists.dto';

/**
 * The limits of one bulk submission (POST /v1/checklists/batch). What a request costs in memory
 * follows its answers, so the total of answers is capped, not only entries × answers per entry.
 * 60,000 answers is 2,000 customers × 30 items (the 事業者確認用 has 14). bench/batch-memory.ts
 * measures the heaviest request at the cap at some 50 MB of heap, garbage included (about 800 bytes
 * an answer); two at a time (HEAVY_REQUEST_GATE) with 96 MB kept for everything else within 75 % of
 * the 384 MB old space would allow some 80,000: 60,000 stays a quarter below that.
 */
export const MAX_BATCH_ENTRIES = 2_000;
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
