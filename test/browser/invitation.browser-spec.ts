import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { openBrowser, step, watchErrors, type Browser } from './support/browser';
import { login, visit } from './support/portal-navigation';
import { USER_PASSWORD } from './support/scenario';
import { DESKTOP, bothWidths } from './support/widths';
import { mailTo } from './support/mailbox';

/**
 * Issue 15: a pharmacy's admin invites a colleague from the users page; the invitee reads the mail
 * in the demo's embedded mailbox (a real SMTP server on loopback), follows the link, sets a name
 * and a password and lands logged in. The admin also revokes an invitation (confirm dialog).
 */
describe('invitations by e-mail (headless Chromium)', () => {
  let admin: Browser;
  let invitee: Browser;
  let adminErrors: string[];
  let inviteeErrors: string[];
  const suffix = uniqueSuffix();
  const organizationName = `招待試験薬局 ${suffix}`;
  const adminUser = { email: `invite-admin-${suffix}@browser.example`, displayName: '管理 薬剤師' };
  const inviteeEmail = `invitee-${suffix}@browser.example`;
  const revokedEmail = `revoked-${suffix}@browser.example`;
  const password = 'Shoutai-2025!pass';

  beforeAll(async () => {
    const operator = await Api.operator();
    const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: organizationName, pharmacyCode: String(1e9 + Math.floor(Math.random() * 9e9)) });
    await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...adminUser, password: USER_PASSWORD, role: 'admin' });
    admin = await openBrowser(DESKTOP);
    invitee = await openBrowser(DESKTOP);
    adminErrors = watchErrors(admin.page);
    inviteeErrors = watchErrors(invitee.page);
  });

  afterAll(async () => {
    await admin?.close();
    await invitee?.close();
  });

  const inviteForm = (page: Page) => page.getByRole('form', { name: 'メールで招待する' });

  async function invite(page: Page, email: string, name?: string): Promise<void> {
    await inviteForm(page).getByLabel('メールアドレス').fill(email);
    if (name) await inviteForm(page).getByLabel('名前（任意）').fill(name);
    await inviteForm(page).getByLabel('権限').selectOption('member');
    await inviteForm(page).getByRole('button', { name: '招待メールを送る' }).click();
    await page.getByText(`${email} に招待メールを送りました`).waitFor();
  }

  it('an admin invites; the invitee follows the mailed link, sets a password and lands logged in', async () => {
    const page = admin.page;
    await step(page, 'invite', async () => {
      await login(page, adminUser.email, USER_PASSWORD);
      await visit(page, 'ユーザー', /ユーザー/);
      await invite(page, inviteeEmail, '招待 花子');
      await page.getByRole('rowheader', { name: new RegExp(inviteeEmail) }).waitFor();
      await bothWidths(page, 'invite-01-sent');
      await expectAccessible(page, 'invitations-section');
    });

    await step(page, 'revoke', async () => {
      await invite(page, revokedEmail);
      await page.getByRole('button', { name: `${revokedEmail} への招待を取り消す` }).click();
      const dialog = page.getByRole('dialog', { name: '招待を取り消しますか？' });
      await dialog.waitFor();
      await expectAccessible(page, 'revoke-invitation-dialog');
      await dialog.getByRole('button', { name: '取り消す' }).click();
      await page.getByText(`${revokedEmail} への招待を取り消しました。`).waitFor();
      await page.getByRole('rowheader', { name: new RegExp(revokedEmail) }).waitFor({ state: 'detached' });
    });

    const mail = await mailTo(inviteeEmail, `【Kaiji】${organizationName} から招待が届いています`);
    expect(mail.text).toContain('招待 花子 様');
    const link = /https?:\/\/\S+\/portal\/invitations\/accept\?token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();

    const joining = invitee.page;
    await step(joining, 'accept', async () => {
      await joining.goto(link as string);
      await joining.getByRole('heading', { level: 1, name: /招待を承諾する/ }).waitFor();
      await joining.getByText(organizationName).waitFor();
      await expect(joining.getByLabel('お名前 (Name)').inputValue()).resolves.toBe('招待 花子');
      await bothWidths(joining, 'invite-02-accept');
      await expectAccessible(joining, 'accept-invitation');
      await joining.getByLabel('パスワード (Password)').fill(password);
      await joining.getByLabel('パスワード（確認）').fill(password);
      await joining.getByRole('button', { name: '参加してログインする' }).click();
      await joining.getByRole('button', { name: 'ログアウト' }).waitFor();
      await joining.waitForURL('**/portal/pharmacy');
      await bothWidths(joining, 'invite-03-joined');
    });

    await step(joining, 'link-used-once', async () => {
      await joining.goto(link as string);
      await joining.getByRole('alert').waitFor();
      await expect(joining.getByRole('alert').textContent()).resolves.toContain('すでに使われています');
    });
    expect([...adminErrors, ...inviteeErrors]).toEqual([]);
  });
});
