import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checklistItemLabel, renderChecklistPdf, renderDisclosurePdf } from './index';
import { lossyFontkit } from './testing/lossy-fontkit';
import { compactText, inkRatio, pdfFonts, pdfInfo, pdfText, pdfWords, rasterize } from './testing/poppler';
import { sampleChecklistView, sampleDisclosureView } from './testing/samples';

/**
 * What a reader gets from the PDFs: extractable Japanese text, embedded subset fonts, glyphs
 * that are really drawn (text extraction alone passes on a font whose subset lost its glyphs),
 * page numbers on long documents and shaded いいえ/対象外 rows.
 */

const ARTIFACTS = resolve(__dirname, '../../test/artifacts');

/**
 * The rendering check: the page rasterised in grey carries the same amount of ink as the same
 * document with the whole font embedded. A subset that lost glyphs draws visibly less.
 */
function expectSameInkAsFullFont(subsetted: string, fullFont: string): void {
  const ink = inkRatio(rasterize(subsetted, { gray: true }));
  const reference = inkRatio(rasterize(fullFont, { gray: true }));
  expect(reference).toBeGreaterThan(0.03);
  expect(ink / reference).toBeGreaterThan(0.97);
  expect(ink / reference).toBeLessThan(1.03);
}

describe('PDF rendering', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  const checklistView = sampleChecklistView();
  const disclosureView = sampleDisclosureView();
  let checklistBytes: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kaiji-pdf-'));
    checklistBytes = await renderChecklistPdf(checklistView);
    writeFileSync(file('checklist.pdf'), checklistBytes);
    writeFileSync(file('disclosure.pdf'), await renderDisclosurePdf(disclosureView));
    writeFileSync(file('checklist-full-font.pdf'), await renderChecklistPdf(checklistView, { subsetFonts: false }));
    writeFileSync(file('checklist-lossy.pdf'), await renderChecklistPdf(checklistView, { fontkit: lossyFontkit }));
    writeFileSync(file('disclosure-full-font.pdf'), await renderDisclosurePdf(disclosureView, { subsetFonts: false }));
    writeFileSync(file('checklist-60.pdf'), await renderChecklistPdf(sampleChecklistView(60)));
    // One picture of each document to look at (test/artifacts is git-ignored).
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const name of ['checklist', 'disclosure']) {
      execFileSync('pdftoppm', ['-r', '80', '-png', '-singlefile', file(`${name}.pdf`), join(ARTIFACTS, `${name}-pdf`)]);
    }
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('checklist', () => {
    it('has the Japanese item texts, ids, answers, dates and header fields as extractable text', () => {
      const text = compactText(pdfText(file('checklist.pdf')));
      for (const item of checklistView.items) {
        expect(text).toContain(compactText(item.text));
        expect(text).toContain(compactText(checklistItemLabel(item)));
      }
      expect(text).toContain('2-①(薬局2-②)');
      for (const expected of [checklistView.title, '令和7年度', checklistView.vendorName, checklistView.customerName, '山田太郎']) {
        expect(text).toContain(compactText(expected));
      }
      for (const header of ['項目番号', 'チェック項目', 'はい・いいえ', '確認日', '目標日', '備考']) expect(text).toContain(header);
      expect(text).toContain(compactText(checklistView.instructions?.[0] ?? ''));
      expect(text.match(/2025-06-30/g)).toHaveLength(checklistView.items.length);
      expect(text.match(/2026-03-31/g)).toHaveLength(2);
      expect(text).toContain(compactText(checklistView.items[9].remarks ?? ''));
    });

    it('circles the chosen answer: はい for a positive item, いいえ (in red) for a negative one', () => {
      const page = rasterize(file('checklist.pdf'), { dpi: 72 });
      const words = pdfWords(file('checklist.pdf'));
      const itemRow = (id: string) => words.find((w) => w.text === id) as (typeof words)[number];
      const answers = (id: string) => {
        const row = itemRow(id);
        return words.filter((w) => (w.text === 'はい' || w.text === 'いいえ') && Math.abs(w.yMin - row.yMin) < 12);
      };
      // A ring crosses the vertical through the word's centre just above and below its box.
      const ringColour = (word: { xMin: number; xMax: number; yMin: number; yMax: number }) => {
        const x = (word.xMin + word.xMax) / 2;
        const ys = [1, 2, 3, 4, 5, 6].flatMap((d) => [word.yMin - d, word.yMax + d]);
        return ys.map((y) => page.pixel(x, y)).reduce((darkest, s) => (s[0] + s[1] + s[2] < darkest[0] + darkest[1] + darkest[2] ? s : darkest));
      };
      const [yes, no] = answers('2-④');
      const yesRing = ringColour(yes);
      expect(Math.max(...yesRing)).toBeLessThan(120); // dark ring around はい
      expect(Math.min(...ringColour(no))).toBeGreaterThan(200); // nothing around いいえ
      const [, negative] = answers('2-⑨');
      const noRing = ringColour(negative);
      expect(noRing[0]).toBeGreaterThan(noRing[1] + 60); // red ring around いいえ
    });

    it('embeds subsets of the Japanese font', () => {
      const fonts = pdfFonts(file('checklist.pdf'));
      expect(fonts).toMatch(/KJAAAA\+BIZUDPGothic-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      expect(fonts).toMatch(/KJAAAB\+BIZUDPGothic-Bold\s+CID TrueType\s+Identity-H\s+yes yes yes/);
      expect(checklistBytes.length).toBeLessThan(150 * 1024);
    });

    it('sets the metadata and is byte-for-byte reproducible', async () => {
      const info = pdfInfo(file('checklist.pdf'));
      expect(info.Title).toContain(checklistView.title);
      expect(info.Producer).toBe('Kaiji');
      expect(info.Pages).toBe('1');
      expect(info['Page size']).toContain('(A4)');
      expect(new Date(info.CreationDate).toISOString()).toBe('2025-07-01T01:15:00.000Z');
      expect(Buffer.from(await renderChecklistPdf(checklistView)).equals(Buffer.from(checklistBytes))).toBe(true);
    });

    it('draws the glyphs: the subsetted document renders with the same ink as the full font', () => {
      expectSameInkAsFullFont(file('checklist.pdf'), file('checklist-full-font.pdf'));
      // The table region (below the header block) is well inked, not only rules and digits.
      expect(inkRatio(rasterize(file('checklist.pdf'), { gray: true }), { top: 0.25, bottom: 0.85 })).toBeGreaterThan(0.05);
    });

    it('the ink check fails on a subset that lost its Japanese glyphs (which text extraction does not notice)', () => {
      const lossy = file('checklist-lossy.pdf');
      expect(compactText(pdfText(lossy))).toContain(compactText(checklistView.items[0].text));
      expect(() => expectSameInkAsFullFont(lossy, file('checklist-full-font.pdf'))).toThrow();
    });

    it('prints the form version used under the 年度: carried forward from an earlier 年度, or 旧様式', async () => {
      const labels = ['令和8年度: 令和7年度版で回答（令和8年度版は未登録）', '令和8年度: 令和7年度版で回答（旧様式: 令和8年度版が登録済み）'];
      for (const [index, formUseLabel] of labels.entries()) {
        const path = file(`checklist-form-use-${index}.pdf`);
        writeFileSync(path, await renderChecklistPdf({ ...checklistView, fiscalYearLabel: '令和8年度', formUseLabel }));
        expect(pdfInfo(path).Pages).toBe('1');
        expect(compactText(pdfText(path))).toContain(compactText(`様式${formUseLabel}`));
        // Its own row of the header block, between the 年度 and the 事業者名.
        const words = pdfWords(path);
        const top = (text: string) => (words.find((w) => w.text === text) as (typeof words)[number]).yMin;
        expect(top('様式')).toBeGreaterThan(top('年度'));
        expect(top('様式')).toBeLessThan(top('事業者名'));
      }
      // Without one, the header block is as before.
      expect(compactText(pdfText(file('checklist.pdf')))).not.toContain('様式');
    });

    it('numbers every page "n / N" and repeats the table header on a 60-item checklist', () => {
      const pages = Number(pdfInfo(file('checklist-60.pdf')).Pages);
      expect(pages).toBeGreaterThanOrEqual(3);
      for (let page = 1; page <= pages; page++) {
        const text = compactText(pdfText(file('checklist-60.pdf'), page));
        expect(text).toContain(`${page}/${pages}`);
        expect(text).toContain('項目番号チェック項目はい・いいえ確認日目標日備考');
      }
      const all = compactText(pdfText(file('checklist-60.pdf')));
      expect(all).toContain('2-③-5');
    });

    it('splits a row taller than a page over several pages', async () => {
      const remarks = '保守作業の記録は別紙のとおり。'.repeat(180);
      const view = sampleChecklistView();
      view.items[3] = { ...view.items[3], remarks };
      writeFileSync(file('checklist-long.pdf'), await renderChecklistPdf(view));
      const pages = Number(pdfInfo(file('checklist-long.pdf')).Pages);
      expect(pages).toBeGreaterThanOrEqual(3);
      const text = compactText(pdfText(file('checklist-long.pdf')));
      // Every sentence is printed; at most the ones cut by a page break are interrupted.
      expect(text.split('保守作業の記録は別紙のとおり。').length - 1).toBeGreaterThanOrEqual(180 - 2 * (pages - 1));
      expect(compactText(pdfText(file('checklist-long.pdf'), 2))).toContain('保守作業の記録は別紙のとおり。');
      expect(text).toContain(compactText(view.items[13].text));
    });
  });

  describe('disclosure', () => {
    it('has the header block and every row as extractable Japanese text', () => {
      const text = compactText(pdfText(file('disclosure.pdf')));
      for (const expected of ['作成日', '2025-05-20', 'サービス事業者', disclosureView.vendorName, 'サービス名称', disclosureView.productName, 'バージョン', '5.2', '書式', '第3版公開中']) {
        expect(text).toContain(compactText(expected));
      }
      for (const section of disclosureView.sections) {
        expect(text).toContain(compactText(section.title));
        for (const row of section.rows) {
          expect(text).toContain(compactText(row.text));
          if (row.remarks) expect(text).toContain(compactText(row.remarks));
        }
      }
      expect(text).toContain('対象外');
      expect(text).toContain(compactText(disclosureView.disclaimer ?? ''));
    });

    it('shades いいえ/対象外 rows and prints their answer in red', () => {
      const page = rasterize(file('disclosure.pdf'), { dpi: 72 });
      const words = pdfWords(file('disclosure.pdf'));
      const at = (answer: string) => words.filter((w) => w.text === answer);
      const background = (w: { xMax: number; yMin: number; yMax: number }) => page.pixel(w.xMax + 6, (w.yMin + w.yMax) / 2);
      for (const word of [...at('いいえ'), ...at('対象外')]) {
        const [r, g, b] = background(word);
        expect(r).toBeGreaterThan(240);
        expect(r - b).toBeGreaterThan(15); // light red, not white
        expect(g).toBeLessThan(240);
      }
      for (const word of at('はい')) expect(background(word)).toEqual([255, 255, 255]);
      // Red ink in the flagged answer itself.
      const negative = at('いいえ')[0];
      let red = 0;
      for (let x = negative.xMin; x < negative.xMax; x++) {
        for (let y = negative.yMin; y < negative.yMax; y++) {
          const [r, g] = page.pixel(x, y);
          if (r > 150 && g < 90) red++;
        }
      }
      expect(red).toBeGreaterThan(10);
    });

    it('labels an MDS with 製造業者 / 製品名称 and prints unanswered rows as 未回答', async () => {
      const view = { ...disclosureView, kind: 'MDS' as const, title: '製造業者による医療情報セキュリティ開示書（MDS）' };
      view.sections = [{ title: '物理的安全対策', rows: [{ id: '10', text: disclosureView.sections[3].rows[0].text, answer: null, remarks: null, flagged: false }] }];
      writeFileSync(file('mds.pdf'), await renderDisclosurePdf(view));
      const text = compactText(pdfText(file('mds.pdf')));
      for (const expected of ['製造業者', '製品名称', '未回答', '（0件）', compactText(view.sections[0].rows[0].text)]) expect(text).toContain(expected);
      expect(text).not.toContain('サービス名称');
    });

    it('draws the glyphs and embeds subset fonts', () => {
      expect(pdfFonts(file('disclosure.pdf'))).toMatch(/KJAAAA\+BIZUDPGothic-Regular\s+CID TrueType/);
      expectSameInkAsFullFont(file('disclosure.pdf'), file('disclosure-full-font.pdf'));
      expect(pdfInfo(file('disclosure.pdf')).Producer).toBe('Kaiji');
    });
  });
});
