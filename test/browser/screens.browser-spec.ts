import { expectAccessible } from './support/accessibility';
import { openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login, logout, visit } from './support/portal-navigation';

/** Every screen of every role renders from the demo data without a script error, by keyboard-reachable menus. */
describe('portal screens by role (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];

  beforeAll(async () => {
    browser = await openBrowser();
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('vendor: inbox, customers, API clients (secret shown once), users, audit log', async () => {
    const { page } = browser;
    await step(page, 'vendor-screens', async () => {
      await login(page, 'admin@sakura-medical.example');
      await page.getByRole('heading', { name: '受信箱' }).waitFor();
      await page.getByRole('heading', { name: /書類の提出依頼/ }).waitFor();
      await screenshot(page, '20-vendor-inbox');
      await expectAccessible(page, 'vendor-inbox');
      await visit(page, '顧客別の提出状況', '顧客別の提出状況');
      await page.locator('tbody tr').first().waitFor();
      await screenshot(page, '21-vendor-customers');
      await expectAccessible(page, 'vendor-customers');
      await visit(page, 'APIクライアント', 'APIクライアント');
      await page.getByLabel('名前', { exact: true }).fill('薬歴連携テスト');
      await page.getByLabel(/接続元のIPアドレス範囲/).fill('203.0.113.0/24');
      await page.getByRole('button', { name: '作成する' }).click();
      await page.getByTestId('client-secret').waitFor();
      await screenshot(page, '22-vendor-api-client-created');
      await visit(page, 'ユーザー', 'ユーザー');
      await page.locator('tbody tr').first().waitFor();
      await expectAccessible(page, 'vendor-users');
      await visit(page, '組織の設定', '組織の設定');
      await expectAccessible(page, 'vendor-organization');
      await visit(page, '監査ログ', '監査ログ');
      await page.locator('tbody tr').first().waitFor();
      await page.getByRole('button', { name: '改ざんの検証' }).click();
      await page.getByText('ハッシュチェーンは正常です').waitFor();
      await screenshot(page, '23-vendor-audit-log');
      await expectAccessible(page, 'vendor-audit-log');
      await logout(page);
    });
  });

  it('pharmacy: own checklist with derived items, review queue, threads, a disclosure with 対象外 rows', async () => {
    const { page } = browser;
    await step(page, 'pharmacy-screens', async () => {
      await login(page, 'honcho@midori-pharmacy.example');
      await page.getByRole('heading', { level: 1, name: /みどり薬局/ }).waitFor();
      await page.locator('.loading').first().waitFor({ state: 'detached' });
      await expectAccessible(page, 'pharmacy-dashboard');
      await visit(page, '薬局確認用チェックリスト', '薬局確認用チェックリスト');
      await page.getByText('自動判定').first().waitFor();
      await screenshot(page, '24-pharmacy-own-checklist');
      await expectAccessible(page, 'pharmacy-own-checklist');
      await visit(page, '要確認の回答', '要確認の回答');
      await visit(page, 'リスクコミュニケーション', 'リスクコミュニケーション');
      await page.locator('tbody tr').first().waitFor();
      await expectAccessible(page, 'pharmacy-threads');
      await page.locator('tbody tr a').first().click();
      await page.getByRole('heading', { name: /のスレッド/ }).waitFor();
      await page.getByRole('link', { name: /SDS/ }).first().waitFor({ state: 'attached' }).catch(() => undefined);
      await visit(page, 'ダッシュボード', /みどり薬局/);
      await page.getByRole('link', { name: 'さくらメディカルシステム株式会社' }).click();
      await page.getByRole('link', { name: /SDS さくらレセプト Cloud/ }).click();
      await page.locator('tr.row-na').first().waitFor();
      await page.locator('tr.row-no').first().waitFor();
      await screenshot(page, '25-pharmacy-disclosure-answers');
      await expectAccessible(page, 'pharmacy-disclosure');
      await logout(page);
    });
  });

  it('chain HQ: collection chart, stores readiness, a chain-wide follow-up', async () => {
    const { page } = browser;
    await step(page, 'chain-screens', async () => {
      await login(page, 'hq@midori-pharmacy.example');
      await page.locator('table.heatmap tbody tr').first().waitFor();
      await expectAccessible(page, 'chain-matrix');
      await visit(page, '収集状況の推移', 'チェックリスト収集状況の推移');
      await page.locator('svg.chart').first().waitFor();
      await screenshot(page, '26-hq-collection-chart');
      await visit(page, '店舗一覧', /店舗一覧/);
      await page.locator('tbody tr').first().waitFor();
      await screenshot(page, '27-hq-stores-readiness');
      await expectAccessible(page, 'chain-stores');
      await visit(page, '一括フォローアップ', '一括フォローアップ');
      await page.getByRole('link', { name: '新しいフォローアップ' }).click();
      const vendor = page.locator('#fu-vendor option', { hasText: 'NSIPSリンク' });
      await vendor.waitFor({ state: 'attached' });
      await page.locator('#fu-vendor').selectOption((await vendor.getAttribute('value')) ?? '');
      await page.getByLabel('メッセージ（任意）').fill('今年度の事業者確認用チェックリストを全店舗分ご提出ください。');
      await page.getByRole('button', { name: '送信する' }).click();
      await page.getByRole('heading', { name: '店舗ごとの状況' }).waitFor();
      await screenshot(page, '28-hq-followup-created');
      await logout(page);
    });
  });

  it('left no script errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
