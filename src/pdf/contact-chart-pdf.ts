import { drawInfoGrid, drawTitleBlock } from './blocks';
import { createKaijiDocument, metadataDate, saveKaijiDocument } from './document';
import { COLORS, PageFlow } from './flow';
import { drawNotice, drawSubheading } from './inspection-pack-blocks';
import { decoratePages } from './page-decor';
import type { PdfRenderOptions } from './pdf.types';
import { drawTable } from './table';
import { WIDE_SPACE } from './text';

/** One row of the pharmacy's own contacts, as printed. */
export interface ContactChartOwnRow {
  role: string;
  name: string;
  phone: string | null;
  email: string | null;
  notes: string | null;
}

/** One vendor's or agent's incident 連絡窓口 for one contract; `contactName` null when 未登録. */
export interface ContactChartVendorRow {
  organizationName: string;
  /** 事業者 or 代理店. */
  partyLabel: string;
  /** What the contract covers (products, contract kind). */
  covers: string;
  /** 契約別 / 公開窓口 / 未登録. */
  sourceLabel: string;
  missing: boolean;
  contactName: string | null;
  phone: string | null;
  outOfHoursPhone: string | null;
  hours: string | null;
  email: string | null;
  notes: string | null;
}

/** The 連絡体制図 as a plain view model: what the page prints, nothing to look up. */
export interface ContactChartView {
  pharmacyName: string;
  pharmacyCode: string | null;
  /** YYYY-MM-DD (JST). */
  asOf: string;
  ownContacts: ContactChartOwnRow[];
  vendors: ContactChartVendorRow[];
}

export const CONTACT_CHART_TITLE = '連絡体制図（インシデント発生時の連絡先）';

const dash = (value: string | null | undefined) => (value?.trim() ? value : '—');

/** The chart's body, drawn into any flow: its own document, or the inspection pack's section. */
export function drawContactChart(flow: PageFlow, view: ContactChartView): void {
  flow.paragraph('サイバー攻撃・システム障害などのインシデント発生時（チェックリスト 3-①）の連絡先です。院内の連絡先から、各事業者の連絡窓口へ連絡します。', { size: 8.5 });
  flow.gap(8);
  drawSubheading(flow, '院内の連絡先');
  if (view.ownContacts.length === 0) drawNotice(flow, '院内の連絡先が登録されていません。管理薬剤師・開設者・IT担当などを登録してください。', 'flag');
  else {
    drawTable(
      flow,
      {
        columns: [
          { header: '役割', width: 120, valign: 'middle' },
          { header: '氏名', width: 100, valign: 'middle' },
          { header: '電話番号', width: 96, valign: 'middle' },
          { header: 'メール', valign: 'middle' },
          { header: '備考', width: 90, valign: 'middle' },
        ],
        size: 8,
      },
      view.ownContacts.map((row) => ({ cells: [row.role, row.name, dash(row.phone), dash(row.email), dash(row.notes)] })),
    );
  }
  flow.gap(12);
  drawSubheading(flow, '事業者の連絡窓口');
  if (view.vendors.length === 0) {
    drawNotice(flow, '契約中の事業者はありません。');
    return;
  }
  drawTable(
    flow,
    {
      columns: [
        { header: '事業者・対象', width: 130, valign: 'middle' },
        { header: '窓口', width: 110, valign: 'middle' },
        { header: '電話番号（時間外）', width: 100, valign: 'middle' },
        { header: '受付時間', width: 70, valign: 'middle' },
        { header: 'メール・備考', valign: 'middle' },
      ],
      size: 8,
    },
    view.vendors.map((row) => {
      const party = `${row.organizationName}\n（${row.partyLabel}）\n${row.covers}`;
      if (row.missing) {
        return {
          fill: COLORS.flagFill,
          cells: [party, { text: '未登録', weight: 'bold', color: COLORS.flagText, colSpan: 4 }],
        };
      }
      const phones = row.outOfHoursPhone ? `${dash(row.phone)}\n時間外 ${row.outOfHoursPhone}` : dash(row.phone);
      const mailAndNotes = [row.email, row.notes].filter((v): v is string => !!v?.trim()).join('\n');
      return { cells: [party, `${dash(row.contactName)}\n（${row.sourceLabel}）`, phones, dash(row.hours), dash(mailAndNotes)] };
    }),
  );
  const missing = view.vendors.filter((row) => row.missing).length;
  if (missing > 0) {
    flow.gap(6);
    drawNotice(flow, `連絡窓口が未登録の事業者・代理店が${missing}件あります。インシデント連絡窓口の登録を依頼してください。`, 'flag');
  }
}

/** The 連絡体制図 as a document of its own (A4, printable). */
export async function renderContactChartPdf(view: ContactChartView, options: PdfRenderOptions = {}): Promise<Uint8Array> {
  const document = await createKaijiDocument(
    {
      title: `${CONTACT_CHART_TITLE} — ${view.pharmacyName}`,
      subject: `連絡体制図（${view.pharmacyName}）`,
      author: 'Kaiji',
      keywords: ['連絡体制図', '3-①', view.pharmacyName],
      date: metadataDate(view.asOf),
    },
    options,
  );
  const flow = new PageFlow(document);
  drawTitleBlock(flow, CONTACT_CHART_TITLE);
  drawInfoGrid(flow, [
    { label: '薬局名', value: view.pharmacyName, wide: true },
    { label: '保険薬局コード', value: view.pharmacyCode },
    { label: '作成日', value: view.asOf },
  ]);
  flow.gap(10);
  drawContactChart(flow, view);
  decoratePages(document, {
    headerLeft: `${view.pharmacyName}${view.pharmacyCode ? `（保険薬局コード ${view.pharmacyCode}）` : ''}`,
    headerRight: '連絡体制図',
    headerOnFirstPage: true,
    footerLeft: `作成日 ${view.asOf}${WIDE_SPACE}Kaiji`,
  });
  return saveKaijiDocument(document);
}
