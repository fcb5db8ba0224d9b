import type { PDFPage, RGB } from 'pdf-lib';
import { A4 } from './document';
import { COLORS, PageFlow } from './flow';
import { textWidth } from './fonts';
import type { InspectionFact } from './inspection-pack.types';
import { Cell, CellContent, drawTable, TableRow } from './table';
import { ellipsize } from './text';

/**
 * Blocks of documents that bind several sheets into one (the inspection pack): section headings,
 * notices, label/value facts, and a table of contents whose page numbers are filled in once every
 * page exists.
 */

/** A shaded bar with the section's title in bold. */
export function drawSectionHeading(flow: PageFlow, text: string): void {
  drawTable(flow, { columns: [{ header: '' }], header: false, size: 11, paddingY: 5 }, [{ fill: COLORS.headerFill, cells: [{ text, weight: 'bold' }] }]);
  flow.gap(8);
}

/** A bold line above a block; kept with at least `keep` points of what follows. */
export function drawSubheading(flow: PageFlow, text: string, options: { keep?: number; color?: RGB } = {}): void {
  flow.ensure(14 + (options.keep ?? 40));
  flow.paragraph(text, { weight: 'bold', size: 10, color: options.color });
  flow.gap(3);
}

/** A boxed remark across the page: red on pink for what needs attention, grey otherwise. */
export function drawNotice(flow: PageFlow, text: string, tone: 'flag' | 'info' = 'info'): void {
  const flag = tone === 'flag';
  drawTable(flow, { columns: [{ header: '' }], header: false, size: 9, paddingY: 5 }, [
    { fill: flag ? COLORS.flagFill : COLORS.sectionFill, cells: [{ text, weight: flag ? 'bold' : 'regular', color: flag ? COLORS.flagText : COLORS.text }] },
  ]);
  flow.gap(6);
}

/** Label/value rows (`pairs` pairs side by side), values in red where flagged. */
export function drawFacts(flow: PageFlow, facts: InspectionFact[], options: { labelWidth?: number; pairs?: 1 | 2 } = {}): void {
  if (facts.length === 0) return;
  const pairs = options.pairs ?? 1;
  const labelWidth = options.labelWidth ?? 150;
  const columns = Array.from({ length: pairs }, () => [{ header: '', width: labelWidth }, { header: '' }]).flat();
  const cells = (fact: InspectionFact): Cell[] => [
    { text: fact.label, weight: 'bold', fill: COLORS.labelFill, valign: 'middle' },
    { text: fact.value || '—', valign: 'middle', weight: fact.flagged ? 'bold' : 'regular', color: fact.flagged ? COLORS.flagText : undefined },
  ];
  const rows: TableRow[] = [];
  for (let i = 0; i < facts.length; i += pairs) {
    const row = facts.slice(i, i + pairs).flatMap(cells);
    if (row.length < columns.length) (row[row.length - 1] as CellContent).colSpan = columns.length - row.length + 1;
    rows.push({ cells: row });
  }
  drawTable(flow, { columns, header: false, size: 8.5, paddingY: 3.5 }, rows);
}

/** Bulleted lines (・), optionally in red. */
export function drawBullets(flow: PageFlow, lines: string[], options: { color?: RGB; size?: number } = {}): void {
  for (const line of lines) flow.paragraph(`・${line}`, { size: options.size ?? 8.5, indent: 4, color: options.color });
}

export interface ContentsEntry {
  key: string;
  title: string;
  /** 0: a section, 1: an entry under it. */
  level: 0 | 1;
}

interface ContentsSlot {
  key: string;
  page: PDFPage;
  top: number;
  textEnd: number;
}

const CONTENTS_SIZE = 9;
const CONTENTS_LINE = 14;

/**
 * A table of contents drawn before the pages it points to exist: the titles are printed where the
 * flow is, each section marks its first page as it starts, and `fill` writes the page numbers
 * (with dot leaders) at the end.
 */
export class TableOfContents {
  private readonly slots: ContentsSlot[] = [];
  private readonly pages = new Map<string, number>();

  draw(flow: PageFlow, entries: ContentsEntry[]): void {
    const numberSpace = 40;
    for (const entry of entries) {
      flow.ensure(CONTENTS_LINE);
      const indent = entry.level === 0 ? 0 : 16;
      const weight = entry.level === 0 ? 'bold' : 'regular';
      const maxWidth = flow.contentWidth - indent - numberSpace;
      const title = ellipsize(entry.title, { weight, size: CONTENTS_SIZE, maxWidth });
      flow.drawLine(title, flow.left + indent, flow.y, { weight, size: CONTENTS_SIZE });
      this.slots.push({ key: entry.key, page: flow.page, top: flow.y, textEnd: flow.left + indent + textWidth(weight, title, CONTENTS_SIZE) });
      flow.y -= CONTENTS_LINE;
    }
  }

  /** The section `key` starts on the flow's current page. */
  mark(flow: PageFlow, key: string): void {
    this.pages.set(key, flow.document.doc.getPageCount());
  }

  pageOf(key: string): number | undefined {
    return this.pages.get(key);
  }

  fill(flow: PageFlow): void {
    const right = A4.width - flow.margins.right;
    for (const slot of this.slots) {
      const page = this.pages.get(slot.key);
      if (page === undefined) continue;
      const label = String(page);
      const width = textWidth('regular', label, CONTENTS_SIZE);
      const baseline = slot.top - CONTENTS_SIZE * 0.88;
      slot.page.drawText(label, { x: right - width, y: baseline, size: CONTENTS_SIZE, font: flow.font('regular'), color: COLORS.text });
      slot.page.drawLine({
        start: { x: slot.textEnd + 6, y: baseline + 1 },
        end: { x: right - width - 6, y: baseline + 1 },
        thickness: 0.8,
        dashArray: [0.8, 2.4],
        color: COLORS.muted,
      });
    }
  }
}
