import type { FormItem } from '../forms/form-definition';

export interface FormDiff {
  /** Items of the new version whose text the previous one does not have. */
  added: { itemId: string; text: string }[];
  /** Items of the previous version whose text the new one does not have. */
  removed: { itemId: string; text: string }[];
  /** The same number with another text. */
  textChanged: { itemId: string; before: string; after: string }[];
  /** The same text under another number. */
  renumbered: { fromItemId: string; toItemId: string; text: string }[];
  /** The same number and text. */
  unchanged: number;
}

type Item = Pick<FormItem, 'id' | 'text' | 'scope'>;

/**
 * Item by item, what a new version changes from the previous one. Items are matched on their text
 * first (the wording is what a person answers; numbers shift when MHLW inserts an item), then what
 * is left on the number. Where several items share a text (vendor 2-⑪ サーバ / 2-⑫ 端末PC), the
 * scope heading tells them apart before the number does, so an inserted item shows both as
 * renumbered. A pure function of the two versions: nothing about a diff is stored.
 */
export function diffForms(previous: readonly Item[], next: readonly Item[]): FormDiff {
  const diff: FormDiff = { added: [], removed: [], textChanged: [], renumbered: [], unchanged: 0 };
  const unmatchedPrevious = new Set(previous);
  const unmatchedNext = new Set(next);
  /** Pairs each unmatched new item with the first unmatched previous one `matches` accepts. */
  const pairUp = (matches: (before: Item, after: Item) => boolean, record: (before: Item, after: Item) => void) => {
    for (const after of [...unmatchedNext]) {
      const before = [...unmatchedPrevious].find((candidate) => matches(candidate, after));
      if (!before) continue;
      unmatchedPrevious.delete(before);
      unmatchedNext.delete(after);
      record(before, after);
    }
  };
  const unchanged = () => diff.unchanged++;
  const renumbered = (before: Item, after: Item) => diff.renumbered.push({ fromItemId: before.id, toItemId: after.id, text: after.text });

  pairUp((before, after) => before.text === after.text && before.scope === after.scope && before.id === after.id, unchanged);
  pairUp((before, after) => before.text === after.text && before.scope === after.scope, renumbered);
  pairUp((before, after) => before.text === after.text && before.id === after.id, unchanged);
  pairUp((before, after) => before.text === after.text, renumbered);
  pairUp(
    (before, after) => before.id === after.id,
    (before, after) => diff.textChanged.push({ itemId: after.id, before: before.text, after: after.text }),
  );
  diff.removed = [...unmatchedPrevious].map((item) => ({ itemId: item.id, text: item.text }));
  diff.added = [...unmatchedNext].map((item) => ({ itemId: item.id, text: item.text }));
  return diff;
}
