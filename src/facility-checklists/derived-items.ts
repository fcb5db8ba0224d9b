import type { FormItem } from '../forms/form-definition';
import type { DerivedItemKind } from '../standing/derivation';

/**
 * Which items of a 薬局確認用 form Kaiji answers from its own data: those printed with
 * 「※事業者と契約していない場合には、記入不要」 — 2-② (remote maintenance confirmed with the vendors)
 * and 2-③ (MDS/SDS submitted by the vendors) in 令和7年度. Recognised by their text, so a new 年度's
 * form version that renumbers them needs no code.
 */
export function derivedKindOf(item: Pick<FormItem, 'text' | 'condition'>): DerivedItemKind | null {
  if (!item.condition?.includes('記入不要')) return null;
  if (item.text.includes('リモートメンテナンス')) return 'remote_maintenance';
  if (item.text.includes('MDS/SDS')) return 'security_disclosure';
  return null;
}
