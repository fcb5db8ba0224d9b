import { drawInfoGrid, drawTitleBlock } from './blocks';
import { CHECKLIST_COLUMNS, checklistSheetRows, drawChecklistSheet } from './checklist-sheet';
import { drawContactChart } from './contact-chart-pdf';
import { drawEvidenceDocuments } from './evidence-documents-pdf';
import { createKaijiDocument, metadataDate, saveKaijiDocument } from './document';
import { COLORS, PageFlow } from './flow';
import { japanDate } from './format';
import {
  ContentsEntry,
  drawBullets,
  drawFacts,
  drawNotice,
  drawSectionHeading,
  drawSubheading,
  TableOfContents,
} from './inspection-pack-blocks';
import type { InspectionOwnChecklist, InspectionPackView } from './inspection-pack.types';
import { decoratePages } from './page-decor';
import type { PdfRenderOptions } from './pdf.types';
import { drawTable } from './table';
import { WIDE_SPACE } from './text';

/**
 * The inspection pack (立入検査資料): a cover with the pharmacy, its 安全管理責任者, the 年度, the
 * date of issue, a summary and a table of contents; then the pharmacy's own 薬局確認用 with the
 * derived 2-②/2-③ and their reasons, every vendor's 事業者確認用 (as on the official sheet),
 * the MDS/SDS/RM-SDS received, the remote-maintenance disclosures and the open risk items. Every
 * page carries the pharmacy and 年度 in its header and "n / N" in its footer.
 */

export const PACK_TITLE = 'サイバーセキュリティ対策 立入検査資料';

export const PACK_SECTIONS = {
  own: '1　薬局確認用チェックリスト',
  vendors: '2　事業者確認用チェックリスト',
  disclosures: '3　MDS/SDS/RM-SDS 受領一覧',
  remoteMaintenance: '4　リモートメンテナンスの開示',
  risks: '5　未解決のリスク項目',
  contactChart: '6　連絡体制図',
  evidence: '7　証跡・規程類',
} as const;

type SectionKey = keyof typeof PACK_SECTIONS;

function contents(view: InspectionPackView): ContentsEntry[] {
  const entries: ContentsEntry[] = [{ key: 'own', title: PACK_SECTIONS.own, level: 0 }, { key: 'vendors', title: PACK_SECTIONS.vendors, level: 0 }];
  view.vendorSheets.forEach((sheet, index) => entries.push({ key: `vendor-${index}`, title: `2.${index + 1}\u3000${sheet.heading}`, level: 1 }));
  for (const key of ['disclosures', 'remoteMaintenance', 'risks'] as const) entries.push({ key, title: PACK_SECTIONS[key], level: 0 });
  if (view.contactChart) entries.push({ key: 'contactChart', title: PACK_SECTIONS.contactChart, level: 0 });
  if (view.evidenceDocuments) entries.push({ key: 'evidence', title: PACK_SECTIONS.evidence, level: 0 });
  return entries;
}

function drawCover(flow: PageFlow, view: InspectionPackView, toc: TableOfContents): void {
  drawTitleBlock(flow, PACK_TITLE, `${view.fiscalYearLabel}（${view.fiscalYearPeriod}）`);
  drawInfoGrid(flow, [
    { label: '薬局名', value: view.pharmacyName, wide: true },
    { label: '保険薬局コード', value: view.pharmacyCode },
    { label: '年度', value: view.fiscalYearLabel },
    { label: '安全管理責任者', value: `${view.manager.name ?? '未設定'}\n（${view.manager.source}）`, wide: true },
    { label: '発行日', value: view.issuedOn },
    { label: '発行先', value: view.issuedTo },
  ]);
  flow.gap(10);
  drawSubheading(flow, '使用している様式');
  drawFacts(flow, view.forms);
  flow.gap(10);
  drawSubheading(flow, '状況の概要');
  drawFacts(flow, view.summary);
  flow.gap(10);
  drawSubheading(flow, '立入検査で現物を確認する書類（立入検査までに作成してください）');
  drawBullets(flow, view.onSiteDocuments);
  flow.gap(10);
  drawSubheading(flow, '目次');
  toc.draw(flow, contents(view));
}

function startSection(flow: PageFlow, toc: TableOfContents, key: SectionKey | `vendor-${number}`, heading?: string): void {
  flow.newPage();
  toc.mark(flow, key);
  if (heading) drawSectionHeading(flow, heading);
}

function drawOwnChecklist(flow: PageFlow, own: InspectionOwnChecklist, view: InspectionPackView): void {
  drawTitleBlock(flow, own.title);
  drawInfoGrid(flow, [
    { label: '薬局名', value: view.pharmacyName, wide: true },
    { label: '年度', value: view.fiscalYearLabel },
    { label: '最終更新日', value: own.updatedOn },
    { label: '様式', value: own.formUseLabel, wide: true },
  ]);
  flow.gap(6);
  drawFacts(flow, own.notes);
  if (own.instructions.length) {
    flow.gap(6);
    for (const line of own.instructions) flow.paragraph(`・${line}`, { size: 8.5, indent: 2 });
  }
  flow.gap(8);
  drawTable(flow, { columns: CHECKLIST_COLUMNS }, checklistSheetRows(own.items));
  for (const derivation of own.derivations) {
    flow.gap(12);
    drawSubheading(flow, `${derivation.itemId}（${derivation.answer}）の判定根拠：${derivation.itemText}`, { keep: 60 });
    flow.paragraph(derivation.reason, { size: 8.5, color: derivation.answer === 'いいえ' ? COLORS.flagText : COLORS.text });
    flow.gap(4);
    if (derivation.contracts.length === 0) continue;
    drawTable(
      flow,
      { columns: [{ header: '事業者', width: 150 }, { header: '判定', width: 50, align: 'center', valign: 'middle' }, { header: '不足している内容' }] },
      derivation.contracts.map((contract) => ({
        fill: contract.satisfied ? undefined : COLORS.flagFill,
        cells: [
          contract.vendorName,
          { text: contract.satisfied ? '充足' : '不足', weight: 'bold', color: contract.satisfied ? undefined : COLORS.flagText },
          contract.missing.length ? contract.missing.join('\n') : '—',
        ],
      })),
    );
  }
}

function drawVendorOverview(flow: PageFlow, view: InspectionPackView): void {
  flow.paragraph(
    '保守・運用契約のある事業者は、年度ごとに事業者確認用チェックリストを提出します（売買契約のみの事業者は提出不要）。受領したチェックリストは次ページ以降に、公式の様式に沿って掲載しています。',
    { size: 8.5 },
  );
  flow.gap(6);
  if (view.vendorStatuses.length === 0) {
    drawNotice(flow, `${view.fiscalYearLabel}に契約中の事業者はありません。`);
    return;
  }
  drawTable(
    flow,
    {
      columns: [
        { header: '事業者', valign: 'middle' },
        { header: '契約', width: 62, align: 'center', valign: 'middle' },
        { header: '状況', width: 120, valign: 'middle' },
        { header: '版・提出日', width: 78, align: 'center', valign: 'middle' },
        { header: 'いいえ', width: 40, align: 'center', valign: 'middle' },
        { header: '目標日超過', width: 52, align: 'center', valign: 'middle' },
      ],
      size: 8,
    },
    view.vendorStatuses.map((status) => ({
      fill: status.flagged ? COLORS.flagFill : undefined,
      cells: [
        status.agentName ? `${status.vendorName}\n（代理店 ${status.agentName}）` : status.vendorName,
        status.contractKindLabel,
        { text: status.statusLabel, weight: status.flagged ? 'bold' : 'regular', color: status.flagged ? COLORS.flagText : undefined },
        status.revisionLabel ? `${status.revisionLabel}\n${japanDate(status.submittedOn) ?? ''}` : '—',
        status.noCount === null ? '—' : String(status.noCount),
        { text: status.overdueCount === null ? '—' : String(status.overdueCount), color: status.overdueCount ? COLORS.flagText : undefined, weight: status.overdueCount ? 'bold' : 'regular' },
      ],
    })),
  );
}

function drawDisclosures(flow: PageFlow, view: InspectionPackView): void {
  if (view.disclosures.length === 0) drawNotice(flow, '受領しているMDS/SDS/RM-SDSはありません。', view.missingDisclosures.length ? 'flag' : 'info');
  else {
    drawTable(
      flow,
      {
        columns: [
          { header: '事業者', width: 110, valign: 'middle' },
          { header: '製品・サービス', valign: 'middle' },
          { header: 'バージョン', width: 52, align: 'center', valign: 'middle' },
          { header: '種別', width: 42, align: 'center', valign: 'middle' },
          { header: '版', width: 36, align: 'center', valign: 'middle' },
          { header: '公開日', width: 62, align: 'center', valign: 'middle' },
          { header: 'いいえ・\n対象外', width: 44, align: 'center', valign: 'middle' },
        ],
        size: 8,
      },
      view.disclosures.map((row) => ({
        cells: [
          row.authorName ? `${row.vendorName}\n（作成 ${row.authorName}）` : row.vendorName,
          row.productName,
          row.productVersion,
          row.kind,
          row.revisionLabel,
          { text: row.publishedOn ?? '—', size: 7.5 },
          { text: `${row.riskAnswerCount}件`, weight: row.riskAnswerCount ? 'bold' : 'regular', color: row.riskAnswerCount ? COLORS.flagText : undefined },
        ],
      })),
    );
  }
  if (view.missingDisclosures.length === 0) return;
  flow.gap(12);
  drawSubheading(flow, '未受領（保守・運用契約の対象製品）', { color: COLORS.flagText });
  drawTable(
    flow,
    { columns: [{ header: '事業者', width: 140 }, { header: '製品・サービス', width: 160 }, { header: '未受領の書類' }], size: 8 },
    view.missingDisclosures.map((row) => ({ fill: COLORS.flagFill, cells: [row.vendorName, row.productName, { text: row.what, weight: 'bold', color: COLORS.flagText }] })),
  );
}

function drawRemoteMaintenance(flow: PageFlow, view: InspectionPackView): void {
  if (view.remoteMaintenance.length === 0) {
    drawNotice(flow, '保守・運用契約の対象製品はなく、リモートメンテナンスの開示もありません。');
    return;
  }
  for (const entry of view.remoteMaintenance) {
    drawSubheading(flow, `${entry.vendorName}${WIDE_SPACE}${entry.productName}`, { keep: 90 });
    const status = entry.riskLevelLabel ? `${entry.statusLabel}${WIDE_SPACE}リスク：${entry.riskLevelLabel}` : entry.statusLabel;
    flow.paragraph(status, { size: 8.5, weight: 'bold', color: entry.flagged ? COLORS.flagText : COLORS.text });
    flow.gap(3);
    drawFacts(flow, entry.facts, { labelWidth: 84, pairs: 2 });
    if (entry.risks.length) {
      flow.gap(3);
      drawBullets(flow, entry.risks, { color: COLORS.flagText, size: 8 });
    }
    flow.gap(12);
  }
}

function drawRisks(flow: PageFlow, view: InspectionPackView): void {
  if (view.risks.length === 0) {
    drawNotice(flow, '未解決のリスク項目（リスクコミュニケーション）はありません。');
    return;
  }
  const overdue = view.risks.filter((risk) => risk.overdue).length;
  flow.paragraph(`MDS/SDS・事業者確認用の「いいえ」「対象外」について事業者と確認中の項目：${view.risks.length}件（うち期限超過 ${overdue}件）`, { size: 8.5 });
  flow.gap(6);
  drawTable(
    flow,
    {
      columns: [
        { header: '事業者', width: 90, valign: 'middle' },
        { header: '文書・項目', valign: 'middle' },
        { header: '回答', width: 40, align: 'center', valign: 'middle' },
        { header: '状況', width: 74, align: 'center', valign: 'middle' },
        { header: '期限', width: 62, align: 'center', valign: 'middle' },
        { header: '開始日', width: 62, align: 'center', valign: 'middle' },
      ],
      size: 8,
    },
    view.risks.map((risk) => ({
      fill: risk.overdue ? COLORS.flagFill : undefined,
      cells: [
        risk.vendorName,
        `${risk.documentLabel}\n${risk.itemId}\u3000${risk.itemText}`,
        { text: risk.answer, weight: 'bold', color: COLORS.flagText },
        risk.statusLabel,
        { text: risk.dueOn ? `${risk.dueOn}${risk.overdue ? '\n期限超過' : ''}` : '—', size: 7.5, weight: risk.overdue ? 'bold' : 'regular', color: risk.overdue ? COLORS.flagText : undefined },
        { text: risk.openedOn, size: 7.5 },
      ],
    })),
  );
}

export async function renderInspectionPackPdf(view: InspectionPackView, options: PdfRenderOptions = {}): Promise<Uint8Array> {
  const document = await createKaijiDocument(
    {
      title: `${PACK_TITLE} — ${view.pharmacyName} ${view.fiscalYearLabel}`,
      subject: `${view.fiscalYearLabel} 立入検査資料（${view.pharmacyName}）`,
      author: 'Kaiji',
      keywords: ['立入検査', view.fiscalYearLabel, view.pharmacyName, ...(view.pharmacyCode ? [view.pharmacyCode] : [])],
      date: metadataDate(view.issuedOn),
    },
    options,
  );
  const flow = new PageFlow(document);
  const toc = new TableOfContents();
  drawCover(flow, view, toc);

  startSection(flow, toc, 'own', PACK_SECTIONS.own);
  if (view.ownChecklist) drawOwnChecklist(flow, view.ownChecklist, view);
  else drawNotice(flow, view.ownChecklistMissing ?? '薬局確認用チェックリストはありません。', 'flag');

  startSection(flow, toc, 'vendors', PACK_SECTIONS.vendors);
  drawVendorOverview(flow, view);
  view.vendorSheets.forEach((sheet, index) => {
    startSection(flow, toc, `vendor-${index}`);
    drawSubheading(flow, `2.${index + 1}\u3000${sheet.heading}`, { keep: 0 });
    for (const note of sheet.notes) drawNotice(flow, note, 'flag');
    drawChecklistSheet(flow, sheet.sheet);
  });

  startSection(flow, toc, 'disclosures', PACK_SECTIONS.disclosures);
  drawDisclosures(flow, view);
  startSection(flow, toc, 'remoteMaintenance', PACK_SECTIONS.remoteMaintenance);
  drawRemoteMaintenance(flow, view);
  startSection(flow, toc, 'risks', PACK_SECTIONS.risks);
  drawRisks(flow, view);
  if (view.contactChart) {
    startSection(flow, toc, 'contactChart', PACK_SECTIONS.contactChart);
    drawContactChart(flow, view.contactChart);
  }
  if (view.evidenceDocuments) {
    startSection(flow, toc, 'evidence', PACK_SECTIONS.evidence);
    drawEvidenceDocuments(flow, view, view.evidenceDocuments);
  }

  toc.fill(flow);
  decoratePages(document, {
    headerLeft: `${view.pharmacyName}${view.pharmacyCode ? `（保険薬局コード ${view.pharmacyCode}）` : ''}`,
    headerRight: `${view.fiscalYearLabel} 立入検査資料`,
    headerOnFirstPage: true,
    footerLeft: `発行日 ${view.issuedOn}${WIDE_SPACE}${view.issuedTo}`,
  });
  return saveKaijiDocument(document);
}
