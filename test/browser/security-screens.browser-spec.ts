import { expectAccessible } from './support/accessibility';
import { Api, currentTotp, uniqueSuffix } from './support/api';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login, logout, visit } from './support/portal-navigation';
import { loginWithTotp, TotpAccount } from './support/operator';
import { USER_PASSWORD } from './support/scenario';
import { DESKTOP, bothWidths } from './support/widths';

/** A 法人番号 with a valid check digit (13 digits, the first one checks the other twelve). */
function corporateNumber(): string {
  const base = Array.from({ length: 12 }, () => Math.floor(Math.random() * 10)).join('');
  let sum = 0;
  for (let n = 1; n <= 12; n++) sum += Number(base[12 - n]) * (n % 2 === 1 ? 1 : 2);
  return `${9 - (sum % 9)}${base}`;
}

/**
 * Issue 13 in the portal: the operator's 2FA and its limits, a vendor's name change waiting for the
 * operator's approval, an admin's reset of a member's password and 2FA, API clients open to any
 * source, and the refresh token kept out of the page's reach.
 */
describe('security screens (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  let operator: Api;
  let vendorAdminApi: Api;
  const suffix = uniqueSuffix();
  const vendor = { id: '', name: `セキュリティ試験メディカル株式会社 ${suffix}`, corporateNumber: corporateNumber() };
  const rival = { name: `なりすまし先システム株式会社 ${suffix}`, corporateNumber: corporateNumber() };
  const vendorAdmin = { email: `sec-admin-${suffix}@browser.example`, displayName: '佐藤 管理者' };
  const member = { email: `sec-member-${suffix}@browser.example`, displayName: '鈴木 担当者' };
  const bystander = { email: `sec-bystander-${suffix}@browser.example`, displayName: '田中 閲覧者' };
  const temporaryPassword = 'Temp-reset-2025!k';
  const newPassword = 'Member-new-2025!q';

  beforeAll(async () => {
    operator = await Api.operator();
    const created = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: vendor.name, corporateNumber: vendor.corporateNumber });
    vendor.id = created.id;
    await operator.post('/v1/organizations', { kind: 'vendor', name: rival.name, corporateNumber: rival.corporateNumber });
    await operator.post(`/v1/organizations/${vendor.id}/users`, { ...vendorAdmin, password: USER_PASSWORD, role: 'admin' });
    vendorAdminApi = await Api.login(vendorAdmin.email, USER_PASSWORD);
    for (const user of [member, bystander]) await vendorAdminApi.post(`/v1/organizations/${vendor.id}/users`, { ...user, password: USER_PASSWORD, role: 'member' });
    // The member has an authenticator already: the reset below takes it away.
    const memberApi = await Api.login(member.email, USER_PASSWORD);
    const { secret } = await memberApi.post<{ secret: string }>('/v1/auth/2fa/enrolment');
    await memberApi.post('/v1/auth/2fa/enrolment/confirm', { otp: currentTotp(secret) });
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('a new operator account must enrol 2FA before anything else, through the account screen', async () => {
    const { page } = browser;
    const me = await operator.get<{ organization: { id: string } }>('/v1/me');
    const account = { email: `second-operator-${suffix}@kaiji.example`, password: 'Operator-two-2025!', displayName: '運営 次郎' };
    await operator.post(`/v1/organizations/${me.organization.id}/users`, { ...account, role: 'admin' });
    await step(page, 'operator-first-login', async () => {
      await login(page, account.email, account.password);
      await page.waitForURL('**/portal/account');
      await expect(page.getByTestId('first-steps').textContent()).resolves.toContain('運営者のアカウントは、ログインに二要素認証が必須です');
      await bothWidths(page, 'sec-01-operator-must-enrol');
      await expectAccessible(page, 'operator-must-enrol');
    });
    const enrolled = await step(page, 'operator-enrol', async () => {
      await page.getByRole('button', { name: /二要素認証を登録する/ }).click();
      await page.getByAltText(/QRコード/).waitFor();
      const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
      await page.getByLabel('アプリに表示された6桁のコード').fill(currentTotp(secret));
      await page.getByRole('button', { name: '確認して有効にする' }).click();
      await page.getByText('回復コード (Recovery codes)').waitFor();
      await page.getByRole('link', { name: 'ホーム画面へ進む' }).click();
      await page.getByRole('heading', { level: 1, name: '組織一覧' }).waitFor();
      return new TotpAccount(account.email, secret);
    });
    await step(page, 'operator-login-with-code', async () => {
      await logout(page);
      await loginWithTotp(page, { ...account, code: () => enrolled.code() });
      await page.getByRole('heading', { level: 1, name: '組織一覧' }).waitFor();
      await logout(page);
    });
  });

  it('the operator sees what it may do, creates only a first admin, and offers nothing inside a tenant', async () => {
    const { page } = browser;
    const fresh = await operator.post<{ id: string; name: string }>('/v1/organizations', { kind: 'chain', name: `管理者のいない法人本部 ${suffix}` });
    await step(page, 'operator-home', async () => {
      await loginWithTotp(page);
      await page.getByRole('heading', { level: 1, name: '組織一覧' }).waitFor();
      const scope = page.getByTestId('operator-scope');
      await expect(scope.textContent()).resolves.toContain('管理者がまだいない組織の、最初の管理者の作成');
      await expect(scope.textContent()).resolves.toContain('各組織のユーザー・権限・二要素認証の方針・未使用アカウントの無効化は、その組織の管理者が行います');
      // Nothing on the list changes another tenant's accounts, roles or policy.
      await expect(page.locator('main table select').count()).resolves.toBe(0);
      await expect(page.locator('main table').getByRole('button', { name: /無効|権限|リセット|二要素/ }).count()).resolves.toBe(0);
      await bothWidths(page, 'sec-02-operator-organizations');
      await expectAccessible(page, 'operator-organizations');
    });
    await step(page, 'operator-first-admin-refused', async () => {
      await page.locator('.filters').getByLabel('種別').selectOption('vendor');
      await page.getByRole('button', { name: `${vendor.name} の最初の管理者を作成` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('名前').fill('なりすまし 管理者');
      await dialog.getByLabel('メールアドレス').fill(`takeover-${suffix}@browser.example`);
      await dialog.getByLabel('初期パスワード').fill('Takeover-2025!zz');
      await dialog.getByRole('button', { name: '作成する' }).click();
      await dialog.getByText('この組織にはすでに管理者がいるため、運営者は作成できません').waitFor();
      await screenshot(page, 'sec-03-operator-first-admin-refused-1280');
      await expectAccessible(page, 'operator-first-admin-dialog');
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      await dialog.waitFor({ state: 'detached' });
    });
    await step(page, 'operator-first-admin-created', async () => {
      await page.locator('.filters').getByLabel('種別').selectOption('chain');
      await page.getByRole('button', { name: `${fresh.name} の最初の管理者を作成` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('名前').fill('本部 花子');
      await dialog.getByLabel('メールアドレス').fill(`first-admin-${suffix}@browser.example`);
      await dialog.getByLabel('初期パスワード').fill(USER_PASSWORD);
      await dialog.getByRole('button', { name: '作成する' }).click();
      await page.getByText(`${fresh.name} の最初の管理者 本部 花子`).waitFor();
    });
    await step(page, 'operator-own-settings', async () => {
      await visit(page, '組織の設定', '組織の設定');
      await page.getByText('二要素認証: 常に必須').waitFor();
      await expect(page.getByLabel(/全員に二要素認証を必須にする/).count()).resolves.toBe(0);
      await logout(page);
    });
  });

  it("a vendor admin's rename waits for the operator, and the settings screen says so", async () => {
    const { page } = browser;
    const requestedNumber = corporateNumber();
    await step(page, 'vendor-rename-request', async () => {
      await login(page, vendorAdmin.email, USER_PASSWORD);
      await visit(page, '組織の設定', '組織の設定');
      await page.getByRole('textbox', { name: '名称' }).fill(rival.name);
      await page.getByLabel('法人番号（13桁）').fill(requestedNumber);
      await page.getByRole('button', { name: '保存する' }).click();
      await page.getByText('名称・法人番号の変更を申請しました。運営者が承認すると反映されます。').waitFor();
      const status = page.getByTestId('identity-change');
      await expect(status.textContent()).resolves.toContain('承認待ち');
      await expect(status.textContent()).resolves.toContain(rival.name);
      await expect(status.textContent()).resolves.toContain(requestedNumber);
      // The name in force (and on the form) is still the vendor's own until the operator decides.
      await expect(page.getByRole('textbox', { name: '名称' }).inputValue()).resolves.toBe(vendor.name);
      await bothWidths(page, 'sec-04-vendor-rename-pending');
      await expectAccessible(page, 'vendor-organization-pending');
    });
    expect((await vendorAdminApi.get<{ name: string }>(`/v1/organizations/${vendor.id}`)).name).toBe(vendor.name);
    await logout(page);
  });

  it('the operator compares the request with its look-alikes, rejects it with a reason, and approves a later one', async () => {
    const { page } = browser;
    await step(page, 'operator-identity-list', async () => {
      await loginWithTotp(page);
      await visit(page, '名称・法人番号の変更申請', '名称・法人番号の変更申請');
      const card = page.locator('article', { hasText: vendor.name });
      await card.getByTestId('lookalikes').getByText(rival.name).waitFor();
      await bothWidths(page, 'sec-05-operator-identity-changes');
      await expectAccessible(page, 'operator-identity-changes');
    });
    await step(page, 'operator-identity-reject', async () => {
      await page.getByRole('button', { name: `「${rival.name}」への変更を却下する` }).click();
      const dialog = page.getByRole('dialog');
      const confirm = dialog.getByRole('button', { name: '却下する', exact: true });
      await expect(confirm.isDisabled()).resolves.toBe(true);
      await dialog.getByLabel('却下の理由（必須）').fill('既存の事業者と同じ名称のため、なりすましのおそれがあります。');
      await screenshot(page, 'sec-06-operator-identity-reject-dialog-1280');
      await expectAccessible(page, 'operator-identity-reject-dialog');
      await confirm.click();
      await page.getByText(`「${rival.name}」への変更申請を却下しました。`).waitFor();
      await page.getByText('承認待ちの変更申請はありません。').or(page.locator('article', { hasText: vendor.name }).getByText('承認待ち')).first().waitFor();
    });
    const renamed = `${vendor.name} ホールディングス`;
    await vendorAdminApi.patch(`/v1/organizations/${vendor.id}`, { name: renamed });
    await step(page, 'operator-identity-approve', async () => {
      await page.reload();
      await page.getByRole('button', { name: `「${renamed}」への変更を承認する` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('この判断は取り消せません').waitFor();
      await dialog.getByRole('button', { name: '承認する', exact: true }).click();
      await page.getByText(`「${renamed}」への変更を承認しました。`).waitFor();
      await logout(page);
    });
    expect((await vendorAdminApi.get<{ name: string }>(`/v1/organizations/${vendor.id}`)).name).toBe(renamed);
    vendor.name = renamed;
  });

  it("an admin resets a member's password and 2FA after confirming; the member sets both again before anything else", async () => {
    const { page } = browser;
    await step(page, 'admin-reset', async () => {
      await login(page, vendorAdmin.email, USER_PASSWORD);
      await visit(page, 'ユーザー', 'ユーザー');
      await page.getByRole('button', { name: `${member.displayName} のパスワード・二要素認証をリセット` }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('この操作は取り消せません。本人のすべてのセッションは直ちにログアウトされます。').waitFor();
      await expect(dialog.getByLabel(/二要素認証（認証アプリと回復コードを削除/).isChecked()).resolves.toBe(true);
      await dialog.getByLabel('一時パスワード', { exact: true }).fill(temporaryPassword);
      await bothWidths(page, 'sec-07-admin-reset-dialog');
      await expectAccessible(page, 'admin-reset-dialog');
      await dialog.getByRole('button', { name: 'リセットする' }).click();
      await page.getByText(`${member.displayName}（${member.email}）のパスワードと二要素認証をリセットしました。`).waitFor();
      const row = page.locator('tbody tr', { hasText: member.email });
      await row.getByText('パスワード再設定待ち').waitFor();
      await row.getByText('再登録待ち').waitFor();
      await screenshot(page, 'sec-08-admin-reset-done-1280');
      await logout(page);
    });
    await step(page, 'member-must-set-password', async () => {
      await login(page, member.email, temporaryPassword);
      await page.waitForURL('**/portal/account');
      const steps = page.getByTestId('first-steps');
      await expect(steps.textContent()).resolves.toContain('管理者があなたのパスワードをリセットしました');
      await expect(steps.textContent()).resolves.toContain('管理者があなたの二要素認証をリセットしました');
      // Any other screen leads back here until both are done.
      await page.goto(`${baseUrl()}/portal/vendor/customers`);
      await page.waitForURL('**/portal/account');
      await page.getByTestId('first-steps').waitFor();
      await bothWidths(page, 'sec-09-member-first-steps');
      await expectAccessible(page, 'member-first-steps');
    });
    await step(page, 'member-sets-password-and-enrols', async () => {
      await page.getByLabel('現在のパスワード（一時パスワード）').fill(temporaryPassword);
      await page.getByLabel('新しいパスワード', { exact: true }).fill(newPassword);
      await page.getByLabel('新しいパスワード（確認）').fill(newPassword);
      await page.getByRole('button', { name: '設定する' }).click();
      await page.getByLabel('現在のパスワード（一時パスワード）').waitFor({ state: 'detached' });
      await page.getByRole('button', { name: /二要素認証を登録する/ }).click();
      const secret = (await page.getByTestId('totp-secret').textContent())?.trim() ?? '';
      await page.getByLabel('アプリに表示された6桁のコード').fill(currentTotp(secret));
      await page.getByRole('button', { name: '確認して有効にする' }).click();
      await page.getByText('必要な設定が終わりました。').waitFor();
      await screenshot(page, 'sec-10-member-done-1280');
      await page.getByRole('link', { name: 'ホーム画面へ進む' }).click();
      await page.getByRole('heading', { level: 1, name: '受信箱' }).waitFor();
      await logout(page);
    });
  });

  it('an API client open to any source needs an explicit confirmation and is shown as a risk', async () => {
    const { page } = browser;
    await step(page, 'any-source-asked', async () => {
      await login(page, vendorAdmin.email, USER_PASSWORD);
      await visit(page, 'APIクライアント', 'APIクライアント');
      await page.getByLabel('名前', { exact: true }).fill('どこからでも接続するクライアント');
      await page.getByLabel(/接続元のIPアドレス範囲/).fill('0.0.0.0/0, ::/0');
      await page.getByRole('button', { name: '作成する' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('0.0.0.0/0, ::/0').waitFor();
      await bothWidths(page, 'sec-11-api-client-any-source-dialog');
      await expectAccessible(page, 'api-client-any-source-dialog');
      await dialog.getByRole('button', { name: 'キャンセル' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect(page.getByTestId('client-secret').count()).resolves.toBe(0);
    });
    await step(page, 'any-source-confirmed', async () => {
      await page.getByRole('button', { name: '作成する' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'リスクを理解して作成する' }).click();
      await page.getByTestId('client-secret').waitFor();
      const row = page.locator('tbody tr', { hasText: 'どこからでも接続するクライアント' });
      await row.getByTestId('client-risk').getByText('リスク: 接続元の制限なし').waitFor();
      await bothWidths(page, 'sec-12-api-client-risk');
      await expectAccessible(page, 'api-clients');
    });
    const clients = await vendorAdminApi.get<{ items: { name: string; risks: { code: string }[] }[] }>(`/v1/organizations/${vendor.id}/api-clients`);
    expect(clients.items.find((client) => client.name === 'どこからでも接続するクライアント')?.risks.map((risk) => risk.code)).toEqual(['any_source']);
  });

  it('keeps the refresh token in an HttpOnly cookie the page cannot read, resumes the session on reload, and drops it at logout', async () => {
    const { page, context } = browser;
    await step(page, 'refresh-cookie', async () => {
      const cookie = (await context.cookies()).find((candidate) => candidate.name === 'kaiji_refresh');
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1/auth/refresh' });
      expect(await page.evaluate('document.cookie')).not.toContain('kaiji_refresh');
      const stored = await page.evaluate<string>('JSON.stringify({ ...localStorage, ...sessionStorage })');
      expect(stored).not.toContain(cookie?.value ?? '—');
      expect(Object.values(JSON.parse(stored) as Record<string, string>).every((value) => value.length < 20)).toBe(true);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'APIクライアント' }).waitFor();
      await logout(page);
      expect((await context.cookies()).find((candidate) => candidate.name === 'kaiji_refresh')).toBeUndefined();
      await page.goto(`${baseUrl()}/portal/vendor`);
      await page.waitForURL('**/portal/login');
    });
  });

  it('a 403 for a missing 2FA enrolment anywhere leads to the account screen with the reason', async () => {
    const { page } = browser;
    await step(page, 'enrolment-required-midway', async () => {
      await login(page, bystander.email, USER_PASSWORD);
      await page.getByRole('heading', { level: 1, name: '受信箱' }).waitFor();
      // The organization makes 2FA mandatory while the member is signed in: the next action is refused.
      await vendorAdminApi.patch(`/v1/organizations/${vendor.id}`, { requireTwoFactor: true });
      await page.getByRole('navigation', { name: /メインメニュー/ }).getByRole('link', { name: '顧客別の提出状況' }).click();
      await page.waitForURL('**/portal/account');
      await expect(page.getByTestId('first-steps').textContent()).resolves.toContain('組織の方針により、二要素認証の登録が必要です');
      await screenshot(page, 'sec-13-enrolment-required-midway-1280');
      await logout(page);
    });
  });

  it('either party ends a contract after confirming, with the last day and a reason, and the pharmacy keeps its history', async () => {
    const { page } = browser;
    const pharmacyCode = String(Math.floor(1e9 + Math.random() * 9e9));
    const pharmacyAdmin = { email: `sec-pharmacy-${suffix}@browser.example`, displayName: '山本 管理薬剤師' };
    const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `終了試験薬局 ${suffix}`, pharmacyCode });
    await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...pharmacyAdmin, password: USER_PASSWORD, role: 'admin' });
    // A vendor of its own: the one above has been made to require 2FA by now.
    const endingVendor = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: `終了試験システム株式会社 ${suffix}`, corporateNumber: corporateNumber() });
    const endingVendorAdmin = { email: `sec-ending-vendor-${suffix}@browser.example`, displayName: '高橋 管理者' };
    await operator.post(`/v1/organizations/${endingVendor.id}/users`, { ...endingVendorAdmin, password: USER_PASSWORD, role: 'admin' });
    const vendorApi = await Api.login(endingVendorAdmin.email, USER_PASSWORD);
    const product = await vendorApi.post<{ id: string }>('/v1/products', { name: `終了試験レセコン ${suffix}`, category: 'レセコン', deployment: 'cloud' });
    const contract = await vendorApi.post<{ id: string }>('/v1/contracts', { kind: 'maintenance', pharmacyCode, productIds: [product.id], startsOn: '2026-04-01' });
    const pharmacyApi = await Api.login(pharmacyAdmin.email, USER_PASSWORD);
    await pharmacyApi.post(`/v1/contracts/${contract.id}/accept`);

    await step(page, 'contract-end', async () => {
      await login(page, pharmacyAdmin.email, USER_PASSWORD);
      await page.goto(`${baseUrl()}/portal/contracts/${contract.id}`);
      await page.getByRole('button', { name: '契約を終了する…' }).click();
      const dialog = page.getByRole('dialog', { name: '契約を終了しますか' });
      await dialog.waitFor();
      // Nothing ends without a reason.
      await expect(dialog.getByRole('button', { name: '契約を終了する' }).isDisabled()).resolves.toBe(true);
      await dialog.getByLabel(/終了の理由/).fill('保守業者を変更するため');
      await bothWidths(page, 'sec-09-contract-end-dialog');
      await dialog.getByRole('button', { name: '契約を終了する' }).click();
      await page.getByText(/で終了（理由: 保守業者を変更するため）/).waitFor();
      await expect(page.getByRole('button', { name: '契約を終了する…' }).count()).resolves.toBe(0);
      await expectAccessible(page, 'pharmacy-contract-ended');
    });
    const ended = await pharmacyApi.get<{ termination: { endedBy: string; reason: string } | null }>(`/v1/contracts/${contract.id}`);
    expect(ended.termination).toMatchObject({ endedBy: 'customer', reason: '保守業者を変更するため' });
    await logout(page);
  });

  it('left no script errors (nor a refused inline script) in the page', () => {
    expect(errors).toEqual([]);
  });
});
