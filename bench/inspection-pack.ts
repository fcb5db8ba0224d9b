/**
 * Inspection pack (立入検査資料) download for a store with 15 vendors, through the HTTP API (a
 * separate process) on a fresh database filled with SQL: each vendor under a maintenance contract
 * with a product, a published SDS and RM-SDS (JAHIS items with いいえ/対象外), a confirmed
 * remote-maintenance disclosure and a submitted 事業者確認用 (14 items); the store's own
 * 薬局確認用 and a few open risk threads. Median and p95 over 30 downloads after a warm-up, and the
 * pure rendering of the same-size pack in this process. Target (issue 5): median ≤ 1 s.
 *
 *   npm run bench:pack   (DATABASE_URL or the local server on 127.0.0.1:5432)
 */
import { createHash, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { PDFDocument } from 'pdf-lib';
import { Client } from 'pg';
import { renderInspectionPackPdf } from '../src/pdf/inspection-pack-pdf';
import { sampleInspectionPackView } from '../src/pdf/testing/inspection-pack-sample';
import { freshDatabase, median, percentile, startApi } from './bench-support';

const VENDORS = Number(process.env.BENCH_VENDORS ?? 15);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const WARM_UP = 5;
const TARGET_MEDIAN_MS = 1000;
const FY = 2025;
const VENDOR_FORM = 'vendor-checklist-pharmacy-r7';
const PHARMACY_FORM = 'facility-checklist-pharmacy-r7';
const SDS_FORM = 'security-disclosure-jahis-jira-for-guideline-6.0';
const VENDOR_ITEMS = ['1-①', '2-①', '2-②', '2-③', '2-④', '2-⑤', '2-⑥', '2-⑦', '2-⑧', '2-⑨', '2-⑩', '2-⑪', '2-⑫', '2-⑬'];
const OWN_ITEMS = ['1-①', '2-①', '2-④', '2-⑤', '2-⑥', '2-⑦', '2-⑧', '2-⑨', '2-⑩', '2-⑪', '2-⑫', '2-⑬', '2-⑭', '3-①', '3-②', '3-③', '4-①'];
const SDS_ITEMS = ['1', '1.1', '1.2', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];

/** Everything the pack shows, for one store and `VENDORS` vendors; returns the store's id. */
async function seed(db: Client): Promise<string> {
  await db.query('BEGIN');
  const [{ id: chainId }] = (await db.query(`INSERT INTO organizations (kind, name) VALUES ('chain', 'ベンチ薬局チェーン') RETURNING id`)).rows as { id: string }[];
  const [{ id: storeId }] = (
    await db.query(`INSERT INTO organizations (kind, name, pharmacy_code, chain_id) VALUES ('pharmacy', 'ベンチ薬局 本町店', '1310000001', $1) RETURNING id`, [chainId])
  ).rows as { id: string }[];
  const vendors = (
    await db.query(
      `INSERT INTO organizations (kind, name) SELECT 'vendor', '株式会社ベンチシステム' || lpad(n::text, 2, '0') FROM generate_series(1, $1) n RETURNING id, name`,
      [VENDORS],
    )
  ).rows as { id: string; name: string }[];
  for (const [n, vendor] of vendors.entries()) {
    const [{ id: productId }] = (
      await db.query(`INSERT INTO products (vendor_id, name, category, deployment, versions) VALUES ($1, $2, 'レセコン', 'hybrid', '{6.0}') RETURNING id`, [vendor.id, `ベンチ薬歴クラウド ${n + 1}`])
    ).rows as { id: string }[];
    const [{ id: contractId }] = (
      await db.query(
        `INSERT INTO contracts (vendor_id, customer_id, kind, starts_on, status, proposed_by, decided_at) VALUES ($1, $2, $3, '2025-04-01', 'active', 'vendor', now()) RETURNING id`,
        [vendor.id, storeId, n % 5 === 4 ? 'operation' : 'maintenance'],
      )
    ).rows as { id: string }[];
    await db.query(`INSERT INTO contract_products (contract_id, product_id) VALUES ($1, $2)`, [contractId, productId]);
    const disclosureIds: Record<string, string> = {};
    for (const kind of ['SDS', 'RM-SDS']) {
      const [{ id }] = (
        await db.query(
          `INSERT INTO disclosures (vendor_id, author_id, product_id, product_version, kind, form_id, revision, status, audience) VALUES ($1, $1, $2, '6.0', $3, $4, 1, 'draft', 'all_customers') RETURNING id`,
          [vendor.id, productId, kind, SDS_FORM],
        )
      ).rows as { id: string }[];
      await db.query(
        `INSERT INTO disclosure_answers (disclosure_id, item_id, ordinal, answer, remarks)
         SELECT $1, item, ord, CASE WHEN item = '1' THEN '該当' WHEN item = '2' THEN 'いいえ' WHEN item = '3' THEN '対象外' ELSE 'はい' END,
                CASE WHEN item = '3' THEN '外部保存は受託しない' END
           FROM unnest($2::text[]) WITH ORDINALITY AS t(item, ord)`,
        [id, SDS_ITEMS],
      );
      await db.query(`UPDATE disclosures SET status = 'published', published_at = now() - interval '30 days' WHERE id = $1`, [id]);
      disclosureIds[kind] = id;
    }
    await db.query(
      `INSERT INTO remote_maintenance_disclosures (contract_id, product_id, author_id, revision, in_use, devices, connection_method, gateway_maker, gateway_model,
                                                   gateway_firmware, gateway_patched_on, two_factor, source_restricted, session_logging, availability,
                                                   unique_credentials, rm_sds_disclosure_id, confirmed_at, confirmed_by_org)
       VALUES ($1, $2, $3, 1, true, 'レセコンサーバ、調剤支援PC', 'internet_vpn', 'Fortinet', 'FortiGate 40F', '7.2.8', current_date - $4::int, $5, true, true, 'on_demand', true, $6, now(), $7)`,
      [contractId, productId, vendor.id, n % 4 === 3 ? 400 : 30, n % 6 !== 5, disclosureIds['RM-SDS'], storeId],
    );
    const [{ id: checklistId }] = (
      await db.query(
        `INSERT INTO vendor_checklists (contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash) VALUES ($1, $2, 1, 'draft', $3, '管理 太郎', $4) RETURNING id`,
        [contractId, FY, VENDOR_FORM, createHash('sha256').update(contractId).digest('hex')],
      )
    ).rows as { id: string }[];
    await db.query(
      `INSERT INTO vendor_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on, target_on, remarks)
       SELECT $1, item, ord, CASE WHEN ord = $3 THEN 'いいえ' ELSE 'はい' END, '2025-06-30', CASE WHEN ord = $3 THEN '2026-03-31'::date END,
              CASE WHEN ord = $3 THEN '年度内に対応予定。保守端末はワンタイムパスワードを導入済み。' END
         FROM unnest($2::text[]) WITH ORDINALITY AS t(item, ord)`,
      [checklistId, VENDOR_ITEMS, (n % VENDOR_ITEMS.length) + 1],
    );
    await db.query(`UPDATE vendor_checklists SET status = 'submitted', submitted_at = now() WHERE id = $1`, [checklistId]);
    if (n % 3 === 0) {
      await db.query(
        `INSERT INTO risk_threads (customer_id, vendor_id, opened_by_org, document_type, disclosure_id, item_id, snapshot, status, due_on)
         VALUES ($1, $2, $1, 'disclosure', $3, '2', $4, 'waiting_vendor', current_date + 14)`,
        [storeId, vendor.id, disclosureIds.SDS, JSON.stringify({ documentType: 'disclosure', documentId: disclosureIds.SDS, documentLabel: `SDS ベンチ薬歴クラウド ${n + 1} 6.0 第1版`, documentKind: 'SDS', documentRevision: 1, documentStatus: 'published', formId: SDS_FORM, formLabel: 'JAHIS', itemId: '2', itemText: '扱う情報のリストを医療機関等に提示できるか？', itemTextEn: null, section: null, answer: 'いいえ', remarks: null })],
      );
    }
  }
  const [{ id: facilityChecklistId }] = (
    await db.query(`INSERT INTO facility_checklists (facility_id, fiscal_year, form_id) VALUES ($1, $2, $3) RETURNING id`, [storeId, FY, PHARMACY_FORM])
  ).rows as { id: string }[];
  await db.query(
    `INSERT INTO facility_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on, remarks)
     SELECT $1, item, ord, 'はい', '2025-06-01', CASE WHEN item = '1-①' THEN '管理薬剤師 山田 花子' END FROM unnest($2::text[]) WITH ORDINALITY AS t(item, ord)`,
    [facilityChecklistId, OWN_ITEMS],
  );
  await db.query('COMMIT');
  return storeId;
}

/** A client-credentials token of an API client of the store (the pack is readable by its clients). */
async function storeToken(db: Client, baseUrl: string, storeId: string): Promise<string> {
  const secret = `ks_${randomUUID()}`;
  await db.query(
    `INSERT INTO api_clients (organization_id, client_id, name, scopes, allowed_cidrs, secret_hash) VALUES ($1, 'bench-pack', 'bench', '{}', '{127.0.0.0/8,::1/128}', $2)`,
    [storeId, createHash('sha256').update(secret).digest('hex')],
  );
  const response = await fetch(`${baseUrl}/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'bench-pack', client_secret: secret }),
  });
  if (!response.ok) throw new Error(`token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** One download, timed until the last byte; the page count is read afterwards (not timed). */
async function download(url: string, token: string): Promise<{ ms: number; bytes: number; pages: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`pack: ${response.status} ${body.toString('utf8').slice(0, 300)}`);
  return { ms, bytes: body.length, pages: (await PDFDocument.load(body, { updateMetadata: false })).getPageCount() };
}

export interface InspectionPackFigures {
  vendors: number;
  runs: number;
  firstMs: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  pages: number;
  kb: number;
  auditRows: number;
  renderMedian: number;
}

export const PACK_TARGETS = { medianMs: TARGET_MEDIAN_MS };

export async function runInspectionPack(): Promise<InspectionPackFigures> {
  const database = await freshDatabase('pack');
  const api = await startApi(database.url);
  const db = new Client({ connectionString: database.url });
  await db.connect();
  try {
    const storeId = await seed(db);
    const token = await storeToken(db, api.baseUrl, storeId);
    const url = `${api.baseUrl}/v1/pharmacies/${storeId}/inspection-pack/${FY}`;
    const first = await download(url, token);
    for (let i = 1; i < WARM_UP; i++) await download(url, token);
    const times: number[] = [];
    let last = first;
    for (let i = 0; i < RUNS; i++) {
      last = await download(url, token);
      times.push(last.ms);
    }
    const audited = (await db.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'inspection_pack.download'`)).rows as { n: number }[];
    // The share of rendering alone: the same-size pack from a plain view, in this process.
    const view = sampleInspectionPackView(VENDORS);
    for (let i = 0; i < 3; i++) await renderInspectionPackPdf(view);
    const renders: number[] = [];
    for (let i = 0; i < 10; i++) {
      const started = performance.now();
      await renderInspectionPackPdf(view);
      renders.push(performance.now() - started);
    }
    return {
      vendors: VENDORS,
      runs: RUNS,
      firstMs: first.ms,
      median: median(times),
      p95: percentile(times, 95),
      min: Math.min(...times),
      max: Math.max(...times),
      pages: last.pages,
      kb: last.bytes / 1024,
      auditRows: audited[0].n,
      renderMedian: median(renders),
    };
  } finally {
    await db.end();
    await api.stop();
    await database.drop();
  }
}

export function inspectionPackReport(f: InspectionPackFigures): string {
  return [
    `first download (fonts, JIT, form cache): ${f.firstMs.toFixed(0)} ms`,
    `inspection pack, ${f.vendors} vendors (${f.pages} pages, ${f.kb.toFixed(0)} KB), ${f.runs} downloads over loopback: ` +
      `median ${f.median.toFixed(0)} ms, p95 ${f.p95.toFixed(0)} ms, min ${f.min.toFixed(0)} ms, max ${f.max.toFixed(0)} ms`,
    `audit rows written: ${f.auditRows} (one per download)`,
    `rendering alone (sample view, ${f.vendors} vendors, in this process): median ${f.renderMedian.toFixed(0)} ms`,
    `target median ≤ ${TARGET_MEDIAN_MS} ms: ${f.median <= TARGET_MEDIAN_MS ? 'met' : 'MISSED'}`,
  ].join('\n');
}

if (require.main === module) {
  const cpu = cpus()[0];
  process.stdout.write(`machine: ${cpus().length} × ${cpu?.model ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  runInspectionPack().then(
    (figures) => process.stdout.write(`${inspectionPackReport(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
