import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { agentWithContract, type AgentScenario } from './support/agent-scenario';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login, logout, visit } from './support/portal-navigation';

const overflow = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));

/**
 * The 代理店: it logs in, sees exactly the contract it maintains (not the vendor's other
 * one with the same pharmacy), discloses remote maintenance in the form whose risk flags follow
 * what it enters, saves; the pharmacy then reads the disclosure on its contract page.
 */
describe('a 代理店 discloses remote maintenance (headless Chromium)', () => {
  let browser: Browser;
  let scenario: AgentScenario;
  let errors: string[];

  beforeAll(async () => {
    scenario = await agentWithContract();
    browser = await openBrowser({ width: 1280, height: 900 });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists exactly the contract the agent maintains', async () => {
    const { page } = browser;
    await step(page, 'agent-login', () => login(page, scenario.agentUser.email, scenario.agentUser.password));
    await step(page, 'agent-list', async () => {
      await visit(page, 'リモートメンテナンス', 'リモートメンテナンスの開示');
      const rows = page.locator('tbody tr');
      await expect(rows.count()).resolves.toBe(1);
      const row = rows.first();
      await expect(row.textContent()).resolves.toContain(scenario.pharmacy.name);
      await expect(row.textContent()).resolves.toContain('代理店として');
      await row.getByText(`${scenario.maintainedProductName}:`).waitFor();
      await row.getByText('未開示').waitFor();
      await expect(page.getByText(scenario.productName).count()).resolves.toBe(0);
      await screenshot(page, 'agent-01-maintained-contracts');
    });
    await step(page, 'agent-customers', async () => {
      // The customers page lists the same contract, addressed to the agent.
      await visit(page, '顧客別の提出状況', '顧客別の提出状況');
      await expect(page.locator('tbody tr').count()).resolves.toBe(1);
      await page.getByText('事業者が提出（代理店のあなたは不要）').waitFor();
    });
  });

  it('fills the disclosure form and sees the risk flag change as a risky value is entered', async () => {
    const { page } = browser;
    await step(page, 'open-contract', async () => {
      await visit(page, 'リモートメンテナンス', 'リモートメンテナンスの開示');
      await page.getByRole('link', { name: scenario.pharmacy.name }).click();
      await page.getByRole('heading', { level: 2, name: /リモートメンテナンス（2-②）/ }).waitFor();
      await page.getByText('あなたは代理店としてこの契約の保守を担当しています。').waitFor();
      await page.getByText('この製品のリモートメンテナンスをまだ開示していません。').waitFor();
      await page.getByRole('button', { name: 'リモートメンテナンスを開示する' }).click();
    });
    const form = page.getByRole('form', { name: `「${scenario.maintainedProductName}」のリモートメンテナンスの開示` });
    const live = form.locator('.rm-live');
    await step(page, 'fill-safe', async () => {
      await form.getByLabel('利用している', { exact: true }).check();
      await form.getByLabel('対象機器').fill('調剤機器の制御PC');
      await form.getByLabel('接続方式', { exact: true }).selectOption({ label: 'インターネットVPN' });
      await form.getByLabel('VPN・ゲートウェイ機器のメーカー').fill('Yamaha');
      await form.getByLabel('VPN・ゲートウェイ機器の型番').fill('RTX1300');
      await form.getByLabel('ファームウェアのバージョン').fill('23.01.02');
      await form.getByLabel('ファームウェアの最終更新日').fill(daysAgo(20));
      for (const group of ['二要素認証', '接続元制限', '接続・作業の記録']) await form.getByRole('group', { name: group }).getByLabel('あり', { exact: true }).check();
      await form.getByRole('group', { name: '顧客ごとの認証情報' }).getByLabel('この薬局専用').check();
      await form.getByRole('group', { name: '接続形態' }).getByLabel('作業時のみ接続').check();
      await live.getByText('リスク: なし').waitFor();
      await expect(live.textContent()).resolves.not.toContain('未入力');
    });
    await step(page, 'risky-value', async () => {
      // No second factor: the flag turns 高 at once, with its reason, before anything is saved.
      await form.getByRole('group', { name: '二要素認証' }).getByLabel('なし', { exact: true }).check();
      await live.getByText('リスク: 高').waitFor();
      await live.getByText('高: 二要素認証が設定されていません').waitFor();
      // An unpatched gateway adds its own reason.
      await form.getByLabel('ファームウェアの最終更新日').fill(daysAgo(400));
      await live.getByText(/ファームウェアが180日以上更新されていません/).waitFor();
      await form.getByLabel('ファームウェアの最終更新日').fill(daysAgo(20));
      await live.getByText(/ファームウェアが180日以上/).waitFor({ state: 'detached' });
      await screenshot(page, 'agent-02-form-risk-high');
    });
    await step(page, 'form-accessible', () => expectAccessible(page, 'remote-maintenance-form'));
    await step(page, 'form-phone', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(overflow(page)).resolves.toBeLessThanOrEqual(0);
      const box = await form.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      await screenshot(page, 'agent-03-form-390px');
      await page.setViewportSize({ width: 1280, height: 900 });
    });
    await step(page, 'save', async () => {
      await form.getByRole('button', { name: '保存して薬局に開示する' }).click();
      const dialog = page.getByRole('dialog', { name: 'リモートメンテナンスの開示を保存' });
      await dialog.getByText(/この内容のリスク:\s*高/).waitFor();
      await dialog.getByRole('button', { name: '保存して開示する' }).click();
      await page.getByText(`「${scenario.maintainedProductName}」のリモートメンテナンスを第1版として開示しました。`).waitFor();
      await page.getByText(`開示: ${scenario.agentName}（代理店）`, { exact: false }).waitFor();
      await page.getByText('薬局の確認待ちです。').waitFor();
    });
    await step(page, 'agent-logout', () => logout(page));
  });

  it('shows the disclosure to the pharmacy on its contract page, to confirm', async () => {
    const { page } = browser;
    await step(page, 'pharmacy-reads', async () => {
      await login(page, scenario.pharmacist.email, scenario.pharmacist.password);
      await page.goto(`${baseUrl()}/portal/contracts/${scenario.maintainedContractId}`);
      const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /リモートメンテナンス（2-②）/ }) });
      await section.getByText(`開示: ${scenario.agentName}（代理店）`, { exact: false }).waitFor();
      await section.getByText('リスク: 高').first().waitFor();
      await section.getByText('二要素認証が設定されていません').waitFor();
      await section.getByRole('button', { name: '内容を確認しました（第1版）' }).waitFor();
      await expect(section.getByRole('button', { name: 'リモートメンテナンスを開示する' }).count()).resolves.toBe(0);
      await screenshot(page, 'agent-04-pharmacy-reads');
    });
    expect(errors).toEqual([]);
  });
});

/** A JST date `days` ago (YYYY-MM-DD). */
function daysAgo(days: number): string {
  return new Date(Date.now() + 9 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);
}
