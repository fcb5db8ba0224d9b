import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { openBrowser, step, watchErrors, type Browser } from './support/browser';
import { loginWithTotp } from './support/operator';
import { login, visit } from './support/portal-navigation';
import { FISCAL_YEAR, USER_PASSWORD } from './support/scenario';
import { DESKTOP, bothWidths } from './support/widths';
import { mailboxTo } from './support/mailbox';

/**
 * Issue 15: a vendor proposes to a 保険薬局コード that is not on Kaiji and invites the pharmacy with
 * the proposal; nothing is mailed until the operator, on its review page, approves — then the
 * invitation arrives in the demo's mailbox (a real SMTP server on loopback).
 */
describe('inviting a pharmacy not on Kaiji (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  const suffix = uniqueSuffix();
  const vendorUser = { email: `pending-vendor-${suffix}@browser.example`, displayName: '営業 担当' };
  const productName = `招待試験クラウド ${suffix}`;
  const pharmacyName = `未登録試験薬局 ${suffix}`;
  const pharmacyCode = String(1e9 + Math.floor(Math.random() * 9e9));
  const adminEmail = `pending-admin-${suffix}@browser.example`;

  beforeAll(async () => {
    const operator = await Api.operator();
    const vendor = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: `招待試験ベンダー ${suffix}` });
    await operator.post(`/v1/organizations/${vendor.id}/users`, { ...vendorUser, password: USER_PASSWORD, role: 'admin' });
    const api = await Api.login(vendorUser.email, USER_PASSWORD);
    await api.post('/v1/products', { name: productName, category: 'レセコン', deployment: 'cloud', versions: ['6.0'] });
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the vendor invites with a proposal; the mail goes only after the operator approves', async () => {
    const { page } = browser;
    await step(page, 'pending-invite', async () => {
      await login(page, vendorUser.email, USER_PASSWORD);
      await visit(page, '契約と提案', 'あなたの契約と提案');
      await page.getByRole('button', { name: '契約を提案する' }).click();
      const form = page.locator('form', { has: page.getByRole('heading', { name: /契約を提案する/ }) });
      await form.getByLabel('顧客の保険薬局コード（10桁）').fill(pharmacyCode);
      await form.getByRole('button', { name: '名称を確認' }).first().click();
      await form.getByText('この保険薬局コードの薬局はKaijiに登録されていません').waitFor();
      await form.getByRole('button', { name: 'Kaijiに未登録の薬局を招待して提案する' }).click();
      await form.getByLabel(productName).check();
      await form.getByLabel('契約開始日').fill(`${FISCAL_YEAR}-04-01`);
      const invite = page.getByRole('form', { name: 'Kaijiに未登録の薬局を招待して提案する' });
      await invite.getByLabel('薬局の名称').fill(pharmacyName);
      await invite.getByLabel('管理者のメールアドレス').fill(adminEmail);
      await bothWidths(page, 'pending-01-invite');
      await expectAccessible(page, 'invite-pharmacy-form');
      await invite.getByRole('button', { name: '招待して提案する' }).click();
      await page.getByText(`「${pharmacyName}」を招待し、提案を作成しました。`).waitFor();
    });
    // Not yet approved: nothing was mailed.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailboxTo(adminEmail)).toEqual([]);

    await step(page, 'pending-approve', async () => {
      await loginWithTotp(page);
      await visit(page, '招待された薬局の承認', '招待された薬局の承認');
      await page.getByRole('heading', { name: new RegExp(pharmacyName) }).waitFor();
      await bothWidths(page, 'pending-02-review');
      await expectAccessible(page, 'pending-pharmacies');
      await page.getByRole('button', { name: `「${pharmacyName}」を承認する` }).click();
      const dialog = page.getByRole('dialog', { name: 'この薬局を承認し、招待メールを送りますか？' });
      await dialog.waitFor();
      await expectAccessible(page, 'approve-pending-pharmacy');
      await dialog.getByRole('button', { name: '承認してメールを送る' }).click();
      await page.getByText(`「${pharmacyName}」を承認し、${adminEmail} に招待メールを送りました。`).waitFor();
    });

    const deadline = Date.now() + 20_000;
    let mails = await mailboxTo(adminEmail);
    while (mails.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      mails = await mailboxTo(adminEmail);
    }
    expect(mails.map((m) => m.subject)).toEqual([`【Kaiji】${pharmacyName} から招待が届いています`]);
    expect(mails[0].text).toMatch(/\/portal\/invitations\/accept\?token=[A-Za-z0-9_-]+/);
    expect(errors).toEqual([]);
  });

  it('a chain HQ invites a store from its stores page; the request waits for the operator (承認待ち)', async () => {
    const { page } = browser;
    const chainUser = { email: `pending-chain-${suffix}@browser.example`, displayName: '本部 管理者' };
    const storeName = `招待試験店舗 ${suffix}`;
    const storeCode = String(1e9 + Math.floor(Math.random() * 9e9));
    const storeAdmin = `pending-store-${suffix}@browser.example`;
    const operator = await Api.operator();
    const chain = await operator.post<{ id: string }>('/v1/organizations', { kind: 'chain', name: `招待試験法人本部 ${suffix}` });
    await operator.post(`/v1/organizations/${chain.id}/users`, { ...chainUser, password: USER_PASSWORD, role: 'admin' });

    await step(page, 'pending-store-invite', async () => {
      await login(page, chainUser.email, USER_PASSWORD);
      await visit(page, '店舗一覧', /店舗一覧/);
      const form = page.getByRole('form', { name: '店舗を招待' });
      await form.getByLabel('保険薬局コード（10桁）').fill(storeCode);
      await form.getByLabel('店舗名').fill(storeName);
      await form.getByLabel('管理者のメールアドレス').fill(storeAdmin);
      await form.getByText('運営者がそのアドレスが店舗のものであることを確認してから招待メールを送ります', { exact: false }).waitFor();
      await bothWidths(page, 'pending-03-store-invite');
      await expectAccessible(page, 'store-invitations');
      await form.getByRole('button', { name: '招待を申請する…' }).click();
      const dialog = page.getByRole('dialog', { name: 'この店舗を招待しますか？' });
      await dialog.waitFor();
      await expectAccessible(page, 'confirm-store-invitation');
      await dialog.getByRole('button', { name: '招待を申請する' }).click();
      await page.getByText(`「${storeName}」の招待を申請しました。`, { exact: false }).waitFor();
      const card = page.getByRole('article', { name: `${storeName}の招待` });
      await card.getByText('承認待ち').waitFor();
      await bothWidths(page, 'pending-04-store-requested');
      await expectAccessible(page, 'store-invitation-requested');
    });
    // Not approved: nothing is mailed to the store's admin.
    expect(await mailboxTo(storeAdmin)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
