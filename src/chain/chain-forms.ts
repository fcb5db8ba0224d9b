import { fiscalYearLabel, fiscalYearRange } from '../common/fiscal-year';
import type { FormUse } from '../forms/form-use';
import type { FormsService } from '../forms/forms.service';

/**
 * Which form versions a chain aggregate shows, said plainly. A chain's stores are pharmacies, so
 * the 事業者確認用 and 薬局確認用 that apply are the pharmacy ones (or a combined version), carried
 * forward from an earlier 年度 until the 年度's own is registered (FormsService.applicableForm).
 */

/** The 事業者確認用 that applies to the 年度 (「令和8年度: 令和7年度版を使用（令和8年度版は未登録）」), or null. */
export function vendorChecklistForm(forms: FormsService, fiscalYear: number): Promise<FormUse | null> {
  return forms.applicableUse('vendor_checklist', 'pharmacy', fiscalYear);
}

/** A form statement as a download prints it; a 年度 without any version says so. */
export function formStatement(use: FormUse | null, fiscalYear: number): string {
  return use?.label ?? `${fiscalYearLabel(fiscalYear)}: 様式未登録`;
}

/** 「令和8年度（2026-04-01〜2027-03-31）」 */
export function fiscalYearStatement(fiscalYear: number): string {
  const { from, to } = fiscalYearRange(fiscalYear);
  return `${fiscalYearLabel(fiscalYear)}（${from}〜${to}）`;
}
