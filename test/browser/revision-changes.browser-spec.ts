import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login } from './support/portal-navigation';
import { FISCAL_YEAR, pharmacyWithVendor, submitChecklistWithNo, todayInJapan, type PharmacyScenario } from './support/scenario';

/** How far the page is wider than the window (0: nothing off-screen sideways). */
const sidewaysOverflow = (page: Page) => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');

/**
 * Issue 14, answer-level diffs: the vendor's system resubmits the 年度's checklist over the API with
 * one answer turned はい→いいえ; the pharmacy is notified, follows the notification to the
 * contract page and sees the change highlighted (badge and words, not colour alone).
 */
describe('revision changes in the portal (headless Chromium)', () => {
  let browser: Browser;
  let scenario: PharmacyScenario;
  let errors: string[];
  let changedItemId: string;

  beforeAll(async () => {
    scenario = await pharmacyWithVendor();
    const { noItemId, formId } = await submitChecklistWithNo(scenario);
    // Revision 2: one more item turns いいえ, with its 目標日; the first いいえ stays as it was.
    const form = await scenario.vendorSystem.get<{ items: { id: string }[] }>(`/v1/forms/${formId}`);
    changedItemId = form.items[3].id;
    const confirmedOn = todayInJapan();
    const targetOn = `${FISCAL_YEAR + 1}-03-31`;
    await scenario.vendorSystem.put(`/v1/contracts/${scenario.contractId}/checklists/${FISCAL_YEAR}`, {
      formId,
      managerName: '山田 太郎',
      answers: form.items.map((item) =>
        item.id === noItemId
          ? { itemId: item.id, answer: 'いいえ', confirmedOn, targetOn, remarks: 'VPN装置のファームウェア更新を3月に予定' }
          : item.id === changedItemId
            ? { itemId: item.id, answer: 'いいえ', confirmedOn, targetOn, remarks: '権限設定の見直し中' }
            : { itemId: item.id, answer: 'はい', confirmedOn },
      ),
    });
    await scenario.vendorSystem.post(`/v1/contracts/${scenario.contractId}/checklists/${FISCAL_YEAR}/submit`);
    browser = await openBrowser({ width: 1280, height: 900 });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('notifies the pharmacy, naming the vendor and the changed item', async () => {
    const { page } = browser;
    await step(page, 'changes-notification', async () => {
      await login(page, scenario.pharmacist.email, scenario.pharmacist.password);
      await page.getByRole('navigation', { name: 'アカウント' }).getByRole('link', { name: /通知/ }).click();
      const link = page.getByRole('link', { name: `${scenario.vendorName}の事業者確認用（令和${FISCAL_YEAR - 2018}年度）で ${changedItemId} が はい→いいえ に変わりました` });
      await link.waitFor();
      await screenshot(page, 'changes-01-notification');
      await link.click();
      await page.waitForURL((url) => url.pathname === `/portal/contracts/${scenario.contractId}` && url.searchParams.get('fy') === String(FISCAL_YEAR));
    });
  });

  it('shows the diff on the contract page, the はい→いいえ row highlighted with a badge and its reason', async () => {
    const { page } = browser;
    await step(page, 'changes-on-contract-page', async () => {
      const section = page.getByRole('region', { name: /前回の版からの変更/ });
      await section.waitFor();
      await section.getByText('第1版').first().waitFor();
      const row = section.locator(`tr[data-item="${changedItemId}"][data-significant="true"]`);
      await row.waitFor();
      await expect(row.getAttribute('class')).resolves.toContain('row-no');
      await expect(row.locator('.badge', { hasText: '要確認' }).count()).resolves.toBe(1);
      await row.getByText('回答が「いいえ」に変わりました').waitFor();
      await expect(row.locator('td[data-label="前回"]').textContent()).resolves.toBe('はい');
      await expect(row.locator('td[data-label="今回"]').textContent()).resolves.toBe('いいえ');
      // The 目標日 and 備考 that came with it are listed too, as plain changes.
      await expect(section.locator(`tr[data-item="${changedItemId}"][data-significant="false"]`).count()).resolves.toBe(2);
      await screenshot(page, 'changes-02-contract-page-1280');
      await expectAccessible(page, 'revision-changes-contract');
    });
  });

  it('fits a phone (390 px): nothing off-screen sideways', async () => {
    const { page } = browser;
    await step(page, 'changes-390', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${baseUrl()}/portal/contracts/${scenario.contractId}?fy=${FISCAL_YEAR}`);
      await page.getByRole('region', { name: /前回の版からの変更/ }).locator(`tr[data-item="${changedItemId}"]`).first().waitFor();
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);
      await screenshot(page, 'changes-03-contract-page-390');
      await page.setViewportSize({ width: 1280, height: 900 });
    });
  });

  it('left no script errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
