import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';

/** SQL text with positional parameters. */
export interface Statement {
  text: string;
  values: unknown[];
}

/** The name a statement is prepared under: the same text, the same name, on every connection. */
export function preparedName(text: string): string {
  return `k_${createHash('sha1').update(text).digest('hex')}`;
}

/**
 * Runs a statement as a named prepared statement on the manager's connection (its transaction's,
 * if it has one): PostgreSQL parses and plans it once per connection instead of on every call.
 * For hot read paths whose text takes a few shapes and whose planning costs more than their
 * execution. Failures come out as from `manager.query`: a QueryFailedError wrapping the driver's.
 */
export async function queryPrepared<Row>(manager: EntityManager, statement: Statement): Promise<Row[]> {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as PoolClient;
    try {
      const result = await client.query({ name: preparedName(statement.text), text: statement.text, values: statement.values });
      return result.rows as Row[];
    } catch (error) {
      throw error instanceof Error ? new QueryFailedError(statement.text, statement.values, error) : error;
    }
  } finally {
    if (runner !== manager.queryRunner) await runner.release();
  }
}
