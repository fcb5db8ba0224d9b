import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD } from './support/api';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';

const HQ = 'hq@midori-pharmacy.example';

/** The demo chain's headquarters: the store × vendor heat map and its exports (issue 5's routes). */
describe('chain headquarters portal (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];

  beforeAll(async () => {
    browser = await openBrowser();
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('logs in and sees the store × vendor matrix as a heat map', async () => {
    const { page } = browser;
    await step(page, 'hq-login', async () => {
      await page.goto(`${baseUrl()}/portal/`);
      await page.getByLabel('メールアドレス').fill(HQ);
      await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByRole('heading', { name: /店舗×事業者マトリクス/ }).waitFor();
    });
    await step(page, 'heat-map', async () => {
      await page.locator('table.heatmap tbody tr').first().waitFor();
      expect(await page.locator('table.heatmap tbody tr').count()).toBeGreaterThanOrEqual(12);
      expect(await page.locator('table.heatmap thead th').count()).toBeGreaterThanOrEqual(4);
      expect(await page.locator('table.heatmap .heat-missing').count()).toBeGreaterThan(0);
      await screenshot(page, '10-hq-matrix-heatmap');
    });
    await step(page, 'cell-details', async () => {
      await page.locator('table.heatmap button.heat').first().click();
      await page.getByRole('link', { name: '店舗の状況を見る' }).waitFor();
    });
  });

  it('exports the matrix as XLSX and as CSV for Excel', async () => {
    const { page } = browser;
    const xlsx = await step(page, 'export-xlsx', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Excel (XLSX)' }).click()]);
      const path = await download.path();
      return { name: download.suggestedFilename(), bytes: readFileSync(path) };
    });
    expect(xlsx.name).toMatch(/\.xlsx$/);
    expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // an Office Open XML (zip) package

    const csv = await step(page, 'export-csv', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV (UTF-8)' }).click()]);
      return { name: download.suggestedFilename(), text: readFileSync(await download.path()).toString('utf8') };
    });
    expect(csv.name).toMatch(/\.csv$/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff); // BOM: Excel on Japanese Windows reads UTF-8
    expect(csv.text).toContain('みどり薬局');
    await screenshot(page, '11-hq-matrix-exported');
  });

  it('drills down into a vendor and fits a tablet held upright', async () => {
    const { page } = browser;
    await step(page, 'vendor-drill-down', async () => {
      await page.locator('table.heatmap thead th a').first().click();
      await page.getByRole('heading', { name: '項目別の「いいえ」' }).waitFor();
      await page.getByRole('heading', { name: '店舗ごとの状況' }).waitFor();
      await screenshot(page, '12-hq-vendor-drill-down');
    });
    await step(page, 'tablet-portrait', async () => {
      await page.setViewportSize({ width: 820, height: 1180 });
      await page.getByRole('link', { name: '店舗×事業者' }).click();
      await page.locator('table.heatmap tbody tr').first().waitFor();
      // The page itself does not scroll sideways: only the heat map's own container does.
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, '13-hq-matrix-tablet-portrait');
    });
  });

  it('left no script errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
