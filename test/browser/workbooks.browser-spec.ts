import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ANSWERS_SHEET, answerAll, edited, tableRows } from '../support/answer-workbooks';
import { Api, uniqueSuffix } from './support/api';
import { expectAccessible } from './support/accessibility';
import { openBrowser, step, watchErrors, type Browser } from './support/browser';
import { login, visit } from './support/portal-navigation';
import { FISCAL_YEAR, todayInJapan, USER_PASSWORD } from './support/scenario';

interface ThreeCustomers {
  vendorAdmin: { email: string; password: string };
  vendorUser: Api;
  contractIds: string[];
}

/** A vendor with three pharmacies under maintenance contracts (made by the operator and the users over the API). */
async function vendorWithThreeCustomers(): Promise<ThreeCustomers> {
  const suffix = uniqueSuffix();
  const operator = await Api.operator();
  const vendor = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: `一括回答システム株式会社 ${suffix}` });
  const vendorAdmin = { email: `workbook-${suffix}@browser.example`, password: USER_PASSWORD };
  await operator.post(`/v1/organizations/${vendor.id}/users`, { ...vendorAdmin, displayName: '鈴木 一郎 (事業者)', role: 'admin' });
  const vendorUser = await Api.login(vendorAdmin.email, vendorAdmin.password);
  const product = await vendorUser.post<{ id: string }>('/v1/products', { name: `一括レセコン ${suffix}`, category: 'レセコン', deployment: 'cloud', versions: ['1.0'] });
  const contractIds: string[] = [];
  for (const [index, store] of ['本町', '駅前', '南口'].entries()) {
    const code = `1357${index}${suffix.slice(-5)}`;
    const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `みどり薬局 ${store}店 ${suffix}`, pharmacyCode: code });
    const pharmacist = { email: `midori-${index}-${suffix}@browser.example`, password: USER_PASSWORD };
    await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...pharmacist, displayName: `管理薬剤師 ${store}`, role: 'admin' });
    const contract = await vendorUser.post<{ id: string }>('/v1/contracts', { kind: 'maintenance', pharmacyCode: code, productIds: [product.id], startsOn: `${FISCAL_YEAR}-04-01` });
    await (await Api.login(pharmacist.email, pharmacist.password)).post(`/v1/contracts/${contract.id}/accept`, {});
    contractIds.push(contract.id);
  }
  return { vendorAdmin, vendorUser, contractIds };
}

/**
 * 「Excelで一括回答」 (issue 14, item 6): a vendor downloads the blank book of its three customers,
 * fills it in Excel (here exceljs), sees a mistake placed by sheet, row and column, uploads the
 * corrected book, reads the preview and submits after confirming; the checklists are submitted.
 */
describe('a vendor answers its customers’ checklists with an Excel workbook (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  let folder: string;
  let scenario: ThreeCustomers;

  beforeAll(async () => {
    scenario = await vendorWithThreeCustomers();
    browser = await openBrowser({ width: 1280, height: 900 });
    errors = watchErrors(browser.page);
    folder = mkdtempSync(join(tmpdir(), 'kaiji-workbooks-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  async function upload(page: Page, path: string): Promise<void> {
    await page.getByLabel(/記入したブック/).setInputFiles(path);
    await page.getByRole('button', { name: '内容を確認する' }).first().click();
  }

  it('downloads, fills, sees a problem by cell, previews and submits', async () => {
    const { page } = browser;
    await step(page, 'workbooks-open', async () => {
      await login(page, scenario.vendorAdmin.email, scenario.vendorAdmin.password);
      await visit(page, 'Excelで一括回答', 'Excelで一括回答');
    });
    await expectAccessible(page, 'vendor-workbooks');

    const downloaded = await step(page, 'workbooks-download', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /のブックをダウンロード/ }).first().click()]);
      expect(download.suggestedFilename()).toMatch(/^事業者確認用_.*_rows\.xlsx$/);
      const path = join(folder, 'blank.xlsx');
      await download.saveAs(path);
      return readFileSync(path);
    });
    const filled = await edited(downloaded, (workbook) => answerAll(workbook, todayInJapan()));

    await step(page, 'workbooks-problem', async () => {
      const broken = join(folder, 'broken.xlsx');
      writeFileSync(broken, await edited(filled, (workbook) => tableRows(workbook.getWorksheet(ANSWERS_SHEET) as never)[4].set('answer', 'たぶん')));
      await upload(page, broken);
      const problems = page.getByRole('table', { name: /ブックの誤り/ });
      await problems.waitFor();
      await problems.getByRole('cell', { name: ANSWERS_SHEET }).first().waitFor();
      await problems.getByRole('cell', { name: 'F6', exact: true }).waitFor();
      await problems.getByText(/回答は「はい」「いいえ」のいずれかです/).waitFor();
    });
    await expectAccessible(page, 'vendor-workbooks-problems');

    await step(page, 'workbooks-preview', async () => {
      const good = join(folder, 'filled.xlsx');
      writeFileSync(good, filled);
      await upload(page, good);
      await page.getByRole('heading', { name: /取り込む内容の確認/ }).waitFor();
      await page.getByText('新規').first().waitFor();
    });
    await expectAccessible(page, 'vendor-workbooks-preview');

    await step(page, 'workbooks-submit', async () => {
      await page.getByRole('button', { name: '3件の顧客へ提出する' }).click();
      const dialog = page.getByRole('dialog', { name: '顧客へ提出しますか' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: '提出する' }).click();
      await page.getByText('3件を顧客へ提出しました。').waitFor();
    });

    for (const contractId of scenario.contractIds) {
      const checklist = await scenario.vendorUser.get<{ status: string }>(`/v1/contracts/${contractId}/checklists/${FISCAL_YEAR}`);
      expect(checklist.status).toBe('submitted');
    }
    expect(errors).toEqual([]);
  });

  it('works at phone width', async () => {
    const phone = await openBrowser({ width: 390, height: 844 });
    try {
      await login(phone.page, scenario.vendorAdmin.email, scenario.vendorAdmin.password);
      await phone.page.goto(phone.page.url().replace(/\/portal\/.*$/, '/portal/vendor/workbooks'));
      await phone.page.getByRole('heading', { level: 1, name: 'Excelで一括回答' }).waitFor();
      const overflow = await phone.page.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow).toBeLessThanOrEqual(1);
      await expectAccessible(phone.page, 'vendor-workbooks-phone');
    } finally {
      await phone.close();
    }
  });
});
