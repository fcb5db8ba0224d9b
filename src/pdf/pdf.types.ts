/**
 * View models of the rendered PDFs. Other features build them from the database; the renderers
 * only lay them out, so they take plain strings (dates as `YYYY-MM-DD`) and never look anything up.
 */

export type ChecklistAnswer = 'はい' | 'いいえ';

export interface ChecklistPdfItem {
  /** The item id as printed on the vendor form, e.g. "2-①". */
  id: string;
  /** The id of the same item on the customer's form, shown next to `id` when given ("2-① (薬局 2-②)"). */
  counterpartId?: string;
  /** Section heading printed above the first item of each section, e.g. "1 体制構築". */
  section?: string;
  text: string;
  answer: ChecklistAnswer | null;
  confirmedOn: string | null;
  targetOn: string | null;
  remarks: string | null;
}

export interface ChecklistPdfView {
  title: string;
  fiscalYearLabel: string;
  /**
   * Which form version the checklist was answered on, printed under the 年度: carried forward from an
   * earlier 年度 or 旧様式, said plainly (「令和8年度: 令和7年度版で回答（令和8年度版は未登録）」).
   */
  formUseLabel?: string;
  vendorName: string;
  customerName: string;
  managerName: string | null;
  status: string;
  revision: number;
  submittedAt: string | null;
  /** Printed above the table, one paragraph each (the official sheet's 「はい」にマル… lines). */
  instructions?: string[];
  items: ChecklistPdfItem[];
  /** Who numbers the items as `counterpartId` ("薬局" unless told, e.g. "医療機関"). */
  counterpartLabel?: string;
}

export interface DisclosurePdfRow {
  id: string;
  text: string;
  answer: string | null;
  remarks: string | null;
  /** いいえ / 対象外 (or anything else the reader must not miss): the row is shaded and the answer bold red. */
  flagged: boolean;
}

export interface DisclosurePdfSection {
  title: string;
  rows: DisclosurePdfRow[];
}

export interface DisclosurePdfView {
  kind: 'MDS' | 'SDS' | 'RM-SDS';
  title: string;
  formLabel: string;
  vendorName: string;
  productName: string;
  productVersion: string;
  revision: number;
  status: string;
  statusLabel: string;
  createdOn: string;
  publishedOn: string | null;
  sections: DisclosurePdfSection[];
  disclaimer?: string;
}

/** Knobs for tests and diagnostics; production callers pass nothing. */
export interface PdfRenderOptions {
  /** Embed only the glyphs used (default). `false` embeds the whole 4.5 MB font: a reference for rendering checks. */
  subsetFonts?: boolean;
  /** Replaces the font engine handed to pdf-lib (tests use it to simulate a subsetter that loses glyphs). */
  fontkit?: PdfFontkit;
}

/** The font engine interface pdf-lib expects (`PDFDocument.registerFontkit`). */
export type PdfFontkit = Parameters<import('pdf-lib').PDFDocument['registerFontkit']>[0];
