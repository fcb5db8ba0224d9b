import { PDFPage, RGB } from 'pdf-lib';
import type { FontWeight } from './fonts';
import { textWidth } from './fonts';
import { COLORS, PageFlow } from './flow';
import { wrapText } from './text';

/**
 * A bordered table flowing over pages: cells wrap Japanese text by character width, a row that
 * does not fit moves to the next page, the header row is repeated on every page the table
 * reaches, and a row taller than a whole page is split between pages.
 */

export type Align = 'left' | 'center' | 'right';

export interface TableColumn {
  header: string;
  /** Width in points; one column may leave it out and take what the others leave. */
  width?: number;
  align?: Align;
  valign?: 'top' | 'middle';
}

export interface CellBox {
  flow: PageFlow;
  page: PDFPage;
  x: number;
  /** Top edge of the cell (PDF coordinates grow upwards). */
  top: number;
  width: number;
  height: number;
}

export interface CellContent {
  text?: string;
  weight?: FontWeight;
  color?: RGB;
  size?: number;
  align?: Align;
  valign?: 'top' | 'middle';
  fill?: RGB;
  colSpan?: number;
  /** Draws the cell's content itself (marks, symbols); `text` is then ignored. */
  draw?: (box: CellBox) => void;
  /** Content height a `draw` cell needs; one text line when left out. */
  contentHeight?: number;
}

export type Cell = string | CellContent | null;

export interface TableRow {
  cells: Cell[];
  fill?: RGB;
  /** Never leave this row alone at the bottom of a page (section headings). */
  keepWithNext?: boolean;
}

export interface TableOptions {
  columns: TableColumn[];
  /** Font size of the cells; 8.5 pt unless told. */
  size?: number;
  paddingX?: number;
  paddingY?: number;
  /** Print the header row (and repeat it on every page); true unless told. */
  header?: boolean;
  headerFill?: RGB;
  borderColor?: RGB;
}

interface PlacedCell {
  content: CellContent;
  x: number;
  width: number;
  lines: string[];
  height: number;
}

interface MeasuredRow {
  row: TableRow;
  cells: PlacedCell[];
  height: number;
}

const LINE_FACTOR = 1.32;

/** Resolves column widths against the flow's content width. */
export function columnWidths(columns: TableColumn[], total: number): number[] {
  const fixed = columns.reduce((sum, c) => sum + (c.width ?? 0), 0);
  const flexible = columns.filter((c) => c.width === undefined).length;
  const rest = flexible ? Math.max(0, total - fixed) / flexible : 0;
  return columns.map((c) => c.width ?? rest);
}

export function drawTable(flow: PageFlow, options: TableOptions, rows: TableRow[]): void {
  const size = options.size ?? 8.5;
  const padX = options.paddingX ?? 4;
  const padY = options.paddingY ?? 3.5;
  const lineHeight = size * LINE_FACTOR;
  const widths = columnWidths(options.columns, flow.contentWidth);
  const starts = widths.map((_, i) => flow.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const border = options.borderColor ?? COLORS.rule;

  const measure = (row: TableRow): MeasuredRow => {
    const cells: PlacedCell[] = [];
    let column = 0;
    for (const cell of row.cells) {
      if (column >= widths.length) break;
      const content: CellContent = typeof cell === 'string' ? { text: cell } : (cell ?? {});
      const span = Math.min(content.colSpan ?? 1, widths.length - column);
      const width = widths.slice(column, column + span).reduce((a, b) => a + b, 0);
      const cellSize = content.size ?? size;
      const lines = content.draw
        ? []
        : wrapText(content.text ?? '', { weight: content.weight ?? 'regular', size: cellSize, maxWidth: width - 2 * padX });
      const height = content.draw ? (content.contentHeight ?? lineHeight) : lines.length * cellSize * LINE_FACTOR;
      const { align, valign } = options.columns[column];
      cells.push({ content: { ...content, align: content.align ?? align, valign: content.valign ?? valign }, x: starts[column], width, lines, height });
      column += span;
    }
    const height = Math.max(lineHeight, ...cells.map((c) => c.height)) + 2 * padY;
    return { row, cells, height };
  };

  const drawCells = (measured: MeasuredRow, from: number, count: number, height: number, first: boolean) => {
    const top = flow.y;
    for (const cell of measured.cells) {
      const fill = cell.content.fill ?? measured.row.fill;
      flow.page.drawRectangle({
        x: cell.x,
        y: top - height,
        width: cell.width,
        height,
        color: fill,
        borderColor: border,
        borderWidth: 0.5,
      });
      const box: CellBox = { flow, page: flow.page, x: cell.x, top, width: cell.width, height };
      if (cell.content.draw) {
        if (first) cell.content.draw(box);
        continue;
      }
      const cellSize = cell.content.size ?? size;
      const cellLineHeight = cellSize * LINE_FACTOR;
      const lines = cell.lines.slice(from, from + count);
      const textHeight = lines.length * cellLineHeight;
      let lineTop = cell.content.valign === 'middle' ? top - (height - textHeight) / 2 : top - padY;
      for (const line of lines) {
        const weight = cell.content.weight ?? 'regular';
        const w = textWidth(weight, line, cellSize);
        const x =
          cell.content.align === 'center'
            ? cell.x + (cell.width - w) / 2
            : cell.content.align === 'right'
              ? cell.x + cell.width - padX - w
              : cell.x + padX;
        flow.drawLine(line, x, lineTop - (cellLineHeight - cellSize) / 2, { weight, size: cellSize, color: cell.content.color });
        lineTop -= cellLineHeight;
      }
    }
    flow.y -= height;
  };

  const headerRow: MeasuredRow | null =
    options.header === false
      ? null
      : measure({
          fill: options.headerFill ?? COLORS.headerFill,
          cells: options.columns.map((c) => ({ text: c.header, weight: 'bold' as const, align: 'center' as const, valign: 'middle' as const })),
        });
  const drawHeader = () => {
    if (headerRow) drawCells(headerRow, 0, Number.MAX_SAFE_INTEGER, headerRow.height, true);
  };

  const measured = rows.map(measure);
  const headerHeight = headerRow?.height ?? 0;
  // The header never sits alone at the bottom of a page.
  flow.ensure(headerHeight + (measured[0]?.height ?? 0));
  drawHeader();
  const stopRepeating = flow.onNewPage(drawHeader);
  try {
    measured.forEach((row, index) => {
      const next = row.row.keepWithNext ? (measured[index + 1]?.height ?? 0) : 0;
      const fitsOnPage = row.height + next <= flow.pageCapacity - headerHeight;
      if (fitsOnPage) {
        flow.ensure(row.height + next);
        drawCells(row, 0, Number.MAX_SAFE_INTEGER, row.height, true);
        return;
      }
      drawSplitRow(row);
    });
  } finally {
    stopRepeating();
  }

  /** A row taller than a page: as many lines as fit, then the rest on the following pages. */
  function drawSplitRow(row: MeasuredRow) {
    const maxLines = Math.max(...row.cells.map((c) => c.lines.length));
    let from = 0;
    let first = true;
    while (from < maxLines) {
      let count = Math.floor((flow.remaining - 2 * padY) / lineHeight);
      if (count < 2) {
        flow.newPage();
        count = Math.floor((flow.remaining - 2 * padY) / lineHeight);
      }
      count = Math.min(count, maxLines - from);
      drawCells(row, from, count, count * lineHeight + 2 * padY, first);
      first = false;
      from += count;
    }
  }
}
