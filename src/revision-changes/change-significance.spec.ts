import { CHANGE_FIELDS } from './answer-changes';
import { significanceOf } from './change-significance';
import { checklistChanged, disclosureChanged } from './change-events';
import { diffChecklistAnswers } from './answer-changes';

const END = { fiscalYearEnd: '2027-03-31' };

describe('significanceOf', () => {
  it('never finds a 確認日 or 備考 change significant, whatever the values', () => {
    for (const field of ['confirmedOn', 'remarks'] as const) {
      for (const [before, after] of [['2026-04-01', '2026-05-01'], [null, 'いいえ'], ['いいえ', '対象外']]) {
        expect(significanceOf({ kind: 'changed', field, before, after }, END)).toEqual({ significant: false, reason: null });
      }
    }
  });

  it('judges every field by values alone, so that every field has a rule', () => {
    for (const field of CHANGE_FIELDS) expect(() => significanceOf({ kind: field === 'item' ? 'added' : 'changed', field, before: null, after: null }, END)).not.toThrow();
  });

  it('treats a 目標日 past the 年度 as significant even without a previous one, and not when the diff has no 年度 (a disclosure)', () => {
    expect(significanceOf({ kind: 'changed', field: 'targetOn', before: null, after: '2027-04-01' }, END).significant).toBe(true);
    expect(significanceOf({ kind: 'changed', field: 'targetOn', before: null, after: '2027-03-31' }, END).significant).toBe(false);
    expect(significanceOf({ kind: 'changed', field: 'targetOn', before: null, after: '2027-04-01' }, {}).significant).toBe(false);
  });
});

describe('change events', () => {
  const facts = {
    checklistId: 'c2',
    contractId: 'k1',
    fiscalYear: 2026,
    vendorId: 'v1',
    vendorName: '〇〇株式会社',
    customerId: 'p1',
    fromChecklistId: 'c1',
    fromRevision: 1,
    toRevision: 2,
  };
  const yes = (itemId: string) => ({ itemId, answer: 'はい', confirmedOn: '2026-04-10', targetOn: null, plannedOn: null, remarks: null });

  it('names the vendor, the document and the change, and links to the contract page', () => {
    const event = checklistChanged(facts, diffChecklistAnswers([yes('2-③')], [{ ...yes('2-③'), answer: 'いいえ', targetOn: '2026-12-01' }], 2026));
    expect(event?.notification).toEqual({
      title: '〇〇株式会社の事業者確認用（令和8年度）で 2-③ が はい→いいえ に変わりました',
      body: '2-③ が はい→いいえ に変わりました。前回の版との違いを確認してください。',
      link: '/contracts/k1/checklists/2026',
    });
    expect(event?.recipients).toEqual(['p1']);
  });

  it('publishes nothing when no change is significant, or when no customer was reached by both revisions', () => {
    expect(checklistChanged(facts, diffChecklistAnswers([yes('1-①')], [{ ...yes('1-①'), remarks: '備考' }], 2026))).toBeNull();
    const disclosureFacts = { ...facts, disclosureId: 'd2', fromDisclosureId: 'd1', kind: 'SDS', productId: 'x', productName: 'クラウド', productVersion: '1.0', authorId: 'v1', customerIds: [] };
    expect(disclosureChanged(disclosureFacts, diffChecklistAnswers([yes('4')], [{ ...yes('4'), answer: 'いいえ' }], 2026))).toBeNull();
  });
});
