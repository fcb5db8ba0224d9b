import { createHash } from 'node:crypto';
import type { FieldError } from '../common/app-error';
import { fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import type { FormDefinition } from '../forms/form-definition';
import type { ChecklistAnswerInputDto } from './checklists.dto';

export interface ChecklistAnswerRow {
  itemId: string;
  ordinal: number;
  answer: string;
  confirmedOn: string | null;
  targetOn: string | null;
  remarks: string | null;
}

export interface CheckedChecklist {
  rows: ChecklistAnswerRow[];
  errors: FieldError[];
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  // Year 0 exists for JavaScript but not for PostgreSQL's date: it would fail the whole write.
  return !Number.isNaN(parsed.getTime()) && parsed.getUTCFullYear() >= 1 && parsed.toISOString().slice(0, 10) === date;
}

/**
 * The 事業者確認用 rules: answers the form allows; a 確認日 on every answer, not in the future; a
 * 目標日 within the 年度 for いいえ (and only there). Pure, so the bulk path can check thousands fast.
 */
export function checkChecklistAnswers(form: FormDefinition, fiscalYear: number, answers: ChecklistAnswerInputDto[], field = 'answers', today = todayInJapan()): CheckedChecklist {
  const items = new Map(form.items.map((item, index) => [item.id, { item, index }]));
  const { from, to } = fiscalYearRange(fiscalYear);
  const targetFor = new Set<string>(form.rules.targetDateRequiredFor ?? ['いいえ']);
  const seen = new Set<string>();
  const rows: ChecklistAnswerRow[] = [];
  const errors: FieldError[] = [];
  answers.forEach((input, index) => {
    const at = `${field}[${index}]`;
    const listed = items.get(input.itemId);
    if (!listed) return void errors.push({ field: `${at}.itemId`, message: `is not an item of form ${form.id}` });
    if (seen.has(input.itemId)) return void errors.push({ field: `${at}.itemId`, message: `answers item ${input.itemId} a second time` });
    seen.add(input.itemId);
    if (!(listed.item.answers as string[]).includes(input.answer)) {
      errors.push({ field: `${at}.answer`, message: `must be one of ${listed.item.answers.join(', ')}` });
    }
    if (input.confirmedOn === undefined) {
      if (form.rules.confirmationDateRequired !== false) errors.push({ field: `${at}.confirmedOn`, message: 'is required (確認日)' });
    } else if (!isRealDate(input.confirmedOn)) {
      errors.push({ field: `${at}.confirmedOn`, message: 'is not a real date' });
    } else if (input.confirmedOn > today) {
      errors.push({ field: `${at}.confirmedOn`, message: 'must not be in the future' });
    }
    if (targetFor.has(input.answer)) {
      if (input.targetOn === undefined) errors.push({ field: `${at}.targetOn`, message: `is required when the answer is ${input.answer} (目標日)` });
      else if (!isRealDate(input.targetOn)) errors.push({ field: `${at}.targetOn`, message: 'is not a real date' });
      else if (form.rules.targetDateWithinFiscalYear !== false) {
        // An item may name a later 年度 to be met by (R5 参考項目: 令和6年度中); the 目標日 may run to its end.
        const until = listed.item.targetFiscalYear ? fiscalYearRange(listed.item.targetFiscalYear).to : to;
        if (input.targetOn < from || input.targetOn > until) errors.push({ field: `${at}.targetOn`, message: `must fall within the 年度 (${from} – ${until})` });
      }
    } else if (input.targetOn !== undefined) {
      errors.push({ field: `${at}.targetOn`, message: `is only for ${[...targetFor].join('/')} answers` });
    }
    rows.push({
      itemId: input.itemId,
      ordinal: listed.index,
      answer: input.answer,
      confirmedOn: input.confirmedOn ?? null,
      targetOn: input.targetOn ?? null,
      remarks: input.remarks?.trim() || null,
    });
  });
  rows.sort((a, b) => a.ordinal - b.ordinal);
  return { rows, errors };
}

export function missingChecklistItems(form: FormDefinition, answeredItemIds: Iterable<string>): string[] {
  const answered = new Set(answeredItemIds);
  return form.items.filter((item) => item.required && !answered.has(item.id)).map((item) => item.id);
}

/** What makes two submissions the same: form, 管理責任者 and every answer. */
export function checklistContentHash(formId: string, managerName: string | null, rows: ChecklistAnswerRow[]): string {
  const canonical = JSON.stringify([formId, managerName, rows.map((r) => [r.itemId, r.answer, r.confirmedOn, r.targetOn, r.remarks])]);
  return createHash('sha256').update(canonical).digest('hex');
}
