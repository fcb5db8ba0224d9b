import type { AnswerChange, DiffContext } from './answer-changes';

/**
 * Which changes a pharmacy is told about (notification and webhook), and why. The rules look at
 * the field that changed and the answer values only — never at an item's wording or number — so a
 * new form version with new items is judged by the same rules without a code change.
 *
 * Significant (the pharmacy's own checklist and risk communication depend on it):
 *  - an answer turning いいえ or 対象外 (from anything else; いいえ→対象外 too), and an added item
 *    answered so: リスクコミュニケーション is due;
 *  - a 目標日 past the end of the 年度 (the pharmacy's 立入検査 counts on it within the 年度);
 *  - a 目標日 moved later at all: the fix the pharmacy was promised is postponed. Decided so on
 *    purpose: "past the 年度" alone would miss a postponement from May to March, which the pharmacy
 *    plans its own measures around;
 *  - a 実装予定日 moved later, or a はい that was in place turning into a plan (a 実装予定日 appears).
 * Not significant (listed in the diff, not notified): a 確認日 or 備考 changed, an answer turning
 * はい (an improvement), a 目標日 moved earlier or gone with its いいえ, an item removed by a new form.
 */

/** The answers that call for risk communication (MDS/SDS: いいえ・対象外; checklists: いいえ). */
export const RISK_ANSWERS: ReadonlySet<string> = new Set(['いいえ', '対象外']);

export interface Significance {
  significant: boolean;
  reason: string | null;
}

const NOT_SIGNIFICANT: Significance = { significant: false, reason: null };
const because = (reason: string): Significance => ({ significant: true, reason });

/** Dates are ISO (YYYY-MM-DD): their string order is their calendar order. */
function later(after: string | null, before: string | null): boolean {
  return after !== null && before !== null && after > before;
}

export function significanceOf(change: Pick<AnswerChange, 'kind' | 'field' | 'before' | 'after'>, context: DiffContext): Significance {
  const { before, after } = change;
  switch (change.field) {
    case 'item':
      if (change.kind === 'added' && after !== null && RISK_ANSWERS.has(after)) return because(`新しい項目の回答が「${after}」です`);
      return NOT_SIGNIFICANT;
    case 'answer':
      if (after !== null && RISK_ANSWERS.has(after)) return because(`回答が「${after}」に変わりました`);
      return NOT_SIGNIFICANT;
    case 'targetOn': {
      const end = context.fiscalYearEnd;
      const pastYear = after !== null && end !== undefined && after > end;
      if (pastYear && !(before !== null && before > end)) return because(`目標日が年度末（${end}）を過ぎました`);
      if (later(after, before)) return because(pastYear ? `目標日が延期されました（年度末 ${end} より後）` : '目標日が延期されました');
      return NOT_SIGNIFICANT;
    }
    case 'plannedOn':
      if (later(after, before)) return because('実装予定日が延期されました');
      if (before === null && after !== null) return because('実施済みの「はい」が実装予定に変わりました');
      return NOT_SIGNIFICANT;
    case 'confirmedOn':
    case 'remarks':
      return NOT_SIGNIFICANT;
  }
}
