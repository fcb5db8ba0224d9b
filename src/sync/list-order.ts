import type { SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import type { Keyset } from '../common/pagination';

/** The query of a list that can be polled: the usual cursor, and `updatedSince`. */
export interface SyncQuery {
  cursor?: string;
  updatedSince?: string;
}

/** A row of such a list: both orderings' keys. */
export interface SyncRow {
  id: string;
  created_at: Date;
  updated_at: Date;
}

/** A cursor records the ordering it was issued in: one from the other ordering is refused, never misread. */
type OrderedKeyset = Keyset & { order?: 'updatedAt' };

export interface ListOrder {
  /** Conditions to AND into the list's WHERE (the updatedSince bound and the cursor's position). */
  where: string[];
  /** The ORDER BY expression (without the keywords). */
  orderBy: string;
  /** The cursor position after a row, for toPage. */
  keyOf: (row: SyncRow) => Keyset;
}

/**
 * Ordering and paging of a pollable list over table alias `t`: by (created_at, id) as before, or,
 * with `updatedSince`, only rows with updated_at after it, by (updated_at, id), so that a poller
 * resumes exactly where the last page ended and a row changed meanwhile comes again later.
 */
export function listOrder(query: SyncQuery, t: string, params: SqlParams): ListOrder {
  const bySync = query.updatedSince !== undefined;
  const column = bySync ? `${t}.updated_at` : `${t}.created_at`;
  const where: string[] = [];
  if (query.updatedSince !== undefined) where.push(`${t}.updated_at > ${params.add(query.updatedSince)}::timestamptz`);
  const after = decodeListCursor(query.cursor, bySync);
  if (after) where.push(`(${column}, ${t}.id) > (${params.add(after.createdAt)}::timestamptz, ${params.add(after.id)}::uuid)`);
  return { where, orderBy: `${column}, ${t}.id`, keyOf: listKeyOf(bySync) };
}

/** The cursor position after a row, in the ordering chosen (by updated_at with updatedSince). */
export function listKeyOf(bySync: boolean): (row: SyncRow) => Keyset {
  return (row) => {
    const key: OrderedKeyset = bySync ? { createdAt: row.updated_at.toISOString(), id: row.id, order: 'updatedAt' } : { createdAt: row.created_at.toISOString(), id: row.id };
    return key;
  };
}

/** A cursor of a pollable list: its position, in `createdAt` whichever column it orders by; 400 if it is not ours or of the other ordering. */
export function decodeListCursor(cursor: string | undefined, bySync: boolean): Keyset | undefined {
  if (!cursor) return undefined;
  let parsed: Partial<OrderedKeyset> | undefined;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<OrderedKeyset>;
  } catch {
    parsed = undefined;
  }
  const valid = parsed && typeof parsed.createdAt === 'string' && typeof parsed.id === 'string' && !Number.isNaN(Date.parse(parsed.createdAt)) && /^[0-9a-f-]{36}$/i.test(parsed.id);
  if (!parsed || !valid) throw AppError.invalid([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
  if ((parsed.order === 'updatedAt') !== bySync) {
    throw AppError.invalid([{ field: 'cursor', message: bySync ? 'was issued without updatedSince: start again without a cursor' : 'was issued with updatedSince: send the same updatedSince with it' }]);
  }
  return { createdAt: parsed.createdAt as string, id: parsed.id as string };
}
