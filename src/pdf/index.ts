export * from './pdf.types';
export { renderChecklistPdf, checklistItemLabel } from './checklist-pdf';
export { renderDisclosurePdf } from './disclosure-pdf';
export { PdfService } from './pdf.service';
