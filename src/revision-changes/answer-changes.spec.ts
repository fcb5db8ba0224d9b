import { ComparableAnswer, describeChange, diffChecklistAnswers, diffDisclosureAnswers } from './answer-changes';

const yes = (itemId: string, extra: Partial<ComparableAnswer> = {}): ComparableAnswer => ({
  itemId,
  answer: 'はい',
  confirmedOn: '2026-04-10',
  targetOn: null,
  plannedOn: null,
  remarks: null,
  ...extra,
});
const no = (itemId: string, targetOn: string, extra: Partial<ComparableAnswer> = {}): ComparableAnswer => yes(itemId, { answer: 'いいえ', targetOn, ...extra });
const FY = 2026;

describe('diffChecklistAnswers', () => {
  it('finds nothing between identical revisions (remarks differing only in white space included)', () => {
    const answers = [yes('1-①', { remarks: '担当: 情報システム部' }), no('2-①', '2026-12-01')];
    expect(diffChecklistAnswers(answers, [yes('1-①', { remarks: '  担当: 情報システム部 ' }), no('2-①', '2026-12-01')], FY)).toEqual([]);
  });

  it('lists はい→いいえ as significant, with the 目標日 that came with it as a plain change', () => {
    const changes = diffChecklistAnswers([yes('1-①'), yes('2-③')], [yes('1-①'), no('2-③', '2027-01-31')], FY);
    expect(changes).toEqual([
      { itemId: '2-③', kind: 'changed', field: 'answer', before: 'はい', after: 'いいえ', significant: true, reason: '回答が「いいえ」に変わりました' },
      { itemId: '2-③', kind: 'changed', field: 'targetOn', before: null, after: '2027-01-31', significant: false, reason: null },
    ]);
  });

  it('treats いいえ→はい as an improvement: listed, not significant; the 目標日 going with it too', () => {
    const changes = diffChecklistAnswers([no('2-③', '2027-01-31')], [yes('2-③')], FY);
    expect(changes.map((c) => [c.field, c.significant])).toEqual([
      ['answer', false],
      ['targetOn', false],
    ]);
  });

  it('judges a 目標日: later is significant, past the 年度 says so, earlier is not', () => {
    const moved = (from: string, to: string) => diffChecklistAnswers([no('2-⑤', from)], [no('2-⑤', to)], FY)[0];
    expect(moved('2026-10-01', '2026-12-01')).toEqual(expect.objectContaining({ field: 'targetOn', significant: true, reason: '目標日が延期されました' }));
    expect(moved('2026-10-01', '2027-04-30')).toEqual(expect.objectContaining({ significant: true, reason: '目標日が年度末（2027-03-31）を過ぎました' }));
    expect(moved('2027-04-30', '2027-06-30')).toEqual(expect.objectContaining({ significant: true, reason: '目標日が延期されました（年度末 2027-03-31 より後）' }));
    expect(moved('2026-12-01', '2026-10-01')).toEqual(expect.objectContaining({ significant: false, reason: null }));
    expect(moved('2027-06-30', '2027-04-30')).toEqual(expect.objectContaining({ significant: false }));
  });

  it('lists 確認日 and 備考 changes as not significant', () => {
    const changes = diffChecklistAnswers([yes('1-①')], [yes('1-①', { confirmedOn: '2026-05-01', remarks: '年次点検済み' })], FY);
    expect(changes).toEqual([
      { itemId: '1-①', kind: 'changed', field: 'confirmedOn', before: '2026-04-10', after: '2026-05-01', significant: false, reason: null },
      { itemId: '1-①', kind: 'changed', field: 'remarks', before: null, after: '年次点検済み', significant: false, reason: null },
    ]);
  });

  it('judges a 実装予定日: a はい in place turning into a plan, and a plan postponed, matter', () => {
    expect(diffChecklistAnswers([yes('2-⑨')], [yes('2-⑨', { plannedOn: '2027-03-31' })], FY)[0]).toEqual(
      expect.objectContaining({ field: 'plannedOn', significant: true, reason: '実施済みの「はい」が実装予定に変わりました' }),
    );
    expect(diffChecklistAnswers([yes('2-⑨', { plannedOn: '2026-09-30' })], [yes('2-⑨', { plannedOn: '2027-03-31' })], FY)[0].reason).toBe('実装予定日が延期されました');
    expect(diffChecklistAnswers([yes('2-⑨', { plannedOn: '2027-03-31' })], [yes('2-⑨', { plannedOn: '2026-09-30' })], FY)[0].significant).toBe(false);
    expect(diffChecklistAnswers([yes('2-⑨', { plannedOn: '2027-03-31' })], [yes('2-⑨')], FY)[0].significant).toBe(false);
  });

  it('lists items of a new form version as added (significant when answered いいえ) and dropped ones as removed', () => {
    const changes = diffChecklistAnswers([yes('1-①'), yes('2-⑭')], [yes('1-①'), no('2-⑮', '2026-12-01'), yes('2-⑯')], FY);
    expect(changes).toEqual([
      { itemId: '2-⑮', kind: 'added', field: 'item', before: null, after: 'いいえ', significant: true, reason: '新しい項目の回答が「いいえ」です' },
      { itemId: '2-⑯', kind: 'added', field: 'item', before: null, after: 'はい', significant: false, reason: null },
      { itemId: '2-⑭', kind: 'removed', field: 'item', before: 'はい', after: null, significant: false, reason: null },
    ]);
  });

  it('never reads an item by its number: the same change to any item is judged the same', () => {
    const judged = ['1-①', '2-③', 'X-99', '4.1'].map((id) => diffChecklistAnswers([yes(id)], [no(id, '2026-12-01')], FY)[0]);
    expect(new Set(judged.map((c) => `${c.significant}|${c.reason}`)).size).toBe(1);
  });
});

describe('diffDisclosureAnswers', () => {
  const answer = (itemId: string, value: string, remarks: string | null = null) => ({ itemId, answer: value, remarks });

  it('marks an answer turning いいえ or 対象外 as significant, 対象外→はい and 該当→非該当 not', () => {
    const changes = diffDisclosureAnswers(
      [answer('1', '該当'), answer('2', 'はい'), answer('3', '対象外'), answer('4', 'はい'), answer('5', 'いいえ')],
      [answer('1', '非該当'), answer('2', 'いいえ'), answer('3', 'はい'), answer('4', '対象外'), answer('5', '対象外')],
    );
    expect(changes.map((c) => [c.itemId, c.before, c.after, c.significant])).toEqual([
      ['1', '該当', '非該当', false],
      ['2', 'はい', 'いいえ', true],
      ['3', '対象外', 'はい', false],
      ['4', 'はい', '対象外', true],
      ['5', 'いいえ', '対象外', true],
    ]);
  });

  it('lists remarks changes as not significant, and never compares dates a disclosure does not have', () => {
    expect(diffDisclosureAnswers([answer('3', '対象外', '外部保存は受託しない')], [answer('3', '対象外', '外部保存は受託しません')])).toEqual([
      { itemId: '3', kind: 'changed', field: 'remarks', before: '外部保存は受託しない', after: '外部保存は受託しません', significant: false, reason: null },
    ]);
  });
});

describe('describeChange', () => {
  it('says a change in one Japanese sentence, as notifications print it', () => {
    const [answerChange, targetChange] = diffChecklistAnswers([yes('2-③'), no('2-⑤', '2026-10-01')], [no('2-③', '2026-12-01'), no('2-⑤', '2027-04-30')], FY).filter((c) => c.significant);
    expect(describeChange(answerChange)).toBe('2-③ が はい→いいえ に変わりました');
    expect(describeChange(targetChange)).toBe('2-⑤ の目標日が 2026-10-01→2027-04-30 に変わりました（目標日が年度末（2027-03-31）を過ぎました）');
    const [added] = diffChecklistAnswers([], [no('2-⑮', '2026-12-01')], FY);
    expect(describeChange(added)).toBe('新しい項目 2-⑮ の回答が いいえ です');
  });
});
