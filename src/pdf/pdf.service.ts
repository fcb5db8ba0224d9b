import { Injectable } from '@nestjs/common';
import { renderChecklistPdf } from './checklist-pdf';
import { renderDisclosurePdf } from './disclosure-pdf';
import type { ChecklistPdfView, DisclosurePdfView } from './pdf.types';

/** Injectable face of the PDF renderers (pure functions; no state besides the process-wide font cache). */
@Injectable()
export class PdfService {
  renderChecklist(view: ChecklistPdfView): Promise<Uint8Array> {
    return renderChecklistPdf(view);
  }

  renderDisclosure(view: DisclosurePdfView): Promise<Uint8Array> {
    return renderDisclosurePdf(view);
  }
}
