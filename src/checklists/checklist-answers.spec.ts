import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import { CATALOG_DIRECTORY } from '../forms/form-catalog.loader';
import type { FormDefinition } from '../forms/form-definition';
import { createHash } from 'node:crypto';
import { checkChecklistAnswers, checklistContentHash, missingChecklistItems, missingItemsError } from './checklist-answers';
import type { ChecklistAnswerInputDto } from './checklists.dto';

const formFile = (name: string): FormDefinition => JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${name}.json`), 'utf8'));
const r7 = formFile('vendor-checklist-pharmacy-r7');
const r5medical = formFile('vendor-checklist-medical-r5');
const ITEMS = r7.items.map((item) => item.id);
const TODAY = '2025-06-15';

const yes = (itemId: string, extra: Partial<ChecklistAnswerInputDto> = {}): ChecklistAnswerInputDto => ({ itemId, answer: 'はい', confirmedOn: '2025-04-10', ...extra });
const no = (itemId: string, targetOn?: string): ChecklistAnswerInputDto => ({ itemId, answer: 'いいえ', confirmedOn: '2025-04-10', ...(targetOn ? { targetOn } : {}) });
const check = (answers: ChecklistAnswerInputDto[], field?: string, form = r7, fiscalYear = 2025, today = TODAY) => checkChecklistAnswers(form, fiscalYear, answers, field, today);
const fields = (answers: ChecklistAnswerInputDto[], form = r7, fiscalYear = 2025, today = TODAY) => check(answers, undefined, form, fiscalYear, today).errors.map((e) => e.field);
/** A Japanese character: every message is in Japanese, with the English beside it. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('checkChecklistAnswers (令和7年度 事業者確認用)', () => {
  it('accepts every item answered はい with a 確認日, and orders the rows as the sheet does', () => {
    const { rows, errors } = check([...ITEMS].reverse().map((id) => yes(id)));
    expect(errors).toEqual([]);
    expect(rows.map((row) => row.itemId)).toEqual(ITEMS);
    expect(rows.map((row) => row.ordinal)).toEqual(ITEMS.map((_, index) => index));
    expect(rows[0]).toEqual({ itemId: '1-①', ordinal: 0, answer: 'はい', confirmedOn: '2025-04-10', targetOn: null, plannedOn: null, remarks: null });
  });

  it('trims 備考 and keeps a blank one as null', () => {
    const { rows } = check([yes('1-①', { remarks: '  管理責任者: 山田  ' }), yes('2-①', { remarks: '   ' })]);
    expect(rows.map((row) => row.remarks)).toEqual(['管理責任者: 山田', null]);
  });

  it('accepts a partial set (a draft); missing items are reported separately', () => {
    const { rows, errors } = check([yes('2-③')]);
    expect(errors).toEqual([]);
    expect(missingChecklistItems(r7, rows.map((row) => row.itemId))).toEqual(ITEMS.filter((id) => id !== '2-③'));
    expect(missingChecklistItems(r7, ITEMS)).toEqual([]);
  });

  it('requires a 確認日 on every answer, いいえ included', () => {
    const result = check([yes('1-①', { confirmedOn: undefined }), { itemId: '2-①', answer: 'いいえ', targetOn: '2025-09-30' }]);
    expect(result.errors).toEqual([
      { field: 'answers[0].confirmedOn', itemId: '1-①', message: '1-①: 確認日が必要です (a 確認日 is required)' },
      { field: 'answers[1].confirmedOn', itemId: '2-①', message: '2-①: 確認日が必要です (a 確認日 is required)' },
    ]);
  });

  it('refuses a 確認日 in the future (Japan date) and accepts today', () => {
    expect(check([yes('1-①', { confirmedOn: '2025-06-16' })]).errors).toEqual([
      { field: 'answers[0].confirmedOn', itemId: '1-①', message: '1-①: 確認日に未来の日付は指定できません（本日は2025-06-15） (the 確認日 must not be in the future (today is 2025-06-15))' },
    ]);
    expect(fields([yes('1-①', { confirmedOn: TODAY })])).toEqual([]);
  });

  it('keeps the 確認日 within the 年度: from April 1 to March 31, refusing a day outside either end', () => {
    const lastDay = '2026-03-31';
    expect(fields([yes('1-①', { confirmedOn: '2025-04-01' }), yes('2-①', { confirmedOn: lastDay })], r7, 2025, '2026-06-01')).toEqual([]);
    const outside = check([yes('1-①', { confirmedOn: '2025-03-31' }), yes('2-①', { confirmedOn: '2026-04-01' })], undefined, r7, 2025, '2026-06-01');
    expect(outside.errors).toEqual([
      { field: 'answers[0].confirmedOn', itemId: '1-①', message: '1-①: 確認日は令和7年度（2025-04-01 – 2026-03-31）の日付にしてください (the 確認日 must fall within fiscal year 2025 (2025-04-01 – 2026-03-31))' },
      { field: 'answers[1].confirmedOn', itemId: '2-①', message: expect.stringMatching(/^2-①: 確認日は令和7年度/) },
    ]);
    expect(outside.rows).toHaveLength(2);
  });

  it('checks the 確認日 against the 年度 it is given: 令和8年度 on the carried-forward 令和7年度 form', () => {
    const today = '2026-12-07';
    expect(fields([yes('1-①', { confirmedOn: '2026-04-01' }), yes('2-①', { confirmedOn: today })], r7, 2026, today)).toEqual([]);
    expect(fields([yes('1-①', { confirmedOn: '2026-03-31' }), yes('2-①', { confirmedOn: '2026-12-08' })], r7, 2026, today)).toEqual(['answers[0].confirmedOn', 'answers[1].confirmedOn']);
  });

  it('refuses dates that do not exist', () => {
    expect(check([yes('1-①', { confirmedOn: '2025-02-30' }), no('2-①', '2025-13-01'), yes('2-②', { confirmedOn: '0000-01-01' })]).errors).toEqual([
      { field: 'answers[0].confirmedOn', itemId: '1-①', message: '1-①: 確認日が実在しない日付です (the 確認日 is not a real date)' },
      { field: 'answers[1].targetOn', itemId: '2-①', message: '2-①: 目標日が実在しない日付です (the 目標日 is not a real date)' },
      { field: 'answers[2].confirmedOn', itemId: '2-②', message: '2-②: 確認日が実在しない日付です (the 確認日 is not a real date)' },
    ]);
    // A leap day is real; it still has to fall within the 年度.
    expect(fields([yes('1-①', { confirmedOn: '2024-02-29' })], r7, 2023, '2024-03-01')).toEqual([]);
  });

  it('requires a 目標日 for いいえ, naming the item as printed', () => {
    const { errors } = check([no('2-⑨')]);
    expect(errors).toEqual([{ field: 'answers[0].targetOn', itemId: '2-⑨', message: '2-⑨: いいえの場合は目標日が必要です (a 目標日 is required when the answer is いいえ)' }]);
  });

  it('accepts a 目標日 on the first and last day of the 年度 and refuses one a day outside', () => {
    expect(fields([{ ...no('2-①', '2025-04-01'), confirmedOn: '2025-04-01' }, no('2-②', '2026-03-31')])).toEqual([]);
    const outside = check([no('2-①', '2025-03-31'), no('2-②', '2026-04-01')]);
    expect(outside.errors.map((e) => e.field)).toEqual(['answers[0].targetOn', 'answers[1].targetOn']);
    expect(outside.errors[0]).toEqual({
      field: 'answers[0].targetOn',
      itemId: '2-①',
      message: '2-①: 目標日は令和7年度（2025-04-01 – 2026-03-31）の日付にしてください (the 目標日 must fall within fiscal year 2025 (2025-04-01 – 2026-03-31))',
    });
  });

  it('refuses a 目標日 before the 確認日 and accepts one on the same day', () => {
    expect(check([no('2-①', '2025-04-09')]).errors).toEqual([
      { field: 'answers[0].targetOn', itemId: '2-①', message: '2-①: 目標日は確認日（2025-04-10）以降にしてください (the 目標日 must not be before the 確認日 (2025-04-10))' },
    ]);
    expect(fields([no('2-①', '2025-04-10')])).toEqual([]);
    // A 確認日 that is itself refused is not compared with.
    expect(fields([{ ...no('2-①', '2025-04-02'), confirmedOn: '2025-06-16' }])).toEqual(['answers[0].confirmedOn']);
  });

  it('refuses a 目標日 on a はい answer', () => {
    expect(check([yes('2-①', { targetOn: '2025-09-30' })]).errors).toEqual([
      { field: 'answers[0].targetOn', itemId: '2-①', message: '2-①: 目標日はいいえの場合にだけ記入します (a 目標日 is only for いいえ answers)' },
    ]);
  });

  it('refuses answers the form does not allow', () => {
    expect(fields([yes('2-①', { answer: '対象外' }), yes('2-②', { answer: 'yes' })])).toEqual(['answers[0].answer', 'answers[1].answer']);
  });

  it('refuses an unknown item and an item answered twice, writing no row for them', () => {
    const { rows, errors } = check([yes('2-⑭'), yes('1-①'), yes('1-①')]);
    expect(errors).toEqual([
      { field: 'answers[0].itemId', itemId: '2-⑭', message: '2-⑭: 様式 vendor-checklist-pharmacy-r7（令和7年度版）にない項目です (is not an item of form vendor-checklist-pharmacy-r7)' },
      { field: 'answers[2].itemId', itemId: '1-①', message: '1-①: 同じ項目に2回回答しています (answers item 1-① a second time)' },
    ]);
    expect(rows.map((row) => row.itemId)).toEqual(['1-①']);
  });

  it('names fields under the prefix it is given (bulk entries)', () => {
    const answers = [yes('1-①'), yes('2-①'), no('2-②', '2027-01-01')];
    expect(check(answers, 'entries[3].answers').errors.map((e) => e.field)).toEqual(['entries[3].answers[2].targetOn']);
  });

  it('checks the 目標日 against the 年度 it is given', () => {
    const in2026 = (targetOn: string) => [{ ...no('2-①', targetOn), confirmedOn: '2026-10-01' }];
    expect(fields(in2026('2026-10-01'), r7, 2026, '2026-12-07')).toEqual([]);
    expect(fields(in2026('2027-03-31'), r7, 2026, '2026-12-07')).toEqual([]);
    expect(fields(in2026('2027-04-01'), r7, 2026, '2026-12-07')).toEqual(['answers[0].targetOn']);
    expect(fields(in2026('2025-09-30'), r7, 2026, '2026-12-07')).toEqual(['answers[0].targetOn']);
  });

  it('follows the form rules: no 確認日 needed when the form says so', () => {
    const relaxed: FormDefinition = { ...r7, rules: { ...r7.rules, confirmationDateRequired: false } };
    expect(fields([yes('1-①', { confirmedOn: undefined })], relaxed)).toEqual([]);
  });

  it('lets an R5 参考項目 take a 目標日 up to the end of 令和6年度, but not a required item', () => {
    const reference = r5medical.items.find((item) => item.targetFiscalYear === 2024);
    const required = r5medical.items.find((item) => item.required);
    if (!reference || !required) throw new Error('R5 form lacks a 参考項目');
    const at = (itemId: string, targetOn: string) => [{ itemId, answer: 'いいえ', confirmedOn: '2023-05-01', targetOn }];
    expect(fields(at(reference.id, '2025-03-31'), r5medical, 2023)).toEqual([]);
    expect(fields(at(reference.id, '2025-04-01'), r5medical, 2023)).toEqual(['answers[0].targetOn']);
    expect(fields(at(required.id, '2024-04-01'), r5medical, 2023)).toEqual(['answers[0].targetOn']);
    expect(check(at(reference.id, '2025-04-01'), undefined, r5medical, 2023).errors[0].message).toBe(
      `${reference.id}: 目標日は令和5年度から令和6年度末まで（2023-04-01 – 2025-03-31）の日付にしてください (the 目標日 must fall within fiscal years 2023–2024 (2023-04-01 – 2025-03-31))`,
    );
    // Carried forward past its target 年度, the item keeps the 年度 itself.
    const in2025 = [{ itemId: reference.id, answer: 'いいえ', confirmedOn: '2025-05-01', targetOn: '2026-03-31' }];
    expect(fields(in2025, r5medical, 2025)).toEqual([]);
    expect(missingChecklistItems(r5medical, [])).toEqual(r5medical.items.filter((item) => item.required).map((item) => item.id));
  });
});

describe('実装予定日 (plannedOn): a はい that is a plan (2-⑨ 二要素認証, 令和9年度までに実装予定)', () => {
  const planned = (plannedOn: string, extra: Partial<ChecklistAnswerInputDto> = {}) => yes('2-⑨', { plannedOn, ...extra });

  it('is catalogued on vendor 2-⑨ only, by 令和9年度', () => {
    expect(r7.items.filter((item) => item.plannedBy !== undefined).map((item) => [item.id, item.plannedBy])).toEqual([['2-⑨', 2027]]);
  });

  it('accepts a date from the 確認日 to the end of 令和9年度 (2028-03-31) and keeps it on the row', () => {
    for (const date of ['2025-04-10', '2027-06-30', '2028-03-31']) expect(fields([planned(date)])).toEqual([]);
    expect(check([planned('2027-06-30')]).rows[0]).toMatchObject({ itemId: '2-⑨', answer: 'はい', plannedOn: '2027-06-30' });
  });

  it('refuses it after the plan 年度, before the 確認日, on いいえ, on another item and as a date that does not exist', () => {
    const { errors } = check([
      planned('2028-04-01'),
      yes('2-⑧', { plannedOn: '2027-06-30' }),
      { ...no('2-⑩', '2025-12-01'), plannedOn: '2027-06-30' },
    ]);
    expect(errors).toEqual([
      { field: 'answers[0].plannedOn', itemId: '2-⑨', message: '2-⑨: 実装予定日は令和9年度末（2028-03-31）までにしてください (plannedOn must be by the end of fiscal year 2027 (2028-03-31))' },
      { field: 'answers[1].plannedOn', itemId: '2-⑧', message: expect.stringMatching(/^2-⑧: この項目には実装予定日を記入できません.* \(plannedOn is only for items whose はい may be a plan/) },
      { field: 'answers[2].plannedOn', itemId: '2-⑩', message: expect.stringMatching(/^2-⑩: この項目には実装予定日/) },
    ]);
    expect(check([planned('2025-04-09')]).errors).toEqual([
      { field: 'answers[0].plannedOn', itemId: '2-⑨', message: '2-⑨: 実装予定日は確認日（2025-04-10）以降にしてください (plannedOn must not be before the 確認日 (2025-04-10))' },
    ]);
    const onNo = check([{ ...no('2-⑨', '2025-12-01'), plannedOn: '2027-06-30' }]).errors;
    expect(onNo).toEqual([{ field: 'answers[0].plannedOn', itemId: '2-⑨', message: '2-⑨: 実装予定日は「はい」（実装予定を含む）の場合にだけ記入します (plannedOn is only for a はい answer)' }]);
    expect(fields([planned('2027-02-30')])).toEqual(['answers[0].plannedOn']);
  });

  it('without a 確認日 (a form that needs none), keeps it within the 年度 start at least', () => {
    const relaxed: FormDefinition = { ...r7, rules: { ...r7.rules, confirmationDateRequired: false } };
    expect(fields([planned('2025-03-31', { confirmedOn: undefined })], relaxed)).toEqual(['answers[0].plannedOn']);
    expect(fields([planned('2025-04-01', { confirmedOn: undefined })], relaxed)).toEqual([]);
  });

  it('cannot be given once the plan 年度 is over (the 令和7年度 form carried forward to 令和10年度)', () => {
    expect(fields([{ ...planned('2028-04-01'), confirmedOn: '2028-04-01' }], r7, 2028, '2028-05-01')).toEqual(['answers[0].plannedOn']);
  });
});

describe('answer errors name the item as printed, in Japanese with the English beside it', () => {
  it('every error of a thoroughly wrong checklist', () => {
    const { errors } = check([
      { itemId: '9-⑨', answer: 'はい' },
      yes('1-①', { answer: 'yes', confirmedOn: '2025-03-01', targetOn: '2025-05-01', plannedOn: '2025-05-01' }),
      { itemId: '2-①', answer: 'いいえ', confirmedOn: '2025-02-30', targetOn: '2099-01-01' },
      yes('2-⑨', { confirmedOn: '2025-06-16', plannedOn: '2030-01-01' }),
      yes('1-①'),
    ]);
    expect(errors.map((e) => e.field)).toEqual([
      'answers[0].itemId',
      'answers[1].answer',
      'answers[1].confirmedOn',
      'answers[1].targetOn',
      'answers[1].plannedOn',
      'answers[2].confirmedOn',
      'answers[2].targetOn',
      'answers[3].confirmedOn',
      'answers[3].plannedOn',
      'answers[4].itemId',
    ]);
    for (const error of errors) {
      expect(error.itemId).toBeDefined();
      expect(error.message.startsWith(`${error.itemId}: `)).toBe(true);
      expect(error.message).toMatch(JAPANESE);
      expect(error.message).toMatch(/ \([^)]*[a-z][^)]*\)+$/);
    }
  });

  it('lists missing items the same way', () => {
    expect(missingItemsError('entries[4].answers', ['2-⑫', '2-⑬'])).toEqual({
      field: 'entries[4].answers',
      message: '未回答の項目があります: 2-⑫, 2-⑬ (must answer every item; missing 2-⑫, 2-⑬)',
    });
  });
});

describe('checklistContentHash', () => {
  const rowsOf = (answers: ChecklistAnswerInputDto[]) => check(answers).rows;
  const base = ITEMS.map((id) => yes(id));

  it('is the same for the same content in any order', () => {
    expect(checklistContentHash(r7.id, '山田', rowsOf(base))).toBe(checklistContentHash(r7.id, '山田', rowsOf([...base].reverse())));
  });

  it('changes with any answer, date, 備考, the manager or the form', () => {
    const hash = checklistContentHash(r7.id, '山田', rowsOf(base));
    const variants = [
      checklistContentHash(r7.id, '佐藤', rowsOf(base)),
      checklistContentHash('other-form', '山田', rowsOf(base)),
      checklistContentHash(r7.id, '山田', rowsOf([...base.slice(1), yes('1-①', { remarks: '追記' })])),
      checklistContentHash(r7.id, '山田', rowsOf([...base.slice(1), yes('1-①', { confirmedOn: '2025-04-11' })])),
      checklistContentHash(r7.id, '山田', rowsOf([...base.slice(1), no('1-①', '2025-09-30')])),
    ];
    for (const variant of variants) expect(variant).not.toBe(hash);
    expect(new Set(variants).size).toBe(variants.length);
  });

  it('changes with a 実装予定日, given or moved', () => {
    const withPlan = (plannedOn?: string) => checklistContentHash(r7.id, '山田', rowsOf([...base.filter((a) => a.itemId !== '2-⑨'), yes('2-⑨', plannedOn ? { plannedOn } : {})]));
    expect(new Set([withPlan(), withPlan('2027-06-30'), withPlan('2027-07-01')]).size).toBe(3);
  });

  it('hashes a checklist without 実装予定日 as before plannedOn existed, so stored submissions still read unchanged', () => {
    const rows = rowsOf(base);
    const before = createHash('sha256')
      .update(JSON.stringify([r7.id, '山田', rows.map((r) => [r.itemId, r.answer, r.confirmedOn, r.targetOn, r.remarks])]))
      .digest('hex');
    expect(checklistContentHash(r7.id, '山田', rows)).toBe(before);
  });
});

describe('fiscal year helpers', () => {
  it('labels 年度 in 令和', () => {
    expect(fiscalYearLabel(2025)).toBe('令和7年度');
    expect(fiscalYearLabel(2019)).toBe('令和元年度');
    expect(fiscalYearLabel(2018)).toBe('平成30年度');
  });

  it('spans April 1 to March 31', () => {
    expect(fiscalYearRange(2025)).toEqual({ from: '2025-04-01', to: '2026-03-31' });
    expect(fiscalYearOf('2026-03-31')).toBe(2025);
    expect(fiscalYearOf('2026-04-01')).toBe(2026);
  });

  it('takes today in Japan, which starts nine hours before UTC midnight', () => {
    expect(todayInJapan(new Date('2025-03-31T14:59:59Z'))).toBe('2025-03-31');
    expect(todayInJapan(new Date('2025-03-31T15:00:00Z'))).toBe('2025-04-01');
  });
});
