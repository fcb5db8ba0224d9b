/**
 * PDF rendering (pdf-lib + upstream fontkit, BIZ UDPGothic subsets). Documents:
 *   renderChecklistPdf — 事業者確認用 checklist, renderDisclosurePdf — MDS/SDS disclosure.
 * Building blocks for further documents (e.g. an inspection pack):
 *   document.ts  createKaijiDocument / saveKaijiDocument: fonts embedded, metadata, compression
 *   flow.ts      PageFlow: cursor over A4 pages, page breaks, new-page hooks, paragraphs
 *   table.ts     drawTable: wrapped cells, repeated header row, rows split over pages
 *   blocks.ts    title block, label/value grid, circled choices
 *   page-decor.ts decoratePages: running header, footer caption, "n / N" page numbers
 *   text.ts      wrapText: Japanese line breaking by character width with 禁則
 */
export * from './pdf.types';
export { renderChecklistPdf } from './checklist-pdf';
export { checklistItemLabel } from './checklist-sheet';
export { renderDisclosurePdf } from './disclosure-pdf';
export { createKaijiDocument, saveKaijiDocument, metadataDate, A4 } from './document';
export type { KaijiDocument, PdfMetadata } from './document';
export { PageFlow, COLORS, DEFAULT_MARGINS } from './flow';
export { drawTable, columnWidths } from './table';
export type { TableColumn, TableRow, TableOptions, Cell, CellContent, CellBox } from './table';
export { drawTitleBlock, drawInfoGrid, choiceCell } from './blocks';
export { decoratePages, pageNumberLabel } from './page-decor';
export { wrapText, ellipsize, WIDE_SPACE } from './text';
export { japanDate, revisionLabel } from './format';
