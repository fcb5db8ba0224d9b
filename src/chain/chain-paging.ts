import { ValidateBy } from 'class-validator';
import { AppError } from '../common/app-error';

const CURSOR_MESSAGE = 'is not a cursor this API issued';

/**
 * The chain aggregates page by position in an order over computed figures (いいえ count, status…),
 * which no keyset of stored columns follows: the cursor carries the offset of the next page.
 */
export function decodeOffsetCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const offset = offsetOf(cursor);
  if (offset === undefined) throw AppError.invalid([{ field: 'cursor', message: CURSOR_MESSAGE }]);
  return offset;
}

function offsetOf(cursor: string): number | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown } | null;
    if (typeof parsed?.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0) return parsed.offset;
  } catch {
    // not base64url JSON
  }
  return undefined;
}

/**
 * The cursor is checked with the rest of the query, so that a bad one is refused before the read
 * is audited or the chain's snapshot computed (a refused request writes nothing).
 */
export function IsOffsetCursor(): PropertyDecorator {
  return ValidateBy({ name: 'isOffsetCursor', validator: { validate: (value) => typeof value === 'string' && offsetOf(value) !== undefined, defaultMessage: () => CURSOR_MESSAGE } });
}

export function nextOffsetCursor(offset: number, size: number, total: number): string | null {
  return offset + size < total ? Buffer.from(JSON.stringify({ offset: offset + size })).toString('base64url') : null;
}
