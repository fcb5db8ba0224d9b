import type { Dialog } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { Api } from './support/api';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login, logout, visit } from './support/portal-navigation';
import { FISCAL_YEAR, pharmacyWithVendor, submitChecklistWithNo, todayInJapan, USER_PASSWORD, type PharmacyScenario } from './support/scenario';
import { bothWidths, DESKTOP } from './support/widths';

interface Thread {
  id: string;
  status: string;
  resolution: { outcome: string } | null;
}
interface RemoteMaintenance {
  products: { current: { revision: number; confirmation: unknown } | null }[];
}

/**
 * Issue 17, point 9 (portal care): a thread is resolved only with an outcome the pharmacy chose and
 * after a confirmation; confirming remote maintenance asks first; leaving with unsaved answers asks
 * first; history and audit codes read in Japanese; dashboard tiles lead to their lists.
 */
describe('portal care (headless Chromium)', () => {
  let browser: Browser;
  let scenario: PharmacyScenario;
  let pharmacist: Api;
  let vendorUser: { email: string; password: string };
  let threadId: string;
  let errors: string[];

  beforeAll(async () => {
    scenario = await pharmacyWithVendor();
    const { noItemId } = await submitChecklistWithNo(scenario);
    pharmacist = await Api.login(scenario.pharmacist.email, scenario.pharmacist.password);
    // The scenario's vendor administrator (its e-mail carries the suffix the vendor's name ends with).
    vendorUser = { email: `vendor-${scenario.vendorName.split(' ').pop() ?? ''}@browser.example`, password: USER_PASSWORD };
    const vendor = await Api.login(vendorUser.email, vendorUser.password);
    const checklist = await scenario.vendorSystem.get<{ id: string }>(`/v1/contracts/${scenario.contractId}/checklists/${FISCAL_YEAR}`);
    const thread = await pharmacist.post<Thread>('/v1/risk-threads', { documentType: 'checklist', documentId: checklist.id, itemId: noItemId, message: 'VPN装置の更新までの対策を教えてください。' });
    threadId = thread.id;
    // A disclosure without two-factor authentication: flagged リスク 高, waiting for the pharmacy.
    const contract = await vendor.get<{ products: { id: string }[] }>(`/v1/contracts/${scenario.contractId}`);
    await vendor.put(`/v1/contracts/${scenario.contractId}/remote-maintenance`, {
      productId: contract.products[0].id,
      inUse: true,
      devices: 'レセコンサーバ',
      connectionMethod: 'internet_vpn',
      gateway: { maker: 'Fortinet', model: 'FortiGate 40F', firmwareVersion: '7.2.8', lastPatchedOn: todayInJapan() },
      twoFactor: false,
      sourceRestricted: true,
      sessionLogging: true,
      availability: 'on_demand',
      uniqueCredentials: true,
    });
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
    await login(browser.page, scenario.pharmacist.email, scenario.pharmacist.password);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('dashboard tiles lead to the lists they count', async () => {
    const { page } = browser;
    await step(page, 'care-tiles', async () => {
      await page.getByRole('heading', { level: 1, name: scenario.pharmacy.name }).waitFor();
      const tiles = page.locator('.tiles');
      await tiles.getByRole('link', { name: /対応中のスレッド/ }).click();
      await page.waitForURL('**/portal/threads?status=open');
      await page.getByRole('heading', { level: 1, name: 'リスクコミュニケーション' }).waitFor();
      await page.locator(`a[href$="/threads/${threadId}"]`).first().waitFor();
      await page.goBack();
      await tiles.getByRole('link', { name: /対応中の依頼/ }).click();
      await page.waitForURL('**/portal/requests?status=open');
      await page.goBack();
      await tiles.getByRole('link', { name: /MDS\/SDS未提出の製品/ }).click();
      await page.waitForURL('**/portal/pharmacy#missing');
      await tiles.getByRole('link', { name: /取引事業者/ }).click();
      await page.waitForURL('**/portal/pharmacy#vendors');
      await expectAccessible(page, 'care-dashboard-tiles');
      await bothWidths(page, 'care-dashboard-tiles');
    });
  });

  it('confirming remote maintenance asks first', async () => {
    const { page } = browser;
    const unconfirmed = async () => (await pharmacist.get<RemoteMaintenance>(`/v1/contracts/${scenario.contractId}/remote-maintenance`)).products[0].current?.confirmation ?? null;
    await step(page, 'care-rm-ask', async () => {
      await page.goto(`${baseUrl()}/portal/contracts/${scenario.contractId}`);
      const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: /リモートメンテナンス（2-②）/ }) });
      await section.getByText('リスク: 高').first().waitFor();
      await section.getByRole('button', { name: '内容を確認しました（第1版）' }).click();
      const dialog = page.getByRole('dialog', { name: '第1版の内容を確認済みにしますか？' });
      await dialog.getByText(/取り消せません/).waitFor();
      await dialog.getByText(/リスク: 高/).waitFor();
      await expectAccessible(page, 'care-rm-confirm-dialog');
      await screenshot(page, 'care-rm-confirm-dialog');
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect(unconfirmed()).resolves.toBeNull();
    });
    await step(page, 'care-rm-confirm', async () => {
      await page.getByRole('button', { name: '内容を確認しました（第1版）' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '確認済みにする' }).click();
      await page.getByText('確認済み', { exact: true }).first().waitFor();
      await expect(unconfirmed()).resolves.not.toBeNull();
    });
  });

  it('resolving a thread starts with no outcome and asks for confirmation', async () => {
    const { page } = browser;
    await step(page, 'care-resolve-no-outcome', async () => {
      await page.goto(`${baseUrl()}/portal/threads/${threadId}`);
      await page.getByRole('heading', { name: /解決する/ }).waitFor();
      await expect(page.locator('input[name="outcome"]:checked').count()).resolves.toBe(0);
      await page.getByRole('button', { name: '解決済みにする' }).click();
      await page.getByText('結論を選んでください。').waitFor();
      await expect(page.getByRole('dialog').count()).resolves.toBe(0);
      await expectAccessible(page, 'care-resolve-missing-outcome');
      await screenshot(page, 'care-resolve-missing-outcome');
      await expect(pharmacist.get<Thread>(`/v1/risk-threads/${threadId}`)).resolves.toMatchObject({ status: 'waiting_vendor' });
    });
    await step(page, 'care-resolve-cancel', async () => {
      await page.getByLabel('リスクを受容する').check();
      await expect(page.getByText('結論を選んでください。').count()).resolves.toBe(0);
      await page.getByRole('button', { name: '解決済みにする' }).click();
      const dialog = page.getByRole('dialog', { name: 'このスレッドを解決済みにしますか？' });
      await dialog.getByText(/結論「リスクを受容する」/).waitFor();
      await expectAccessible(page, 'care-resolve-dialog');
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect(pharmacist.get<Thread>(`/v1/risk-threads/${threadId}`)).resolves.toMatchObject({ status: 'waiting_vendor' });
    });
    await step(page, 'care-resolve-confirm', async () => {
      await page.getByRole('button', { name: '解決済みにする' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '解決済みにする' }).click();
      await page.getByRole('heading', { name: '解決 (Resolution)' }).waitFor();
      await expect(pharmacist.get<Thread>(`/v1/risk-threads/${threadId}`)).resolves.toMatchObject({ status: 'resolved', resolution: { outcome: 'risk_accepted' } });
    });
  });

  it('shows thread history and audit actions in Japanese', async () => {
    const { page } = browser;
    await step(page, 'care-history-labels', async () => {
      const history = page.locator('details.history');
      await history.locator('summary').click();
      await history.getByText(/スレッドを開始/).waitFor();
      await history.getByText(/解決済みにしました/).waitFor();
      const text = (await history.textContent()) ?? '';
      expect(text).not.toMatch(/\b(opened|status_changed|resolved)\b/);
    });
    await step(page, 'care-audit-labels', async () => {
      await visit(page, '監査ログ', '監査ログ');
      const rows = page.locator('tbody tr');
      await rows.first().waitFor();
      const resolved = rows.filter({ hasText: 'risk_thread.resolve' }).first();
      await resolved.getByText('スレッドの解決').waitFor();
      // Who acted and on what, in words too (not user / risk_thread).
      await expect(resolved.locator('td').nth(1).textContent()).resolves.toContain('ユーザー');
      await expect(resolved.locator('td').nth(2).textContent()).resolves.toMatch(/^スレッド/);
      await expect(rows.filter({ hasText: 'remote_maintenance.confirm' }).first().getByText('リモートメンテナンスの確認').count()).resolves.toBe(1);
      await expectAccessible(page, 'care-audit');
      await bothWidths(page, 'care-audit');
    });
  });

  it("asks before leaving the pharmacy's own checklist with unsaved answers", async () => {
    const { page } = browser;
    const own = await pharmacist.get<{ items: { itemId: string; derived: boolean }[] }>(`/v1/pharmacies/${scenario.pharmacy.id}/checklists/${FISCAL_YEAR}`);
    const item = own.items.find((entry) => !entry.derived);
    await step(page, 'care-own-clean-leaves', async () => {
      await visit(page, '薬局確認用チェックリスト', '薬局確認用チェックリスト');
      // Nothing changed yet: the menu leaves at once.
      await visit(page, 'ダッシュボード', scenario.pharmacy.name);
      await visit(page, '薬局確認用チェックリスト', '薬局確認用チェックリスト');
    });
    await step(page, 'care-own-menu-asks', async () => {
      await page.locator(`[id="item-${item?.itemId}"] select`).selectOption('はい');
      await page.getByRole('navigation', { name: /メインメニュー/ }).getByRole('link', { name: 'ダッシュボード' }).click();
      const dialog = page.getByRole('dialog', { name: '保存していない回答があります' });
      await dialog.waitFor();
      await expectAccessible(page, 'care-unsaved-dialog');
      await screenshot(page, 'care-unsaved-dialog');
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      await dialog.waitFor({ state: 'detached' });
      expect(page.url()).toContain('/portal/own-checklist');
      await expect(page.locator(`[id="item-${item?.itemId}"] select`).inputValue()).resolves.toBe('はい');
    });
    await step(page, 'care-own-back-asks', async () => {
      await page.goBack();
      const dialog = page.getByRole('dialog', { name: '保存していない回答があります' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      expect(page.url()).toContain('/portal/own-checklist');
    });
    await step(page, 'care-own-unload-asks', async () => {
      const asked: string[] = [];
      const answer = (dialog: Dialog) => {
        asked.push(dialog.type());
        void dialog.dismiss();
      };
      page.on('dialog', answer);
      // Staying (dismiss) cancels the reload, which then never finishes.
      await page.reload({ timeout: 3_000 }).catch(() => undefined);
      page.off('dialog', answer);
      expect(asked).toEqual(['beforeunload']);
      await expect(page.locator(`[id="item-${item?.itemId}"] select`).inputValue()).resolves.toBe('はい');
    });
    await step(page, 'care-own-proceed', async () => {
      await page.getByRole('navigation', { name: /メインメニュー/ }).getByRole('link', { name: 'ダッシュボード' }).click();
      await page.getByRole('dialog').getByRole('button', { name: '保存せずに移動する' }).click();
      await page.getByRole('heading', { level: 1, name: scenario.pharmacy.name }).waitFor();
    });
  });

  it('asks before leaving the vendor checklist editor with unsaved answers', async () => {
    const { page } = browser;
    await step(page, 'care-vendor-login', async () => {
      await logout(page);
      await login(page, vendorUser.email, vendorUser.password);
      await page.goto(`${baseUrl()}/portal/contracts/${scenario.contractId}`);
      await page.locator('.vendor-checklist-editor tbody tr').first().waitFor();
    });
    await step(page, 'care-vendor-menu-asks', async () => {
      await page.getByLabel('管理責任者（任意）').fill('佐藤 花子');
      await page.getByRole('navigation', { name: /メインメニュー/ }).getByRole('link', { name: '契約と提案' }).click();
      const dialog = page.getByRole('dialog', { name: '保存していない回答があります' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      expect(page.url()).toContain(`/portal/contracts/${scenario.contractId}`);
      await expect(page.getByLabel('管理責任者（任意）').inputValue()).resolves.toBe('佐藤 花子');
    });
    await step(page, 'care-vendor-saved-leaves', async () => {
      await page.getByRole('button', { name: '下書きを保存' }).click();
      await page.getByText(/下書きを保存しました/).waitFor();
      // Saved: nothing to lose, the menu leaves at once.
      await visit(page, '契約と提案', 'あなたの契約と提案');
    });
  });

  it("chain HQ: the stores' readiness tiles filter the list", async () => {
    const { page } = browser;
    await step(page, 'care-chain-tiles', async () => {
      await logout(page);
      await login(page, 'hq@midori-pharmacy.example');
      await visit(page, '店舗一覧', /店舗一覧/);
      const tiles = page.locator('.tiles');
      // The list's own filter follows the address once the screen has re-rendered.
      const filterIs = (value: string) =>
        page.waitForFunction(`[...document.querySelectorAll('label')].some((l) => l.textContent === '絞り込み' && document.getElementById(l.htmlFor)?.value === ${JSON.stringify(value)})`);
      await tiles.getByRole('link', { name: /未完了/ }).click();
      await page.waitForURL(/\/portal\/chain\/stores\?ready=false$/);
      await filterIs('false');
      await tiles.getByRole('link', { name: /準備完了/ }).click();
      await page.waitForURL(/\/portal\/chain\/stores\?ready=true$/);
      await filterIs('true');
      await tiles.getByRole('link', { name: /店舗/ }).first().click();
      await page.waitForURL(/\/portal\/chain\/stores\?$|\/portal\/chain\/stores$/);
      await filterIs('');
      await expectAccessible(page, 'care-chain-tiles');
    });
    expect(errors).toEqual([]);
  });
});
