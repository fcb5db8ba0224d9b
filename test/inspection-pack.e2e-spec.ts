import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Principal } from '../src/access/principal';
import { currentFiscalYear, fiscalYearLabel } from '../src/common/fiscal-year';
import { CATALOG_DIRECTORY } from '../src/forms/form-catalog.loader';
import { InspectionPackZipService } from '../src/inspection-pack/inspection-pack-zip.service';
import { InspectionPackService } from '../src/inspection-pack/inspection-pack.service';
import { renderInspectionPackPdf } from '../src/pdf/inspection-pack-pdf';
import { compactText, inkRatio, pdfInfo, pdfText, rasterize } from '../src/pdf/testing/poppler';
import { countRows, expectProblem } from './support/assertions';
import { answers, japanDate, R7_FORM, R7_ITEMS } from './support/checklist-setup';
import { bearer, Factory, uniquePharmacyCode } from './support/factories';
import { buildPackWorld, download, FY, MANAGER, OWN_ITEMS, PackWorld, saved } from './support/inspection-pack-setup';
import { startTestApp, TestApp } from './support/test-app';
import { readZip } from './support/zip-reader';

const ARTIFACTS = resolve(__dirname, 'artifacts');

/**
 * The inspection pack (立入検査資料): one PDF per pharmacy and 年度 with the sections an inspector
 * checks, as text a reader can extract; the chain's ZIP of its stores' packs; who may download
 * them (404 for everyone else) and the audit trail of every download.
 */
describe('inspection pack (立入検査資料)', () => {
  let t: TestApp;
  let f: Factory;
  let w: PackWorld;
  let dir: string;
  let packFile: string;
  let pages: number;
  /** Each page's text, blanks removed. */
  let pageText: string[];
  let all: string;

  const packPath = (pharmacyId: string, fy: number | string = FY) => `/v1/pharmacies/${pharmacyId}/inspection-pack/${fy}`;
  const zipPath = (chainId: string, fy: number | string = FY) => `/v1/chains/${chainId}/inspection-packs/${fy}`;
  const c = compactText;
  /** The text between a section's heading and the next one. */
  const section = (from: string, to?: string) => {
    const start = all.indexOf(c(from));
    expect(start).toBeGreaterThanOrEqual(0);
    const end = to ? all.indexOf(c(to), start) : all.length;
    return all.slice(start, end < 0 ? all.length : end);
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    dir = mkdtempSync(join(tmpdir(), 'kaiji-pack-'));
    w = await buildPackWorld(t, f);
    const response = await download(t, w.store.admin.token, packPath(w.store.org.id));
    expect(response.status).toBe(200);
    packFile = saved(dir, 'pack.pdf', response.body as Buffer);
    pages = Number(pdfInfo(packFile).Pages);
    // Pictures of the pack to look at (test/artifacts is git-ignored).
    mkdirSync(ARTIFACTS, { recursive: true });
    execFileSync('pdftoppm', ['-r', '60', '-png', packFile, join(ARTIFACTS, 'inspection-pack')]);
    pageText = Array.from({ length: pages }, (_, i) => c(pdfText(packFile, i + 1)));
    // Past the cover (its contents name every section), without the footer and running header
    // drawn last on every page.
    all = pageText
      .map((text, i) => text.slice(0, text.lastIndexOf(`${i + 1}/${pages}`)))
      .slice(1)
      .join('');
  }, 120_000);

  afterAll(async () => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  describe('one pharmacy’s pack', () => {
    it('is a PDF named <保険薬局コード>_<店舗名>_<令和N年度>.pdf, never cached', async () => {
      const response = await download(t, w.store.admin.token, packPath(w.store.org.id));
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.headers['cache-control']).toBe('private, no-store');
      const name = `${w.store.org.pharmacyCode}_${w.store.org.name}_令和7年度.pdf`;
      expect(response.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(name)}`);
      expect((response.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      expect(pages).toBeGreaterThanOrEqual(6);
    });

    it('numbers every page "n / N" under a running header with the pharmacy and 年度', () => {
      pageText.forEach((text, index) => {
        expect(text).toContain(`${index + 1}/${pages}`);
        expect(text).toContain(c(w.store.org.name));
        expect(text).toContain(c('令和7年度 立入検査資料'));
      });
    });

    it('has a cover: pharmacy, 保険薬局コード, 安全管理責任者 from 1-①, 年度, date of issue, summary and contents', () => {
      const cover = pageText[0];
      for (const expected of ['サイバーセキュリティ対策 立入検査資料', w.store.org.name, w.store.org.pharmacyCode ?? '', '令和7年度（2025-04-01〜2026-03-31）', MANAGER, '薬局確認用 1-① の備考', `発行日${japanDate(0)}`]) {
        expect(cover).toContain(c(expected));
      }
      for (const expected of ['状況の概要', '事業者確認用', '受領1件／必要2件（未提出1件、旧様式0件、売買契約のみで不要1件）', '未解決のリスク項目', '2件（期限超過1件）', '3-③ サイバー攻撃を想定した事業継続計画（BCP）']) {
        expect(cover).toContain(c(expected));
      }
      // Which form versions the pack uses: 令和7年度 has its own.
      expect(cover).toContain(c('使用している様式薬局確認用令和7年度: 令和7年度版事業者確認用（この年度に適用）令和7年度: 令和7年度版事業者確認用（受領分）令和7年度: 令和7年度版：1件'));
      for (const entry of ['目次', '1薬局確認用チェックリスト', '2事業者確認用チェックリスト', `2.1${w.complete.vendor.org.name}（保守契約）`, '3MDS/SDS/RM-SDS受領一覧', '4リモートメンテナンスの開示', '5未解決のリスク項目']) {
        expect(cover).toContain(c(entry));
      }
    });

    it('prints the pharmacy’s own 薬局確認用 with the derived 2-②/2-③, their reasons and the contracts behind them', () => {
      const own = section('1　薬局確認用チェックリスト', '2　事業者確認用チェックリスト');
      expect(own).toContain(c('令和7年度版 薬局におけるサイバーセキュリティ対策チェックリスト（薬局確認用）'));
      expect(own).toContain(c('サーバ、端末PC、ネットワーク機器の台帳管理を行っている。'));
      expect(own).toContain(c(`1-①医療情報システム安全管理責任者を設置している。はいいいえ2025-06-01${MANAGER}`));
      expect(own).toContain('2026-01-31'); // 3-③ いいえ with its 目標日
      expect(own).toContain(c('2-②（算出）'));
      expect(own).toContain(c('2-③（算出）'));
      expect(own).toContain(c('2-②（いいえ）の判定根拠'));
      expect(own).toContain(c('保守・運用契約2件のうち1件で、リモートメンテナンスの開示が未受領または未確認の製品があります。'));
      expect(own).toContain(c('2-③（いいえ）の判定根拠'));
      expect(own).toContain(c('保守・運用契約2件のうち1件で、MDS/SDSまたはRM-SDSが未受領の製品があります。'));
      expect(own).toContain(c(`${w.complete.vendor.org.name}充足`));
      expect(own).toContain(c(`${w.lacking.vendor.org.name}不足`));
      expect(own).toContain(c(`「${w.lacking.product.name}」のMDS/SDS（医療情報セキュリティ開示書）が提出されていません`));
    });

    it('lists every vendor’s 事業者確認用: received (printed like the sheet), missing, not required for a sale-only contract', () => {
      const vendors = section('2　事業者確認用チェックリスト', '3　MDS/SDS/RM-SDS 受領一覧');
      expect(vendors).toContain(c(`${w.complete.vendor.org.name}保守契約受領済み第1版`));
      expect(vendors).toContain(c(`${w.lacking.vendor.org.name}運用契約未提出`));
      expect(vendors).toContain(c(`${w.saleOnly.vendor.org.name}売買契約のみ不要（売買契約のみ）`));
      const sheet = section(`2.1\u3000${w.complete.vendor.org.name}（保守契約）`, '3\u3000MDS/SDS/RM-SDS 受領一覧');
      for (const expected of ['事業者確認用', '様式令和7年度: 令和7年度版', '管理責任者', '管理 太郎', '項目番号チェック項目はい・いいえ確認日目標日備考', '2-①(薬局2-②)', '来期に確認予定', `${FY}-12-31`]) {
        expect(sheet).toContain(c(expected));
      }
      // 2-① いいえ with its 目標日 at the end of 2025: overdue once that day has passed.
      if (`${FY}-12-31` < japanDate(0)) expect(sheet).toContain(c('目標日を過ぎた「いいえ」の回答が1件あります。'));
      // One sheet only: neither the missing nor the sale-only vendor gets one.
      for (const vendor of [w.lacking.vendor, w.saleOnly.vendor]) expect(all).not.toContain(c(`事業者名：${vendor.org.name}`));
      expect(pageText[0]).not.toContain('2.2');
    });

    it('lists the MDS/SDS/RM-SDS received with dates and いいえ/対象外 counts, and what is still missing', () => {
      const list = section('3　MDS/SDS/RM-SDS 受領一覧', '4　リモートメンテナンスの開示');
      const published = japanDate(0);
      expect(list).toContain(c(`${w.complete.vendor.org.name}${w.complete.product.name}6.0SDS第1版${published}2件`));
      expect(list).toContain(c(`${w.complete.product.name}6.0RM-SDS第1版${published}2件`));
      expect(list).toContain(c('未受領（保守・運用契約の対象製品）'));
      expect(list).toContain(c(`${w.lacking.vendor.org.name}${w.lacking.product.name}MDS/SDS（医療情報セキュリティ開示書）`));
      expect(list).toContain(c(`${w.lacking.product.name}RM-SDS（リモートメンテナンスに関するSDS）`));
      expect(list).not.toContain(c(w.saleOnly.product.name));
    });

    it('shows each remote-maintenance disclosure: method, gateway, 2FA, source restriction, logging, confirmation and risks', () => {
      const rm = section('4　リモートメンテナンスの開示', '5　未解決のリスク項目');
      const [confirmed, unconfirmed] = [rm.indexOf(c(w.complete.product.name)), rm.indexOf(c(w.lacking.product.name))];
      expect(confirmed).toBeGreaterThanOrEqual(0);
      expect(unconfirmed).toBeGreaterThanOrEqual(0);
      const first = rm.slice(confirmed, unconfirmed > confirmed ? unconfirmed : undefined);
      expect(first).toContain(c(`確認済み${japanDate(0)}`));
      expect(first).toContain(c('接続方法インターネットVPN'));
      expect(first).toContain(c('FortiGate 40F'));
      expect(first).toContain(c('二要素認証あり'));
      expect(first).toContain(c('接続元制限あり'));
      expect(first).toContain(c('接続記録（ログ）あり'));
      expect(first).toContain(c('RM-SDS受領済み'));
      const second = rm.slice(unconfirmed);
      expect(second).toContain(c('未確認（薬局の確認待ち）リスク：高'));
      expect(second).toContain(c('二要素認証なし'));
      expect(second).toContain(c('ファームウェアが180日以上更新されていません'));
      expect(second).toContain(c('二要素認証が設定されていません'));
      expect(second).toContain(c('RM-SDS未受領'));
    });

    it('lists the open risk items with their status, due date and overdue flag (resolved ones left out)', () => {
      const risks = section('5　未解決のリスク項目');
      expect(risks).toContain(c('確認中の項目：2件（うち期限超過1件）'));
      expect(risks).toContain(c(`SDS ${w.complete.product.name} 6.0 第1版`));
      expect(risks).toContain(c('2扱う情報のリストを医療機関等に提示できるか？いいえ事業者回答待ち'));
      expect(risks).toContain('期限超過');
      expect(risks).toContain(c('令和7年度 事業者確認用チェックリスト 第1版'));
      // Item 3 (対象外) was resolved as an accepted risk.
      expect(risks).not.toContain(c('医療情報システムの企画管理者を設置しているか？'));
      expect(risks).not.toContain('リスク受容');
    });

    it('draws its glyphs: the downloaded pages carry the same ink as the same pack with the whole font', async () => {
      const principal = userPrincipal(w.store.admin.id, w.store.admin.email, w.store.org.id);
      const view = await t.app.get(InspectionPackService).view(principal, w.store.org.id, FY);
      const full = saved(dir, 'pack-full-font.pdf', Buffer.from(await renderInspectionPackPdf(view, { subsetFonts: false })));
      expect(Number(pdfInfo(full).Pages)).toBe(pages);
      for (const page of [1, 2, 4]) {
        const ink = inkRatio(rasterize(packFile, { page, gray: true }));
        const reference = inkRatio(rasterize(full, { page, gray: true }));
        expect(reference).toBeGreaterThan(0.02);
        expect(ink / reference).toBeGreaterThan(0.97);
        expect(ink / reference).toBeLessThan(1.03);
      }
    });

    it('audits the download with what went into it', async () => {
      const [row]: { organization_id: string; details: { fiscalYear: number; via: string; checklists: { id: string }[]; remoteMaintenance: unknown[]; riskThreads: string[] } }[] = await t.db.query(
        `SELECT organization_id, details FROM audit_events WHERE action = 'inspection_pack.download' AND target_id = $1 ORDER BY id LIMIT 1`,
        [w.store.org.id],
      );
      expect(row.organization_id).toBe(w.store.org.id);
      expect(row.details).toMatchObject({ fiscalYear: FY, via: 'pharmacy', checklists: [{ id: w.complete.checklistId }] });
      expect(row.details.remoteMaintenance).toHaveLength(2);
      expect(row.details.riskThreads.sort()).toEqual([w.threads.overdue, w.threads.onChecklist].sort());
    });

    it('still prints a 年度 with no 薬局確認用 form catalogued, saying so', async () => {
      const response = await download(t, w.store.admin.token, packPath(w.store.org.id, 2024));
      expect(response.status).toBe(200);
      const text = c(pdfText(saved(dir, 'pack-2024.pdf', response.body as Buffer)));
      expect(text).toContain(c('令和6年度'));
      expect(text).toContain(c('使用している様式薬局確認用令和6年度: 様式未登録事業者確認用（この年度に適用）令和6年度: 様式未登録'));
      expect(text).toContain(c('令和6年度の薬局確認用チェックリストの様式はまだ登録されていません'));
      expect(text).toContain(c('令和6年度に契約中の事業者はありません。')); // the contracts start in 令和7年度
    });
  });

  describe('the chain’s ZIP of its stores’ packs', () => {
    let entries: ReturnType<typeof readZip>;
    let zipFile: string;

    beforeAll(async () => {
      const response = await download(t, w.chain.admin.token, zipPath(w.chain.org.id));
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('application/zip');
      expect(response.headers['content-disposition']).toContain(encodeURIComponent(`${w.chain.org.name}_立入検査資料_令和7年度.zip`));
      zipFile = saved(dir, 'packs.zip', response.body as Buffer);
      entries = readZip(response.body as Buffer);
    });

    it('holds one PDF per store, named <保険薬局コード>_<店舗名>_<令和N年度>.pdf with UTF-8 names flagged', () => {
      const expected = [w.store, w.sibling].map((s) => `${s.org.pharmacyCode}_${s.org.name}_令和7年度.pdf`).sort();
      expect(entries.map((e) => e.name).sort()).toEqual(expected);
      for (const entry of entries) {
        expect(entry.utf8).toBe(true);
        expect(entry.data.subarray(0, 5).toString()).toBe('%PDF-');
      }
      if (hasUnzip()) expect(execFileSync('unzip', ['-Z1', zipFile], { encoding: 'utf8' }).trim().split('\n').sort()).toEqual(expected);
    });

    it('gives each store its own pack: the sibling with only a sale-only contract reads 記入不要, its admin as 責任者', () => {
      const sibling = entries.find((e) => e.name.startsWith(w.sibling.org.pharmacyCode ?? '-')) as (typeof entries)[number];
      const text = c(pdfText(saved(dir, 'sibling.pdf', sibling.data)));
      expect(text).toContain(c(w.sibling.org.name));
      expect(text).toContain(c('保守・運用契約がなく、売買契約のみ（1件）のため記入不要です。'));
      expect(text).toContain(c('admin テスト（薬局の管理者アカウント。'));
      expect(text).not.toContain(c(w.store.org.name));
      expect(text).not.toContain(c(w.lacking.vendor.org.name));
    });

    it('audits the archive and every store’s pack in it', async () => {
      expect(await countRows(t.db, `audit_events WHERE action = 'inspection_pack.archive_download' AND target_id = $1 AND organization_id = $2`, [w.chain.org.id, w.chain.org.id])).toBe(1);
      for (const store of [w.store, w.sibling]) {
        expect(
          await countRows(t.db, `audit_events WHERE action = 'inspection_pack.download' AND target_id = $1 AND organization_id = $2 AND details->>'via' = 'chain_zip'`, [store.org.id, w.chain.org.id]),
        ).toBe(1);
      }
    });

    it('lets the chain download one store’s pack too', async () => {
      const response = await download(t, w.chain.admin.token, packPath(w.sibling.org.id));
      expect(response.status).toBe(200);
      expect(c(pdfText(saved(dir, 'chain-sibling.pdf', response.body as Buffer), 1))).toContain(c(w.chain.org.name));
    });

    it('answers with an empty archive for a chain without stores', async () => {
      const empty = await f.tenant('chain');
      const response = await download(t, empty.admin.token, zipPath(empty.org.id));
      expect(response.status).toBe(200);
      expect(readZip(response.body as Buffer)).toEqual([]);
    });
  });

  describe('streaming the ZIP', () => {
    const stores = 10;
    let chain: Awaited<ReturnType<Factory['tenant']>>;
    let principal: Principal;
    const rendered = () => countRows(t.db, `audit_events WHERE action = 'inspection_pack.download' AND organization_id = $1`, [chain.org.id]);
    /** The count once it stops moving (rendering is asynchronous). */
    const settled = async () => {
      let last = -1;
      for (let i = 0; i < 40; i++) {
        await sleep(300);
        const now = await rendered();
        if (now === last) return now;
        last = now;
      }
      return last;
    };

    beforeEach(async () => {
      chain = await f.tenant('chain');
      await t.db.query(
        `INSERT INTO organizations (kind, name, pharmacy_code, chain_id) SELECT 'pharmacy', 'ストリーム薬局 ' || n, code, $2 FROM unnest($1::text[]) WITH ORDINALITY AS s(code, n)`,
        [Array.from({ length: stores }, () => uniquePharmacyCode()), chain.org.id],
      );
      principal = { ...userPrincipal(chain.admin.id, chain.admin.email, chain.org.id), organizationKind: 'chain' };
    });

    it('renders the next store’s pack only once the reader has taken the previous one', async () => {
      const { stream } = await t.app.get(InspectionPackZipService).open(principal, chain.org.id, FY);
      const chunks: Buffer[] = [await new Promise<Buffer>((resolve) => stream.once('data', (chunk: Buffer) => (stream.pause(), resolve(chunk))))];
      // Not read further: at most the pack being written and the next one wait in the pipeline.
      expect(await settled()).toBeLessThanOrEqual(3);
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      await new Promise((resolve) => stream.on('end', resolve).resume());
      expect(await rendered()).toBe(stores);
      expect(readZip(Buffer.concat(chunks)).map((entry) => entry.name)).toHaveLength(stores);
    }, 60_000);

    it('stops rendering when the reader goes away', async () => {
      const { stream } = await t.app.get(InspectionPackZipService).open(principal, chain.org.id, FY);
      await new Promise((resolve) => stream.once('data', resolve));
      stream.destroy();
      const after = await settled();
      expect(after).toBeLessThanOrEqual(3);
      await sleep(1000);
      expect(await rendered()).toBe(after);
    }, 60_000);
  });

  describe('form versions: the current 年度 on the carried-forward 令和7年度版, and 旧様式', () => {
    const NOW = currentFiscalYear();
    const L = fiscalYearLabel(NOW);
    const CARRIED = `${L}: 令和7年度版を使用（${L}版は未登録）`;
    const ANSWERED_CARRIED = `${L}: 令和7年度版で回答（${L}版は未登録）`;
    /** A 年度 no other suite reads: a later version registered for it makes a 令和7年度版 answer 旧様式 there only. */
    const LATER_YEAR = 2098;
    const LL = fiscalYearLabel(LATER_YEAR);
    const nameOf = (response: { headers: Record<string, string> }) => decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(response.headers['content-disposition'])?.[1] ?? '');

    beforeAll(async () => {
      // The complete vendor submits its checklist of the current 年度, and the store saves its own, both dated within it.
      const dated = Object.fromEntries(R7_ITEMS.map((id) => [id, { confirmedOn: `${NOW}-04-01` }]));
      const path = `/v1/contracts/${w.complete.contract.id}/checklists/${NOW}`;
      const vendor = w.complete.vendor.admin.token;
      expect((await t.http.put(path).set(bearer(vendor)).send({ managerName: '管理 太郎', answers: answers(dated) })).status).toBe(200);
      expect((await t.http.post(`${path}/submit`).set(bearer(vendor)).send({})).status).toBe(200);
      const own = OWN_ITEMS.map((itemId) => ({ itemId, answer: 'はい', confirmedOn: `${NOW}-04-01`, ...(itemId === '1-①' ? { remarks: MANAGER } : {}) }));
      expect((await t.http.put(`/v1/pharmacies/${w.store.org.id}/checklists/${NOW}`).set(bearer(w.store.admin.token)).send({ answers: own })).status).toBe(200);
    });

    it('prints the current 年度 by default, saying on the cover and on every sheet that the 令和7年度版 is carried forward', async () => {
      expect(NOW).toBeGreaterThanOrEqual(2026);
      const byDefault = await download(t, w.store.admin.token, `/v1/pharmacies/${w.store.org.id}/inspection-pack`);
      const asked = await download(t, w.store.admin.token, packPath(w.store.org.id, NOW));
      for (const response of [byDefault, asked]) {
        expect(response.status).toBe(200);
        expect(nameOf(response)).toBe(`${w.store.org.pharmacyCode}_${w.store.org.name}_${L}.pdf`);
      }
      const file = saved(dir, 'pack-current.pdf', byDefault.body as Buffer);
      const text = c(pdfText(file));
      expect(text).toBe(c(pdfText(saved(dir, 'pack-current-asked.pdf', asked.body as Buffer))));
      const cover = c(pdfText(file, 1));
      expect(cover).toContain(c(`${L}（${NOW}-04-01〜${NOW + 1}-03-31）`));
      expect(cover).toContain(c(`使用している様式薬局確認用${ANSWERED_CARRIED}事業者確認用（この年度に適用）${CARRIED}事業者確認用（受領分）${ANSWERED_CARRIED}：1件`));
      // Not a 年度 without forms: the store's own checklist is there, on the carried-forward version.
      expect(text).not.toContain(c('様式はまだ登録されていません'));
      expect(text).toContain(c('令和7年度版 薬局におけるサイバーセキュリティ対策チェックリスト（薬局確認用）'));
      // 様式 next to the 年度 on the store's own sheet and on the vendor's.
      expect(text.split(c(`様式${ANSWERED_CARRIED}`)).length - 1).toBe(2);
      if (NOW === 2026) expect(text).toContain(c('令和7年度版で回答（令和8年度版は未登録）'));
      expect(text).toContain(c(`${w.complete.vendor.org.name}保守契約受領済み第1版`));
      expect(text).toContain(c(`${w.lacking.vendor.org.name}運用契約未提出`));
    });

    it('gives the chain a ZIP of the current 年度 by default', async () => {
      const response = await download(t, w.chain.admin.token, `/v1/chains/${w.chain.org.id}/inspection-packs`);
      expect(response.status).toBe(200);
      expect(nameOf(response)).toBe(`${w.chain.org.name}_立入検査資料_${L}.zip`);
      const entries = readZip(response.body as Buffer);
      expect(entries.map((e) => e.name).sort()).toEqual([w.store, w.sibling].map((s) => `${s.org.pharmacyCode}_${s.org.name}_${L}.pdf`).sort());
    });

    it('flags a checklist answered on an older version than the one that applies (旧様式) and asks for it again', async () => {
      // A submitted 令和80年度 checklist on the 令和7年度版 (written with SQL: its dates lie in no 年度 the API accepts today).
      const [row]: { id: string }[] = await t.db.query(
        `INSERT INTO vendor_checklists (contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash)
         VALUES ($1, $2, 1, 'draft', $3, '管理 太郎', 'sql') RETURNING id`,
        [w.complete.contract.id, LATER_YEAR, R7_FORM],
      );
      await t.db.query(`INSERT INTO vendor_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on) VALUES ($1, '1-①', 1, 'はい', '2025-04-10')`, [row.id]);
      await t.db.query(`UPDATE vendor_checklists SET status = 'submitted', submitted_at = now() WHERE id = $1`, [row.id]);
      const r7 = JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${R7_FORM}.json`), 'utf8')) as Record<string, unknown>;
      // Its own series, so that the 令和7年度 form stays the latest of its series for the other suites.
      const id = `vendor-checklist-pharmacy-test-${randomUUID().slice(0, 8)}`;
      const later = { ...r7, id, series: `test/${id}`, fiscalYear: LATER_YEAR, revision: 1, versionLabel: `${LL}版`, title: `${LL} 薬局におけるサイバーセキュリティ対策チェックリスト（事業者確認用）` };
      let text: string;
      try {
        expect((await t.http.post('/v1/forms').set(bearer(await f.operator())).send(later)).status).toBe(201);
        const response = await download(t, w.store.admin.token, packPath(w.store.org.id, LATER_YEAR));
        expect(response.status).toBe(200);
        text = c(pdfText(saved(dir, 'pack-outdated.pdf', response.body as Buffer)));
      } finally {
        // Other suites share the database.
        await t.db.query('DELETE FROM forms WHERE id = $1', [id]);
      }
      const outdated = `${LL}: 令和7年度版で回答（旧様式: ${LL}版が登録済み）`;
      expect(text).toContain(c(`事業者確認用（この年度に適用）${LL}: ${LL}版`));
      expect(text).toContain(c(`事業者確認用（受領分）${outdated}：1件（再提出が必要）`));
      expect(text).toContain(c(`受領1件／必要2件（未提出1件、旧様式1件`));
      expect(text).toContain(c(`${w.complete.vendor.org.name}保守契約旧様式で提出済み（再提出が必要）`));
      expect(text).toContain(c(`旧様式で回答されています（${outdated}）。最新様式での再提出を事業者に依頼してください。`));
      expect(text).toContain(c(`様式${outdated}`));
      // The store's own: the 令和7年度版 carried forward (nothing saved for that 年度).
      expect(text).toContain(c(`薬局確認用${LL}: 令和7年度版を使用（${LL}版は未登録）`));
    });
  });

  describe('who may download (everyone else gets 404, and nothing is audited)', () => {
    it('answers 404 to another chain, a sibling store, a vendor and the operator for a pharmacy’s pack', async () => {
      const otherChain = await f.tenant('chain');
      const before = await countRows(t.db, `audit_events WHERE action LIKE 'inspection_pack.%' AND target_id = $1`, [w.store.org.id]);
      for (const token of [otherChain.admin.token, w.sibling.admin.token, w.complete.vendor.admin.token, await f.operator()]) {
        expectProblem(await download(t, token, packPath(w.store.org.id)), 404, 'not_found');
        expectProblem(await download(t, token, `/v1/pharmacies/${w.store.org.id}/inspection-pack`), 404, 'not_found');
      }
      expect(await countRows(t.db, `audit_events WHERE action LIKE 'inspection_pack.%' AND target_id = $1`, [w.store.org.id])).toBe(before);
    });

    it('answers 404 to a store of the chain, another chain, a vendor and the operator for the chain’s ZIP', async () => {
      const otherChain = await f.tenant('chain');
      for (const token of [w.store.admin.token, otherChain.admin.token, w.complete.vendor.admin.token, await f.operator()]) {
        expectProblem(await download(t, token, zipPath(w.chain.org.id)), 404, 'not_found');
        expectProblem(await download(t, token, `/v1/chains/${w.chain.org.id}/inspection-packs`), 404, 'not_found');
      }
      // A pharmacy id is not a chain, even for the pharmacy itself.
      expectProblem(await download(t, w.store.admin.token, zipPath(w.store.org.id)), 404, 'not_found');
    });

    it('refuses a 年度 that is not one, before looking anything up', async () => {
      for (const fy of ['abc', '1999', '2101']) {
        const body = expectProblem(await download(t, w.store.admin.token, packPath(w.store.org.id, fy)), 400, 'validation_failed');
        expect((body.errors as { field: string }[])[0].field).toBe('fiscalYear');
        expectProblem(await download(t, w.chain.admin.token, zipPath(w.chain.org.id, fy)), 400, 'validation_failed');
      }
      expectProblem(await download(t, w.store.admin.token, packPath('not-a-uuid')), 404, 'not_found');
    });
  });
});

/** A signed-in administrator as the guard would hand it to a service (for calls below the HTTP layer). */
function userPrincipal(userId: string, email: string, organizationId: string): Principal {
  return {
    type: 'user',
    userId,
    email,
    role: 'admin',
    sessionId: 'direct-call',
    twoFactorEnrolled: false,
    twoFactorEnrolmentPending: false,
    organizationId,
    organizationKind: 'pharmacy',
    origin: { ip: '127.0.0.1', userAgent: null },
  };
}

function hasUnzip(): boolean {
  try {
    execFileSync('which', ['unzip'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
