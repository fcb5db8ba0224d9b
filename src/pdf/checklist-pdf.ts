import { choiceCell, drawInfoGrid, drawTitleBlock } from './blocks';
import { createKaijiDocument, metadataDate, saveKaijiDocument } from './document';
import { COLORS, PageFlow } from './flow';
import { japanDate, revisionLabel } from './format';
import { WIDE_SPACE } from './text';
import { decoratePages } from './page-decor';
import type { ChecklistPdfItem, ChecklistPdfView, PdfRenderOptions } from './pdf.types';
import { drawTable, TableColumn, TableRow } from './table';

/**
 * The 事業者確認用 checklist laid out like the official sheet: title, 年度, 事業者名, 宛先,
 * 管理責任者, the printed instructions, then one row per item with はい・いいえ (the answer
 * circled), 確認日, 目標日 and 備考.
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

/** "2-①" or, when the customer's form numbers it differently, "2-① (薬局 2-②)". */
export function checklistItemLabel(item: ChecklistPdfItem, counterpartLabel = '薬局'): string {
  return item.counterpartId && item.counterpartId !== item.id ? `${item.id}\n(${counterpartLabel} ${item.counterpartId})` : item.id;
}

function itemRows(items: ChecklistPdfItem[], counterpartLabel: string | undefined): TableRow[] {
  const rows: TableRow[] = [];
  let section: string | undefined;
  for (const item of items) {
    if (item.section && item.section !== section) {
      rows.push({
        fill: COLORS.sectionFill,
        keepWithNext: true,
        cells: [{ text: item.section, weight: 'bold', colSpan: CHECKLIST_COLUMNS.length }],
      });
    }
    section = item.section ?? section;
    const negative = item.answer === 'いいえ';
    rows.push({
      cells: [
        { text: checklistItemLabel(item, counterpartLabel), weight: 'bold' },
        item.text,
        choiceCell(ANSWERS, item.answer, { chosenColor: negative ? COLORS.flagText : undefined }),
        { text: japanDate(item.confirmedOn) ?? '', size: DATE_SIZE },
        { text: japanDate(item.targetOn) ?? '', size: DATE_SIZE, weight: negative ? 'bold' : 'regular', color: negative ? COLORS.flagText : undefined },
        item.remarks ?? '',
      ],
    });
  }
  return rows;
}

export async function renderChecklistPdf(
  view: ChecklistPdfView,
  options: PdfRenderOptions = {},
): Promise<Uint8Array> {
  const document = await createKaijiDocument(
    {
      title: `${view.title} — ${view.vendorName}`,
      subject: `${view.fiscalYearLabel} 事業者確認用チェックリスト（${view.customerName}）`,
      author: view.vendorName,
      keywords: ['事業者確認用', view.fiscalYearLabel, view.vendorName, view.customerName],
      date: metadataDate(view.submittedAt),
    },
    options,
  );
  const flow = new PageFlow(document);
  drawTitleBlock(flow, view.title);
  drawInfoGrid(flow, [
    { label: '年度', value: view.fiscalYearLabel },
    { label: '版・状態', value: `${revisionLabel(view.revision)}${WIDE_SPACE}${view.status}` },
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
  drawTable(flow, { columns: CHECKLIST_COLUMNS }, itemRows(view.items, view.counterpartLabel));
  flow.gap(14);
  flow.ensure(24);
  flow.paragraph(`事業者名：${view.vendorName}`, { size: 9, weight: 'bold' });
  flow.paragraph(`管理責任者：${view.managerName ?? '（未記入）'}`, { size: 9 });
  decoratePages(document, {
    headerLeft: `${view.fiscalYearLabel} 事業者確認用${WIDE_SPACE}${view.vendorName} → ${view.customerName}`,
    headerRight: revisionLabel(view.revision),
    footerLeft: `${view.title}${WIDE_SPACE}${view.vendorName}`,
  });
  return saveKaijiDocument(document);
}
