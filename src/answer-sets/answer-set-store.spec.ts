import { MERGED, mergeOverrides, sourcedField } from './answer-set-store';

const set = [
  { itemId: '1-①', answer: 'はい', confirmedOn: '2025-04-10' },
  { itemId: '2-①', answer: 'いいえ', confirmedOn: '2025-04-10', targetOn: '2025-12-31', remarks: '来期' },
];

describe('mergeOverrides', () => {
  it('replaces the set’s answer to an item whole, keeping the form’s order, and says where each answer came from', () => {
    const merged = mergeOverrides(set, [{ itemId: '2-①', answer: 'はい', confirmedOn: '2025-05-01' }], 'answerSet.answers', 'overrides');
    expect(merged.answers).toEqual([set[0], { itemId: '2-①', answer: 'はい', confirmedOn: '2025-05-01' }]);
    expect(merged.sources).toEqual(['answerSet.answers[0]', 'overrides[0]']);
  });

  it('adds an unknown item or a second override of one item as they are, for the checklist rules to refuse', () => {
    const merged = mergeOverrides(
      set,
      [
        { itemId: '1-①', answer: 'いいえ' },
        { itemId: '1-①', answer: 'はい' },
        { itemId: '9-⑨', answer: 'はい' },
      ],
      'a',
      'o',
    );
    expect(merged.answers.map((a) => a.itemId)).toEqual(['1-①', '2-①', '1-①', '9-⑨']);
    expect(merged.sources).toEqual(['o[0]', 'a[1]', 'o[1]', 'o[2]']);
  });

  it('leaves the set itself untouched', () => {
    const before = JSON.stringify(set);
    mergeOverrides(set, [{ itemId: '1-①', answer: 'いいえ' }], 'a', 'o');
    expect(JSON.stringify(set)).toBe(before);
  });
});

describe('sourcedField', () => {
  it('rewrites an error path of the merged answers to the answer’s source, and leaves other paths alone', () => {
    const sources = ['entries[2].answerSet.answers[0]', 'entries[2].overrides[0]'];
    expect(sourcedField(`${MERGED}[1].targetOn`, sources)).toBe('entries[2].overrides[0].targetOn');
    expect(sourcedField(`${MERGED}[0]`, sources)).toBe('entries[2].answerSet.answers[0]');
    expect(sourcedField('entries[2].answerSetId', sources)).toBe('entries[2].answerSetId');
  });
});
