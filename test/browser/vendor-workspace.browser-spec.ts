import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { Api } from './support/api';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login, logout, visit } from './support/portal-navigation';
import { FISCAL_YEAR, todayInJapan } from './support/scenario';
import { newVendorWorkspace, type VendorWorkspaceScenario } from './support/vendor-workspace-scenario';

const overflow = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
const settled = (page: Page) => page.locator('.loading').first().waitFor({ state: 'detached' });

/**
 * Issue 14, parts 1 and 8: a new vendor does its work in the portal, without an integration. It
 * registers a product, proposes a contract by 保険薬局コード (seeing the pharmacy's name, and its
 * agent's, before sending), the pharmacy accepts it on its dashboard, and the vendor fills and
 * submits that customer's 事業者確認用; a second proposal is withdrawn.
 */
describe('vendor workspace (headless Chromium)', () => {
  let browser: Browser;
  let scenario: VendorWorkspaceScenario;
  let errors: string[];
  let contractPath = '';
  const productName = `みどりクラウド薬歴 ${Date.now() % 100_000}`;

  beforeAll(async () => {
    scenario = await newVendorWorkspace();
    browser = await openBrowser({ width: 1280, height: 900 });
    errors = watchErrors(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('registers a product with its versions, then adds a version', async () => {
    const { page } = browser;
    await login(page, scenario.vendorUser.email, scenario.vendorUser.password);
    await step(page, 'workspace-register-product', async () => {
      await visit(page, '製品・サービス', 'あなたの製品・サービス');
      await page.getByText('まだ製品が登録されていません').waitFor();
      await page.getByRole('button', { name: '製品を登録する' }).click();
      await page.getByLabel('製品・サービス名').fill(productName);
      await page.getByLabel('カテゴリ').selectOption('電子薬歴');
      await page.getByLabel('提供形態').selectOption('cloud');
      await page.getByLabel('バージョン 1', { exact: true }).fill('3.0');
      await expectAccessible(page, 'vendor-products-form');
      await page.getByRole('button', { name: '登録する', exact: true }).click();
      await page.getByText(`「${productName}」を登録しました。`).waitFor();
      await page.locator('tbody tr', { hasText: productName }).getByText('3.0').waitFor();
    });
    await step(page, 'workspace-edit-versions', async () => {
      await page.getByRole('button', { name: `${productName} を編集` }).click();
      await page.getByRole('button', { name: 'バージョンを追加' }).click();
      await page.getByLabel('バージョン 2', { exact: true }).fill('3.1');
      await page.getByRole('button', { name: '変更を保存' }).click();
      await page.getByText(`「${productName}」を保存しました。`).waitFor();
      await page.locator('tbody tr', { hasText: productName }).getByText('3.0、3.1').waitFor();
      await expectAccessible(page, 'vendor-products');
      await screenshot(page, 'workspace-01-products');
    });
  });

  it('proposes a contract by 保険薬局コード, seeing the pharmacy’s and the agent’s names before sending', async () => {
    const { page } = browser;
    await step(page, 'workspace-propose', async () => {
      await visit(page, '契約と提案', 'あなたの契約と提案');
      await page.getByRole('button', { name: '契約を提案する' }).click();
      const form = page.locator('form', { has: page.getByRole('heading', { name: /契約を提案する/ }) });
      await form.getByLabel('顧客の保険薬局コード（10桁）').fill(scenario.pharmacy.code);
      await form.getByRole('button', { name: '名称を確認' }).first().click();
      await form.getByText(`薬局: ${scenario.pharmacy.name}`).waitFor();
      await form.getByLabel(productName).check();
      await form.getByLabel('契約の種類').selectOption('maintenance');
      await form.getByLabel('契約開始日').fill(`${FISCAL_YEAR}-04-01`);
      await form.getByLabel('代理店の法人番号（任意・13桁）').fill(scenario.agent.corporateNumber);
      await form.getByRole('button', { name: '名称を確認' }).nth(1).click();
      await form.getByText(`代理店: ${scenario.agent.name}`).waitFor();
      await expectAccessible(page, 'vendor-propose-form');
      await screenshot(page, 'workspace-02-propose-form');
      await form.getByRole('button', { name: '内容を確認する' }).click();
      const dialog = page.getByRole('dialog', { name: 'この内容で提案を送りますか？' });
      await dialog.getByText(`${scenario.pharmacy.name}（${scenario.pharmacy.code}）`).waitFor();
      await dialog.getByText(scenario.agent.name).waitFor();
      await screenshot(page, 'workspace-03-propose-confirm');
      await dialog.getByRole('button', { name: '提案を送る' }).click();
      await page.getByText(`${scenario.pharmacy.name}に契約の提案を送りました。`).waitFor();
      await page.locator('tbody tr', { hasText: scenario.pharmacy.code }).locator('.badge', { hasText: '承認待ち' }).waitFor();
    });
  });

  it('withdraws a second proposal after a confirmation', async () => {
    const { page } = browser;
    await step(page, 'workspace-withdraw', async () => {
      await page.getByRole('button', { name: '契約を提案する' }).click();
      await page.getByLabel('顧客の保険薬局コード（10桁）').fill(scenario.other.code);
      await page.getByRole('button', { name: '名称を確認' }).first().click();
      await page.getByText(`薬局: ${scenario.other.name}`).waitFor();
      await page.getByLabel(productName).check();
      await page.getByRole('button', { name: '内容を確認する' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '提案を送る' }).click();
      await page.getByText(`${scenario.other.name}に契約の提案を送りました。`).waitFor();
      const row = page.locator('tbody tr', { hasText: scenario.other.code });
      await row.getByRole('button', { name: '提案を取り下げる' }).click();
      const dialog = page.getByRole('dialog', { name: 'この提案を取り下げますか？' });
      await expectAccessible(page, 'vendor-withdraw-dialog');
      await dialog.getByRole('button', { name: '取り下げる' }).click();
      await page.getByText(`保険薬局コード ${scenario.other.code}への提案を取り下げました。`).waitFor();
      await row.locator('.badge', { hasText: '取り下げ' }).waitFor();
      await row.getByRole('button', { name: '提案を取り下げる' }).waitFor({ state: 'detached' });
      await page.getByLabel('状態').selectOption('withdrawn');
      // Only the withdrawn proposal is left: the one waiting at the first pharmacy leaves the list.
      await page.locator('tbody tr', { hasText: scenario.pharmacy.code }).waitFor({ state: 'detached' });
      await expect(page.locator('tbody tr').count()).resolves.toBe(1);
      await expectAccessible(page, 'vendor-contracts');
      await screenshot(page, 'workspace-04-contracts-withdrawn');
    });
  });

  it('the pharmacy accepts the proposal on its dashboard', async () => {
    const { page } = browser;
    await logout(page);
    await login(page, scenario.pharmacy.user.email, scenario.pharmacy.user.password);
    await step(page, 'workspace-pharmacy-accepts', async () => {
      const proposals = page.locator('section', { has: page.getByRole('heading', { name: /契約の承認依頼/ }) });
      const item = proposals.locator('li', { hasText: scenario.vendorName });
      await item.waitFor();
      // The withdrawn proposal went to another pharmacy; this one sees only its own.
      await item.getByRole('button', { name: '承認する' }).click();
      await proposals.waitFor({ state: 'detached' });
    });
    await logout(page);
  });

  it('the vendor fills that customer’s 事業者確認用, saves a draft, sees what is missing and submits it', async () => {
    const { page } = browser;
    await login(page, scenario.vendorUser.email, scenario.vendorUser.password);
    await step(page, 'workspace-open-contract', async () => {
      await visit(page, '契約と提案', 'あなたの契約と提案');
      await page.getByRole('link', { name: scenario.pharmacy.name }).click();
      await page.getByRole('heading', { level: 1, name: scenario.pharmacy.name }).waitFor();
      await page.getByRole('heading', { name: /事業者確認用チェックリスト: あなたの回答/ }).waitFor();
      await settled(page);
      contractPath = new URL(page.url()).pathname;
      await page.getByTestId('your-checklist-status').getByText('未作成').waitFor();
    });
    const answers = page.locator('.vendor-checklist-editor select[aria-label$="の回答"]');
    await step(page, 'workspace-checklist-draft', async () => {
      const count = await answers.count();
      expect(count).toBeGreaterThan(5);
      for (let index = 0; index < count - 1; index++) await answers.nth(index).selectOption('はい');
      await page.getByTestId('checklist-gaps').waitFor();
      await page.getByRole('button', { name: '回答済みの項目の空欄の確認日を今日にする' }).click();
      await page.getByLabel('管理責任者（任意）').fill('鈴木 一郎');
      await page.getByRole('button', { name: '下書きを保存' }).click();
      await page.getByText(/下書きを保存しました（第1版・未提出）/).waitFor();
      // The last item is still unanswered: named as missing, and submitting waits for it.
      const gaps = page.getByTestId('checklist-gaps');
      await expect(gaps.textContent()).resolves.toMatch(/1項目/);
      await expect(page.getByRole('button', { name: '顧客に提出する' }).isDisabled()).resolves.toBe(true);
      await expectAccessible(page, 'vendor-checklist-editor');
    });
    await step(page, 'workspace-checklist-submit', async () => {
      const row = page.locator('.vendor-checklist-editor tbody tr').last();
      await row.getByLabel(/の回答$/).selectOption('いいえ');
      await row.getByLabel(/の確認日$/).fill(todayInJapan());
      await row.getByLabel(/の目標日$/).fill(`${FISCAL_YEAR + 1}-03-31`);
      await row.getByLabel(/の備考$/).fill('次年度に対応予定');
      await page.getByText('すべての項目に回答しました。提出できます。').waitFor();
      await page.getByRole('button', { name: '顧客に提出する' }).click();
      const dialog = page.getByRole('dialog', { name: 'この回答を顧客に提出しますか？' });
      await dialog.getByText('いいえ: 1件').waitFor();
      await screenshot(page, 'workspace-05-submit-confirm');
      await dialog.getByRole('button', { name: '提出する' }).click();
      await page.getByText(`第1版を顧客（${scenario.pharmacy.name}）に提出しました。`).waitFor();
      await page.getByTestId('your-checklist-status').getByText('提出済み').waitFor();
      await screenshot(page, 'workspace-06-submitted');
    });
    await step(page, 'workspace-pharmacy-receives', async () => {
      const pharmacist = await Api.login(scenario.pharmacy.user.email, scenario.pharmacy.user.password);
      const contractId = contractPath.split('/').pop() as string;
      const received = await pharmacist.get<{ status: string; noCount: number; managerName: string }>(`/v1/contracts/${contractId}/checklists/${FISCAL_YEAR}`);
      expect(received).toMatchObject({ status: 'submitted', noCount: 1, managerName: '鈴木 一郎' });
    });
  });

  it('fits a phone (390 px) and a desktop (1280 px)', async () => {
    const { page } = browser;
    const screens = [
      { name: 'products', path: '/portal/vendor/products', text: productName },
      { name: 'contracts', path: '/portal/vendor/contracts', text: scenario.pharmacy.name },
      { name: 'contract', path: contractPath, text: 'あなたの回答' },
    ];
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      for (const screen of screens) {
        await step(page, `workspace-${screen.name}-${width}`, async () => {
          await page.goto(`${baseUrl()}${screen.path}`);
          await page.getByText(screen.text).first().waitFor();
          await settled(page);
          expect(await overflow(page)).toBeLessThanOrEqual(1);
          await screenshot(page, `workspace-07-${screen.name}-${width}`);
        });
      }
    }
    await step(page, 'workspace-axe-phone', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${baseUrl()}/portal/vendor/contracts`);
      await page.getByText(scenario.pharmacy.name).first().waitFor();
      await expectAccessible(page, 'vendor-contracts-390');
    });
  });

  it('left no script errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
