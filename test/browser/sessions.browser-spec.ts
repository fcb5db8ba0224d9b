import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login } from './support/portal-navigation';
import { USER_PASSWORD } from './support/scenario';

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/**
 * Issue 15: a pharmacist signed in on two devices sees both under ログイン中の端末 on the account
 * page, this one marked, and signs the other out from the portal; the other device's next API call
 * is refused (401).
 */
describe('signed-in devices (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  const suffix = uniqueSuffix();
  const user = { email: `sessions-${suffix}@browser.example`, displayName: '佐藤 薬剤師' };

  beforeAll(async () => {
    const operator = await Api.operator();
    const pharmacy = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `端末試験薬局 ${suffix}`, pharmacyCode: String(1e9 + Math.floor(Math.random() * 9e9)) });
    await operator.post(`/v1/organizations/${pharmacy.id}/users`, { ...user, password: USER_PASSWORD, role: 'admin' });
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('lists both devices and signs out the other one, whose API calls then fail with 401', async () => {
    const { page } = browser;
    const other = await Api.login(user.email, USER_PASSWORD);
    await other.get('/v1/me');

    await step(page, 'account-sessions', async () => {
      await login(page, user.email, USER_PASSWORD);
      await page.goto(`${baseUrl()}/portal/account`);
      const section = page.getByRole('region', { name: /ログイン中の端末/ });
      await section.waitFor();
      await section.getByTestId('session-row').nth(1).waitFor();
      expect(await section.getByTestId('session-row').count()).toBe(2);
      await expect(section.locator('[data-current="true"]').getByText('この端末').count()).resolves.toBe(1);
      await expectAccessible(page, 'account-sessions');
      await page.setViewportSize(PHONE);
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, 'sessions-01-two-devices-390');
      await page.setViewportSize(DESKTOP);
      await screenshot(page, 'sessions-01-two-devices-1280');
    });

    await step(page, 'sign-out-others', async () => {
      const section = page.getByRole('region', { name: /ログイン中の端末/ });
      await section.getByRole('button', { name: 'この端末以外のログインをすべて解除' }).click();
      await section.getByText('ほかの端末 1 件のログインを解除しました。').waitFor();
      await section.getByTestId('session-row').nth(1).waitFor({ state: 'detached' });
      await expect(section.getByTestId('session-row').count()).resolves.toBe(1);
      await screenshot(page, 'sessions-02-signed-out-others-1280');
      await expectAccessible(page, 'account-sessions-after');
    });

    await expect(other.get('/v1/me')).rejects.toThrow(/→ 401/);
    // This browser's session is untouched.
    await page.reload();
    await page.getByRole('region', { name: /ログイン中の端末/ }).getByTestId('session-row').first().waitFor();
    expect(errors).toEqual([]);
  });
});
