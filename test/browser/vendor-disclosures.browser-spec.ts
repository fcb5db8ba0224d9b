import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { Page } from 'playwright-core';
import { expectAccessible } from './support/accessibility';
import { baseUrl, openBrowser, screenshot, step, watchErrors, type Browser } from './support/browser';
import { login, logout, visit } from './support/portal-navigation';
import { USER_PASSWORD } from './support/scenario';
import { vendorWithCustomer, type VendorScenario } from './support/vendor-scenario';

/**
 * Issue 14, parts 3 and 5, in a real browser: a vendor without an integration writes an SDS in the
 * portal (answers, one いいえ with 備考, the original PDF, the missing list going empty) and
 * publishes it; then fulfils a pharmacy's requests in place — an MDS it has not written yet
 * (create → publish → back to the request, fulfilled) and an SDS it has (pick the published one).
 */
/** The catalogued items of the JAHIS/JIRA MDS/SDS form (第6.0版対応, partial). */
const SDS_ITEM_IDS = ['1', '1.1', '1.2', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
/** A 1×1 PNG: an image renamed .pdf, which the API's inspection refuses. */
const PNG_1X1 = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

/** A small, plain one-page PDF, as a vendor's printed workbook would be. */
async function makePdf(text: string): Promise<Buffer> {
  const document = await PDFDocument.create();
  const page = document.addPage([595, 842]);
  page.drawText(text, { x: 50, y: 780, size: 14, font: await document.embedFont(StandardFonts.Helvetica) });
  return Buffer.from(await document.save({ useObjectStreams: false }));
}

describe('vendor MDS/SDS editor and requests fulfilled in place (headless Chromium)', () => {
  let browser: Browser;
  let errors: string[];
  let s: VendorScenario;

  beforeAll(async () => {
    s = await vendorWithCustomer();
    browser = await openBrowser({ width: 1280, height: 900 });
    errors = watchErrors(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Answers every catalogued item: 1 該当, `no` いいえ with its 備考, the rest はい. */
  async function answerAll(page: Page, no: string, remarks: string) {
    for (const itemId of SDS_ITEM_IDS) {
      const item = page.locator(`fieldset[data-item="${itemId}"]`);
      const answer = itemId === '1' ? '該当' : itemId === no ? 'いいえ' : 'はい';
      await item.getByLabel(answer, { exact: true }).check();
      if (itemId === no) await item.getByLabel(/^備考/).fill(remarks);
    }
  }

  async function createDraft(page: Page, kind: 'MDS' | 'SDS') {
    await page.getByLabel('バージョン', { exact: true }).selectOption('3.0');
    await page.getByLabel(new RegExp(`^${kind}（`)).check();
    await page.getByLabel(/様式から/).check();
    await page.getByRole('button', { name: '下書きを作成して編集する' }).click();
    await page.getByRole('heading', { level: 1, name: `${kind} ${s.productName} 3.0` }).waitFor();
  }

  async function publish(page: Page) {
    await page.getByRole('button', { name: '公開する' }).click();
    const dialog = page.getByRole('dialog', { name: /を公開しますか/ });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '公開する' }).click();
  }

  it('creates an SDS draft, answers it with one いいえ, attaches the PDF (a fake one refused) and publishes it', async () => {
    const { page } = browser;
    await step(page, 'open-editor', async () => {
      await login(page, s.vendorAdmin.email, s.vendorAdmin.password);
      await visit(page, 'MDS/SDS', 'MDS/SDS');
      await page.getByText('開示書はまだありません').waitFor();
      await page.getByRole('link', { name: '開示書を作成' }).click();
      await page.getByLabel('製品', { exact: true }).selectOption({ label: s.productName });
      await expect(page.getByLabel(/前の版から/).isDisabled()).resolves.toBe(true);
      await expectAccessible(page, 'vendor-disclosure-new');
      await createDraft(page, 'SDS');
      await expect(page.getByTestId('missing-list').locator('li').count()).resolves.toBe(SDS_ITEM_IDS.length);
    });
    await step(page, 'answer-items', async () => {
      await answerAll(page, '2', '扱う情報の一覧は契約時に個別に提示しています。');
      await page.getByTestId('missing-none').waitFor();
      await expect(page.getByRole('button', { name: '公開する' }).isEnabled()).resolves.toBe(true);
      await page.getByRole('button', { name: '下書きを保存' }).click();
      await page.getByText('保存しました。').waitFor();
    });
    await step(page, 'attach-pdf', async () => {
      const file = page.getByLabel(/添付するPDF/);
      await file.setInputFiles({ name: 'renamed-image.pdf', mimeType: 'application/pdf', buffer: PNG_1X1 });
      await page.getByRole('button', { name: 'アップロード' }).click();
      await page.getByRole('alert').filter({ hasText: 'PDFファイルではありません' }).waitFor();
      await file.setInputFiles({ name: 'SDS_あおばクラウド薬歴.pdf', mimeType: 'application/pdf', buffer: await makePdf('SDS original') });
      await page.getByRole('button', { name: 'アップロード' }).click();
      await page.getByText('PDFを添付しました。').waitFor();
      await page.getByText(/添付済み: SDS_あおばクラウド薬歴\.pdf/).waitFor();
      await screenshot(page, '60-vendor-sds-editor');
      await expectAccessible(page, 'vendor-disclosure-editor');
    });
    await step(page, 'editor-at-390', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('fieldset[data-item="2"]').scrollIntoViewIfNeeded();
      // The page never scrolls sideways: name whatever sticks out, should something do.
      const sticking = await page.evaluate(`[...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'))
        .slice(0, 5).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))`);
      expect(sticking).toEqual([]);
      const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
      expect(overflow).toBeLessThanOrEqual(1);
      await screenshot(page, '61-vendor-sds-editor-390');
      await page.setViewportSize({ width: 1280, height: 900 });
    });
    await step(page, 'publish', async () => {
      await publish(page);
      await page.getByText(/公開中です/).waitFor();
      await page.locator('tr.row-no[data-item="2"]').getByText('扱う情報の一覧は契約時に個別に提示しています。').waitFor();
      await expectAccessible(page, 'vendor-disclosure-published');
    });
    const listed = await s.vendorUser.get<{ items: { kind: string; status: string; attachment: unknown; reviewCount: number }[] }>(`/v1/disclosures?productId=${s.productId}`);
    expect(listed.items).toEqual([expect.objectContaining({ kind: 'SDS', status: 'published', attachment: expect.anything(), reviewCount: 1 })]);
  });

  it('fulfils an MDS request in place: create → publish → back on the request, fulfilled', async () => {
    const { page } = browser;
    const request = await s.pharmacyUser.post<{ id: string }>('/v1/document-requests', { contractId: s.contractId, kind: 'MDS', productId: s.productId, message: 'MDSのご提出をお願いします。' });
    await step(page, 'request-offers-create', async () => {
      await page.goto(`${baseUrl()}/portal/requests/${request.id}`);
      await page.getByRole('heading', { level: 1, name: /MDS.*の依頼/ }).waitFor();
      const create = page.getByRole('link', { name: '書類を作成して対応' });
      await create.waitFor();
      // Nothing matches yet: the action that would fail is not offered.
      await expect(page.getByRole('button', { name: '提出済みの書類で対応' }).count()).resolves.toBe(0);
      await expectAccessible(page, 'vendor-request-open');
      await create.click();
      await page.getByRole('heading', { level: 1, name: '開示書を作成' }).waitFor();
      await page.getByText(`${s.pharmacyName}からの依頼`).waitFor();
      await expect(page.getByLabel('製品', { exact: true }).inputValue()).resolves.toBe(s.productId);
      await expect(page.getByLabel(/^MDS（/).isChecked()).resolves.toBe(true);
      await createDraft(page, 'MDS');
    });
    await step(page, 'publish-and-return', async () => {
      await answerAll(page, '5', '次期バージョンで対応予定です。');
      await page.getByTestId('missing-none').waitFor();
      await publish(page);
      await page.waitForURL(`**/portal/requests/${request.id}`);
      await page.getByText('書類を公開し、この依頼に対応しました。').waitFor();
      await page.getByText('対応済み').first().waitFor();
      await screenshot(page, '62-vendor-request-fulfilled');
    });
  });

  it('fulfils an SDS request from the inbox with the SDS already published', async () => {
    const { page } = browser;
    await s.pharmacyUser.post('/v1/document-requests', { contractId: s.contractId, kind: 'SDS', productId: s.productId });
    await step(page, 'inbox-offers-existing', async () => {
      await visit(page, '受信箱', '受信箱');
      const row = page.locator('tbody tr', { hasText: s.pharmacyName });
      await row.getByRole('button', { name: '提出済みの書類で対応' }).waitFor();
      await expect(row.getByRole('link', { name: '書類を作成して対応' }).count()).resolves.toBe(0);
      await row.getByText(/SDS .+ 3\.0 第1版/).first().waitFor();
      await expectAccessible(page, 'vendor-inbox-actions');
      await row.getByRole('button', { name: '提出済みの書類で対応' }).click();
      const dialog = page.getByRole('dialog', { name: 'この書類で依頼に対応しますか' });
      await dialog.getByRole('button', { name: '対応済みにする' }).click();
      await row.getByText('対応済み').waitFor();
      await logout(page);
    });
  });

  it('shows the pharmacy both requests fulfilled', async () => {
    const { page } = browser;
    await step(page, 'pharmacy-sees-fulfilled', async () => {
      await login(page, s.pharmacist.email, s.pharmacist.password);
      await visit(page, '書類の依頼', /書類の依頼/);
      for (const kind of ['MDS', 'SDS']) {
        const row = page.locator('tbody tr', { hasText: `(${kind})` });
        await row.getByText('対応済み').first().waitFor();
        await row.getByRole('link', { name: '書類を見る' }).waitFor();
      }
      await screenshot(page, '63-pharmacy-requests-fulfilled');
    });
    const requests = await s.pharmacyUser.get<{ items: { kind: string; status: string }[] }>(`/v1/document-requests?contractId=${s.contractId}`);
    expect(requests.items.map((r) => [r.kind, r.status]).sort()).toEqual([
      ['MDS', 'fulfilled'],
      ['SDS', 'fulfilled'],
    ]);
  });

  it('offers a viewer of your organization nothing it may not do: it reads your SDS, but cannot create, revise or withdraw', async () => {
    const { page } = browser;
    const me = await s.vendorUser.get<{ organization: { id: string } }>('/v1/me');
    const viewer = { email: `viewer-${me.organization.id.slice(0, 8)}@browser.example`, password: USER_PASSWORD };
    await s.vendorUser.post(`/v1/organizations/${me.organization.id}/users`, { ...viewer, displayName: '閲覧 次郎 (事業者)', role: 'viewer' });
    await step(page, 'viewer-reads-only', async () => {
      await login(page, viewer.email, viewer.password);
      await visit(page, 'MDS/SDS', 'MDS/SDS');
      await page.getByRole('link', { name: `${s.productName} 3.0` }).first().waitFor();
      await expect(page.getByRole('link', { name: '開示書を作成' }).count()).resolves.toBe(0);
      await page.locator('tbody tr', { hasText: 'SDS' }).getByRole('link', { name: `${s.productName} 3.0` }).click();
      await page.getByText(/公開中です/).waitFor();
      await page.getByText('閲覧のみの権限では、改訂・取り下げはできません。').waitFor();
      await expect(page.getByRole('button', { name: '公開を取り下げる' }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: 'この版をもとに改訂版を作成' }).count()).resolves.toBe(0);
    });
  });

  it('left no script errors in the page', () => {
    expect(errors).toEqual([]);
  });
});
