import { fiscalYearLabel } from '../common/fiscal-year';

/** How people name a disclosure revision: "SDS 薬局クラウド 6.0 第2版". */
export function disclosureLabel(kind: string, productName: string | null, productVersion: string | null, revision: number): string {
  return `${kind} ${productName ?? ''} ${productVersion ?? ''} 第${revision}版`.replace(/\s+/g, ' ');
}

/** How people name a checklist revision: "令和7年度 事業者確認用チェックリスト 第1版". */
export function checklistLabel(fiscalYear: number, revision: number): string {
  return `${fiscalYearLabel(fiscalYear)} 事業者確認用チェックリスト 第${revision}版`;
}
