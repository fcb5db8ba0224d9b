import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PACK_SECTIONS, renderInspectionPackPdf } from './inspection-pack-pdf';
import { lossyFontkit } from './testing/lossy-fontkit';
import { sampleInspectionPackView } from './testing/inspection-pack-sample';
import { compactText, inkRatio, pdfInfo, pdfText, pdfWords, rasterize } from './testing/poppler';

/**
 * The inspection pack laid out from a plain view model (no database): sections in order, every
 * vendor sheet on its own pages, a table of contents whose page numbers are right, "n / N" and the
 * running header on every page, glyphs really drawn.
 */
describe('inspection pack PDF', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  const view = sampleInspectionPackView(5);
  let pages: number;
  let bytes: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kaiji-pack-pdf-'));
    bytes = await renderInspectionPackPdf(view);
    writeFileSync(file('pack.pdf'), bytes);
    writeFileSync(file('pack-full-font.pdf'), await renderInspectionPackPdf(view, { subsetFonts: false }));
    writeFileSync(file('pack-lossy.pdf'), await renderInspectionPackPdf(view, { fontkit: lossyFontkit }));
    pages = Number(pdfInfo(file('pack.pdf')).Pages);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const pageText = (page: number) => compactText(pdfText(file('pack.pdf'), page));

  it('numbers every page "n / N" under a running header naming the pharmacy and 年度', () => {
    expect(pages).toBeGreaterThanOrEqual(8);
    for (let page = 1; page <= pages; page++) {
      const text = pageText(page);
      expect(text).toContain(`${page}/${pages}`);
      expect(text).toContain(compactText(`${view.pharmacyName}（保険薬局コード ${view.pharmacyCode}）`));
      expect(text).toContain(compactText(`${view.fiscalYearLabel} 立入検査資料`));
    }
  });

  it('points its table of contents at the pages where each section and vendor sheet starts', () => {
    // The contents' page numbers: right-aligned on the cover, above the footer, top to bottom.
    const numbers = pdfWords(file('pack.pdf'))
      .filter((w) => w.page === 1 && /^\d+$/.test(w.text) && w.xMax > 540 && w.yMin < 780)
      .sort((a, b) => a.yMin - b.yMin)
      .map((w) => Number(w.text));
    const headings = [
      PACK_SECTIONS.own,
      PACK_SECTIONS.vendors,
      ...view.vendorSheets.map((sheet, i) => `2.${i + 1}\u3000${sheet.heading}`),
      PACK_SECTIONS.disclosures,
      PACK_SECTIONS.remoteMaintenance,
      PACK_SECTIONS.risks,
    ];
    expect(numbers).toHaveLength(headings.length);
    headings.forEach((heading, i) => {
      const page = numbers[i];
      expect(pageText(page)).toContain(compactText(heading));
      // Nowhere before (the cover only lists it).
      for (let earlier = 2; earlier < page; earlier++) expect(pageText(earlier)).not.toContain(compactText(heading));
    });
  });

  it('prints the sections in order with the facts of the view', () => {
    const all = compactText(pdfText(file('pack.pdf')));
    const at = (text: string) => all.indexOf(compactText(text), all.indexOf('目次') + 200);
    const order = [PACK_SECTIONS.own, PACK_SECTIONS.vendors, PACK_SECTIONS.disclosures, PACK_SECTIONS.remoteMaintenance, PACK_SECTIONS.risks].map(at);
    expect(order.every((position) => position > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const expected of [
      view.manager.name ?? '',
      '2-②（いいえ）の判定根拠',
      '未提出',
      '不要（売買契約のみ）',
      '旧様式で回答されています',
      'RM-SDS（リモートメンテナンスに関するSDS）',
      '二要素認証が設定されていません',
      '期限超過',
      '未回答',
    ]) {
      expect(all).toContain(compactText(expected));
    }
    for (const sheet of view.vendorSheets) expect(all).toContain(compactText(`事業者名：${sheet.sheet.vendorName}`));
  });

  it('says on its cover, and on each checklist sheet, which form versions it uses', async () => {
    const carried = {
      ...view,
      fiscalYearLabel: '令和8年度',
      forms: [
        { label: '薬局確認用', value: '令和8年度: 令和7年度版で回答（令和8年度版は未登録）' },
        { label: '事業者確認用（この年度に適用）', value: '令和8年度: 令和7年度版を使用（令和8年度版は未登録）' },
        { label: '事業者確認用（受領分）', value: '令和8年度: 令和7年度版で回答（旧様式: 令和7年度版（改訂）が登録済み）：1件（再提出が必要）', flagged: true },
      ],
      ownChecklist: view.ownChecklist && { ...view.ownChecklist, formUseLabel: '令和8年度: 令和7年度版で回答（令和8年度版は未登録）' },
      vendorSheets: view.vendorSheets.map((sheet) => ({ ...sheet, sheet: { ...sheet.sheet, formUseLabel: '令和8年度: 令和7年度版で回答（令和8年度版は未登録）' } })),
    };
    writeFileSync(file('carried.pdf'), await renderInspectionPackPdf(carried));
    const cover = compactText(pdfText(file('carried.pdf'), 1));
    expect(cover).toContain('使用している様式');
    for (const fact of carried.forms) expect(cover).toContain(compactText(`${fact.label}${fact.value}`));
    // The contents still fit on the cover.
    expect(cover).toContain(compactText(PACK_SECTIONS.risks));
    const all = compactText(pdfText(file('carried.pdf')));
    // The own sheet and every vendor sheet: 様式 next to the 年度.
    expect(all.split(compactText('様式令和8年度: 令和7年度版で回答（令和8年度版は未登録）')).length - 1).toBe(1 + carried.vendorSheets.length);
  });

  it('draws the glyphs: each page carries the same ink as with the whole font, which a lossy subset does not', () => {
    for (const page of [1, 2, 4, pages - 1]) {
      const ink = inkRatio(rasterize(file('pack.pdf'), { page, gray: true }));
      const reference = inkRatio(rasterize(file('pack-full-font.pdf'), { page, gray: true }));
      expect(reference).toBeGreaterThan(0.02);
      expect(ink / reference).toBeGreaterThan(0.97);
      expect(ink / reference).toBeLessThan(1.03);
    }
    const lossy = inkRatio(rasterize(file('pack-lossy.pdf'), { page: 1, gray: true }));
    expect(lossy / inkRatio(rasterize(file('pack-full-font.pdf'), { page: 1, gray: true }))).toBeLessThan(0.9);
  });

  it('is reproducible byte for byte and dated by its issue date', async () => {
    expect(Buffer.from(await renderInspectionPackPdf(view)).equals(Buffer.from(bytes))).toBe(true);
    expect(new Date(pdfInfo(file('pack.pdf')).CreationDate).toISOString()).toBe('2025-11-19T15:00:00.000Z');
  });

  it('says so where a section has nothing to show', async () => {
    const empty = {
      ...sampleInspectionPackView(1),
      ownChecklist: null,
      ownChecklistMissing: '令和6年度の薬局確認用チェックリストの様式はまだ登録されていません。',
      vendorStatuses: [],
      vendorSheets: [],
      disclosures: [],
      missingDisclosures: [],
      remoteMaintenance: [],
      risks: [],
    };
    writeFileSync(file('empty.pdf'), await renderInspectionPackPdf(empty));
    const text = compactText(pdfText(file('empty.pdf')));
    for (const expected of [empty.ownChecklistMissing, 'に契約中の事業者はありません。', '受領しているMDS/SDS/RM-SDSはありません。', 'リモートメンテナンスの開示もありません。', '未解決のリスク項目（リスクコミュニケーション）はありません。']) {
      expect(text).toContain(compactText(expected));
    }
    expect(Number(pdfInfo(file('empty.pdf')).Pages)).toBe(6);
  });
});
