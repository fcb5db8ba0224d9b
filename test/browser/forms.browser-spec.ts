import type ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { editWorkbook, setHeader, setItem } from '../support/form-workbooks';
import { Api, DEMO_OPERATOR, DEMO_PASSWORD, uniqueSuffix } from './support/api';
import { operatorCode } from './support/operator-totp';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';

interface FormSummary {
  id: string;
  kind: string;
  audience: string;
  fiscalYear: number | null;
  latest: boolean;
}
interface Form {
  items: { id: string; text: string }[];
}

/** Marked as made for the test: MHLW's item texts are never invented. */
const TEST_TEXT = '【ブラウザ試験用の文言】厚生労働省の様式の文言ではありません。';
/** A 年度 no other scenario uses, and a series of its own: the demo's 令和8年度 stays what the other specs see. */
const TEST_YEAR = 2040;

/**
 * The operator's form screen (issue 12): download the version a new one follows as XLSX, edit it
 * as in Excel, upload it to see the parsed version and its diff, read the problems of a broken
 * workbook by sheet, row and column, then confirm and see the list refreshed.
 */
describe('the operator registers a form version from a workbook (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  let folder: string;
  let operator: Api;

  beforeAll(async () => {
    operator = await Api.operator();
    browser = await openBrowser({ width: 1280, height: 900 });
    errors = watchErrors(browser.page);
    folder = mkdtempSync(join(tmpdir(), 'kaiji-forms-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  /** The 事業者確認用 a pharmacy's new version would follow: the newest serving pharmacies. */
  async function newestVendorChecklist(): Promise<FormSummary> {
    const page = await operator.get<{ items: FormSummary[] }>('/v1/forms?kind=vendor_checklist&limit=100');
    const candidates = page.items.filter((form) => form.audience === 'pharmacy' || form.audience === 'any');
    return candidates.sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0) || Number(b.latest) - Number(a.latest))[0];
  }

  async function upload(page: Page, path: string): Promise<void> {
    await page.getByLabel(/様式のブック/).setInputFiles(path);
    await page.getByRole('button', { name: '内容を確認する' }).click();
  }

  it('downloads, previews the diff, shows a broken workbook’s problems by cell, and registers', async () => {
    const { page } = browser;
    const base = await newestVendorChecklist();
    const baseForm = await operator.get<Form>(`/v1/forms/${base.id}`);
    const id = `browser-test-vendor-${uniqueSuffix()}`;

    await step(page, 'forms-open', async () => {
      await page.goto(`${baseUrl()}/portal/login`);
      await page.getByLabel('メールアドレス').fill(DEMO_OPERATOR);
      await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'ログイン' }).click();
      // The operator's logins use 2FA.
      await page.getByLabel('認証コード').fill(await operatorCode());
      await page.getByRole('button', { name: '認証してログイン' }).click();
      await page.getByRole('navigation', { name: /メインメニュー/ }).getByRole('link', { name: '様式の版' }).click();
      await page.getByRole('heading', { level: 1, name: '様式の版' }).waitFor();
      await page.getByRole('rowheader', { name: base.id, exact: true }).waitFor();
      await page.getByText(/令和8年度: 令和7年度版で回答/).waitFor();
    });

    const downloaded = await step(page, 'forms-download', async () => {
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: base.id, exact: true }) });
      const [download] = await Promise.all([page.waitForEvent('download'), row.getByRole('button', { name: 'XLSXをダウンロード' }).click()]);
      expect(download.suggestedFilename()).toBe(`${base.id}.xlsx`);
      const path = join(folder, 'downloaded.xlsx');
      await download.saveAs(path);
      return readFileSync(path);
    });

    const edit = (bytes: Buffer, extra: (workbook: ExcelJS.Workbook) => void = () => undefined) =>
      editWorkbook(bytes, (workbook) => {
        setHeader(workbook, 'id', id);
        setHeader(workbook, 'audience', 'pharmacy');
        setHeader(workbook, 'series', `test/${id}`);
        setHeader(workbook, 'fiscalYear', TEST_YEAR);
        setHeader(workbook, 'revision', 1);
        setHeader(workbook, 'versionLabel', 'ブラウザ試験用の版');
        setItem(workbook, baseForm.items[0].id, 'text', TEST_TEXT);
        extra(workbook);
      });

    await step(page, 'forms-problems', async () => {
      const broken = join(folder, 'broken.xlsx');
      writeFileSync(broken, await edit(downloaded, (workbook) => setItem(workbook, baseForm.items[2].id, 'id', baseForm.items[1].id)));
      await upload(page, broken);
      const problems = page.getByRole('table', { name: /ブックの誤り/ });
      await problems.waitFor();
      const row = problems.getByRole('row').filter({ hasText: `番号「${baseForm.items[1].id}」が3行目と重複しています` });
      await expect(row.getByRole('cell').allTextContents()).resolves.toEqual(['項目 (items)', '4', '番号 (id)', 'A4', expect.stringContaining('repeats row 3')]);
      await screenshot(page, '60-operator-form-problems');
    });

    await step(page, 'forms-preview', async () => {
      const edited = join(folder, 'edited.xlsx');
      writeFileSync(edited, await edit(downloaded));
      await upload(page, edited);
      await page.getByRole('heading', { name: /登録する内容の確認/ }).waitFor();
      await page.getByRole('heading', { name: new RegExp(`${base.id} からの変更`) }).waitFor();
      const changes = page.getByRole('table', { name: /項目ごとの変更/ });
      await changes.getByRole('row').filter({ hasText: '文言の変更' }).filter({ hasText: TEST_TEXT }).waitFor();
      await page.getByText(`変更なし ${baseForm.items.length - 1}件`).waitFor();
      await screenshot(page, '61-operator-form-preview');
    });

    await step(page, 'forms-register', async () => {
      await page.getByRole('button', { name: 'この内容で登録する' }).click();
      await page.getByText(`${id}（令和22年度ブラウザ試験用の版）を登録しました。`).waitFor();
      const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });
      await row.getByText('最新').waitFor();
      await page.getByRole('heading', { name: /登録する内容の確認/ }).waitFor({ state: 'detached' });
      await screenshot(page, '62-operator-form-registered');
    });

    expect((await operator.get<{ id: string; items: { text: string }[] }>(`/v1/forms/${id}`)).items[0].text).toBe(TEST_TEXT);
    expect(errors).toEqual([]);
  });
});
