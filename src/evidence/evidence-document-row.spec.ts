import { reviewState } from './evidence-document-row';

describe('reviewState (見直し時期)', () => {
  const today = '2026-03-15';
  it.each([
    [null, 'ok'],
    ['2026-03-14', 'overdue'],
    ['2026-03-15', 'due_soon'],
    ['2026-04-14', 'due_soon'],
    ['2026-04-15', 'ok'],
    ['2027-03-15', 'ok'],
  ] as const)('a review due on %s is %s on 2026-03-15', (dueOn, expected) => {
    expect(reviewState(dueOn, today)).toBe(expected);
  });
});
