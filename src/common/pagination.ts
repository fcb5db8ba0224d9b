import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { AppError } from './app-error';

export const MAX_PAGE_SIZE = 100;

export class PageQueryDto {
  /** Items per page (1–100). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Position after the last item of a page ordered by (created_at, id). */
export interface Keyset {
  createdAt: string;
  id: string;
}

export function pageSize(query: PageQueryDto): number {
  return query.limit ?? 50;
}

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Keyset>;
    if (typeof parsed.createdAt === 'string' && typeof parsed.id === 'string' && !Number.isNaN(Date.parse(parsed.createdAt))) {
      return { createdAt: parsed.createdAt, id: parsed.id };
    }
  } catch {
    // fall through to the validation error
  }
  throw AppError.invalid([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
}

/**
 * Builds a page from rows fetched with LIMIT size + 1: the extra row only says another page exists.
 */
export function toPage<Row, Item>(rows: Row[], size: number, keyOf: (row: Row) => Keyset, map: (row: Row) => Item): Page<Item> {
  const visible = rows.slice(0, size);
  const last = visible[visible.length - 1];
  return {
    items: visible.map(map),
    nextCursor: rows.length > size && last ? Buffer.from(JSON.stringify(keyOf(last))).toString('base64url') : null,
  };
}
