import { fiscalYearLabel } from '../common/fiscal-year';
import type { FormDefinition } from './form-definition';
import { compareVersions } from './form-versions';

/**
 * Which form version a 年度's checklist is (or would be) answered on, said plainly. A 年度 without
 * a version of its own uses the latest earlier one (carry-forward); once its own version is
 * registered, answers on the carried-forward one are outdated (旧様式) and new answers use the new one.
 */
export interface FormUse {
  fiscalYear: number;
  fiscalYearLabel: string;
  formId: string;
  /** As people name the version used: "令和7年度版". */
  versionLabel: string;
  /** The 年度 of the version used (null for a form not tied to one). */
  formFiscalYear: number | null;
  /** The version used belongs to an earlier 年度. */
  carriedForward: boolean;
  /** A newer version applies to this 年度 than the one used: answer again on it. */
  outdated: boolean;
  newerFormId: string | null;
  /** E.g. 「令和8年度: 令和7年度版で回答（令和8年度版は未登録）」. */
  label: string;
}

/**
 * @param used the version answered on, or the applicable one where nothing was answered yet
 * @param applicable the version that applies to the 年度 today (applicableForm)
 * @param answered whether `used` carries answers ("で回答") or is only the one to use ("を使用")
 */
export function describeFormUse(fiscalYear: number, used: FormDefinition, applicable: FormDefinition, answered: boolean): FormUse {
  const year = fiscalYearLabel(fiscalYear);
  const carriedForward = used.fiscalYear !== null && used.fiscalYear < fiscalYear;
  const outdated = applicable.id !== used.id && compareVersions(applicable, used) > 0;
  const verb = answered ? 'で回答' : 'を使用';
  let label: string;
  if (outdated) {
    label = `${year}: ${used.versionLabel}${verb}（旧様式: ${applicable.versionLabel}が登録済み）`;
  } else if (carriedForward) {
    label = `${year}: ${used.versionLabel}${verb}（${year}版は未登録）`;
  } else {
    label = `${year}: ${used.versionLabel}`;
  }
  return {
    fiscalYear,
    fiscalYearLabel: year,
    formId: used.id,
    versionLabel: used.versionLabel,
    formFiscalYear: used.fiscalYear,
    carriedForward,
    outdated,
    newerFormId: outdated ? applicable.id : null,
    label,
  };
}
