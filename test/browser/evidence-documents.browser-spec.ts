import { PDFDocument, PDFName, PDFString, StandardFonts } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { Api, uniqueSuffix } from './support/api';
import { openBrowser, step, watchErrors, type Browser } from './support/browser';
import { login, logout, visit } from './support/portal-navigation';
import { USER_PASSWORD } from './support/scenario';
import { DESKTOP, PHONE, bothWidths } from './support/widths';

/** A one-page PDF as a word processor exports it; with `script`, one that runs JavaScript when opened. */
async function pdf(text: string, script = false): Promise<Buffer> {
  const document = await PDFDocument.create();
  document.addPage([595, 842]).drawText(text, { x: 50, y: 780, size: 14, font: await document.embedFont(StandardFonts.Helvetica) });
  if (script) document.catalog.set(PDFName.of('OpenAction'), document.context.obj({ S: 'JavaScript', JS: PDFString.of('app.alert(1)') }));
  return Buffer.from(await document.save());
}

/** A pharmacy of its own with an administrator; no evidence documents yet. */
async function pharmacy(): Promise<{ email: string }> {
  const suffix = uniqueSuffix();
  const operator = await Api.operator();
  const created = await operator.post<{ id: string }>('/v1/organizations', { kind: 'pharmacy', name: `みどり薬局 ${suffix}`, pharmacyCode: `13497${suffix.slice(-5)}` });
  const email = `evidence-${suffix}@browser.example`;
  await operator.post(`/v1/organizations/${created.id}/users`, { email, password: USER_PASSWORD, displayName: '佐藤 花子 (管理薬剤師)', role: 'admin' });
  return { email };
}

async function accessibleAtBothWidths(page: Page, name: string): Promise<void> {
  await bothWidths(page, name);
  await page.setViewportSize(PHONE);
  await expectAccessible(page, `${name}-390`);
  await page.setViewportSize(DESKTOP);
  await expectAccessible(page, `${name}-1280`);
}

/**
 * 証跡・規程類: the pharmacy registers its BCP with a PDF; a PDF carrying a script is refused beside
 * the file field in Japanese; the document is listed with its review date, and archived after a confirmation.
 */
describe('証跡・規程類: a pharmacy uploads its BCP and lists it (headless Chromium)', () => {
  let browser: Browser;
  let account: { email: string };
  let errors: string[];

  beforeAll(async () => {
    account = await pharmacy();
    browser = await openBrowser(DESKTOP);
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('refuses a PDF with a script beside the field, then takes a plain one and lists it', async () => {
    const { page } = browser;
    await step(page, 'evidence-upload', async () => {
      await login(page, account.email, USER_PASSWORD);
      await visit(page, '証跡・規程類', '証跡・規程類');
      await page.getByText('この年度の証跡はまだ登録されていません。').waitFor();
      await accessibleAtBothWidths(page, 'evidence-empty');

      await page.getByLabel('種類', { exact: true }).selectOption('bcp');
      await page.getByLabel(/^表題/).fill('サイバー攻撃を想定したBCP');
      await page.getByLabel(/^文書の日付/).fill('2026-05-01');
      await page.getByLabel(/^次回見直し日/).fill('2027-04-30');
      await page.getByLabel(/^PDF/).setInputFiles({ name: 'bcp-script.pdf', mimeType: 'application/pdf', buffer: await pdf('BCP', true) });
      await page.getByRole('button', { name: '登録' }).click();
      const refusal = page.getByTestId('pdf-error');
      await refusal.waitFor();
      await expect(refusal.textContent()).resolves.toContain('実行可能な内容');
      await accessibleAtBothWidths(page, 'evidence-refused');

      await page.getByLabel(/^PDF/).setInputFiles({ name: 'BCP_2026.pdf', mimeType: 'application/pdf', buffer: await pdf('BCP 2026') });
      // The refused upload left the document registered without a PDF: its card offers to attach one too.
      await page.getByTestId('evidence-document').filter({ hasText: 'PDF未添付' }).getByLabel('「サイバー攻撃を想定したBCP」のPDF').waitFor();
      await page.getByRole('region', { name: '証跡を登録' }).getByRole('button', { name: 'PDFを添付' }).click();
      await page.getByText('「サイバー攻撃を想定したBCP」を登録しました。').waitFor();
      const card = page.getByTestId('evidence-document').filter({ hasText: 'サイバー攻撃を想定したBCP' });
      await card.getByText('BCP_2026.pdf', { exact: false }).waitFor();
      await card.getByText('2027-04-30').waitFor();
      await card.getByRole('button', { name: 'PDFをダウンロード' }).waitFor();
      await accessibleAtBothWidths(page, 'evidence-listed');
    });
  });

  it('archives a document after a confirmation', async () => {
    const { page } = browser;
    await step(page, 'evidence-archive', async () => {
      const card = page.getByTestId('evidence-document').filter({ hasText: 'サイバー攻撃を想定したBCP' });
      await card.getByRole('button', { name: 'アーカイブ' }).click();
      const dialog = page.getByRole('dialog', { name: '証跡をアーカイブしますか' });
      await dialog.waitFor();
      await expectAccessible(page, 'evidence-archive-dialog');
      await dialog.getByRole('button', { name: 'アーカイブする' }).click();
      await page.getByText('この年度の証跡はまだ登録されていません。').waitFor();
      await logout(page);
    });
    expect(errors).toEqual([]);
  });
});
