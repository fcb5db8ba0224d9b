import type { FormItem } from '../forms/form-definition';
import type { DerivedItemKind } from '../standing/derivation';

const DERIVED_BY_ROLE = {
  derived_remote_maintenance: 'remote_maintenance',
  derived_security_disclosure: 'security_disclosure',
} as const satisfies Record<NonNullable<FormItem['role']>, DerivedItemKind>;

/**
 * Which items of a facility checklist Kaiji answers from its own data: the catalog marks them with a
 * role (薬局 2-② remote maintenance confirmed with the vendors, 2-③ MDS/SDS received, in 令和7年度),
 * so a renumbered or reworded item in a new version keeps deriving with no code change.
 */
export function derivedKindOf(item: Pick<FormItem, 'role'>): DerivedItemKind | null {
  return item.role ? DERIVED_BY_ROLE[item.role] : null;
}
