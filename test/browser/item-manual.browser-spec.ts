import { Api } from './support/api';
import { expectAccessible } from './support/accessibility';
import { baseUrl, openBrowser, step, watchErrors, type Browser } from './support/browser';
import { FISCAL_YEAR, fiscalYearLabel, pharmacyWithVendor, submitChecklistWithNo, type PharmacyScenario } from './support/scenario';
import { bothWidths, DESKTOP, PHONE } from './support/widths';

interface Manual {
  section: string;
  explanation: string[];
  terms?: string[];
  notes?: string[];
  guidelineRefs?: string[];
  source: string;
}
interface Form {
  id: string;
  items: { id: string; manual?: Manual }[];
}

/**
 * The checklist manual beside each item (issue 17, point 8): a 管理薬剤師 opens 「マニュアルの解説」
 * under an item of their own 薬局確認用 and reads the manual's text and where it comes from; an item
 * the manual does not cover offers none. Accessible (axe) with the text open, at 390 and 1280 px.
 */
describe('the checklist manual beside an own-checklist item (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  let scenario: PharmacyScenario;
  let pharmacist: Api;

  beforeAll(async () => {
    scenario = await pharmacyWithVendor();
    pharmacist = await Api.login(scenario.pharmacist.email, scenario.pharmacist.password);
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });
  afterAll(() => browser?.close());

  /** The 年度 whose own checklist is on a version carrying manual text: the current one, else 令和7年度 (the manual's). */
  async function yearWithManual(): Promise<{ fiscalYear: number; form: Form }> {
    for (const fiscalYear of [FISCAL_YEAR, 2025]) {
      const own = await pharmacist.get<{ formId: string }>(`/v1/pharmacies/${scenario.pharmacy.id}/checklists/${fiscalYear}`);
      const form = await pharmacist.get<Form>(`/v1/forms/${own.formId}`);
      if (form.items.some((item) => item.manual)) return { fiscalYear, form };
    }
    throw new Error('no own-checklist version with manual text');
  }

  it('opens 「マニュアルの解説」 beside an item and reads the manual, with its source; an item without manual text offers none', async () => {
    const { page } = browser;
    const { fiscalYear, form } = await yearWithManual();
    const item = form.items.find((candidate) => candidate.manual) as { id: string; manual: Manual };
    const without = form.items.find((candidate) => !candidate.manual);

    await step(page, 'manual-login', async () => {
      await page.goto(`${baseUrl()}/portal/login`);
      await page.getByLabel('メールアドレス').fill(scenario.pharmacist.email);
      await page.getByLabel('パスワード').fill(scenario.pharmacist.password);
      await page.getByRole('button', { name: 'ログイン' }).click();
      await page.getByRole('heading', { name: scenario.pharmacy.name }).waitFor();
    });

    await step(page, 'manual-open', async () => {
      await page.goto(`${baseUrl()}/portal/own-checklist${fiscalYear === FISCAL_YEAR ? '' : `?fy=${fiscalYear}`}`);
      await page.getByRole('heading', { level: 1, name: '薬局確認用チェックリスト' }).waitFor();
      const row = page.locator(`[id="item-${item.id}"]`);
      const disclosure = row.locator('details.item-manual');
      await disclosure.locator('summary', { hasText: 'マニュアルの解説' }).waitFor();
      // Closed until asked for: the text is not shown yet.
      await expect(row.getByText(item.manual.explanation[0]).isVisible()).resolves.toBe(false);
      await disclosure.locator('summary').click();
      await row.getByText(item.manual.explanation[0]).waitFor();
      await row.getByText('考え方・確認方法').waitFor();
      if (item.manual.terms) await row.getByText(item.manual.terms[0]).waitFor();
      if (item.manual.guidelineRefs) await row.getByText(`▶${item.manual.guidelineRefs[0]}`).first().waitFor();
      await row.getByText(`出典: ${item.manual.source}`).waitFor();
      if (without) await expect(page.locator(`[id="item-${without.id}"] details.item-manual`).count()).resolves.toBe(0);
    });

    await step(page, 'manual-widths', async () => {
      await page.setViewportSize(PHONE);
      await expectAccessible(page, 'own-checklist-manual-390');
      await page.setViewportSize(DESKTOP);
      await expectAccessible(page, 'own-checklist-manual-1280');
      await bothWidths(page, 'own-checklist-manual');
    });
    expect(errors).toEqual([]);
  });

  it("shows the manual beside the vendor's checklist as the pharmacy reads it, where the version carries it", async () => {
    const { page } = browser;
    const submitted = await submitChecklistWithNo(scenario);
    const form = await pharmacist.get<Form>(`/v1/forms/${submitted.formId}`);
    await step(page, 'manual-received-checklist', async () => {
      await page.goto(`${baseUrl()}/portal/contracts/${scenario.contractId}`);
      await page.getByRole('heading', { name: `${fiscalYearLabel(FISCAL_YEAR)} 事業者確認用チェックリスト` }).waitFor();
      await page.locator(`tr[data-item="${submitted.noItemId}"]`).waitFor();
      for (const item of form.items) {
        const disclosure = page.locator(`tr[data-item="${item.id}"] details.item-manual`);
        if (!item.manual) {
          // A version or item without manual text shows none.
          await expect(disclosure.count()).resolves.toBe(0);
          continue;
        }
        await disclosure.locator('summary', { hasText: 'マニュアルの解説' }).click();
        await disclosure.getByText(item.manual.explanation[0]).waitFor();
        await disclosure.getByText(`出典: ${item.manual.source}`).waitFor();
      }
    });
    await step(page, 'manual-received-widths', async () => {
      await page.setViewportSize(PHONE);
      await expectAccessible(page, 'contract-checklist-manual-390');
      await page.setViewportSize(DESKTOP);
      await expectAccessible(page, 'contract-checklist-manual-1280');
      await bothWidths(page, 'contract-checklist-manual');
    });
    expect(errors).toEqual([]);
  });
});
