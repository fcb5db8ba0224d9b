import { COLORS, PageFlow } from './flow';
import { drawNotice } from './inspection-pack-blocks';
import type { InspectionEvidenceRow, InspectionPackView } from './inspection-pack.types';
import { drawTable } from './table';

/** The pack's 証跡・規程類 section: what the pharmacy keeps for the 年度, with its dates and review state. */
export function drawEvidenceDocuments(flow: PageFlow, view: Pick<InspectionPackView, 'fiscalYearLabel'>, rows: InspectionEvidenceRow[]): void {
  if (rows.length === 0) {
    drawNotice(flow, `${view.fiscalYearLabel}の証跡・規程類（BCP、規程類、アクセスログの確認記録）は登録されていません。Kaijiの「証跡・規程類」から登録できます。`, 'flag');
    return;
  }
  flow.paragraph('BCP、運用管理規程等の規程類、アクセスログの確認記録（2-⑪）など、この年度の証跡です。PDFは本部の一括ダウンロード（ZIP）に同梱されます。', { size: 8.5 });
  flow.gap(6);
  drawTable(
    flow,
    {
      columns: [
        { header: '種類', width: 110, valign: 'middle' },
        { header: '表題・ファイル', valign: 'middle' },
        { header: '日付', width: 62, align: 'center', valign: 'middle' },
        { header: '次回見直し', width: 74, align: 'center', valign: 'middle' },
      ],
      size: 8,
    },
    rows.map((row) => ({
      fill: row.reviewNote ? COLORS.flagFill : undefined,
      cells: [
        row.kindLabel,
        `${row.title}\n${row.filename ?? 'PDF未添付'}`,
        { text: row.documentDate, size: 7.5 },
        {
          text: row.reviewDueOn ? `${row.reviewDueOn}${row.reviewNote ? `\n${row.reviewNote}` : ''}` : '—',
          size: 7.5,
          weight: row.reviewNote ? 'bold' : 'regular',
          color: row.reviewNote ? COLORS.flagText : undefined,
        },
      ],
    })),
  );
}
