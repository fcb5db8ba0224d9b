import { AppError } from '../common/app-error';

/**
 * The chain aggregates page by position in an order over computed figures (いいえ count, status…),
 * which no keyset of stored columns follows: the cursor carries the offset of the next page.
 */
export function decodeOffsetCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // fall through to the validation error
  }
  throw AppError.invalid([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
}

export function nextOffsetCursor(offset: number, size: number, total: number): string | null {
  return offset + size < total ? Buffer.from(JSON.stringify({ offset: offset + size })).toString('base64url') : null;
}
