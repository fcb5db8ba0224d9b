import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login, visit } from './support/portal-navigation';
import { USER_PASSWORD } from './support/scenario';
import { DESKTOP, bothWidths } from './support/widths';
import { mailTo } from './support/mailbox';

/**
 * Issue 15: a pharmacist who forgot the password asks for a link on the login screen, reads the
 * mail in the demo's embedded mailbox (a real SMTP server on loopback), follows the link, sets a
 * new password and logs in with it; as the organization's admin, sees both mails in the delivery log.
 */
describe('password reset by e-mail (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  const suffix = uniqueSuffix();
  const user = { email: `reset-${suffix}@browser.example`, displayName: '山田 薬剤師' };
  const newPassword = 'Wasureta-2025!pass';

  beforeAll(async () => {
    const operator = await Api.operator();
    const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `再設定試験薬局 ${suffix}`, pharmacyCode: String(1e9 + Math.floor(Math.random() * 9e9)) });
    await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...user, password: USER_PASSWORD, role: 'admin' });
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('requests a link, follows it from the mail, sets a new password and logs in with it', async () => {
    const { page } = browser;
    await step(page, 'forgot-password', async () => {
      await page.goto(`${baseUrl()}/portal/login`);
      await page.getByRole('link', { name: 'パスワードをお忘れの方' }).click();
      await page.getByRole('heading', { level: 1, name: /パスワードの再設定/ }).waitFor();
      await expectAccessible(page, 'forgot-password');
      await page.getByLabel('メールアドレス').fill(user.email);
      await page.getByRole('button', { name: '再設定のリンクを送る' }).click();
      await page.getByText('パスワード再設定のリンクをお送りしました').waitFor();
      await bothWidths(page, 'reset-01-requested');
      await expectAccessible(page, 'forgot-password-sent');
    });

    const mail = await mailTo(user.email, '【Kaiji】パスワード再設定のご案内');
    const link = /https?:\/\/\S+\/portal\/reset-password\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();

    await step(page, 'mailbox-view', async () => {
      await page.goto(`${baseUrl()}/dev/mailbox`);
      await page.getByRole('heading', { level: 2, name: '【Kaiji】パスワード再設定のご案内' }).first().waitFor();
      await screenshot(page, 'reset-02-mailbox');
    });

    await step(page, 'reset-password', async () => {
      await page.goto(link as string);
      await page.getByRole('heading', { level: 1, name: /新しいパスワードの設定/ }).waitFor();
      await expectAccessible(page, 'reset-password');
      await page.getByLabel('新しいパスワード (New password)').fill(newPassword);
      await page.getByLabel('新しいパスワード（確認）').fill(newPassword);
      await page.getByRole('button', { name: 'パスワードを設定する' }).click();
      await page.getByText('パスワードを変更しました').waitFor();
      await bothWidths(page, 'reset-03-done');
      await expectAccessible(page, 'reset-password-done');
    });

    await step(page, 'link-used-once', async () => {
      await page.goto(link as string);
      await page.getByLabel('新しいパスワード (New password)').fill(`${newPassword}x`);
      await page.getByLabel('新しいパスワード（確認）').fill(`${newPassword}x`);
      await page.getByRole('button', { name: 'パスワードを設定する' }).click();
      await page.getByRole('alert').waitFor();
      await expect(page.getByRole('alert').textContent()).resolves.toContain('すでに使われています');
    });

    await step(page, 'login-with-new-password', async () => {
      await login(page, user.email, newPassword);
    });

    await mailTo(user.email, '【Kaiji】パスワードが変更されました');
    await step(page, 'mail-deliveries', async () => {
      await visit(page, 'メール送信履歴', /メール送信履歴/);
      await page.getByRole('rowheader', { name: '【Kaiji】パスワードが変更されました' }).waitFor();
      await page.getByRole('rowheader', { name: '【Kaiji】パスワード再設定のご案内' }).waitFor();
      await bothWidths(page, 'reset-04-mail-deliveries');
      await expectAccessible(page, 'mail-deliveries');
    });
    expect(errors).toEqual([]);
  });
});
