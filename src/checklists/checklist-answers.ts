import { createHash } from 'node:crypto';
import type { FieldError } from '../common/app-error';
import { fiscalYearLabel, fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import { answerError } from '../forms/answer-errors';
import type { FormDefinition, FormItem } from '../forms/form-definition';
import type { ChecklistAnswerInputDto } from './checklists.dto';

export interface ChecklistAnswerRow {
  itemId: string;
  ordinal: number;
  answer: string;
  confirmedOn: string | null;
  targetOn: string | null;
  /** The date a planned はい is to be in place by (items with plannedBy only). */
  plannedOn: string | null;
  remarks: string | null;
}

export interface CheckedChecklist {
  rows: ChecklistAnswerRow[];
  errors: FieldError[];
}

/** What a problem says: Japanese first (the sheet's language), English beside it. */
type Says = readonly [ja: string, en: string];

/** The detail of a refusal that lists answer errors. */
export const ANSWERS_REFUSED = '回答がチェックリストの決まりに合っていません (some answers do not follow the checklist rules).';

/** Required items left unanswered, named as printed. */
export function missingItemsError(field: string, missing: string[]): FieldError {
  const list = missing.join(', ');
  return { field, message: `未回答の項目があります: ${list} (must answer every item; missing ${list})` };
}

function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  // Year 0 exists for JavaScript but not for PostgreSQL's date: it would fail the whole write.
  return !Number.isNaN(parsed.getTime()) && parsed.getUTCFullYear() >= 1 && parsed.toISOString().slice(0, 10) === date;
}

interface Period {
  fiscalYear: number;
  from: string;
  to: string;
}

/** 「令和7年度（2025-04-01 – 2026-03-31）」, or up to the end of a later 年度; built only for a message. */
function periodSays(period: Period, until = period.to, untilYear = period.fiscalYear): Says {
  if (untilYear === period.fiscalYear) return [`${fiscalYearLabel(period.fiscalYear)}（${period.from} – ${until}）`, `fiscal year ${period.fiscalYear} (${period.from} – ${until})`];
  return [
    `${fiscalYearLabel(period.fiscalYear)}から${fiscalYearLabel(untilYear)}末まで（${period.from} – ${until}）`,
    `fiscal years ${period.fiscalYear}–${untilYear} (${period.from} – ${until})`,
  ];
}

/** 確認日: required unless the form says otherwise; within the 年度 and not in the future. */
function confirmationProblem(confirmedOn: string | undefined, required: boolean, year: Period, today: string): Says | undefined {
  if (confirmedOn === undefined) return required ? ['確認日が必要です', 'a 確認日 is required'] : undefined;
  if (!isRealDate(confirmedOn)) return ['確認日が実在しない日付です', 'the 確認日 is not a real date'];
  if (confirmedOn < year.from || confirmedOn > year.to) {
    const [ja, en] = periodSays(year);
    return [`確認日は${ja}の日付にしてください`, `the 確認日 must fall within ${en}`];
  }
  if (confirmedOn > today) return [`確認日に未来の日付は指定できません（本日は${today}）`, `the 確認日 must not be in the future (today is ${today})`];
  return undefined;
}

/**
 * 目標日: for the answers that need one (いいえ) and only there; within the 年度, or up to the end of
 * the item's own later target 年度 (R5 参考項目: 令和6年度中); not before the 確認日.
 */
function targetProblem(input: ChecklistAnswerInputDto, item: FormItem, form: FormDefinition, targetFor: Set<string>, year: Period, confirmed: string | undefined): Says | undefined {
  const { targetOn, answer } = input;
  if (!targetFor.has(answer)) {
    if (targetOn === undefined) return undefined;
    const list = [...targetFor].join('/');
    return [`目標日は${list}の場合にだけ記入します`, `a 目標日 is only for ${list} answers`];
  }
  if (targetOn === undefined) return [`${answer}の場合は目標日が必要です`, `a 目標日 is required when the answer is ${answer}`];
  if (!isRealDate(targetOn)) return ['目標日が実在しない日付です', 'the 目標日 is not a real date'];
  if (form.rules.targetDateWithinFiscalYear !== false) {
    // A form carried forward past an item's target 年度 still leaves the 年度 itself.
    const untilYear = item.targetFiscalYear !== undefined && item.targetFiscalYear > year.fiscalYear ? item.targetFiscalYear : year.fiscalYear;
    const until = fiscalYearRange(untilYear).to;
    if (targetOn < year.from || targetOn > until) {
      const [ja, en] = periodSays(year, until, untilYear);
      return [`目標日は${ja}の日付にしてください`, `the 目標日 must fall within ${en}`];
    }
  }
  if (confirmed !== undefined && targetOn < confirmed) return [`目標日は確認日（${confirmed}）以降にしてください`, `the 目標日 must not be before the 確認日 (${confirmed})`];
  return undefined;
}

/**
 * 実装予定日 (plannedOn): only where the item's はい may be a plan (「…または令和9年度までに実装予定」)
 * and the answer is はい; not before the 確認日 (the 年度's start without one), not after the end of
 * the plan's 年度.
 */
function plannedProblem(input: ChecklistAnswerInputDto, item: FormItem, year: Period, confirmed: string | undefined): Says | undefined {
  const { plannedOn } = input;
  if (plannedOn === undefined) return undefined;
  if (item.plannedBy === undefined) {
    return ['この項目には実装予定日を記入できません（「…までに実装予定」の項目だけです）', 'plannedOn is only for items whose はい may be a plan (「…までに実装予定」)'];
  }
  if (input.answer !== 'はい') return ['実装予定日は「はい」（実装予定を含む）の場合にだけ記入します', 'plannedOn is only for a はい answer'];
  if (!isRealDate(plannedOn)) return ['実装予定日が実在しない日付です', 'plannedOn is not a real date'];
  const by = fiscalYearRange(item.plannedBy).to;
  if (plannedOn > by) return [`実装予定日は${fiscalYearLabel(item.plannedBy)}末（${by}）までにしてください`, `plannedOn must be by the end of fiscal year ${item.plannedBy} (${by})`];
  if (confirmed !== undefined && plannedOn < confirmed) return [`実装予定日は確認日（${confirmed}）以降にしてください`, `plannedOn must not be before the 確認日 (${confirmed})`];
  if (plannedOn < year.from) return [`実装予定日は${fiscalYearLabel(year.fiscalYear)}の開始日（${year.from}）以降にしてください`, `plannedOn must not be before the fiscal year starts (${year.from})`];
  return undefined;
}

/**
 * The checklist rules (事業者確認用 and the facility's own): answers the form allows; a 確認日 on
 * every answer, within the 年度 and not in the future; a 目標日 within the 年度 (or the item's later
 * target 年度) and not before the 確認日 for いいえ, and only there; a 実装予定日 only on a planned はい.
 * Every error names the item as printed. Pure and cheap, so the bulk path can check thousands fast:
 * message text is built only for an error.
 */
export function checkChecklistAnswers(form: FormDefinition, fiscalYear: number, answers: ChecklistAnswerInputDto[], field = 'answers', today = todayInJapan()): CheckedChecklist {
  const items = new Map(form.items.map((item, index) => [item.id, { item, index }]));
  const year: Period = { fiscalYear, ...fiscalYearRange(fiscalYear) };
  const targetFor = new Set<string>(form.rules.targetDateRequiredFor ?? ['いいえ']);
  const confirmationRequired = form.rules.confirmationDateRequired !== false;
  const seen = new Set<string>();
  const rows: ChecklistAnswerRow[] = [];
  const errors: FieldError[] = [];
  const report = (at: string, key: string, itemId: string, says: Says | undefined): boolean => {
    if (says) errors.push(answerError(`${at}.${key}`, itemId, says[0], says[1]));
    return says !== undefined;
  };
  answers.forEach((input, index) => {
    const at = `${field}[${index}]`;
    const id = input.itemId;
    const listed = items.get(id);
    if (!listed) return void report(at, 'itemId', id, [`様式 ${form.id}（${form.versionLabel}）にない項目です`, `is not an item of form ${form.id}`]);
    if (seen.has(id)) return void report(at, 'itemId', id, ['同じ項目に2回回答しています', `answers item ${id} a second time`]);
    seen.add(id);
    const { item } = listed;
    if (!(item.answers as string[]).includes(input.answer)) {
      report(at, 'answer', id, [`回答は${item.answers.map((a) => `「${a}」`).join('')}のいずれかです`, `must be one of ${item.answers.join(', ')}`]);
    }
    // Later dates are compared with the 確認日 only when it is itself sound.
    const confirmed = report(at, 'confirmedOn', id, confirmationProblem(input.confirmedOn, confirmationRequired, year, today)) ? undefined : input.confirmedOn;
    report(at, 'targetOn', id, targetProblem(input, item, form, targetFor, year, confirmed));
    report(at, 'plannedOn', id, plannedProblem(input, item, year, confirmed));
    rows.push({
      itemId: id,
      ordinal: listed.index,
      answer: input.answer,
      confirmedOn: input.confirmedOn ?? null,
      targetOn: input.targetOn ?? null,
      plannedOn: input.plannedOn ?? null,
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
  // A 実装予定日 joins an answer's tuple only when there is one, so a submission stored before
  // plannedOn existed hashes as it did and an unchanged resubmission still reads unchanged.
  const answers = rows.map((r) => (r.plannedOn === null ? [r.itemId, r.answer, r.confirmedOn, r.targetOn, r.remarks] : [r.itemId, r.answer, r.confirmedOn, r.targetOn, r.remarks, r.plannedOn]));
  const canonical = JSON.stringify([formId, managerName, answers]);
  return createHash('sha256').update(canonical).digest('hex');
}
