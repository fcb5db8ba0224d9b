import type { DataSource } from 'typeorm';

interface HttpResult {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * An RFC 9457 problem document with Kaiji's extensions: status, code, a request id that matches
 * the X-Request-Id header. Returns the body for further checks.
 */
export function expectProblem(response: HttpResult, status: number, code?: string): Record<string, unknown> {
  const body = response.body;
  if (response.status !== status) throw new Error(`expected ${status}${code ? ` ${code}` : ''}, got ${response.status} ${JSON.stringify(body)}`);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, requestId: expect.any(String) }));
  expect(response.headers['x-request-id']).toBe(body.requestId);
  if (code) expect(body.code).toBe(code);
  return body;
}

/** The fields a validation problem lists, in order. */
export function invalidFields(response: HttpResult): string[] {
  const body = expectProblem(response, 400, 'validation_failed');
  return (body.errors as { field: string }[]).map((error) => error.field);
}

/** A row count, for "nothing was written" checks scoped to the test's own records. */
export async function countRows(db: DataSource, sql: string, params: unknown[] = []): Promise<number> {
  const [row]: { count: string }[] = await db.query(`SELECT count(*) AS count FROM ${sql}`, params);
  return Number(row.count);
}

/** Runs SQL in a transaction that is always rolled back, and returns the error it raised (if any). */
export async function sqlError(db: DataSource, sql: string, params: unknown[] = []): Promise<Error | undefined> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query(sql, params);
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/** Every item of a paginated list, walking nextCursor with the given page size. */
export async function walkPages<T>(fetch: (cursor?: string) => Promise<{ items: T[]; nextCursor: string | null }>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await fetch(cursor);
    items.push(...page.items);
    pages++;
    cursor = page.nextCursor ?? undefined;
    if (pages > 1000) throw new Error('pagination does not end');
  } while (cursor);
  return { items, pages };
}
