import { choiceCell, drawInfoGrid, drawTitleBlock } from './blocks';
import { COLORS, PageFlow } from './flow';
import { japanDate, revisionLabel } from './format';
import type { InspectionSheetItem } from './inspection-pack.types';
import type { ChecklistPdfView } from './pdf.types';
import { CellContent, drawTable, TableColumn, TableRow } from './table';
import { WIDE_SPACE } from './text';

/**
 * A checklist laid out like the official sheet: title, 年度 and the form version used, 事業者名, 宛先, 管理責任者, the printed
 * instructions, then one row per item with はい・いいえ (the answer circled), 確認日, 目標日 and 備考.
 * Drawn alone (`renderChecklistPdf`) or as pages of the inspection pack.
 */

const ANSWERS = ['はい', 'いいえ'] as const;

export const CHECKLIST_COLUMNS: TableColumn[] = [
  { header: '項目番号', width: 56, align: 'center', valign: 'middle' },
  { header: 'チェック項目', valign: 'middle' },
  { header: 'はい・いいえ', width: 68, align: 'center' },
  { header: '確認日', width: 62, align: 'center', valign: 'middle' },
  { header: '目標日', width: 62, align: 'center', valign: 'middle' },
  { header: '備考', width: 92, valign: 'middle' },
];

/** Dates at a size where `YYYY-MM-DD` fits its column on one line. */
const DATE_SIZE = 7.5;

type SheetItem = Pick<InspectionSheetItem, 'id' | 'counterpartId' | 'section' | 'text' | 'answer' | 'confirmedOn' | 'targetOn' | 'remarks' | 'derived'>;

/** "2-①" or, when the customer's form numbers it differently, "2-① (薬局 2-②)". */
export function checklistItemLabel(item: Pick<SheetItem, 'id' | 'counterpartId'>, counterpartLabel = '薬局'): string {
  return item.counterpartId && item.counterpartId !== item.id ? `${item.id}\n(${counterpartLabel} ${item.counterpartId})` : item.id;
}

/** はい・いいえ with the answer circled; 未回答 in red; anything else (記入不要) printed as it is. */
function answerCell(answer: string | null): CellContent {
  if (answer === 'はい' || answer === 'いいえ') return choiceCell(ANSWERS, answer, { chosenColor: answer === 'いいえ' ? COLORS.flagText : undefined });
  if (answer === null) return { text: '未回答', weight: 'bold', color: COLORS.flagText, align: 'center', valign: 'middle' };
  return { text: answer, weight: 'bold', align: 'center', valign: 'middle' };
}

/** The rows of the sheet: a section row above each section's first item, then one row per item. */
export function checklistSheetRows(items: SheetItem[], counterpartLabel?: string): TableRow[] {
  const rows: TableRow[] = [];
  let section: string | undefined;
  for (const item of items) {
    if (item.section && item.section !== section) {
      rows.push({ fill: COLORS.sectionFill, keepWithNext: true, cells: [{ text: item.section, weight: 'bold', colSpan: CHECKLIST_COLUMNS.length }] });
    }
    section = item.section ?? section;
    const negative = item.answer === 'いいえ';
    rows.push({
      cells: [
        { text: `${checklistItemLabel(item, counterpartLabel)}${item.derived ? '\n（算出）' : ''}`, weight: 'bold' },
        item.text,
        answerCell(item.answer),
        { text: japanDate(item.confirmedOn) ?? '', size: DATE_SIZE },
        { text: japanDate(item.targetOn) ?? '', size: DATE_SIZE, weight: negative ? 'bold' : 'regular', color: negative ? COLORS.flagText : undefined },
        { text: item.remarks ?? '', size: item.derived ? 7.5 : undefined },
      ],
    });
  }
  return rows;
}

/** A 事業者確認用 checklist from its title block to the signature lines. */
export function drawChecklistSheet(flow: PageFlow, view: ChecklistPdfView): void {
  drawTitleBlock(flow, view.title);
  drawInfoGrid(flow, [
    { label: '年度', value: view.fiscalYearLabel },
    { label: '版・状態', value: `${revisionLabel(view.revision)}${WIDE_SPACE}${view.status}` },
    ...(view.formUseLabel ? [{ label: '様式', value: view.formUseLabel, wide: true }] : []),
    { label: '事業者名', value: view.vendorName, wide: true },
    { label: '宛先', value: view.customerName, wide: true },
    { label: '管理責任者', value: view.managerName },
    { label: '提出日', value: japanDate(view.submittedAt) },
  ]);
  if (view.instructions?.length) {
    flow.gap(8);
    for (const line of view.instructions) flow.paragraph(`・${line}`, { size: 8.5, indent: 2 });
  }
  flow.gap(8);
  drawTable(flow, { columns: CHECKLIST_COLUMNS }, checklistSheetRows(view.items, view.counterpartLabel));
  flow.gap(12);
  flow.ensure(24);
  flow.paragraph(`事業者名：${view.vendorName}`, { size: 9, weight: 'bold' });
  flow.paragraph(`管理責任者：${view.managerName ?? '（未記入）'}`, { size: 9 });
}
