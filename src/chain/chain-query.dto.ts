import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsOffsetCursor } from './chain-paging';

export const EXPORT_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const CSV_ENCODINGS = ['utf-8', 'shift_jis'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

/** Store filters of the matrix: the store's worst cell, or stores with at least one of a kind of gap. */
export const MATRIX_STATUS_FILTERS = [
  'missing',
  'attention',
  'ok',
  'checklist_missing',
  'checklist_outdated',
  'overdue',
  'open_threads',
  'open_requests',
  'rm_unconfirmed',
  'sds_missing',
] as const;
export type MatrixStatusFilter = (typeof MATRIX_STATUS_FILTERS)[number];
export const MATRIX_SORTS = ['name', 'code', 'noCount', 'overdueTargets', 'openThreads', 'status'] as const;
export type MatrixSort = (typeof MATRIX_SORTS)[number];
export const STORE_SUMMARY_SORTS = ['name', 'code', 'readiness'] as const;
export type StoreSummarySort = (typeof STORE_SUMMARY_SORTS)[number];

export const MAX_MATRIX_PAGE = 100;

/** 年度 and the download format shared by every chain aggregate. */
export class ChainYearQueryDto {
  /** 年度 as the Gregorian year it starts in (2025 = 令和7年度); the current 年度 by default. */
  @ApiPropertyOptional({ type: 'integer', minimum: 2019, maximum: 2100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear?: number;

  /** json (default), or a download for Excel: csv or xlsx (also chosen by the Accept header). */
  @ApiPropertyOptional({ enum: EXPORT_FORMATS })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;

  /** CSV text encoding: UTF-8 with a BOM (default), or Shift_JIS (Windows-31J) for older Excel. */
  @ApiPropertyOptional({ enum: CSV_ENCODINGS })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase().replace(/^(sjis|shift-jis|cp932|windows-31j)$/, 'shift_jis').replace(/^utf8$/, 'utf-8') : value))
  @IsIn(CSV_ENCODINGS)
  encoding?: CsvEncoding;
}

class ChainPageQueryDto extends ChainYearQueryDto {
  /** Stores per page (1–100; JSON only: downloads hold every store). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_MATRIX_PAGE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MATRIX_PAGE)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @IsOffsetCursor()
  cursor?: string;

  /** Only this store of the chain. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], description: 'Default: ascending for name and code, descending otherwise.' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

export class MatrixQueryDto extends ChainPageQueryDto {
  /** Only this vendor's column, and the stores under contract with it. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  vendorId?: string;

  /** Stores whose worst cell is missing / attention / ok, or with at least one cell with that gap. */
  @ApiPropertyOptional({ enum: MATRIX_STATUS_FILTERS })
  @IsOptional()
  @IsIn(MATRIX_STATUS_FILTERS)
  status?: MatrixStatusFilter;

  @ApiPropertyOptional({ enum: MATRIX_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(MATRIX_SORTS)
  sort?: MatrixSort;
}

export class VendorSummaryQueryDto extends ChainYearQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  vendorId?: string;
}

export class StoreSummaryQueryDto extends ChainPageQueryDto {
  /** Only stores ready (true) or not ready (false) for the inspection. */
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  ready?: boolean;

  @ApiPropertyOptional({ enum: STORE_SUMMARY_SORTS, default: 'name' })
  @IsOptional()
  @IsIn(STORE_SUMMARY_SORTS)
  sort?: StoreSummarySort;
}
