import { fiscalYearRange } from '../common/fiscal-year';
import { significanceOf } from './change-significance';

/**
 * What changed between two revisions of one document, answer by answer. A diff is a pure
 * function of the two revisions' stored answers: it is computed when asked and never stored,
 * so it cannot drift from the revisions it describes.
 *
 * Items are matched by their id as printed ("2-③", "1.1"). When the form version changes, an item
 * only one side has is "added" or "removed": a renumbered item reads as one removed and one added,
 * which is what the two sheets say side by side.
 */

/** What one row of a diff is about: the item as a whole (added/removed) or one of its fields. */
export const CHANGE_FIELDS = ['item', 'answer', 'confirmedOn', 'targetOn', 'plannedOn', 'remarks'] as const;
export type ChangeField = (typeof CHANGE_FIELDS)[number];
export const CHANGE_KINDS = ['added', 'removed', 'changed'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** The field as the official sheets name it. */
export const CHANGE_FIELD_LABELS: Record<ChangeField, string> = {
  item: '項目',
  answer: '回答',
  confirmedOn: '確認日',
  targetOn: '目標日',
  plannedOn: '実装予定日',
  remarks: '備考',
};

/** One stored answer, whatever the document (a disclosure has no dates: null). */
export interface ComparableAnswer {
  itemId: string;
  answer: string;
  confirmedOn: string | null;
  targetOn: string | null;
  plannedOn: string | null;
  remarks: string | null;
}

export interface AnswerChange {
  itemId: string;
  kind: ChangeKind;
  field: ChangeField;
  /** For an added or removed item: its answer (after resp. before); otherwise the field's values. */
  before: string | null;
  after: string | null;
  significant: boolean;
  /** Why a change matters, in Japanese; null for one that does not. */
  reason: string | null;
}

/** What the significance rules know of the document besides the two answers: for a checklist, the end of its 年度. */
export interface DiffContext {
  /** The last day of the 年度 (YYYY-MM-DD): a 目標日 past it matters. Absent for disclosures. */
  fiscalYearEnd?: string;
}

/** Field order within one item: the answer first, as the sheet reads. */
const COMPARED: Exclude<ChangeField, 'item'>[] = ['answer', 'confirmedOn', 'targetOn', 'plannedOn', 'remarks'];

/** Remarks that differ only in surrounding white space are the same remarks. */
function normalized(field: ChangeField, value: string | null): string | null {
  if (value === null) return null;
  if (field === 'remarks') return value.trim() || null;
  return value;
}

/**
 * The changes from `before` to `after` (each in the form's order). Items are listed in `after`'s
 * order, removed items after them in `before`'s order.
 */
export function diffAnswers(before: ComparableAnswer[], after: ComparableAnswer[], context: DiffContext = {}): AnswerChange[] {
  const previous = new Map(before.map((answer) => [answer.itemId, answer]));
  const current = new Set(after.map((answer) => answer.itemId));
  const changes: AnswerChange[] = [];
  const push = (change: Omit<AnswerChange, 'significant' | 'reason'>) => changes.push({ ...change, ...significanceOf(change, context) });
  for (const answer of after) {
    const old = previous.get(answer.itemId);
    if (!old) {
      push({ itemId: answer.itemId, kind: 'added', field: 'item', before: null, after: answer.answer });
      continue;
    }
    for (const field of COMPARED) {
      const was = normalized(field, old[field]);
      const is = normalized(field, answer[field]);
      if (was !== is) push({ itemId: answer.itemId, kind: 'changed', field, before: was, after: is });
    }
  }
  for (const answer of before) {
    if (!current.has(answer.itemId)) push({ itemId: answer.itemId, kind: 'removed', field: 'item', before: answer.answer, after: null });
  }
  return changes;
}

/** A checklist's diff: its 目標日 are measured against the end of its 年度. */
export function diffChecklistAnswers(before: ComparableAnswer[], after: ComparableAnswer[], fiscalYear: number): AnswerChange[] {
  return diffAnswers(before, after, { fiscalYearEnd: fiscalYearRange(fiscalYear).to });
}

/** A disclosure's answers carry an answer and remarks only. */
export function diffDisclosureAnswers(
  before: { itemId: string; answer: string; remarks: string | null }[],
  after: { itemId: string; answer: string; remarks: string | null }[],
): AnswerChange[] {
  const comparable = (a: { itemId: string; answer: string; remarks: string | null }): ComparableAnswer => ({
    itemId: a.itemId,
    answer: a.answer,
    remarks: a.remarks,
    confirmedOn: null,
    targetOn: null,
    plannedOn: null,
  });
  return diffAnswers(before.map(comparable), after.map(comparable));
}

/** 「2-③ が はい→いいえ に変わりました」: one change in a sentence, for notifications. */
export function describeChange(change: AnswerChange): string {
  const value = (v: string | null) => v ?? '（なし）';
  if (change.kind === 'added') return `新しい項目 ${change.itemId} の回答が ${value(change.after)} です`;
  if (change.kind === 'removed') return `項目 ${change.itemId} がなくなりました（前回 ${value(change.before)}）`;
  if (change.field === 'answer') return `${change.itemId} が ${value(change.before)}→${value(change.after)} に変わりました`;
  const label = CHANGE_FIELD_LABELS[change.field];
  const sentence = `${change.itemId} の${label}が ${value(change.before)}→${value(change.after)} に変わりました`;
  return change.reason ? `${sentence}（${change.reason}）` : sentence;
}
