import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { baseUrl, openBrowser, step, watchErrors, type Browser } from './support/browser';
import { login } from './support/portal-navigation';
import { USER_PASSWORD } from './support/scenario';
import { DESKTOP, bothWidths } from './support/widths';

/**
 * Issue 15: a pharmacist chooses on the account page how notifications reach them by e-mail (at
 * once, in the daily digest at an hour of their choosing, or not at all); the choice is kept. The
 * unsubscribe page a mail links to changes nothing until its button is pressed, and says so when
 * the link is not a valid one.
 */
describe('notification e-mail settings (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  const suffix = uniqueSuffix();
  const user = { email: `notify-${suffix}@browser.example`, displayName: '佐藤 管理薬剤師' };

  beforeAll(async () => {
    const operator = await Api.operator();
    const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `通知設定試験薬局 ${suffix}`, pharmacyCode: String(1e9 + Math.floor(Math.random() * 9e9)) });
    await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...user, password: USER_PASSWORD, role: 'admin' });
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('changes the preferences on the account page and keeps them', async () => {
    const { page } = browser;
    await login(page, user.email, USER_PASSWORD);
    await step(page, 'account-settings', async () => {
      await page.goto(`${baseUrl()}/portal/account`);
      const section = page.getByRole('region', { name: /通知メールの設定/ });
      await section.getByRole('group', { name: /書類の提出・公開/ }).getByLabel('すぐに送る').check();
      await section.getByRole('group', { name: /契約/ }).getByLabel('送らない').check();
      await section.getByLabel('まとめて送る時刻（日本時間）').selectOption('6');
      await section.getByRole('button', { name: '通知メールの設定を保存する' }).click();
      await page.getByText('通知メールの設定を保存しました。').waitFor();
      await bothWidths(page, 'notification-mail-01-saved');
      await expectAccessible(page, 'notification-mail-settings');
    });

    await step(page, 'kept-after-reload', async () => {
      await page.reload();
      const section = page.getByRole('region', { name: /通知メールの設定/ });
      await section.getByRole('button', { name: '通知メールの設定を保存する' }).waitFor();
      await expect(section.getByRole('group', { name: /書類の提出・公開/ }).getByLabel('すぐに送る').isChecked()).resolves.toBe(true);
      await expect(section.getByRole('group', { name: /契約/ }).getByLabel('送らない').isChecked()).resolves.toBe(true);
      await expect(section.getByLabel('まとめて送る時刻（日本時間）').inputValue()).resolves.toBe('6');
      await expect(section.getByText('安全のため常に送られます').count()).resolves.toBe(1);
    });

    await step(page, 'unsubscribe-page', async () => {
      await page.goto(`${baseUrl()}/portal/unsubscribe?token=bm90LWEtdG9rZW4.${'A'.repeat(43)}`);
      await page.getByRole('heading', { level: 1, name: /通知メールの停止/ }).waitFor();
      await expectAccessible(page, 'unsubscribe');
      await page.getByRole('button', { name: 'このお知らせのメールを止める' }).click();
      await page.getByRole('alert').waitFor();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('無効');
      await bothWidths(page, 'notification-mail-02-unsubscribe');
    });
    expect(errors).toEqual([]);
  });
});
