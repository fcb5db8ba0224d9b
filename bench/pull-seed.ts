import { Client } from 'pg';

/**
 * The world of the pull-path benchmark, written with SQL on a migrated database: one pharmacy
 * under active contracts with `subjectVendors` vendors (some through an agent publishing RM-SDS),
 * and noise the visibility predicates must sift out: other vendors, other pharmacies (a chain's
 * stores among them) under their own contracts, superseded and draft revisions, disclosures
 * addressed to selected contracts only. Every disclosure carries answers (the 14 catalogued items
 * of the JAHIS form and more items of the vendor's workbook). Deterministic from the numbers.
 */
export interface PullWorld {
  pharmacyId: string;
  /** A published SDS the pharmacy can read (with its answers): the target of the single GETs. */
  disclosureId: string;
  counts: Record<string, number>;
}

export interface PullWorldSize {
  subjectVendors: number;
  noiseVendors: number;
  productsPerVendor: number;
  otherPharmacies: number;
  /** Items of the vendor's workbook beyond the 14 the partial form lists. */
  extraItems: number;
}

const FORM_ID = 'security-disclosure-jahis-jira-for-guideline-6.0';
const LISTED_ITEMS = ['1', '1.1', '1.2', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
const UNCATALOGUED_ORDINAL_BASE = 100_000;

export async function seedPullWorld(databaseUrl: string, size: PullWorldSize): Promise<PullWorld> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const q = async <Row = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as Row[];
  try {
    await q('BEGIN');
    const [{ id: pharmacyId }] = await q<{ id: string }>(
      `INSERT INTO organizations (kind, name, pharmacy_code) VALUES ('pharmacy', 'ベンチ薬局 本店', '1399000001') RETURNING id`,
    );
    const [{ id: chainId }] = await q<{ id: string }>(`INSERT INTO organizations (kind, name) VALUES ('chain', 'ノイズ薬局チェーン') RETURNING id`);
    await q(`CREATE TEMP TABLE pull_vendors AS
               WITH v AS (INSERT INTO organizations (kind, name)
                          SELECT 'vendor', 'ベンチ事業者' || lpad(n::text, 3, '0') || '株式会社' FROM generate_series(1, $1::int) n RETURNING id, name)
               SELECT id, right(split_part(name, '株式会社', 1), 3)::int AS n FROM v`, [size.subjectVendors + size.noiseVendors]);
    // Two agents (代理店) performing remote maintenance for every fifth vendor.
    await q(`CREATE TEMP TABLE pull_agents AS
               WITH a AS (INSERT INTO organizations (kind, name) SELECT 'vendor', 'ベンチ代理店' || n FROM generate_series(1, 2) n RETURNING id, name)
               SELECT id, right(name, 1)::int AS n FROM a`);
    await q(`ALTER TABLE pull_vendors ADD COLUMN agent_id uuid`);
    await q(`UPDATE pull_vendors v SET agent_id = a.id FROM pull_agents a WHERE v.n % 5 = 0 AND a.n = 1 + (v.n / 5) % 2`);
    await q(`CREATE TEMP TABLE pull_products AS
               WITH p AS (INSERT INTO products (vendor_id, name, category, deployment, versions)
                          SELECT v.id, 'ベンチ製品 ' || v.n || '-' || k, (ARRAY['レセコン', '電子薬歴', '調剤機器', 'オンライン資格確認'])[1 + (v.n + k) % 4],
                                 CASE WHEN k % 2 = 1 THEN 'on-premises' ELSE 'cloud' END, '{6.0}'
                            FROM pull_vendors v CROSS JOIN generate_series(1, $1::int) k RETURNING id, vendor_id, name)
               SELECT p.id, p.vendor_id, v.n AS vendor_n, v.agent_id, split_part(p.name, '-', 2)::int AS k
                 FROM p JOIN pull_vendors v ON v.id = p.vendor_id`, [size.productsPerVendor]);

    // The other customers: stores of a chain (one in four) and independent pharmacies.
    await q(`CREATE TEMP TABLE pull_customers AS
               WITH c AS (INSERT INTO organizations (kind, name, pharmacy_code, chain_id)
                          SELECT 'pharmacy', 'ノイズ薬局 ' || n, lpad((1300000000 + n)::text, 10, '0'), CASE WHEN n % 4 = 0 THEN $2::uuid END
                            FROM generate_series(1, $1::int) n RETURNING id, pharmacy_code)
               SELECT id, (pharmacy_code::bigint - 1300000000)::int AS n FROM c`, [size.otherPharmacies, chainId]);
    await q(`INSERT INTO pull_customers (id, n) VALUES ($1, 0)`, [pharmacyId]);
    // The pharmacy: every subject vendor. Other customers: six vendors each, spread over all.
    await q(`CREATE TEMP TABLE pull_contracts AS
               WITH pairs AS (
                 SELECT c.id AS customer_id, c.n AS customer_n, v.id AS vendor_id, v.n AS vendor_n, v.agent_id
                   FROM pull_customers c JOIN pull_vendors v
                     ON (c.n = 0 AND v.n <= $1) OR (c.n > 0 AND (v.n + c.n * 7) % ($2::int / 6) = 0)),
               c AS (INSERT INTO contracts (vendor_id, customer_id, kind, agent_id, starts_on, status, proposed_by, decided_at)
                     SELECT vendor_id, customer_id, CASE WHEN vendor_n % 3 = 0 THEN 'operation' ELSE 'maintenance' END, agent_id, '2025-04-01',
                            CASE WHEN customer_n % 17 = 5 THEN 'proposed' ELSE 'active' END, 'vendor', now()
                       FROM pairs RETURNING id, vendor_id, customer_id)
               SELECT c.id, c.vendor_id, c.customer_id, p.customer_n, p.vendor_n FROM c
                 JOIN pairs p ON p.customer_id = c.customer_id AND p.vendor_id = c.vendor_id`, [size.subjectVendors, size.subjectVendors + size.noiseVendors]);
    // Each contract covers the vendor's products but the last one for every other customer.
    await q(`INSERT INTO contract_products (contract_id, product_id)
               SELECT c.id, p.id FROM pull_contracts c JOIN pull_products p ON p.vendor_id = c.vendor_id
                WHERE p.k < $1 OR c.customer_n % 2 = 0`, [size.productsPerVendor]);

    // Revision 1 of an MDS and an SDS per product (and an agent's RM-SDS), then revision 2 of
    // each, which supersedes it; a draft revision 3 of one SDS in three. One product in seven
    // addresses revision 2 to selected contracts only (one customer in three; the pharmacy among
    // them for even vendors only).
    const revisions = [
      { revision: 1, daysAgo: 400, final: 'superseded' },
      { revision: 2, daysAgo: 120, final: 'published' },
      { revision: 3, daysAgo: 10, final: 'draft' },
    ];
    for (const { revision, daysAgo, final } of revisions) {
      await q(`CREATE TEMP TABLE pull_new AS
                 SELECT gen_random_uuid() AS id, p.id AS product_id, p.vendor_id, k.kind,
                        CASE WHEN k.kind = 'RM-SDS' THEN p.agent_id ELSE p.vendor_id END AS author_id,
                        CASE WHEN $1::int = 2 AND (p.vendor_n + p.k) % 7 = 3 THEN 'selected_contracts' ELSE 'all_customers' END AS audience,
                        now() - make_interval(days => $2::int) + make_interval(secs => (p.vendor_n * 97 + p.k * 13 + length(k.kind)) % 86400) AS created_at
                   FROM pull_products p CROSS JOIN (VALUES ('MDS'), ('SDS'), ('RM-SDS')) k(kind)
                  WHERE (k.kind <> 'RM-SDS' OR p.agent_id IS NOT NULL) AND ($1::int < 3 OR (k.kind = 'SDS' AND (p.vendor_n + p.k) % 3 = 0))`, [revision, daysAgo]);
      await q(`INSERT INTO disclosures (id, vendor_id, author_id, product_id, product_version, kind, form_id, revision, status, audience, created_at, updated_at)
                 SELECT id, vendor_id, author_id, product_id, '6.0', kind, $1, $2, 'draft', audience, created_at, created_at FROM pull_new`, [FORM_ID, revision]);
      await q(`INSERT INTO disclosure_answers (disclosure_id, item_id, ordinal, answer, remarks, item_text, section)
                 SELECT n.id, i.item, i.ord - 1,
                        CASE WHEN i.item = '1' THEN '非該当' WHEN i.item IN ('1.1', '1.2') THEN '対象外'
                             WHEN (hashtext(n.id::text) + i.ord) % 9 = 0 THEN 'いいえ' ELSE 'はい' END,
                        CASE WHEN (hashtext(n.id::text) + i.ord) % 9 = 0 THEN '次回改訂で対応予定（' || i.item || '）' END, NULL, NULL
                   FROM pull_new n CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS i(item, ord)`, [LISTED_ITEMS]);
      await q(`INSERT INTO disclosure_answers (disclosure_id, item_id, ordinal, answer, remarks, item_text, section)
                 SELECT n.id, (13 + x / 5) || '.' || (1 + x % 5), $1::int + x,
                        CASE WHEN (hashtext(n.id::text) + x) % 11 = 0 THEN 'いいえ' WHEN x % 13 = 0 THEN '対象外' ELSE 'はい' END,
                        CASE WHEN x % 4 = 0 THEN '運用管理規程 第' || x || '条に定める' END,
                        '技術的安全対策の確認事項 ' || x || '：利用者の識別及び認証、アクセスログの取得と定期的な確認を行っているか？',
                        CASE WHEN x < $2::int / 2 THEN '技術的安全対策' ELSE '情報及び情報機器の持ち出しについて' END
                   FROM pull_new n CROSS JOIN generate_series(0, $2::int - 1) x`, [UNCATALOGUED_ORDINAL_BASE, size.extraItems]);
      await q(`INSERT INTO disclosure_audience (disclosure_id, contract_id)
                 SELECT n.id, c.id FROM pull_new n JOIN contract_products cp ON cp.product_id = n.product_id JOIN pull_contracts c ON c.id = cp.contract_id
                  WHERE n.audience = 'selected_contracts' AND c.customer_n % 3 = (SELECT vendor_n FROM pull_products WHERE id = n.product_id) % 2`);
      if (final !== 'draft') {
        // The revision before moves on first: one published revision per product, version, kind and author.
        await q(`UPDATE disclosures d SET status = 'superseded', superseded_at = n.created_at, superseded_by = n.id
                   FROM pull_new n WHERE d.product_id = n.product_id AND d.kind = n.kind AND d.author_id = n.author_id AND d.status = 'published'`);
        await q(`UPDATE disclosures d SET status = 'published', published_at = n.created_at + interval '1 hour'
                   FROM pull_new n WHERE d.id = n.id`);
      }
      await q(`DROP TABLE pull_new`);
    }
    // A few withdrawn revisions among the noise.
    await q(`UPDATE disclosures d SET status = 'withdrawn', withdrawn_at = now() - interval '3 days', withdrawn_reason = '記載誤りのため'
               FROM pull_products p WHERE d.product_id = p.id AND d.status = 'published' AND d.kind = 'MDS' AND p.vendor_n > $1 AND p.vendor_n % 11 = 0`, [size.subjectVendors]);
    await q('COMMIT');

    const [{ id: disclosureId }] = await q<{ id: string }>(
      `SELECT d.id FROM disclosures d JOIN pull_products p ON p.id = d.product_id
        WHERE p.vendor_n = 1 AND p.k = 1 AND d.kind = 'SDS' AND d.status = 'published'`,
    );
    const counts: Record<string, number> = {};
    for (const table of ['organizations', 'products', 'contracts', 'contract_products', 'disclosures', 'disclosure_answers', 'disclosure_audience']) {
      const [row] = await q<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = row.n;
    }
    await q('VACUUM ANALYZE');
    return { pharmacyId, disclosureId, counts };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await db.end();
  }
}
