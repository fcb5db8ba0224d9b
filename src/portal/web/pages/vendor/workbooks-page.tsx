import { PageHeader } from '../../components/layout';
import { ChecklistWorkbookSection } from './workbooks/checklist-workbook-section';
import { DisclosureWorkbookSection } from './workbooks/disclosure-workbook-section';

/**
 * 「Excelで一括回答」: your answers kept in Excel, taken in at once — the 事業者確認用 of every
 * customer, and the MDS/SDS of several products. The same endpoints serve vendor systems.
 */
export function WorkbooksPage() {
  return (
    <>
      <PageHeader title="Excelで一括回答" en="Excel workbooks" />
      <p className="help">
        あなたの回答をExcelでまとめて記入し、アップロードして取り込めます。誤りはシート・行・列で示され、誤りがあるうちは何も保存されません（提出では、誤りのない顧客だけを提出します）。
      </p>
      <ChecklistWorkbookSection />
      <DisclosureWorkbookSection />
    </>
  );
}
