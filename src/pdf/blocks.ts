import { RGB } from 'pdf-lib';
import { COLORS, PageFlow } from './flow';
import { textWidth } from './fonts';
import { Cell, CellBox, CellContent, drawTable } from './table';

/** Reusable pieces of the official-looking sheets: title block, label/value grid, circled choices. */

/** A centred bold title with an optional smaller line under it. */
export function drawTitleBlock(flow: PageFlow, title: string, subtitle?: string): void {
  flow.paragraph(title, { weight: 'bold', size: 13, align: 'center', lineGap: 0.3 });
  if (subtitle) {
    flow.gap(1);
    flow.paragraph(subtitle, { size: 8.5, align: 'center', color: COLORS.muted });
  }
  flow.gap(8);
}

export interface InfoField {
  label: string;
  value: string | null | undefined;
  /** Takes the whole row (label + every value column). */
  wide?: boolean;
}

/**
 * Label/value pairs in a bordered grid, `pairsPerRow` pairs side by side (labels shaded);
 * a `wide` field takes a row of its own. Empty values print as "—".
 */
export function drawInfoGrid(
  flow: PageFlow,
  fields: InfoField[],
  options: { pairsPerRow?: 1 | 2; labelWidth?: number; size?: number } = {},
): void {
  const pairs = options.pairsPerRow ?? 2;
  const labelWidth = options.labelWidth ?? 78;
  const valueWidth = (flow.contentWidth - pairs * labelWidth) / pairs;
  const columns = Array.from({ length: pairs }, () => [
    { header: '', width: labelWidth },
    { header: '', width: valueWidth },
  ]).flat();
  const label = (text: string): CellContent => ({ text, weight: 'bold', fill: COLORS.labelFill, valign: 'middle' });
  const value = (text: string | null | undefined, colSpan = 1): CellContent => ({
    text: text?.trim() ? text : '—',
    colSpan,
    valign: 'middle',
  });
  const rows: { cells: Cell[] }[] = [];
  let pending: Cell[] = [];
  const flush = () => {
    if (!pending.length) return;
    if (pending.length < pairs * 2) (pending[pending.length - 1] as CellContent).colSpan = pairs * 2 - pending.length + 1;
    rows.push({ cells: pending });
    pending = [];
  };
  for (const field of fields) {
    if (field.wide) {
      flush();
      rows.push({ cells: [label(field.label), value(field.value, pairs * 2 - 1)] });
      continue;
    }
    pending.push(label(field.label), value(field.value));
    if (pending.length === pairs * 2) flush();
  }
  flush();
  drawTable(flow, { columns, header: false, size: options.size ?? 8.5, paddingY: 4 }, rows);
}

/**
 * A choice cell like the paper forms' 「はい・いいえ に○」: every option printed, the chosen one
 * circled (and drawn bold, optionally in `chosenColor`), nothing circled when unanswered.
 */
export function choiceCell(
  options: readonly string[],
  chosen: string | null,
  style: { size?: number; chosenColor?: RGB; fill?: RGB } = {},
): CellContent {
  const size = style.size ?? 8.5;
  return {
    fill: style.fill,
    contentHeight: size * 1.9,
    draw: (box: CellBox) => drawChoices(box, options, chosen, size, style.chosenColor),
  };
}

function drawChoices(box: CellBox, options: readonly string[], chosen: string | null, size: number, chosenColor?: RGB) {
  const gap = size * 1.1;
  const widths = options.map((o) => textWidth(o === chosen ? 'bold' : 'regular', o, size));
  const total = widths.reduce((a, b) => a + b, 0) + gap * (options.length - 1);
  let x = box.x + (box.width - total) / 2;
  const baseline = box.top - box.height / 2 - size * 0.35;
  options.forEach((option, i) => {
    const isChosen = option === chosen;
    box.page.drawText(option, {
      x,
      y: baseline,
      size,
      font: box.flow.font(isChosen ? 'bold' : 'regular'),
      color: isChosen ? (chosenColor ?? COLORS.mark) : COLORS.muted,
    });
    if (isChosen) {
      box.page.drawEllipse({
        x: x + widths[i] / 2,
        y: baseline + size * 0.35,
        xScale: widths[i] / 2 + size * 0.45,
        yScale: size * 0.82,
        borderColor: chosenColor ?? COLORS.mark,
        borderWidth: 1.1,
      });
    }
    x += widths[i] + gap;
  });
}
