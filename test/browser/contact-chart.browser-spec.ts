import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { baseUrl, openBrowser, step, watchErrors, type Browser } from './support/browser';
import { login, logout, visit } from './support/portal-navigation';
import { FISCAL_YEAR, USER_PASSWORD } from './support/scenario';
import { DESKTOP, PHONE, bothWidths } from './support/widths';

interface ChartScenario {
  vendor: { name: string; email: string };
  pharmacist: { email: string };
  contractId: string;
}

/** A vendor and a pharmacy of their own under a maintenance contract; neither has any contact yet. */
async function vendorAndPharmacy(): Promise<ChartScenario> {
  const suffix = uniqueSuffix();
  const operator = await Api.operator();
  const vendorName = `連絡窓口テスト医療システム ${suffix}`;
  const vendor = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: vendorName });
  const code = `13498${suffix.slice(-5)}`;
  const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `つばさ薬局 ${suffix}`, pharmacyCode: code });
  const vendorEmail = `chart-vendor-${suffix}@browser.example`;
  const pharmacistEmail = `chart-pharmacist-${suffix}@browser.example`;
  await operator.post(`/v1/organizations/${vendor.id}/users`, { email: vendorEmail, password: USER_PASSWORD, displayName: '鈴木 一郎 (事業者)', role: 'admin' });
  await operator.post(`/v1/organizations/${pharmacy.id}/users`, { email: pharmacistEmail, password: USER_PASSWORD, displayName: '田中 花子 (管理薬剤師)', role: 'admin' });
  const vendorUser = await Api.login(vendorEmail, USER_PASSWORD);
  const product = await vendorUser.post<{ id: string }>('/v1/products', { name: `つばさレセプト ${suffix}`, category: 'レセコン', deployment: 'on-premises', versions: ['1.0'] });
  const contract = await vendorUser.post<{ id: string }>('/v1/contracts', { kind: 'maintenance', pharmacyCode: code, productIds: [product.id], startsOn: `${FISCAL_YEAR}-04-01` });
  await (await Api.login(pharmacistEmail, USER_PASSWORD)).post(`/v1/contracts/${contract.id}/accept`, {});
  return { vendor: { name: vendorName, email: vendorEmail }, pharmacist: { email: pharmacistEmail }, contractId: contract.id };
}

async function accessibleAtBothWidths(page: Page, name: string): Promise<void> {
  await bothWidths(page, name);
  await page.setViewportSize(PHONE);
  await expectAccessible(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await expectAccessible(page, `${name}-1280`);
}

/**
 * The 連絡体制図 (3-①): the pharmacy first sees its vendor as 未登録; the vendor publishes its
 * インシデント連絡窓口 (a wrong phone number is refused beside its field); the pharmacy then sees it,
 * records its own contacts and prints the chart.
 */
describe('連絡体制図: a vendor publishes its incident contact, the pharmacy sees it (headless Chromium)', () => {
  let browser: Browser;
  let scenario: ChartScenario;
  let errors: string[];

  beforeAll(async () => {
    scenario = await vendorAndPharmacy();
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the vendor as 未登録 before it publishes', async () => {
    const { page } = browser;
    await step(page, 'chart-before', async () => {
      await login(page, scenario.pharmacist.email, USER_PASSWORD);
      await visit(page, '連絡体制図', '連絡体制図');
      const card = page.getByTestId('vendor-contact').filter({ hasText: scenario.vendor.name });
      await card.getByText('未登録', { exact: true }).waitFor();
      await page.getByText(/未登録の事業者が1件あります/).waitFor();
      await logout(page);
    });
  });

  it('lets the vendor publish, with errors beside the field', async () => {
    const { page } = browser;
    await step(page, 'vendor-publish', async () => {
      await login(page, scenario.vendor.email, USER_PASSWORD);
      await visit(page, 'インシデント連絡窓口', 'インシデント連絡窓口');
      const form = page.getByRole('form', { name: 'インシデント連絡窓口' });
      await form.getByLabel('窓口名・部署').fill('サポートセンター 障害受付');
      await form.getByLabel('電話番号', { exact: false }).first().fill('でんわ');
      await form.getByRole('button', { name: '公開する' }).click();
      await form.locator('.field-error').first().waitFor();
      await expect(form.locator('.field').filter({ hasText: '電話番号（必須）' }).locator('.field-error').textContent()).resolves.toContain('電話番号は数字とハイフンで入力してください');
      await accessibleAtBothWidths(page, 'incident-contact-error');
      await form.getByLabel('電話番号（必須）').fill('0120-555-111');
      await form.getByLabel('受付時間').fill('平日 9:00〜18:00');
      await form.getByLabel('時間外の電話番号').fill('090-2222-3333');
      await form.getByRole('button', { name: '公開する' }).click();
      await page.getByText('連絡窓口を公開しました。').waitFor();
      await accessibleAtBothWidths(page, 'incident-contact');
    });
    await step(page, 'vendor-override', async () => {
      await page.goto(`${baseUrl()}/portal/contracts/${scenario.contractId}`);
      const section = page.getByRole('region', { name: /この薬局向けのインシデント連絡窓口/ });
      await section.getByText('公開中の窓口を表示しています').waitFor();
      await section.getByRole('button', { name: 'この契約だけ別の窓口にする' }).click();
      const form = section.getByRole('form', { name: 'この契約の連絡窓口' });
      await form.getByLabel('窓口名・部署').fill('関西支店 保守課');
      await form.getByLabel('電話番号（必須）').fill('06-1234-5678');
      await form.getByRole('button', { name: 'この契約の窓口として保存' }).click();
      await section.getByText('この契約だけの窓口を表示しています').waitFor();
      await accessibleAtBothWidths(page, 'contract-incident-contact');
      page.once('dialog', (dialog) => void dialog.accept());
      await section.getByRole('button', { name: '公開中の窓口に戻す' }).click();
      await section.getByText('公開中の窓口を表示しています').waitFor();
      await logout(page);
    });
  });

  it('shows the pharmacy the published contact, saves its own contacts and offers the PDF', async () => {
    const { page } = browser;
    await step(page, 'chart-after', async () => {
      await login(page, scenario.pharmacist.email, USER_PASSWORD);
      await visit(page, '連絡体制図', '連絡体制図');
      const card = page.getByTestId('vendor-contact').filter({ hasText: scenario.vendor.name });
      await card.getByText('サポートセンター 障害受付').waitFor();
      await card.getByText('0120-555-111').waitFor();
      await card.getByText('090-2222-3333').waitFor();
      await expect(card.getByText('未登録', { exact: true }).count()).resolves.toBe(0);

      const own = page.getByRole('form', { name: '院内の連絡先' });
      const first = own.getByRole('group', { name: '連絡先 1' });
      await first.getByLabel('氏名').fill('田中 花子');
      await first.getByLabel('電話番号').fill('03-1234-5678');
      await first.getByLabel('メールアドレス').fill('bad-address');
      await own.getByRole('button', { name: '院内の連絡先を保存' }).click();
      await first.locator('.field-error').waitFor();
      await first.getByLabel('メールアドレス').fill('tanaka@pharmacy.example');
      const second = own.getByRole('group', { name: '連絡先 2' });
      await second.getByRole('button', { name: '連絡先 2 を削除' }).click();
      await own.getByRole('button', { name: '院内の連絡先を保存' }).click();
      await page.getByText('院内の連絡先を保存しました。').waitFor();
      await page.getByRole('button', { name: 'PDFで印刷' }).waitFor();
      await accessibleAtBothWidths(page, 'contact-chart');
    });
    expect(errors).toEqual([]);
  });
});
