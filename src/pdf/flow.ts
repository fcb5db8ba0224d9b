import { PDFFont, PDFPage, rgb, RGB } from 'pdf-lib';
import { A4, KaijiDocument } from './document';
import { FontWeight, textWidth } from './fonts';
import { wrapText } from './text';

/** Colours shared by the documents. */
export const COLORS = {
  text: rgb(0.1, 0.1, 0.1),
  muted: rgb(0.4, 0.4, 0.4),
  rule: rgb(0.35, 0.35, 0.35),
  headerFill: rgb(0.86, 0.89, 0.94),
  sectionFill: rgb(0.93, 0.93, 0.93),
  labelFill: rgb(0.95, 0.96, 0.98),
  flagFill: rgb(1, 0.88, 0.86),
  flagText: rgb(0.78, 0.06, 0.06),
  mark: rgb(0.05, 0.05, 0.05),
} as const;

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const DEFAULT_MARGINS: Margins = { top: 42, right: 32, bottom: 46, left: 32 };

export interface TextStyle {
  weight?: FontWeight;
  size?: number;
  color?: RGB;
}

/**
 * Top-to-bottom layout over as many A4 pages as needed: a cursor `y` (PDF coordinates, origin at
 * the bottom left), page breaks when content does not fit, and hooks run on every new page (a
 * table uses one to repeat its header).
 */
export class PageFlow {
  readonly margins: Margins;
  page: PDFPage;
  y: number;
  private readonly newPageHooks: ((flow: PageFlow) => void)[] = [];

  constructor(
    readonly document: KaijiDocument,
    margins: Margins = DEFAULT_MARGINS,
  ) {
    this.margins = margins;
    this.page = this.document.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - margins.top;
  }

  get left(): number {
    return this.margins.left;
  }

  get contentWidth(): number {
    return A4.width - this.margins.left - this.margins.right;
  }

  /** Space left above the bottom margin. */
  get remaining(): number {
    return this.y - this.margins.bottom;
  }

  /** The full height available on a fresh page (after the new-page hooks). */
  get pageCapacity(): number {
    return A4.height - this.margins.top - this.margins.bottom;
  }

  font(weight: FontWeight = 'regular'): PDFFont {
    return this.document.fonts[weight];
  }

  /** Runs `hook` on every page added from now on, until the returned function is called. */
  onNewPage(hook: (flow: PageFlow) => void): () => void {
    this.newPageHooks.push(hook);
    return () => {
      const index = this.newPageHooks.indexOf(hook);
      if (index >= 0) this.newPageHooks.splice(index, 1);
    };
  }

  newPage(): void {
    this.page = this.document.doc.addPage([A4.width, A4.height]);
    this.y = A4.height - this.margins.top;
    for (const hook of [...this.newPageHooks]) hook(this);
  }

  /** Breaks the page unless `height` still fits. */
  ensure(height: number): void {
    if (height > this.remaining) this.newPage();
  }

  /** Draws one line of text with its top at `top` (baseline placed from the font size). */
  drawLine(text: string, x: number, top: number, style: TextStyle = {}): void {
    const size = style.size ?? 9;
    this.page.drawText(text, {
      x,
      y: top - size * 0.88,
      size,
      font: this.font(style.weight),
      color: style.color ?? COLORS.text,
    });
  }

  /** A wrapped paragraph across the content width (or `width`), moving the cursor below it. */
  paragraph(text: string, style: TextStyle & { indent?: number; width?: number; lineGap?: number; align?: 'left' | 'center' } = {}): void {
    const size = style.size ?? 9;
    const indent = style.indent ?? 0;
    const maxWidth = (style.width ?? this.contentWidth) - indent;
    const lineHeight = size * (1 + (style.lineGap ?? 0.35));
    for (const line of wrapText(text, { weight: style.weight ?? 'regular', size, maxWidth })) {
      this.ensure(lineHeight);
      const x =
        style.align === 'center'
          ? this.left + (this.contentWidth - textWidth(style.weight ?? 'regular', line, size)) / 2
          : this.left + indent;
      this.drawLine(line, x, this.y, style);
      this.y -= lineHeight;
    }
  }

  /** Vertical space (never carried over to a new page). */
  gap(height: number): void {
    this.y = Math.max(this.y - height, this.margins.bottom);
  }
}
