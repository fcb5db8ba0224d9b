import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { FormItemManualDto } from './form-item-manual.dto';
import { FORM_ITEM_ROLES } from './form-definition';
import type { Answer, FormAudience, FormItemRole, FormKind } from './form-definition';
import { ANSWER_WORDS, FORM_AUDIENCES, FORM_ID_PATTERN, FORM_KINDS, LIMITS, MAX_FISCAL_YEAR, MIN_FISCAL_YEAR, SERIES_PATTERN } from './form-validation';

// The shape of a FormDefinition for class-validator and OpenAPI. Rules across fields (section
// references, unique ids, answer sets) are checked by formDefinitionProblems after these.

export class FormSectionDto {
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.itemId)
  id: string;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.title)
  title: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.title)
  titleEn?: string;
}

export class FormCounterpartDto {
  @Matches(FORM_ID_PATTERN, { message: 'must be a form id' })
  formId: string;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.itemId)
  itemId: string;
}

export class FormItemDto {
  /** As printed: "2-③", "1.1", "2(4)-server". */
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.itemId)
  id: string;

  @IsString()
  sectionId: string;

  /** Scope heading printed above the item (サーバ, 端末PC, ネットワーク機器…). */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  scope?: string;

  /** Japanese text verbatim from the source. */
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.text)
  text: string;

  /** English gloss. */
  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.text)
  textEn: string;

  @ApiProperty({ enum: ANSWER_WORDS, isArray: true })
  @IsArray()
  @ArrayNotEmpty()
  @IsIn(ANSWER_WORDS, { each: true })
  answers: Answer[];

  /** Must be answered before submitting or publishing (R5 参考項目 are not). */
  @IsBoolean()
  required: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  condition?: string;

  @IsOptional()
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  @ApiPropertyOptional({ type: 'integer' })
  targetFiscalYear?: number;

  /** はい may be a plan: the measure is to be in place by the end of this 年度 (2027 = 令和9年度); the answer then records plannedOn. */
  @ApiPropertyOptional({ type: 'integer', minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR })
  @IsOptional()
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  plannedBy?: number;

  /** What Kaiji does with the item: derived_remote_maintenance / derived_security_disclosure are answered from Kaiji's data. */
  @ApiPropertyOptional({ enum: FORM_ITEM_ROLES })
  @IsOptional()
  @IsIn(FORM_ITEM_ROLES)
  role?: FormItemRole;

  @IsOptional()
  @ValidateNested()
  @Type(() => FormCounterpartDto)
  counterpart?: FormCounterpartDto;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  note?: string;

  /** The checklist manual's text on the item, verbatim; absent when the form version has none. */
  @IsOptional()
  @ValidateNested()
  @Type(() => FormItemManualDto)
  manual?: FormItemManualDto;
}

export class FormRulesDto {
  @ApiPropertyOptional({ enum: ANSWER_WORDS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(ANSWER_WORDS, { each: true })
  targetDateRequiredFor?: Answer[];

  @IsOptional()
  @IsBoolean()
  targetDateWithinFiscalYear?: boolean;

  @IsOptional()
  @IsBoolean()
  confirmationDateRequired?: boolean;

  @ApiPropertyOptional({ enum: ANSWER_WORDS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(ANSWER_WORDS, { each: true })
  riskAnswers?: Answer[];
}

/** A form version as the operator registers it: the same JSON as a catalog file. */
export class RegisterFormDto {
  /** Stable id, e.g. "vendor-checklist-pharmacy-r8". */
  @Matches(FORM_ID_PATTERN, { message: 'must be 2–81 lowercase letters, digits, dots or hyphens, starting with a letter or digit' })
  id: string;

  @ApiProperty({ enum: FORM_KINDS })
  @IsIn(FORM_KINDS)
  kind: FormKind;

  @ApiProperty({ enum: FORM_AUDIENCES })
  @IsIn(FORM_AUDIENCES)
  audience: FormAudience;

  /** Versions of one series replace each other, e.g. "vendor-checklist/pharmacy". */
  @Matches(SERIES_PATTERN, { message: 'must be lowercase letters, digits, dots, hyphens or slashes' })
  series: string;

  /** Gregorian year the 年度 starts in (2026 = 令和8年度); null for forms not tied to a 年度. */
  @ApiProperty({ type: 'integer', nullable: true, minimum: MIN_FISCAL_YEAR, maximum: MAX_FISCAL_YEAR })
  @ValidateIf((_, value) => value !== null)
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  fiscalYear: number | null;

  /** Orders versions within a series after fiscalYear. */
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  @ApiProperty({ type: 'integer' })
  revision: number;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.title)
  versionLabel: string;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.title)
  title: string;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.title)
  titleEn: string;

  /** Only part of the source's items are listed: answers to unlisted items are accepted. */
  @IsBoolean()
  partial: boolean;

  @IsString()
  @MinLength(1)
  @MaxLength(LIMITS.note)
  source: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.note)
  note?: string;

  @ApiProperty({ type: [FormSectionDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LIMITS.sections)
  @ValidateNested({ each: true })
  @Type(() => FormSectionDto)
  sections: FormSectionDto[];

  @ApiProperty({ type: [FormItemDto] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(LIMITS.items)
  @ValidateNested({ each: true })
  @Type(() => FormItemDto)
  items: FormItemDto[];

  @IsObject()
  @ValidateNested()
  @Type(() => FormRulesDto)
  rules: FormRulesDto;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lines)
  @IsString({ each: true })
  instructions?: string[];

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(LIMITS.lines)
  @IsString({ each: true })
  footnotes?: string[];
}

/** A full form version, with where it stands in its series. */
export class FormDto extends RegisterFormDto {
  /** "令和7年度" (null when the form is not tied to a 年度). */
  @ApiProperty({ type: String, nullable: true })
  fiscalYearLabel: string | null;
  /** No newer version exists in the series. */
  latest: boolean;
  /** The newest version of the series, when this one is not it. */
  @ApiProperty({ type: String, nullable: true })
  supersededBy: string | null;
}

export class FormSummaryDto {
  id: string;
  @ApiProperty({ enum: FORM_KINDS })
  kind: FormKind;
  @ApiProperty({ enum: FORM_AUDIENCES })
  audience: FormAudience;
  series: string;
  @ApiProperty({ type: 'integer', nullable: true })
  fiscalYear: number | null;
  @ApiProperty({ type: String, nullable: true })
  fiscalYearLabel: string | null;
  versionLabel: string;
  title: string;
  titleEn: string;
  partial: boolean;
  @ApiProperty({ type: 'integer' })
  itemCount: number;
  latest: boolean;
  @ApiProperty({ type: String, nullable: true })
  supersededBy: string | null;
}

export class FormPageDto {
  @ApiProperty({ type: [FormSummaryDto] })
  items: FormSummaryDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

export class FormQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FORM_KINDS })
  @IsOptional()
  @IsIn(FORM_KINDS)
  kind?: FormKind;

  @ApiPropertyOptional({ enum: FORM_AUDIENCES })
  @IsOptional()
  @IsIn(FORM_AUDIENCES)
  audience?: FormAudience;

  /** Gregorian year the 年度 starts in (2025 = 令和7年度). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(MIN_FISCAL_YEAR)
  @Max(MAX_FISCAL_YEAR)
  @ApiPropertyOptional({ type: 'integer' })
  fiscalYear?: number;

  /** E.g. "vendor-checklist/pharmacy". */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  series?: string;
}
