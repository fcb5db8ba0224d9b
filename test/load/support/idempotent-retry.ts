import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import { sleep } from './harness';
import { HttpClient, HttpResult } from './http';

export interface RetryOutcome {
  key: string;
  /** Status of the retry that completed it (after any 409 while the first request held the key). */
  status: number;
  /** 409 answers waited out, and how long. */
  inProgressAnswers: number;
  waitedSeconds: number;
  retryAfterHeaders: string[];
  replayed: boolean;
  /** The second retry answered the same status and JSON (members in any order) with Idempotent-Replayed: true. */
  secondReplaySame: boolean;
  result: HttpResult;
}

/**
 * Retries a POST with the same Idempotency-Key and body until it completes: a 409 while an earlier
 * request still holds the key is waited out per its Retry-After (5 s when absent), up to `deadline`.
 * Then retries once more, which must replay the same answer.
 */
export async function retryUntilComplete(http: HttpClient, path: string, token: string, key: string, body: unknown, deadline: number): Promise<RetryOutcome> {
  const started = Date.now();
  let inProgressAnswers = 0;
  const retryAfterHeaders: string[] = [];
  let result: HttpResult;
  for (;;) {
    result = await http.send('POST', path, { token, body, headers: { 'idempotency-key': key } });
    if (result.status !== 409 && result.status !== 503 && result.status !== 0) break;
    if (result.status === 409) inProgressAnswers += 1;
    const retryAfter = result.headers['retry-after'];
    if (retryAfter) retryAfterHeaders.push(String(retryAfter));
    if (Date.now() > deadline) break;
    const waitSeconds = Number(retryAfter ?? 5);
    await sleep(Math.min(Math.max(Number.isFinite(waitSeconds) ? waitSeconds : 5, 0.2), 10) * 1000);
  }
  const again = result.status >= 200 && result.status < 300 ? await http.send('POST', path, { token, body, headers: { 'idempotency-key': key } }) : undefined;
  return {
    key,
    status: result.status,
    inProgressAnswers,
    waitedSeconds: (Date.now() - started) / 1000,
    retryAfterHeaders,
    replayed: result.headers['idempotent-replayed'] === 'true',
    secondReplaySame: again !== undefined && again.status === result.status && again.headers['idempotent-replayed'] === 'true' && sameJson(again.body, result.body),
    result,
  };
}

/** Checklists per contract written with this 管理責任者 name (each submission in the scripts has its own). */
export async function revisionsByManager(databaseUrl: string, managerNames: string[]): Promise<Map<string, { checklists: number; contracts: number; answers: number }>> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query<{ manager_name: string; checklists: number; contracts: number; answers: number }>(
      `SELECT vc.manager_name, count(*)::int AS checklists, count(DISTINCT vc.contract_id)::int AS contracts,
              (SELECT count(*)::int FROM vendor_checklist_answers a JOIN vendor_checklists x ON x.id = a.checklist_id WHERE x.manager_name = vc.manager_name) AS answers
         FROM vendor_checklists vc WHERE vc.manager_name = ANY($1::text[]) GROUP BY vc.manager_name`,
      [managerNames],
    );
    return new Map(rows.map((row) => [row.manager_name, { checklists: row.checklists, contracts: row.contracts, answers: row.answers }]));
  } finally {
    await db.end();
  }
}

function sameJson(a: string, b: string): boolean {
  try {
    return isDeepStrictEqual(JSON.parse(a), JSON.parse(b));
  } catch {
    return false;
  }
}
