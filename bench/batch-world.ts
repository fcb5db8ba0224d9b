import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from 'pg';

/**
 * The world of the bulk-submission memory measurements (bench/batch-memory.ts and
 * test/bounded-requests-process.e2e-spec.ts), written with SQL on a migrated database: one vendor
 * with an API client allowed `checklists:write` from loopback and `customers` pharmacies under
 * active maintenance contracts; plus the bodies, well-formed and hostile, and the resident-memory
 * probes read from /proc (Linux).
 */
export const BATCH_FORM_ID = 'vendor-checklist-pharmacy-r7';
export const BATCH_FISCAL_YEAR = 2025;

export interface BatchWorld {
  contractIds: string[];
  clientId: string;
  clientSecret: string;
}

export async function seedBatchWorld(databaseUrl: string, customers: number): Promise<BatchWorld> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const tag = randomUUID().slice(0, 8);
    const [{ id: vendorId }] = (await db.query(`INSERT INTO organizations (kind, name) VALUES ('vendor', $1) RETURNING id`, [`メモリ計測事業者 ${tag}`])).rows as { id: string }[];
    // No 保険薬局コード: entries name their contracts, and nothing collides with another run's codes.
    const contracts = await db.query(
      `WITH p AS (INSERT INTO organizations (kind, name)
                  SELECT 'pharmacy', 'メモリ計測薬局 ' || $2 || '-' || n FROM generate_series(1, $1::int) n RETURNING id)
       INSERT INTO contracts (vendor_id, customer_id, kind, starts_on, status, proposed_by)
       SELECT $3, id, 'maintenance', '2025-04-01', 'active', 'vendor' FROM p RETURNING id`,
      [customers, tag, vendorId],
    );
    const clientId = `memory-${tag}`;
    const clientSecret = `ks_${randomUUID()}`;
    await db.query(
      `INSERT INTO api_clients (organization_id, client_id, name, scopes, allowed_cidrs, secret_hash) VALUES ($1, $2, 'memory', '{checklists:write}', '{127.0.0.0/8,::1/128}', $3)`,
      [vendorId, clientId, createHash('sha256').update(clientSecret).digest('hex')],
    );
    return { contractIds: (contracts.rows as { id: string }[]).map((r) => r.id), clientId, clientSecret };
  } finally {
    await db.end();
  }
}

export async function clientToken(baseUrl: string, world: BatchWorld): Promise<string> {
  const response = await fetch(`${baseUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: world.clientId, client_secret: world.clientSecret }),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

export async function formItemIds(baseUrl: string, token: string): Promise<string[]> {
  const response = await fetch(`${baseUrl}/v1/forms/${BATCH_FORM_ID}`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`form: ${response.status}`);
  return ((await response.json()) as { items: { id: string }[] }).items.map((item) => item.id);
}

/** Every item answered はい with a 確認日, one いいえ with its 目標日 and a remark: what a vendor sends. */
export function wellFormedEntry(contractId: string, itemIds: string[], n: number) {
  return {
    contractId,
    managerName: `管理責任者 ${n % 97}`,
    answers: itemIds.map((itemId, i) =>
      i === n % itemIds.length
        ? { itemId, answer: 'いいえ', confirmedOn: '2025-06-01', targetOn: '2026-03-31', remarks: '年度内に対応予定' }
        : { itemId, answer: 'はい', confirmedOn: '2025-06-01' },
    ),
  };
}

/**
 * The reviewer's request: each answer the smallest the DTO takes and each one wrong for the form
 * (items it does not have), so that the service has an error to build for every answer.
 */
export function hostileEntry(contractId: string, answersPerEntry: number) {
  return { contractId, answers: Array.from({ length: answersPerEntry }, (_, i) => ({ itemId: `x${i}`, answer: 'y' })) };
}

/**
 * The heaviest answers the DTO takes: every field filled, a remark of `remarkLength` characters of
 * its own (no two strings alike, so the parse shares none), items past the form's answered twice.
 */
export function fullEntry(contractId: string, itemIds: string[], answersPerEntry: number, n: number, remarkLength = 100) {
  const remark = (i: number) => `備考${n}-${i}`.padEnd(remarkLength, '検');
  return {
    contractId,
    managerName: `管理責任者 ${n}`,
    formId: 'vendor-checklist-pharmacy-r7',
    answers: Array.from({ length: answersPerEntry }, (_, i) => ({
      itemId: itemIds[i % itemIds.length],
      answer: 'いいえ',
      confirmedOn: '2025-06-01',
      targetOn: '2026-03-31',
      plannedOn: '2026-03-31',
      remarks: remark(i),
    })),
  };
}

/**
 * Answers the DTO itself refuses (a number for a text field) in every entry: the validation path's
 * errors, one per answer.
 */
export function malformedEntry(contractId: string, answersPerEntry: number) {
  return { contractId, answers: Array.from({ length: answersPerEntry }, () => ({ itemId: 1, answer: 2 })) };
}

export function batchBody(entries: unknown[]): string {
  return JSON.stringify({ fiscalYear: BATCH_FISCAL_YEAR, entries });
}

/** Resident set size now and its peak since the last `resetPeakRss`, in MiB (Linux /proc). */
export function residentMemory(pid: number): { rssMiB: number; peakMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

/** Resets the peak resident size (VmHWM) to the current one, so the next peak is one request's. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false; // not permitted here: the peak then covers the whole life of the process
  }
}
