import type { Page } from 'playwright-core';
import { Api, DEMO_PASSWORD } from './support/api';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { FISCAL_YEAR, fiscalYearLabel, pharmacyWithVendor, submitChecklistWithNo, todayInJapan, type PharmacyScenario } from './support/scenario';

interface FormUse {
  fiscalYear: number;
  formId: string;
  carriedForward: boolean;
  outdated: boolean;
  label: string;
}
interface Standing {
  fiscalYear: number;
  fiscalYearLabel: string;
  vendorChecklistForm: FormUse | null;
  contracts: { vendor: { name: string }; checklist: { status: string; formUse: FormUse | null } }[];
}
interface OwnChecklist {
  id: string | null;
  formId: string;
  formUse: FormUse;
  items: { itemId: string; derived: boolean; answer: string | null }[];
}
interface FormItem {
  id: string;
  scope?: string;
  text: string;
}

/** The page itself never scrolls sideways: wide tables scroll in their own container (or stack on a phone). */
/** The demo's 本町店: its vendors' 令和8年度 checklists, one of them answered before a newer version was registered. */
const DEMO_STORE = 'honcho@midori-pharmacy.example';

async function sidewaysOverflow(page: Page): Promise<number> {
  return Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
}

async function settled(page: Page): Promise<void> {
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.locator('.loading').first().waitFor({ state: 'detached' });
}

/**
 * Issue 12 in a real browser: today is in 令和8年度, whose forms are not registered (the operator
 * registers them from MHLW's files). A pharmacy's screens open on the current 年度 and say so, say
 * which form version is used and that it is carried forward, request a 令和8年度 checklist, read it
 * when it arrives, and save their own 薬局確認用 on the carried-forward form. The statements are read
 * from the API and looked for on the screen, so demo data or a newly registered version does not
 * break the test.
 */
describe('a pharmacy on the current 年度 (headless Chromium)', () => {
  let browser: Browser;
  let scenario: PharmacyScenario;
  let pharmacist: Api;
  let errors: string[];
  const year = fiscalYearLabel(FISCAL_YEAR);

  beforeAll(async () => {
    scenario = await pharmacyWithVendor();
    pharmacist = await Api.login(scenario.pharmacist.email, scenario.pharmacist.password);
    browser = await openBrowser({ width: 1280, height: 900 });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('opens the standing on the current 年度, says so, and says which 事業者確認用 version it uses', async () => {
    const { page } = browser;
    const standing = await pharmacist.get<Standing>(`/v1/pharmacies/${scenario.pharmacy.id}/standing?fiscalYear=${FISCAL_YEAR}`);
    expect(standing.fiscalYearLabel).toBe(year);
    await step(page, 'r8-login', async () => {
      await page.goto(`${baseUrl()}/portal/login`);
      await page.getByLabel('メールアドレス').fill(scenario.pharmacist.email);
      await page.getByLabel('パスワード').fill(scenario.pharmacist.password);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByRole('heading', { name: scenario.pharmacy.name }).waitFor();
      await settled(page);
    });
    await step(page, 'r8-standing-default-year', async () => {
      expect(page.url()).not.toContain('fy=');
      await expect(page.getByLabel('年度 (Fiscal year)').inputValue()).resolves.toBe(String(FISCAL_YEAR));
      const shown = page.getByTestId('fiscal-year-shown');
      await expect(shown.textContent()).resolves.toContain(year);
      await expect(shown.textContent()).resolves.toContain('今年度');
      await page.getByRole('heading', { name: `${year}に不足しているもの` }).waitFor();
    });
    await step(page, 'r8-standing-form-statement', async () => {
      const used = standing.vendorChecklistForm;
      expect(used).not.toBeNull();
      expect(used?.label).toContain(year);
      const note = page.getByTestId('form-use').filter({ hasText: '事業者確認用チェックリストの様式' });
      await expect(note.textContent()).resolves.toContain(used?.label);
      // No 令和8年度 form is catalogued: the latest earlier one is carried forward, and the screen says so.
      if (used?.carriedForward) {
        expect(used.label).toContain('未登録');
        await expect(note.textContent()).resolves.toContain('前年度の様式を使用');
      }
      await screenshot(page, 'r8-01-standing-1280');
    });
  });

  it('requests the 令和8年度 checklist from a 令和8年度 row, without an error', async () => {
    const { page } = browser;
    await step(page, 'r8-request-checklist', async () => {
      const missing = page.locator('.missing-checklist_missing', { hasText: scenario.vendorName });
      await expect(missing.textContent()).resolves.toContain(year);
      await missing.getByRole('button', { name: '提出を依頼する' }).click();
      const form = page.getByRole('form', { name: '書類の提出を依頼' });
      await form.getByText(`事業者確認用チェックリスト（${year}）`).waitFor();
      await form.getByRole('button', { name: '依頼を送信' }).click();
      await page.getByText(`${scenario.vendorName}に「`).waitFor();
      await expect(page.locator('.alert-error').count()).resolves.toBe(0);
      await screenshot(page, 'r8-02-checklist-requested-1280');
    });
    const requests = await pharmacist.get<{ items: { kind: string; fiscalYear: number | null; status: string }[] }>(`/v1/document-requests?contractId=${scenario.contractId}`);
    expect(requests.items).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'checklist', fiscalYear: FISCAL_YEAR, status: 'open' })]));
  });

  it("reads the vendor's 令和8年度 checklist: the version it was answered on, and items told apart by their scope heading", async () => {
    const { page } = browser;
    const submitted = await submitChecklistWithNo(scenario);
    expect(submitted.formUseLabel).toContain(year);
    await step(page, 'r8-standing-received', async () => {
      await page.reload();
      await settled(page);
      const row = page.locator('tbody tr', { hasText: scenario.vendorName });
      await row.getByText(submitted.formUseLabel).waitFor();
    });
    const form = await pharmacist.get<{ items: FormItem[] }>(`/v1/forms/${submitted.formId}`);
    await step(page, 'r8-contract-checklist', async () => {
      await page.getByRole('link', { name: scenario.vendorName }).click();
      await page.getByRole('heading', { name: `${year} 事業者確認用チェックリスト` }).waitFor();
      await expect(page.getByTestId('fiscal-year-shown').textContent()).resolves.toContain(year);
      await expect(page.getByTestId('form-use').first().textContent()).resolves.toContain(submitted.formUseLabel);
      await page.locator(`tr.row-no[data-item="${submitted.noItemId}"]`).waitFor();
      // The checklist request of the 年度 was fulfilled by the submission.
      await page.locator('section', { hasText: 'この事業者への依頼' }).getByText('対応済み').first().waitFor();
    });
    await step(page, 'r8-scope-labels', async () => {
      for (const item of form.items.filter((candidate) => candidate.scope)) {
        await expect(page.locator(`tr[data-item="${item.id}"] .scope-tag`).textContent()).resolves.toBe(item.scope);
      }
      // Items with the same text under different headings (サーバ / 端末PC) read differently on screen.
      const twins = form.items.filter((item) => form.items.some((other) => other.id !== item.id && other.text === item.text && other.scope !== item.scope));
      for (const item of twins) {
        await expect(page.locator(`tr[data-item="${item.id}"] .item-text`).textContent()).resolves.toContain(item.scope);
      }
      const rows = await Promise.all(twins.map((item) => page.locator(`tr[data-item="${item.id}"] .item-text`).textContent()));
      expect(new Set(rows).size).toBe(rows.length);
      await screenshot(page, 'r8-03-contract-checklist-1280');
    });
  });

  it('opens its own 薬局確認用 on the current 年度 and saves it on the version in use, with its label', async () => {
    const { page } = browser;
    const before = await pharmacist.get<OwnChecklist>(`/v1/pharmacies/${scenario.pharmacy.id}/checklists/${FISCAL_YEAR}`);
    expect(before.formUse.fiscalYear).toBe(FISCAL_YEAR);
    const [first] = before.items.filter((item) => !item.derived);
    await step(page, 'r8-own-checklist-open', async () => {
      await page.getByRole('navigation', { name: /メインメニュー/ }).getByRole('link', { name: '薬局確認用チェックリスト' }).click();
      await page.getByRole('heading', { level: 1, name: '薬局確認用チェックリスト' }).waitFor();
      await settled(page);
      expect(page.url()).not.toContain('fy=');
      await expect(page.getByTestId('fiscal-year-shown').textContent()).resolves.toContain(year);
      await expect(page.getByTestId('form-use').first().textContent()).resolves.toContain(before.formUse.label);
      if (before.formUse.carriedForward) expect(before.formUse.label).toContain('未登録');
    });
    await step(page, 'r8-own-checklist-save', async () => {
      const row = page.locator(`#item-${first.itemId}`);
      await row.locator('select').selectOption('はい');
      await row.locator('input[aria-label$="の確認日"]').fill(todayInJapan());
      await page.getByRole('button', { name: '回答を保存' }).click();
      await page.locator('.save-bar .alert-success').waitFor();
    });
    const after = await pharmacist.get<OwnChecklist>(`/v1/pharmacies/${scenario.pharmacy.id}/checklists/${FISCAL_YEAR}`);
    expect(after.id).not.toBeNull();
    expect(after.formId).toBe(before.formId);
    expect(after.formUse.carriedForward).toBe(before.formUse.carriedForward);
    expect(after.items.find((item) => item.itemId === first.itemId)?.answer).toBe('はい');
    await step(page, 'r8-own-checklist-saved-label', async () => {
      // Now answered: 「…で回答（…未登録）」 where it said 「…を使用」 before.
      await page.locator('.save-bar').getByText(`保存しました（${after.formUse.label}）`).waitFor();
      await expect(page.getByTestId('form-use').first().textContent()).resolves.toContain(after.formUse.label);
      await screenshot(page, 'r8-04-own-checklist-saved-1280');
    });
  });

  it('names the item of an answer error in Japanese, beside the save button', async () => {
    const { page } = browser;
    const own = await pharmacist.get<OwnChecklist>(`/v1/pharmacies/${scenario.pharmacy.id}/checklists/${FISCAL_YEAR}`);
    const [, second] = own.items.filter((item) => !item.derived);
    await step(page, 'r8-own-checklist-error', async () => {
      const row = page.locator(`#item-${second.itemId}`);
      await row.locator('select').selectOption('いいえ');
      await row.locator('input[aria-label$="の確認日"]').fill(todayInJapan());
      // いいえ without its 目標日: the API refuses it, naming the item.
      await page.getByRole('button', { name: '回答を保存' }).click();
      const alert = page.locator('.save-bar .alert-error');
      await alert.waitFor();
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain(second.itemId);
      await expect(alert.locator('.alert-title').textContent()).resolves.toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(text).toMatch(/目標日/);
      // Beside the button, inside the window: not thousands of pixels further down.
      const box = await alert.boundingBox();
      const button = await page.getByRole('button', { name: '回答を保存' }).boundingBox();
      expect(box && button).toBeTruthy();
      expect((box?.y ?? 0) + (box?.height ?? 0)).toBeLessThanOrEqual(900);
      expect(Math.abs((button?.y ?? 0) - (box?.y ?? 0))).toBeLessThan(400);
      await expect(row.getAttribute('class')).resolves.toContain('row-invalid');
      await screenshot(page, 'r8-05-own-checklist-error-1280');
      await alert.getByRole('link', { name: new RegExp(second.itemId) }).first().click();
      await expect(row.locator('select').evaluate((element) => element === element.ownerDocument.activeElement)).resolves.toBe(true);
      // The refused answers are still unsaved: the next page load is asked about (beforeunload) and goes ahead.
      page.once('dialog', (dialog) => void dialog.accept());
    });
    // A 年度 before any pharmacy form (no version to carry forward): the API's 422 reads in Japanese.
    const early = FISCAL_YEAR - 2;
    const refused = await pharmacist.get(`/v1/pharmacies/${scenario.pharmacy.id}/checklists/${early}`).then(
      () => null,
      (error: Error) => error.message,
    );
    if (refused?.includes('no_form_for_fiscal_year')) {
      await step(page, 'r8-no-form-for-year', async () => {
        await page.goto(`${baseUrl()}/portal/own-checklist?fy=${early}`);
        await page.getByText('この年度に使える様式が登録されていません').waitFor();
        await expect(page.getByTestId('fiscal-year-shown').textContent()).resolves.toContain('過去の年度');
        await page.getByRole('button', { name: /今年度（/ }).click();
        await page.getByRole('button', { name: '回答を保存' }).waitFor();
        expect(page.url()).not.toContain('fy=');
      });
    }
  });

  it('fits a phone (390 px) and a desktop (1280 px): nothing off-screen', async () => {
    const { page } = browser;
    const screens = [
      { name: 'standing', path: '/portal/pharmacy', text: year },
      { name: 'contract', path: `/portal/contracts/${scenario.contractId}`, text: `${year} 事業者確認用チェックリスト` },
      { name: 'own-checklist', path: '/portal/own-checklist', text: '回答を保存' },
    ];
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      for (const screen of screens) {
        await step(page, `r8-${screen.name}-${width}`, async () => {
          await page.goto(`${baseUrl()}${screen.path}`);
          await settled(page);
          await page.getByText(screen.text).first().waitFor();
          await expect(page.getByTestId('fiscal-year-shown').textContent()).resolves.toContain(year);
          expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(1);
          await screenshot(page, `r8-06-${screen.name}-${width}`);
        });
      }
    }
  });

  it('a demo store: 旧様式 where a newer version came after its vendor answered, and its own checklist on the version in use', async () => {
    const { page } = browser;
    const store = await Api.login(DEMO_STORE, DEMO_PASSWORD);
    const me = await store.get<{ organization: { id: string } }>('/v1/me');
    const standing = await store.get<Standing>(`/v1/pharmacies/${me.organization.id}/standing?fiscalYear=${FISCAL_YEAR}`);
    const own = await store.get<OwnChecklist>(`/v1/pharmacies/${me.organization.id}/checklists/${FISCAL_YEAR}`);
    await page.setViewportSize({ width: 1280, height: 900 });
    await step(page, 'r8-demo-store-standing', async () => {
      await page.getByRole('button', { name: 'ログアウト' }).click();
      await page.waitForURL('**/portal/login');
      await page.getByLabel('メールアドレス').fill(DEMO_STORE);
      await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByRole('button', { name: 'ログアウト' }).waitFor();
      await settled(page);
      await expect(page.getByTestId('fiscal-year-shown').textContent()).resolves.toContain(year);
      if (standing.vendorChecklistForm) {
        await expect(page.getByTestId('form-use').first().textContent()).resolves.toContain(standing.vendorChecklistForm.label);
      }
      // Each vendor row says which version its checklist was answered on; 旧様式 where a newer one applies.
      for (const contract of standing.contracts.filter((candidate) => candidate.checklist.formUse)) {
        const row = page.locator('tbody tr', { hasText: contract.vendor.name });
        await row.getByText(contract.checklist.formUse?.label ?? '').waitFor();
        if (contract.checklist.formUse?.outdated) await row.locator('.badge', { hasText: '旧様式' }).first().waitFor();
      }
      await screenshot(page, 'r8-07-demo-store-standing-1280');
    });
    await step(page, 'r8-demo-store-own-checklist', async () => {
      await page.getByRole('navigation', { name: /メインメニュー/ }).getByRole('link', { name: '薬局確認用チェックリスト' }).click();
      await page.getByRole('heading', { level: 1, name: '薬局確認用チェックリスト' }).waitFor();
      await settled(page);
      const note = page.getByTestId('form-use').first();
      await expect(note.textContent()).resolves.toContain(own.formUse.label);
      if (own.formUse.carriedForward) await expect(note.textContent()).resolves.toContain('前年度の様式を使用');
      if (own.formUse.outdated) await expect(note.textContent()).resolves.toContain('旧様式');
      await screenshot(page, 'r8-08-demo-store-own-checklist-1280');
    });
  });

  it('left no script errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
