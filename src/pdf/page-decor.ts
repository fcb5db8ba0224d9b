import { A4, KaijiDocument } from './document';
import { COLORS, DEFAULT_MARGINS, Margins } from './flow';
import { textWidth } from './fonts';
import { ellipsize } from './text';

/**
 * Running header and footer, drawn once every page exists: page numbers "n / N" bottom right, an
 * optional caption bottom left and an optional header line (text left and right) above the top
 * margin, with a thin rule.
 */
export interface PageDecorations {
  headerLeft?: string;
  headerRight?: string;
  /** Header on the first page too (false: the first page carries its own title block). */
  headerOnFirstPage?: boolean;
  footerLeft?: string;
  margins?: Margins;
  size?: number;
}

export function pageNumberLabel(pageNumber: number, pageCount: number): string {
  return `${pageNumber} / ${pageCount}`;
}

export function decoratePages({ doc, fonts }: KaijiDocument, decorations: PageDecorations): void {
  const margins = decorations.margins ?? DEFAULT_MARGINS;
  const size = decorations.size ?? 7.5;
  const pages = doc.getPages();
  const width = A4.width - margins.left - margins.right;
  pages.forEach((page, index) => {
    const style = { size, font: fonts.regular, color: COLORS.muted };
    // Footer
    const footerY = margins.bottom - 22;
    const number = pageNumberLabel(index + 1, pages.length);
    const numberWidth = textWidth('regular', number, size);
    page.drawText(number, { ...style, x: A4.width - margins.right - numberWidth, y: footerY });
    if (decorations.footerLeft) {
      const text = ellipsize(decorations.footerLeft, { weight: 'regular', size, maxWidth: width - numberWidth - 24 });
      page.drawText(text, { ...style, x: margins.left, y: footerY });
    }
    page.drawLine({
      start: { x: margins.left, y: footerY + size + 4 },
      end: { x: A4.width - margins.right, y: footerY + size + 4 },
      thickness: 0.4,
      color: COLORS.muted,
    });
    // Header
    if (index === 0 && !decorations.headerOnFirstPage) return;
    if (!decorations.headerLeft && !decorations.headerRight) return;
    const headerY = A4.height - margins.top + 12;
    const right = decorations.headerRight ?? '';
    const rightWidth = textWidth('regular', right, size);
    if (right) page.drawText(right, { ...style, x: A4.width - margins.right - rightWidth, y: headerY });
    if (decorations.headerLeft) {
      const text = ellipsize(decorations.headerLeft, { weight: 'regular', size, maxWidth: width - rightWidth - 24 });
      page.drawText(text, { ...style, x: margins.left, y: headerY });
    }
    page.drawLine({
      start: { x: margins.left, y: headerY - 4 },
      end: { x: A4.width - margins.right, y: headerY - 4 },
      thickness: 0.4,
      color: COLORS.muted,
    });
  });
}
