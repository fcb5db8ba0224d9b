/**
 * Bulk ingest of 事業者確認用 checklists through the HTTP API, against real PostgreSQL:
 *   - checklists/s end to end (20,000 customers × 14 items, batches of 1,000, over loopback);
 *   - the ratio to inserting the same rows with COPY from this process;
 *   - the cost of the audit hash chain (the same run on a database whose chaining trigger is off).
 * Usage: npm run bench:bulk  (DATABASE_URL or the local server on 127.0.0.1:5432; ~1–2 minutes)
 */
import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { freshDatabase, startApi } from './bench-support';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 20_000);
const BATCH = 1_000;
const CONCURRENCY = 2;
const FORM_ID = 'vendor-checklist-pharmacy-r7';
const FISCAL_YEAR = 2025;

interface Seeded {
  contractIds: string[];
  token: string;
  itemIds: string[];
}

async function seed(databaseUrl: string, baseUrl: string): Promise<Seeded> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const [{ id: vendorId }] = (await db.query(`INSERT INTO organizations (kind, name) VALUES ('vendor', 'ベンチ事業者') RETURNING id`)).rows as { id: string }[];
    await db.query(
      `INSERT INTO organizations (kind, name, pharmacy_code) SELECT 'pharmacy', 'ベンチ薬局 ' || n, lpad(n::text, 10, '0') FROM generate_series(1, $1) n`,
      [CUSTOMERS],
    );
    const contracts = await db.query(
      `INSERT INTO contracts (vendor_id, customer_id, kind, starts_on, status, proposed_by)
       SELECT $1, id, 'maintenance', '2025-04-01', 'active', 'vendor' FROM organizations WHERE kind = 'pharmacy' RETURNING id`,
      [vendorId],
    );
    const secret = `ks_${randomUUID()}`;
    await db.query(
      `INSERT INTO api_clients (organization_id, client_id, name, scopes, allowed_cidrs, secret_hash) VALUES ($1, 'bench-client', 'bench', '{checklists:write}', '{127.0.0.0/8,::1/128}', $2)`,
      [vendorId, createHash('sha256').update(secret).digest('hex')],
    );
    const token = (await (await fetch(`${baseUrl}/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'bench-client', client_secret: secret }) })).json()) as { access_token: string };
    const form = (await (await fetch(`${baseUrl}/v1/forms/${FORM_ID}`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as { items: { id: string }[] };
    return { contractIds: (contracts.rows as { id: string }[]).map((r) => r.id), token: token.access_token, itemIds: form.items.map((i) => i.id) };
  } finally {
    await db.end();
  }
}

function entryFor(contractId: string, itemIds: string[], n: number) {
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

async function ingestOverHttp(baseUrl: string, seeded: Seeded): Promise<number> {
  const batches: unknown[][] = [];
  for (let start = 0; start < seeded.contractIds.length; start += BATCH) {
    batches.push(seeded.contractIds.slice(start, start + BATCH).map((id, i) => entryFor(id, seeded.itemIds, start + i)));
  }
  const bodies = batches.map((entries) => JSON.stringify({ fiscalYear: FISCAL_YEAR, entries }));
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++];
        const response = await fetch(`${baseUrl}/v1/checklists/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${seeded.token}` }, body });
        const result = (await response.json()) as { created: number; failed: number };
        if (response.status !== 200 || result.failed > 0) throw new Error(`batch failed: ${response.status} ${JSON.stringify(result).slice(0, 500)}`);
      }
    }),
  );
  return performance.now() - started;
}

/** The same rows (another 年度, so nothing collides) with COPY from this process. */
async function ingestWithCopy(databaseUrl: string, seeded: Seeded): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ids = seeded.contractIds.map(() => randomUUID());
    // Written as drafts and then submitted, as the API does: submitted revisions accept no answers.
    const checklistRows = seeded.contractIds.map((contractId, n) => `${ids[n]}\t${contractId}\t2024\t1\tdraft\t${FORM_ID}\t管理責任者 ${n % 97}\t${'0'.repeat(64)}\t2025-06-01 00:00:00+00\n`);
    const answerRows = seeded.contractIds.flatMap((_, n) =>
      seeded.itemIds.map((itemId, i) => (i === n % seeded.itemIds.length ? `${ids[n]}\t${itemId}\t${i}\tいいえ\t2024-06-01\t2025-03-31\t年度内に対応予定\n` : `${ids[n]}\t${itemId}\t${i}\tはい\t2024-06-01\t\\N\t\\N\n`)),
    );
    const started = performance.now();
    await db.query('BEGIN');
    await pipeline(Readable.from(checklistRows), db.query(copyFrom('COPY vendor_checklists (id, contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash, submitted_at) FROM STDIN')));
    await pipeline(Readable.from(answerRows), db.query(copyFrom('COPY vendor_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on, target_on, remarks) FROM STDIN')));
    await db.query(`UPDATE vendor_checklists SET status = 'submitted' WHERE fiscal_year = 2024`);
    await db.query('COMMIT');
    return performance.now() - started;
  } finally {
    await db.end();
  }
}

async function run(label: string, options: { chainAudit: boolean; copy: boolean }) {
  const database = await freshDatabase(label);
  const api = await startApi(database.url);
  try {
    if (!options.chainAudit) {
      const db = new Client({ connectionString: database.url });
      await db.connect();
      await db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_link; ALTER TABLE audit_events DROP CONSTRAINT audit_events_chain_seq_key');
      await db.end();
    }
    const seeded = await seed(database.url, api.baseUrl);
    const httpMs = await ingestOverHttp(api.baseUrl, seeded);
    const copyMs = options.copy ? await ingestWithCopy(database.url, seeded) : undefined;
    return { httpMs, copyMs };
  } finally {
    await api.stop();
    await database.drop();
  }
}

export interface BulkIngestFigures {
  customers: number;
  /** Checklists per second through the HTTP API, with the audit hash chain. */
  apiRate: number;
  apiSeconds: number;
  /** The same without the hash chain's trigger. */
  noChainRate: number;
  copyRate: number;
  ratioToCopy: number;
  /** Share of the API's throughput the hash chain costs. */
  chainCost: number;
}

export const BULK_TARGETS = { apiRate: 2000, ratioToCopy: 0.3, chainCost: 0.2 };

export async function runBulkIngest(): Promise<BulkIngestFigures> {
  const withoutChain = await run('nochain', { chainAudit: false, copy: false });
  const chained = await run('chained', { chainAudit: true, copy: true });
  const rate = (ms: number) => (CUSTOMERS / ms) * 1000;
  const apiRate = rate(chained.httpMs);
  const copyRate = rate(chained.copyMs as number);
  const noChainRate = rate(withoutChain.httpMs);
  return { customers: CUSTOMERS, apiRate, apiSeconds: chained.httpMs / 1000, noChainRate, copyRate, ratioToCopy: apiRate / copyRate, chainCost: 1 - apiRate / noChainRate };
}

export function bulkIngestReport(f: BulkIngestFigures): string {
  return [
    `bulk ingest: ${f.customers} checklists × 14 items, batches of ${BATCH}, ${CONCURRENCY} concurrent requests, loopback`,
    `  HTTP API (audit hash chain on):   ${f.apiRate.toFixed(0)} checklists/s  (${f.apiSeconds.toFixed(2)} s)`,
    `  HTTP API (hash chain off):        ${f.noChainRate.toFixed(0)} checklists/s`,
    `  COPY of the same rows:            ${f.copyRate.toFixed(0)} checklists/s`,
    `  ratio API / COPY:                 ${f.ratioToCopy.toFixed(2)}   (target ≥ ${BULK_TARGETS.ratioToCopy.toFixed(2)})`,
    `  hash chain cost:                  ${(f.chainCost * 100).toFixed(1)} %   (target ≤ ${BULK_TARGETS.chainCost * 100} %)`,
    `  target ≥ 2,000 checklists/s:      ${f.apiRate >= BULK_TARGETS.apiRate ? 'met' : 'NOT met'}`,
  ].join('\n');
}

if (require.main === module) {
  runBulkIngest().then(
    (figures) => process.stdout.write(`${bulkIngestReport(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
