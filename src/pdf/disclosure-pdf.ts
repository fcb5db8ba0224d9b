import { drawInfoGrid, drawTitleBlock } from './blocks';
import { createKaijiDocument, metadataDate, saveKaijiDocument } from './document';
import { COLORS, PageFlow } from './flow';
import { japanDate, revisionLabel } from './format';
import { WIDE_SPACE } from './text';
import { decoratePages } from './page-decor';
import type { DisclosurePdfRow, DisclosurePdfView, PdfRenderOptions } from './pdf.types';
import { drawTable, TableColumn, TableRow } from './table';

/**
 * An MDS/SDS disclosure in a layout close to the JAHIS/JIRA form: header block (作成日, 事業者,
 * 製品/サービス名称, バージョン, 書式, 版/状態), then per section its rows (項番, 確認項目, 回答,
 * 備考). Rows answered いいえ / 対象外 (`flagged`) are shaded with the answer in bold red.
 */

export const DISCLOSURE_COLUMNS: TableColumn[] = [
  { header: '項番', width: 40, align: 'center', valign: 'middle' },
  { header: '確認項目', valign: 'middle' },
  { header: '回答', width: 54, align: 'center', valign: 'middle' },
  { header: '備考', width: 150, valign: 'middle' },
];

const PARTY_LABEL: Record<DisclosurePdfView['kind'], { vendor: string; product: string }> = {
  MDS: { vendor: '製造業者', product: '製品名称' },
  SDS: { vendor: 'サービス事業者', product: 'サービス名称' },
  'RM-SDS': { vendor: 'サービス事業者', product: 'サービス名称' },
};

function disclosureRow(row: DisclosurePdfRow): TableRow {
  const flagged = row.flagged;
  return {
    fill: flagged ? COLORS.flagFill : undefined,
    cells: [
      { text: row.id, weight: flagged ? 'bold' : 'regular' },
      row.text,
      {
        text: row.answer ?? '未回答',
        weight: flagged ? 'bold' : 'regular',
        color: flagged ? COLORS.flagText : row.answer ? undefined : COLORS.muted,
        size: flagged ? 9.5 : undefined,
      },
      row.remarks ?? '',
    ],
  };
}

function sectionRows(view: DisclosurePdfView): TableRow[] {
  return view.sections.flatMap((section) => [
    {
      fill: COLORS.sectionFill,
      keepWithNext: section.rows.length > 0,
      cells: [{ text: section.title, weight: 'bold' as const, colSpan: DISCLOSURE_COLUMNS.length }],
    },
    ...section.rows.map(disclosureRow),
  ]);
}

/** The legend that tells the reader what the shading means, with a sample swatch. */
function drawLegend(flow: PageFlow, flaggedCount: number): void {
  const size = 8;
  const top = flow.y;
  const text = `網掛けの行：回答が「いいえ」または「対象外」の項目（${flaggedCount} 件）`;
  flow.page.drawRectangle({
    x: flow.left,
    y: top - size - 1,
    width: 16,
    height: size + 2,
    color: COLORS.flagFill,
    borderColor: COLORS.rule,
    borderWidth: 0.5,
  });
  flow.drawLine(text, flow.left + 22, top, { size, color: COLORS.text });
  flow.y -= size + 8;
}

export async function renderDisclosurePdf(view: DisclosurePdfView, options: PdfRenderOptions = {}): Promise<Uint8Array> {
  const labels = PARTY_LABEL[view.kind];
  const document = await createKaijiDocument(
    {
      title: `${view.title} — ${view.productName} ${view.productVersion}`,
      subject: `${view.kind} ${view.formLabel}`,
      author: view.vendorName,
      keywords: [view.kind, view.vendorName, view.productName, view.productVersion],
      date: metadataDate(view.publishedOn, view.createdOn),
    },
    options,
  );
  const flow = new PageFlow(document);
  drawTitleBlock(flow, view.title);
  drawInfoGrid(flow, [
    { label: '作成日', value: japanDate(view.createdOn) },
    { label: '公開日', value: japanDate(view.publishedOn) },
    { label: labels.vendor, value: view.vendorName, wide: true },
    { label: labels.product, value: view.productName },
    { label: 'バージョン', value: view.productVersion },
    { label: '書式', value: view.formLabel, wide: true },
    { label: '種別', value: view.kind },
    { label: '版・状態', value: `${revisionLabel(view.revision)}${WIDE_SPACE}${view.statusLabel}` },
  ]);
  flow.gap(8);
  const flagged = view.sections.reduce((n, s) => n + s.rows.filter((r) => r.flagged).length, 0);
  drawLegend(flow, flagged);
  drawTable(flow, { columns: DISCLOSURE_COLUMNS }, sectionRows(view));
  if (view.disclaimer) {
    flow.gap(10);
    flow.paragraph(view.disclaimer, { size: 7.5, color: COLORS.muted });
  }
  decoratePages(document, {
    headerLeft: `${view.kind}${WIDE_SPACE}${view.productName} ${view.productVersion}${WIDE_SPACE}${view.vendorName}`,
    headerRight: `${revisionLabel(view.revision)}${WIDE_SPACE}${view.statusLabel}`,
    footerLeft: view.title,
  });
  return saveKaijiDocument(document);
}
