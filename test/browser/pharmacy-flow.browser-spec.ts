import { readFileSync } from 'node:fs';
import { nextTotp, currentTotp } from './support/api';
import { openBrowser, screenshot, step, watchErrors, baseUrl, type Browser } from './support/browser';
import { FISCAL_YEAR, fiscalYearLabel, pharmacyWithVendor, submitChecklistWithNo, type PharmacyScenario } from './support/scenario';

/**
 * The pharmacy scenario, in a real browser: log in with TOTP, see the missing checklist,
 * request it, the vendor's system fulfils it over the API, the pharmacy sees it arrive, opens a
 * thread on the いいえ row, the vendor replies, the pharmacy resolves it.
 */
describe('pharmacy portal (headless Chromium)', () => {
  let browser: Browser;
  let scenario: PharmacyScenario;
  let errors: string[];
  let totpSecret: string;

  beforeAll(async () => {
    scenario = await pharmacyWithVendor();
    browser = await openBrowser();
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('enrols two-factor authentication with a QR code, then logs in with password and TOTP', async () => {
    const { page } = browser;
    await step(page, 'login-password', async () => {
      await page.goto(`${baseUrl()}/`);
      await page.waitForURL('**/portal/login');
      await page.getByLabel('メールアドレス').fill(scenario.pharmacist.email);
      await page.getByLabel('パスワード').fill(scenario.pharmacist.password);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByRole('heading', { name: scenario.pharmacy.name }).waitFor();
    });
    await step(page, 'enrol-2fa', async () => {
      await page.getByRole('link', { name: 'アカウント' }).click();
      await page.getByRole('button', { name: /二要素認証を登録する/ }).click();
      await page.getByAltText(/QRコード/).waitFor();
      totpSecret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
      expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/);
      await screenshot(page, '01-enrol-2fa-qr');
      await page.getByLabel('アプリに表示された6桁のコード').fill(currentTotp(totpSecret));
      await page.getByRole('button', { name: '確認して有効にする' }).click();
      await page.getByText('回復コード (Recovery codes)').waitFor();
      await page.getByText('登録済み').waitFor();
    });
    await step(page, 'logout', async () => {
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.waitForURL('**/portal/login');
    });
    await step(page, 'login-totp', async () => {
      await page.getByLabel('メールアドレス').fill(scenario.pharmacist.email);
      await page.getByLabel('パスワード').fill(scenario.pharmacist.password);
      await page.getByRole('button', { name: 'ログイン' }).click();
      const otp = page.getByLabel('認証コード');
      await otp.waitFor();
      await screenshot(page, '02-login-totp');
      await otp.fill(nextTotp(totpSecret));
      await page.getByRole('button', { name: '認証してログイン' }).click();
      await page.getByRole('heading', { name: scenario.pharmacy.name }).waitFor();
    });
  });

  it('sees the missing checklist on the dashboard', async () => {
    const { page } = browser;
    await step(page, 'dashboard-missing', async () => {
      const missing = page.locator('.missing-checklist_missing', { hasText: scenario.vendorName });
      await missing.waitFor();
      await expect(missing.textContent()).resolves.toContain('事業者確認用チェックリストが未提出です');
      await screenshot(page, '03-dashboard-missing-checklist');
    });
  });

  it('requests the checklist from the vendor', async () => {
    const { page } = browser;
    await step(page, 'request-checklist', async () => {
      const missing = page.locator('.missing-checklist_missing', { hasText: scenario.vendorName });
      await missing.getByRole('button', { name: '提出を依頼する' }).click();
      const form = page.getByRole('form', { name: '書類の提出を依頼' });
      await form.getByLabel('メッセージ').fill(`立入検査に備えて、${fiscalYearLabel(FISCAL_YEAR)}の事業者確認用チェックリストをご提出ください。`);
      await form.getByRole('button', { name: '依頼を送信' }).click();
      await page.getByText(`${scenario.vendorName}に「`).waitFor();
      await screenshot(page, '04-checklist-requested');
    });
    await step(page, 'request-listed', async () => {
      await page.getByRole('link', { name: /書類の依頼/ }).first().click();
      const row = page.locator('tbody tr', { hasText: '事業者確認用チェックリスト' });
      await row.getByText('依頼中').waitFor();
    });
  });

  it('sees the checklist arrive after the vendor system submits it over the API', async () => {
    const { page } = browser;
    const { noItemId } = await submitChecklistWithNo(scenario);
    await step(page, 'request-fulfilled', async () => {
      await page.reload();
      const row = page.locator('tbody tr', { hasText: '事業者確認用チェックリスト' });
      await row.getByText('対応済み').waitFor();
      await screenshot(page, '05-request-fulfilled');
    });
    await step(page, 'checklist-received', async () => {
      await page.getByRole('link', { name: 'ダッシュボード' }).click();
      await page.getByRole('heading', { name: scenario.pharmacy.name }).waitFor();
      await expect(page.locator('.missing-checklist_missing', { hasText: scenario.vendorName }).count()).resolves.toBe(0);
      await page.getByRole('link', { name: scenario.vendorName }).click();
      await page.getByRole('heading', { name: /事業者確認用チェックリスト/ }).waitFor();
      const noRow = page.locator(`tr.row-no[data-item="${noItemId}"]`);
      await noRow.waitFor();
      await expect(noRow.getByText('いいえ').count()).resolves.toBeGreaterThan(0);
      await screenshot(page, '06-checklist-with-no-row');
    });
    await step(page, 'open-thread', async () => {
      const noRow = page.locator(`tr.row-no[data-item="${noItemId}"]`);
      await noRow.getByRole('button', { name: `項目 ${noItemId} についてスレッドを開始` }).click();
      await page.getByLabel('事業者への質問').fill('VPN装置のファームウェア更新までの間、どのような対策をとっていますか。');
      await page.getByRole('button', { name: 'スレッドを開始して送信' }).click();
      await page.waitForURL('**/portal/threads/*');
      await page.getByText('事業者回答待ち').first().waitFor();
      await screenshot(page, '07-thread-opened');
    });
  });

  it('reads the vendor reply and resolves the thread', async () => {
    const { page } = browser;
    const threadId = page.url().split('/').pop() ?? '';
    await scenario.vendorSystem.post(`/v1/risk-threads/${threadId}/messages`, {
      body: '更新までの間は、保守作業時のみVPNを有効化し、接続元IPを制限しています。3月の定期保守で更新します。',
    });
    await step(page, 'vendor-reply', async () => {
      await page.getByRole('button', { name: '最新の状態に更新' }).click();
      await page.getByText('接続元IPを制限しています').waitFor();
      await page.getByText('薬局確認待ち').first().waitFor();
      await screenshot(page, '08-vendor-replied');
    });
    await step(page, 'resolve', async () => {
      await page.getByLabel('対策済み（対策を記入）').check();
      await page.getByLabel('対策の内容（必須）').fill('保守時のみVPNを有効化し接続元を制限。3月の更新後に再確認する。');
      await page.getByRole('button', { name: '解決済みにする' }).click();
      // Resolving asks once more (issue 17, point 9).
      await page.getByRole('dialog').getByRole('button', { name: '解決済みにする' }).click();
      await page.getByRole('heading', { name: '解決 (Resolution)' }).waitFor();
      await page.getByText('解決済み').first().waitFor();
      await screenshot(page, '09-thread-resolved');
    });
    const thread = await scenario.vendorSystem.get<{ status: string; resolution: { outcome: string } }>(`/v1/risk-threads/${threadId}`);
    expect(thread.status).toBe('resolved');
    expect(thread.resolution.outcome).toBe('mitigated');
  });

  it('downloads the checklist PDF and the inspection pack', async () => {
    const { page } = browser;
    const checklistPdf = await step(page, 'checklist-pdf', async () => {
      await page.getByRole('link', { name: 'ダッシュボード' }).click();
      await page.getByRole('link', { name: scenario.vendorName }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PDFをダウンロード' }).click()]);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    });
    expect(checklistPdf.name).toMatch(/\.pdf$/);
    expect(checklistPdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pack = await step(page, 'inspection-pack', async () => {
      await page.getByRole('link', { name: 'ダッシュボード' }).click();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /立入検査用の書類一式/ }).click()]);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    });
    expect(pack.name).toMatch(/\.pdf$/);
    expect(pack.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await step(page, 'tablet-portrait', async () => {
      await page.setViewportSize({ width: 820, height: 1180 });
      await page.getByRole('heading', { name: scenario.pharmacy.name }).waitFor();
      // Wide tables scroll inside their own container; the page itself never scrolls sideways.
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, '09b-dashboard-after-flow-tablet');
    });
  });

  it('left no script errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
