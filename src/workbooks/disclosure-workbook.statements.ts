import type { EntityManager } from 'typeorm';
import type { DisclosureAnswerRow } from '../disclosures/disclosure-answers';
import type { DisclosureSheetAnswer } from './disclosure-workbook-writer';

export interface OwnProduct {
  id: string;
  name: string;
  deployment: string;
  versions: string[];
}

/** The vendor's own products among the ids (anyone else's are simply not found). */
export function ownProducts(db: EntityManager, vendorId: string, ids: string[]): Promise<OwnProduct[]> {
  return db.query('SELECT id, name, deployment, versions FROM products WHERE vendor_id = $1 AND id = ANY($2::uuid[])', [vendorId, ids]);
}

export interface LatestDisclosure {
  id: string;
  productId: string;
  productVersion: string;
  kind: string;
  formId: string;
  answers: DisclosureSheetAnswer[];
}

/** The latest revision (a draft included) the vendor wrote for each product, in any version and kind. */
export async function latestDisclosures(db: EntityManager, authorId: string, productIds: string[]): Promise<Map<string, LatestDisclosure>> {
  const heads: { id: string; product_id: string; product_version: string; kind: string; form_id: string }[] = await db.query(
    `SELECT DISTINCT ON (product_id) id, product_id, product_version, kind, form_id FROM disclosures
      WHERE author_id = $1 AND product_id = ANY($2::uuid[]) AND status <> 'withdrawn' ORDER BY product_id, updated_at DESC, revision DESC`,
    [authorId, productIds],
  );
  const latest = new Map(heads.map((h) => [h.product_id, { id: h.id, productId: h.product_id, productVersion: h.product_version, kind: h.kind, formId: h.form_id, answers: [] as DisclosureSheetAnswer[] }]));
  if (heads.length === 0) return latest;
  const byId = new Map([...latest.values()].map((d) => [d.id, d]));
  const answers: { disclosure_id: string; item_id: string; answer: string; remarks: string | null; item_text: string | null; section: string | null }[] = await db.query(
    'SELECT disclosure_id, item_id, answer, remarks, item_text, section FROM disclosure_answers WHERE disclosure_id = ANY($1::uuid[]) ORDER BY ordinal',
    [[...byId.keys()]],
  );
  for (const a of answers) byId.get(a.disclosure_id)?.answers.push({ itemId: a.item_id, answer: a.answer, remarks: a.remarks, itemText: a.item_text, section: a.section });
  return latest;
}

/** The drafts in progress of the given product × version × kind, written by the vendor. */
export async function draftsOf(db: EntityManager, authorId: string, keys: { productId: string; productVersion: string; kind: string }[]): Promise<Map<string, { id: string; formId: string }>> {
  const rows: { id: string; product_id: string; product_version: string; kind: string; form_id: string }[] = await db.query(
    `SELECT d.id, d.product_id, d.product_version, d.kind, d.form_id FROM disclosures d
       JOIN unnest($2::uuid[], $3::text[], $4::text[]) AS k(product_id, product_version, kind)
         ON d.product_id = k.product_id AND d.product_version = k.product_version AND d.kind = k.kind
      WHERE d.author_id = $1 AND d.status = 'draft'`,
    [authorId, keys.map((k) => k.productId), keys.map((k) => k.productVersion), keys.map((k) => k.kind)],
  );
  return new Map(rows.map((r) => [draftKey(r.product_id, r.product_version, r.kind), { id: r.id, formId: r.form_id }]));
}

export const draftKey = (productId: string, productVersion: string, kind: string) => `${productId}|${productVersion}|${kind}`;

/** Replaces a draft's answers, or inserts a new draft (revision after the latest, addressed to all customers) with them. */
export async function writeDraft(
  manager: EntityManager,
  vendorId: string,
  actorId: string,
  draft: { id: string | null; productId: string; productVersion: string; kind: string; formId: string; rows: DisclosureAnswerRow[] },
): Promise<string> {
  let id = draft.id;
  if (id) {
    await manager.query('DELETE FROM disclosure_answers WHERE disclosure_id = $1', [id]);
    await manager.query('UPDATE disclosures SET updated_at = now() WHERE id = $1', [id]);
  } else {
    const [created]: { id: string }[] = await manager.query(
      `INSERT INTO disclosures (vendor_id, author_id, product_id, product_version, kind, form_id, revision, status, audience, created_by)
       SELECT $1, $1, $2, $3, $4, $5, coalesce(max(revision), 0) + 1, 'draft', 'all_customers', $6
         FROM disclosures WHERE product_id = $2 AND product_version = $3 AND kind = $4 AND author_id = $1
       RETURNING id`,
      [vendorId, draft.productId, draft.productVersion, draft.kind, draft.formId, actorId],
    );
    id = created.id;
  }
  const rows = draft.rows;
  if (rows.length > 0) {
    await manager.query(
      `INSERT INTO disclosure_answers (disclosure_id, item_id, ordinal, answer, remarks, item_text, section)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [id, rows.map((r) => r.itemId), rows.map((r) => r.ordinal), rows.map((r) => r.answer), rows.map((r) => r.remarks), rows.map((r) => r.itemText), rows.map((r) => r.section)],
    );
  }
  return id;
}
