import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login } from './support/portal-navigation';
import { FISCAL_YEAR, USER_PASSWORD } from './support/scenario';
import { bothWidths } from './support/widths';

const settled = (page: Page) => page.locator('.loading').first().waitFor({ state: 'detached' });
const answers = (page: Page) => page.locator('.vendor-checklist-editor select[aria-label$="の回答"]');

/** Answers one more item はい, dates the answered items today, and saves the draft. */
async function answerAndSave(page: Page, index: number): Promise<void> {
  await answers(page).nth(index).selectOption('はい');
  await page.getByRole('button', { name: '回答済みの項目の空欄の確認日を今日にする' }).click();
  await page.getByRole('button', { name: '下書きを保存' }).click();
}

/**
 * Issue 16, safe concurrent editing: two people of one vendor edit the same customer's 事業者確認用
 * draft in two sessions. The second save over a state the screen no longer shows is refused (412),
 * the screen says so in Japanese and keeps the input; the user overwrites with it, or reloads.
 */
describe('two sessions editing one checklist draft (headless Chromium)', () => {
  let first: Browser;
  let second: Browser;
  let errors: string[];
  let vendor: Api;
  let contractPath: string;
  let contractId: string;
  const suffix = uniqueSuffix();
  const users = {
    admin: { email: `sync-admin-${suffix}@browser.example`, password: USER_PASSWORD },
    member: { email: `sync-member-${suffix}@browser.example`, password: USER_PASSWORD },
  };

  beforeAll(async () => {
    const operator = await Api.operator();
    const vendorOrg = await operator.post<{ id: string }>('/v1/organizations', { kind: 'vendor', name: `同時編集システム株式会社 ${suffix}` });
    await operator.post(`/v1/organizations/${vendorOrg.id}/users`, { ...users.admin, displayName: '山田 一郎 (事業者)', role: 'admin' });
    const pharmacyCode = `13499${suffix.slice(-5)}`;
    const pharmacyOrg = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `さくら薬局 同時編集${suffix}店`, pharmacyCode });
    const pharmacist = { email: `sync-pharmacist-${suffix}@browser.example`, password: USER_PASSWORD };
    await operator.post(`/v1/organizations/${pharmacyOrg.id}/users`, { ...pharmacist, displayName: '佐藤 花子 (管理薬剤師)', role: 'admin' });
    vendor = await Api.login(users.admin.email, users.admin.password);
    await vendor.post(`/v1/organizations/${vendorOrg.id}/users`, { ...users.member, displayName: '田中 次郎 (事業者)', role: 'member' });
    const product = await vendor.post<{ id: string }>('/v1/products', { name: `同時編集クラウド ${suffix}`, category: 'レセコン', deployment: 'cloud' });
    const contract = await vendor.post<{ id: string }>('/v1/contracts', { kind: 'maintenance', pharmacyCode, productIds: [product.id], startsOn: `${FISCAL_YEAR}-04-01` });
    await (await Api.login(pharmacist.email, pharmacist.password)).post(`/v1/contracts/${contract.id}/accept`, {});
    contractId = contract.id;
    contractPath = `/portal/contracts/${contract.id}?fy=${FISCAL_YEAR}`;
    first = await openBrowser({ width: 1280, height: 900 });
    second = await openBrowser({ width: 1280, height: 900 });
    errors = [...watchErrors(first.page), ...watchErrors(second.page)];
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  const open = async (page: Page) => {
    await page.goto(`${baseUrl()}${contractPath}`);
    await page.getByRole('heading', { name: /事業者確認用チェックリスト: あなたの回答/ }).waitFor();
    await settled(page);
  };

  it('refuses the second save over a newer draft with a clear message, keeping the input', async () => {
    await step(first.page, 'sync-first-draft', async () => {
      await login(first.page, users.admin.email, users.admin.password);
      await open(first.page);
      await answerAndSave(first.page, 0);
      await first.page.getByText(/下書きを保存しました（第1版・未提出）/).waitFor();
    });
    await step(second.page, 'sync-second-opens', async () => {
      await login(second.page, users.member.email, users.member.password);
      await open(second.page);
      await second.page.getByTestId('your-checklist-status').getByText('下書き（未提出）').waitFor();
      await expect(answers(second.page).nth(0).inputValue()).resolves.toBe('はい');
    });
    await step(first.page, 'sync-first-saves-again', async () => {
      await answerAndSave(first.page, 1);
      await first.page.getByText(/下書きを保存しました/).waitFor();
    });
    await step(second.page, 'sync-second-refused', async () => {
      await answerAndSave(second.page, 2);
      const notice = second.page.getByTestId('stale-write');
      await notice.getByText('他の利用者またはシステムが先に更新しました').waitFor();
      await notice.getByText(/あなたの入力は保存されていませんが、この画面に残っています/).waitFor();
      // Nothing was lost on the screen: the input is still there, and the first session's save stands.
      await expect(answers(second.page).nth(2).inputValue()).resolves.toBe('はい');
      const stored = await vendor.get<{ answers: { itemId: string }[] }>(`/v1/contracts/${contractId}/checklists/${FISCAL_YEAR}`);
      expect(stored.answers).toHaveLength(2);
      await expectAccessible(second.page, 'sync-stale-write');
      await bothWidths(second.page, 'sync-stale-write');
    });
  });

  it('overwrites with the input when the user chooses to, and the other session can reload the latest', async () => {
    await step(second.page, 'sync-second-overwrites', async () => {
      await second.page.getByRole('button', { name: '自分の入力で上書き保存' }).click();
      await second.page.getByText(/下書きを保存しました/).waitFor();
      await expect(second.page.getByTestId('stale-write').count()).resolves.toBe(0);
      const stored = await vendor.get<{ answers: { itemId: string }[] }>(`/v1/contracts/${contractId}/checklists/${FISCAL_YEAR}`);
      expect(stored.answers).toHaveLength(2);
    });
    await step(first.page, 'sync-first-reloads', async () => {
      await answerAndSave(first.page, 3);
      await first.page.getByTestId('stale-write').waitFor();
      await screenshot(first.page, 'sync-stale-write-first');
      await first.page.getByRole('button', { name: '最新の内容を読み込む（入力を破棄）' }).click();
      await first.page.getByTestId('stale-write').waitFor({ state: 'detached' });
      await settled(first.page);
      await expect(answers(first.page).nth(2).inputValue()).resolves.toBe('はい');
      await expect(answers(first.page).nth(1).inputValue()).resolves.toBe('');
      await expect(answers(first.page).nth(3).inputValue()).resolves.toBe('');
    });
    expect(errors).toEqual([]);
  });
});
