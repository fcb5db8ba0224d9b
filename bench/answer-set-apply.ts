/**
 * Applying one answer set (回答セット) to 20,000 customers through the HTTP API, against real
 * PostgreSQL: one POST /v1/answer-sets/{id}/applications with `owing: true` and a few overrides,
 * which writes one submitted checklist revision per customer through the bulk path, chunk by chunk.
 * Prints checklists/s end to end and the API process's peak resident size (VmHWM).
 * Usage: npm run bench:answer-sets  (DATABASE_URL or the local server on 127.0.0.1:5432; ~1 minute)
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { freshDatabase, startApi } from './bench-support';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const OVERRIDES = 100;
const FORM_ID = 'vendor-checklist-pharmacy-r7';
const FISCAL_YEAR = 2025;

export const ANSWER_SET_TARGETS = { rate: 2000 };

export interface AnswerSetApplyFigures {
  customers: number;
  seconds: number;
  rate: number;
  created: number;
  peakRssMiB: number;
}

interface Seeded {
  token: string;
  itemIds: string[];
}

/** A vendor with CUSTOMERS pharmacies under maintenance contracts, and an API client; straight in SQL. */
async function seed(databaseUrl: string, baseUrl: string): Promise<Seeded> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [{ id: vendorId }] = (await db.query(`INSERT INTO organizations (kind, name) VALUES ('vendor', 'ベンチ事業者') RETURNING id`)).rows as { id: string }[];
    await db.query(`INSERT INTO organizations (kind, name, pharmacy_code) SELECT 'pharmacy', 'ベンチ薬局 ' || n, lpad(n::text, 10, '0') FROM generate_series(1, $1) n`, [CUSTOMERS]);
    await db.query(
      `INSERT INTO contracts (vendor_id, customer_id, kind, starts_on, status, proposed_by)
       SELECT $1, id, 'maintenance', '2025-04-01', 'active', 'vendor' FROM organizations WHERE kind = 'pharmacy'`,
      [vendorId],
    );
    const secret = `ks_${randomUUID()}`;
    await db.query(
      `INSERT INTO api_clients (organization_id, client_id, name, scopes, allowed_cidrs, secret_hash) VALUES ($1, 'bench-client', 'bench', '{checklists:write}', '{127.0.0.0/8,::1/128}', $2)`,
      [vendorId, createHash('sha256').update(secret).digest('hex')],
    );
    const token = (await (
      await fetch(`${baseUrl}/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'bench-client', client_secret: secret }),
      })
    ).json()) as { access_token: string };
    const form = (await (await fetch(`${baseUrl}/v1/forms/${FORM_ID}`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as { items: { id: string }[] };
    return { token: token.access_token, itemIds: form.items.map((i) => i.id) };
  } finally {
    await db.end();
  }
}

async function call(baseUrl: string, token: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await response.json()) as Record<string, unknown>;
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json).slice(0, 500)}`);
  return json;
}

/** The API process's peak resident set size so far (Linux: VmHWM), in MiB. */
function peakRssMiB(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

export async function runAnswerSetApply(): Promise<AnswerSetApplyFigures> {
  const database = await freshDatabase('answersets');
  const api = await startApi(database.url);
  try {
    const { token, itemIds } = await seed(database.url, api.baseUrl);
    const answers = itemIds.map((itemId) => ({ itemId, answer: 'はい', confirmedOn: '2025-06-01', remarks: '標準構成で対応済み' }));
    const set = await call(api.baseUrl, token, 'POST', '/v1/answer-sets', { name: '標準回答（クラウド版）', formId: FORM_ID, managerName: '管理 一郎', answers });
    const setId = set.id as string;
    const preview = await call(api.baseUrl, token, 'POST', `/v1/answer-sets/${setId}/applications`, { fiscalYear: FISCAL_YEAR, owing: true, dryRun: true });
    if (preview.total !== CUSTOMERS) throw new Error(`the preview targets ${String(preview.total)} customers, not ${CUSTOMERS}`);
    const overrides = (preview.customers as { contractId: string }[]).slice(0, OVERRIDES).map((customer) => ({
      contractId: customer.contractId,
      answers: [{ itemId: itemIds[9], answer: 'いいえ', confirmedOn: '2025-06-01', targetOn: '2026-03-31', remarks: '年度内に対応予定' }],
    }));
    const started = performance.now();
    const applied = await call(api.baseUrl, token, 'POST', `/v1/answer-sets/${setId}/applications`, { fiscalYear: FISCAL_YEAR, owing: true, overrides });
    const ms = performance.now() - started;
    if (applied.created !== CUSTOMERS || applied.failed !== 0) throw new Error(`the application created ${String(applied.created)}, failed ${String(applied.failed)}`);
    return { customers: CUSTOMERS, seconds: ms / 1000, rate: (CUSTOMERS / ms) * 1000, created: applied.created, peakRssMiB: peakRssMiB(api.process.pid as number) };
  } finally {
    await api.stop();
    await database.drop();
  }
}

export function answerSetApplyReport(f: AnswerSetApplyFigures): string {
  return [
    `answer set applied: ${f.customers} customers × 14 items in one request (owing: true, ${OVERRIDES} overrides), loopback`,
    `  checklists/s:                     ${f.rate.toFixed(0)}  (${f.seconds.toFixed(2)} s, ${f.created} created)`,
    `  API peak RSS (VmHWM):             ${f.peakRssMiB.toFixed(0)} MiB`,
    `  target ≥ 2,000 checklists/s:      ${f.rate >= ANSWER_SET_TARGETS.rate ? 'met' : 'NOT met'}`,
  ].join('\n');
}

if (require.main === module) {
  runAnswerSetApply().then(
    (figures) => process.stdout.write(`${answerSetApplyReport(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
