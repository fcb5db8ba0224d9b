import { drawChecklistSheet } from './checklist-sheet';
import { createKaijiDocument, metadataDate, saveKaijiDocument } from './document';
import { PageFlow } from './flow';
import { revisionLabel } from './format';
import { decoratePages } from './page-decor';
import type { ChecklistPdfView, PdfRenderOptions } from './pdf.types';
import { WIDE_SPACE } from './text';

/** The 事業者確認用 checklist as a document of its own, laid out like the official sheet. */
export async function renderChecklistPdf(view: ChecklistPdfView, options: PdfRenderOptions = {}): Promise<Uint8Array> {
  const document = await createKaijiDocument(
    {
      title: `${view.title} — ${view.vendorName}`,
      subject: `${view.fiscalYearLabel} 事業者確認用チェックリスト（${view.customerName}）`,
      author: view.vendorName,
      keywords: ['事業者確認用', view.fiscalYearLabel, view.vendorName, view.customerName],
      date: metadataDate(view.submittedAt),
    },
    options,
  );
  drawChecklistSheet(new PageFlow(document), view);
  decoratePages(document, {
    headerLeft: `${view.fiscalYearLabel} 事業者確認用${WIDE_SPACE}${view.vendorName} → ${view.customerName}`,
    headerRight: revisionLabel(view.revision),
    footerLeft: `${view.title}${WIDE_SPACE}${view.vendorName}`,
  });
  return saveKaijiDocument(document);
}
