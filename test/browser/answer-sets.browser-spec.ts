import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { vendorWithThreeCustomers, type AnswerSetScenario } from './support/answer-set-scenario';
import { openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login, visit } from './support/portal-navigation';
import { FISCAL_YEAR } from './support/scenario';

const overflow = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
const settled = (page: Page) => page.locator('.loading').first().waitFor({ state: 'detached' });

interface ReadChecklist {
  revision: number;
  managerName: string | null;
  answers: { itemId: string; answer: string; targetOn: string | null; remarks: string | null }[];
}

/**
 * Issue 14, part 2: a vendor answers once for many customers. It creates an answer set in the portal
 * (every item answered, one remark), applies it to its three customers with one item changed for one
 * of them, confirms and submits; each pharmacy then reads what it received over the API.
 */
describe('answer sets (headless Chromium)', () => {
  let browser: Browser;
  let scenario: AnswerSetScenario;
  let errors: string[];
  const setName = `標準回答（クラウド版） ${Date.now() % 100_000}`;
  const overrideItem = '2-⑨';
  const overrideTarget = `${FISCAL_YEAR + 1}-03-31`;

  beforeAll(async () => {
    scenario = await vendorWithThreeCustomers();
    browser = await openBrowser({ width: 1280, height: 900 });
    errors = watchErrors(browser.page);
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates an answer set: every item answered, with a remark and the 管理責任者', async () => {
    const { page } = browser;
    await login(page, scenario.vendorUser.email, scenario.vendorUser.password);
    await step(page, 'answer-sets-empty', async () => {
      await visit(page, '回答セット', 'あなたの回答セット');
      await page.getByText('まだ回答セットがありません').waitFor();
      await expectAccessible(page, 'vendor-answer-sets-empty');
    });
    await step(page, 'answer-sets-create', async () => {
      await page.getByRole('link', { name: '回答セットを作る' }).click();
      await page.getByRole('heading', { level: 1, name: '回答セットを作る' }).waitFor();
      await settled(page);
      await page.getByLabel('回答セットの名前').fill(setName);
      await page.getByLabel('管理責任者（任意）').fill('佐藤 一郎');
      await page.getByRole('button', { name: '未回答の項目を「はい」・確認日を今日にする' }).click();
      await page.getByLabel(/^項目 1-①.* の備考$/).fill('標準構成（クラウド版）の回答です');
      await page.getByText('すべての項目に回答しました。').waitFor();
      await expectAccessible(page, 'vendor-answer-set-editor');
      await page.getByRole('button', { name: '回答セットを作成' }).click();
      await page.getByText('回答セットを作成しました。').waitFor();
      await page.getByRole('heading', { level: 1, name: `回答セット「${setName}」` }).waitFor();
      await page.getByText('すべての項目に回答済み').waitFor();
      await screenshot(page, 'answer-sets-01-editor');
    });
  });

  it('applies it to the three customers with one item changed for one of them, after a preview and a confirmation', async () => {
    const { page } = browser;
    const [, changed] = scenario.customers;
    await step(page, 'answer-sets-preview', async () => {
      await page.getByRole('link', { name: '顧客に提出する' }).click();
      await page.getByRole('heading', { level: 1, name: `「${setName}」を顧客に提出する` }).waitFor();
      await settled(page);
      await page.getByRole('button', { name: '対象の顧客を確認する' }).click();
      await page.getByTestId('apply-total').getByText('3件').waitFor();
      for (const customer of scenario.customers) await page.locator('[data-testid=apply-customer]', { hasText: customer.name }).getByText('未提出').waitFor();
      await expectAccessible(page, 'vendor-answer-set-preview');
    });
    await step(page, 'answer-sets-chain', async () => {
      // The preview found the chain two of the customers are stores of: choosing it narrows the customers to them.
      const chain = page.getByLabel('チェーン（法人本部）');
      await chain.selectOption({ label: `${scenario.chain.name}（2店舗）` });
      await page.getByRole('button', { name: '対象の顧客を確認する' }).click();
      await page.getByTestId('apply-total').getByText('2件').waitFor();
      expect(await page.getByTestId('apply-customer').allTextContents()).toEqual([expect.stringContaining(scenario.customers[1].name), expect.stringContaining(scenario.customers[2].name)]);
      await expectAccessible(page, 'vendor-answer-set-chain');
      await chain.selectOption({ label: '指定しない' });
      await page.getByRole('button', { name: '対象の顧客を確認する' }).click();
      await page.getByTestId('apply-total').getByText('3件').waitFor();
    });
    await step(page, 'answer-sets-override', async () => {
      // Any targeted customer can be found by 保険薬局コード (the list shows only the first 50).
      const search = page.getByTestId('customer-search');
      await search.getByLabel('保険薬局コードまたは顧客名').fill(changed.code);
      await search.getByRole('button', { name: '探す' }).click();
      await search.getByTestId('found-customer').getByRole('button', { name: `この顧客だけ変える（${changed.name}）` }).click();
      const editor = page.getByTestId('customer-overrides');
      await editor.getByLabel('変える項目').selectOption(overrideItem);
      await editor.getByRole('button', { name: 'この項目を変える' }).click();
      await editor.getByLabel(new RegExp(`^項目 ${overrideItem}.* の回答$`)).selectOption('いいえ');
      await editor.getByLabel(new RegExp(`^項目 ${overrideItem}.* の目標日$`)).fill(overrideTarget);
      await editor.getByLabel(new RegExp(`^項目 ${overrideItem}.* の備考$`)).fill('この店舗は二要素認証を年度内に導入');
      await page.getByText('上書きを変えました。').waitFor();
      await page.getByRole('button', { name: '対象と上書きを確認し直す' }).click();
      await page.locator('[data-testid=apply-customer]', { hasText: changed.name }).getByText(`${overrideItem} を変更`).waitFor();
      await page.getByText('上書きを変えました。').waitFor({ state: 'detached' });
      await expectAccessible(page, 'vendor-answer-set-override');
      await screenshot(page, 'answer-sets-02-preview');
    });
    await step(page, 'answer-sets-submit', async () => {
      await page.getByRole('button', { name: '3件の顧客に提出する' }).click();
      const dialog = page.getByRole('dialog', { name: '回答セットを顧客に提出しますか？' });
      await dialog.getByText('個別に変えた顧客 1件').waitFor();
      await expectAccessible(page, 'vendor-answer-set-confirm');
      await dialog.getByRole('button', { name: '提出する' }).click();
      const result = page.getByTestId('apply-result');
      await result.getByText('新しい版 3件、変更なし 0件、エラー 0件（対象 3件）', { exact: false }).waitFor();
      await result.getByText('完了').waitFor();
      await expectAccessible(page, 'vendor-answer-set-result');
      await screenshot(page, 'answer-sets-03-result');
    });
    await step(page, 'answer-sets-history', async () => {
      await page.getByRole('link', { name: '回答セットに戻る' }).click();
      await page.getByRole('heading', { level: 1, name: `回答セット「${setName}」` }).waitFor();
      await page.getByRole('region', { name: /提出の記録/ }).getByText('完了').waitFor();
    });
  });

  it('each pharmacy received the set’s answers; the changed customer its own answer to that one item', async () => {
    for (const [index, customer] of scenario.customers.entries()) {
      const checklist = await customer.reader.get<ReadChecklist>(`/v1/contracts/${customer.contractId}/checklists/${FISCAL_YEAR}`);
      expect(checklist.revision).toBe(1);
      expect(checklist.managerName).toBe('佐藤 一郎');
      expect(checklist.answers.find((a) => a.itemId === '1-①')).toMatchObject({ answer: 'はい', remarks: '標準構成（クラウド版）の回答です' });
      const item = checklist.answers.find((a) => a.itemId === overrideItem);
      if (index === 1) {
        expect(item).toMatchObject({ answer: 'いいえ', targetOn: overrideTarget, remarks: 'この店舗は二要素認証を年度内に導入' });
        expect(checklist.answers.filter((a) => a.answer === 'いいえ')).toHaveLength(1);
      } else {
        expect(checklist.answers.every((a) => a.answer === 'はい')).toBe(true);
      }
    }
  });

  it('works at a phone’s width', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await step(page, 'answer-sets-phone', async () => {
      await page.goto(page.url().replace(/\/vendor\/answer-sets\/.*$/, '/vendor/answer-sets'));
      await page.getByRole('heading', { level: 1, name: 'あなたの回答セット' }).waitFor();
      await settled(page);
      await page.locator('[data-testid=answer-set-row]', { hasText: setName }).waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await expectAccessible(page, 'vendor-answer-sets-phone');
      await screenshot(page, 'answer-sets-04-phone');
    });
    expect(errors).toEqual([]);
  });
});
