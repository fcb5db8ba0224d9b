import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, NotContains } from 'class-validator';
import { PageQueryDto } from '../common/pagination';

export const EVIDENCE_KINDS = ['bcp', 'regulations', 'access_log_review', 'other'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Shown in the portal and the inspection pack. */
export const EVIDENCE_KIND_LABELS: Record<EvidenceKind, string> = {
  bcp: '事業継続計画（BCP）',
  regulations: '規程類',
  access_log_review: 'アクセスログの確認記録（2-⑪）',
  other: 'その他',
};

export const MAX_TITLE_CHARS = 200;
export const MAX_NOTES_CHARS = 2000;

const NUL = '\u0000';
const noNul = { message: 'must not contain NUL characters' };
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = { message: '日付は YYYY-MM-DD で入力してください (must be a date YYYY-MM-DD)' };
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || null : value);

/** An evidence document's metadata; its PDF is sent afterwards (PUT …/file). */
export class CreateEvidenceDocumentDto {
  @ApiProperty({ enum: EVIDENCE_KINDS })
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @Transform(trim)
  @IsString()
  @MinLength(1, { message: '表題を入力してください (required)' })
  @MaxLength(MAX_TITLE_CHARS)
  @NotContains(NUL, noNul)
  title: string;

  /** 年度 as the Gregorian year it starts in (2025 = 令和7年度). */
  @ApiProperty({ type: 'integer', minimum: 2019, maximum: 2100 })
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear: number;

  /** The date written on the document (制定・改定日), or the day the access log was reviewed. */
  @IsISO8601({ strict: true }, dateMessage)
  @Matches(DATE, dateMessage)
  documentDate: string;

  /** When it is next to be reviewed; from 30 days before, the list marks it 見直し時期. */
  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true }, dateMessage)
  @Matches(DATE, dateMessage)
  reviewDueOn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES_CHARS)
  @NotContains(NUL, noNul)
  notes?: string | null;
}

/** Any of the metadata; a field left out is kept, `null` clears an optional one. */
export class UpdateEvidenceDocumentDto {
  @ApiPropertyOptional({ enum: EVIDENCE_KINDS })
  @IsOptional()
  @IsIn(EVIDENCE_KINDS)
  kind?: EvidenceKind;

  @Transform(trim)
  @IsOptional()
  @IsString()
  @MinLength(1, { message: '表題を入力してください (required)' })
  @MaxLength(MAX_TITLE_CHARS)
  @NotContains(NUL, noNul)
  title?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 2019, maximum: 2100 })
  @IsOptional()
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear?: number;

  @IsOptional()
  @IsISO8601({ strict: true }, dateMessage)
  @Matches(DATE, dateMessage)
  documentDate?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true }, dateMessage)
  @Matches(DATE, dateMessage)
  reviewDueOn?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @Transform(trimOrNull)
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NOTES_CHARS)
  @NotContains(NUL, noNul)
  notes?: string | null;
}

export class EvidenceDocumentQueryDto extends PageQueryDto {
  /** Whose documents: a chain names one of its stores; a pharmacy reads its own by default. */
  @IsOptional()
  @IsUUID()
  pharmacyId?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 2019, maximum: 2100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear?: number;

  @ApiPropertyOptional({ enum: EVIDENCE_KINDS })
  @IsOptional()
  @IsIn(EVIDENCE_KINDS)
  kind?: EvidenceKind;

  /** true: archived documents too (default false). */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  includeArchived?: boolean;
}

export class EvidenceFileDto {
  filename: string;
  @ApiProperty({ type: 'integer' })
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

export class EvidenceDocumentDto {
  id: string;
  pharmacyId: string;
  @ApiProperty({ enum: EVIDENCE_KINDS })
  kind: EvidenceKind;
  kindLabel: string;
  title: string;
  @ApiProperty({ type: 'integer' })
  fiscalYear: number;
  fiscalYearLabel: string;
  documentDate: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  reviewDueOn: string | null;
  /** `overdue`: the review date has passed; `due_soon`: within 30 days; `ok` otherwise or without a date. */
  @ApiProperty({ enum: ['overdue', 'due_soon', 'ok'] })
  reviewState: 'overdue' | 'due_soon' | 'ok';
  @ApiPropertyOptional({ type: String, nullable: true })
  notes: string | null;
  @ApiPropertyOptional({ type: EvidenceFileDto, nullable: true })
  file: EvidenceFileDto | null;
  createdAt: string;
  updatedAt: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  archivedAt: string | null;
}

export class EvidenceDocumentPageDto {
  @ApiProperty({ type: [EvidenceDocumentDto] })
  items: EvidenceDocumentDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
