import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange, todayInJapan } from '../common/fiscal-year';
import { CATALOG_DIRECTORY } from '../forms/form-catalog.loader';
import type { FormDefinition } from '../forms/form-definition';
import { checkChecklistAnswers, checklistContentHash, missingChecklistItems } from './checklist-answers';
import type { ChecklistAnswerInputDto } from './checklists.dto';

const formFile = (name: string): FormDefinition => JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${name}.json`), 'utf8'));
const r7 = formFile('vendor-checklist-pharmacy-r7');
const r5medical = formFile('vendor-checklist-medical-r5');
const ITEMS = r7.items.map((item) => item.id);
const TODAY = '2025-06-15';

const yes = (itemId: string, extra: Partial<ChecklistAnswerInputDto> = {}): ChecklistAnswerInputDto => ({ itemId, answer: 'はい', confirmedOn: '2025-04-10', ...extra });
const no = (itemId: string, targetOn?: string): ChecklistAnswerInputDto => ({ itemId, answer: 'いいえ', confirmedOn: '2025-04-10', ...(targetOn ? { targetOn } : {}) });
const check = (answers: ChecklistAnswerInputDto[], field?: string, form = r7, fiscalYear = 2025) => checkChecklistAnswers(form, fiscalYear, answers, field, TODAY);
const fields = (answers: ChecklistAnswerInputDto[], form = r7, fiscalYear = 2025) => check(answers, undefined, form, fiscalYear).errors.map((e) => e.field);

describe('checkChecklistAnswers (令和7年度 事業者確認用)', () => {
  it('accepts every item answered はい with a 確認日, and orders the rows as the sheet does', () => {
    const { rows, errors } = check([...ITEMS].reverse().map((id) => yes(id)));
    expect(errors).toEqual([]);
    expect(rows.map((row) => row.itemId)).toEqual(ITEMS);
    expect(rows.map((row) => row.ordinal)).toEqual(ITEMS.map((_, index) => index));
    expect(rows[0]).toEqual({ itemId: '1-①', ordinal: 0, answer: 'はい', confirmedOn: '2025-04-10', targetOn: null, remarks: null });
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
      { field: 'answers[0].confirmedOn', message: expect.stringContaining('確認日') },
      { field: 'answers[1].confirmedOn', message: expect.stringContaining('required') },
    ]);
  });

  it('refuses a 確認日 in the future (Japan date) and accepts today', () => {
    expect(fields([yes('1-①', { confirmedOn: '2025-06-16' })])).toEqual(['answers[0].confirmedOn']);
    expect(check([yes('1-①', { confirmedOn: '2025-06-16' })]).errors[0].message).toMatch(/future/);
    expect(fields([yes('1-①', { confirmedOn: TODAY })])).toEqual([]);
  });

  it('refuses dates that do not exist', () => {
    expect(check([yes('1-①', { confirmedOn: '2025-02-30' }), no('2-①', '2025-13-01'), yes('2-②', { confirmedOn: '0000-01-01' })]).errors).toEqual([
      { field: 'answers[0].confirmedOn', message: 'is not a real date' },
      { field: 'answers[1].targetOn', message: 'is not a real date' },
      { field: 'answers[2].confirmedOn', message: 'is not a real date' },
    ]);
    expect(fields([yes('1-①', { confirmedOn: '2024-02-29' }), yes('2-①', { confirmedOn: '0001-01-01' })])).toEqual([]);
  });

  it('requires a 目標日 for いいえ', () => {
    const { errors } = check([no('2-①')]);
    expect(errors).toEqual([{ field: 'answers[0].targetOn', message: expect.stringContaining('目標日') }]);
  });

  it('accepts a 目標日 on the first and last day of the 年度 and refuses one a day outside', () => {
    expect(fields([no('2-①', '2025-04-01'), no('2-②', '2026-03-31')])).toEqual([]);
    const outside = check([no('2-①', '2025-03-31'), no('2-②', '2026-04-01')]);
    expect(outside.errors.map((e) => e.field)).toEqual(['answers[0].targetOn', 'answers[1].targetOn']);
    expect(outside.errors[0].message).toContain('2025-04-01 – 2026-03-31');
  });

  it('refuses a 目標日 on a はい answer', () => {
    expect(check([yes('2-①', { targetOn: '2025-09-30' })]).errors).toEqual([{ field: 'answers[0].targetOn', message: 'is only for いいえ answers' }]);
  });

  it('refuses answers the form does not allow', () => {
    expect(fields([yes('2-①', { answer: '対象外' }), yes('2-②', { answer: 'yes' })])).toEqual(['answers[0].answer', 'answers[1].answer']);
  });

  it('refuses an unknown item and an item answered twice, writing no row for them', () => {
    const { rows, errors } = check([yes('2-⑭'), yes('1-①'), yes('1-①')]);
    expect(errors).toEqual([
      { field: 'answers[0].itemId', message: 'is not an item of form vendor-checklist-pharmacy-r7' },
      { field: 'answers[2].itemId', message: 'answers item 1-① a second time' },
    ]);
    expect(rows.map((row) => row.itemId)).toEqual(['1-①']);
  });

  it('names fields under the prefix it is given (bulk entries)', () => {
    const answers = [yes('1-①'), yes('2-①'), no('2-②', '2027-01-01')];
    expect(check(answers, 'entries[3].answers').errors.map((e) => e.field)).toEqual(['entries[3].answers[2].targetOn']);
  });

  it('checks the 目標日 against the 年度 it is given', () => {
    expect(fields([no('2-①', '2026-09-30')], r7, 2026)).toEqual([]);
    expect(fields([no('2-①', '2025-09-30')], r7, 2026)).toEqual(['answers[0].targetOn']);
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
    expect(missingChecklistItems(r5medical, [])).toEqual(r5medical.items.filter((item) => item.required).map((item) => item.id));
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
