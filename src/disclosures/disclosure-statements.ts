import type { Principal } from '../access/principal';
import { disclosureVisible, SqlParams } from '../access/visibility';
import type { Keyset } from '../common/pagination';
import type { Statement } from '../common/prepared-statements';
import { selectDisclosures } from './disclosure-row';
import type { DisclosureQueryDto } from './disclosures.dto';

/*
 * The statements of the disclosure pull path (a customer listing disclosures and reading one), as
 * text and values: the reader runs them, and the benchmark's bare server runs the very same ones.
 */

export type DisclosureFilters = Pick<DisclosureQueryDto, 'vendorId' | 'productId' | 'kind' | 'status' | 'latestOnly' | 'updatedSince'>;

/**
 * A page of the disclosures the principal sees, ordered by (created_at, id) — or (updated_at, id) with updatedSince — one row more than
 * `size`. The page is chosen from the disclosures alone and joined to its names afterwards, so that
 * only its rows are joined; "latest only" is a NOT EXISTS PostgreSQL can run as an anti-join.
 */
export function disclosureListStatement(principal: Principal, filters: DisclosureFilters, after: Keyset | undefined, size: number): Statement {
  const params = new SqlParams();
  const where = [disclosureVisible(principal, 'd', params)];
  if (filters.vendorId) where.push(`d.vendor_id = ${params.add(filters.vendorId)}`);
  if (filters.productId) where.push(`d.product_id = ${params.add(filters.productId)}`);
  if (filters.kind) where.push(`d.kind = ${params.add(filters.kind)}`);
  if (filters.status) where.push(`d.status = ${params.add(filters.status)}`);
  if (filters.latestOnly !== false) {
    // A draft is always the latest; any other revision unless a later one is out of draft.
    where.push(`NOT EXISTS (
        SELECT 1 FROM disclosures n WHERE d.status <> 'draft' AND n.product_id = d.product_id AND n.product_version = d.product_version
           AND n.kind = d.kind AND n.author_id = d.author_id AND n.revision > d.revision AND n.status <> 'draft')`);
  }
  // Incremental sync: changed after updatedSince, in the order of the change (src/sync/list-order.ts).
  const column = filters.updatedSince !== undefined ? 'updated_at' : 'created_at';
  if (filters.updatedSince !== undefined) where.push(`d.updated_at > ${params.add(filters.updatedSince)}::timestamptz`);
  if (after) where.push(`(d.${column}, d.id) > (${params.add(after.createdAt)}, ${params.add(after.id)}::uuid)`);
  const page = `(SELECT d.* FROM disclosures d WHERE ${where.join(' AND ')} ORDER BY d.${column}, d.id LIMIT ${params.add(size + 1)})`;
  return { text: `${selectDisclosures(page)} ORDER BY d.${column}, d.id`, values: params.values };
}

/** One disclosure with its answers (in the form's order), or no row when the principal may not see it. */
export function disclosureStatement(principal: Principal, id: string): Statement {
  const params = new SqlParams([id]);
  const answers = `,
         (SELECT coalesce(json_agg(json_build_object('item_id', a.item_id, 'answer', a.answer, 'remarks', a.remarks,
                                                     'item_text', a.item_text, 'section', a.section) ORDER BY a.ordinal), '[]')
            FROM disclosure_answers a WHERE a.disclosure_id = d.id) AS answers`;
  return { text: `${selectDisclosures('disclosures', answers)} WHERE d.id = $1 AND ${disclosureVisible(principal, 'd', params)}`, values: params.values };
}
