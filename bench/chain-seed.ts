import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * A chain of generated stores, each with contracts of every generated vendor, written with SQL:
 * products, contracts (some sale-only, some through an agent), submitted 事業者確認用 with some
 * いいえ (some 目標日 past, some on a second revision), published SDS (one product left without),
 * remote-maintenance disclosures (some unconfirmed, some stale gateways), open requests and threads.
 * Deterministic from the store and vendor numbers.
 */
export interface ChainSeed {
  chainId: string;
  clientId: string;
  clientSecret: string;
  counts: Record<string, number>;
}

const FORM_ID = 'vendor-checklist-pharmacy-r7';
const SDS_FORM_ID = 'security-disclosure-jahis-jira-for-guideline-6.0';
const ITEMS = ['1-①', '2-①', '2-②', '2-③', '2-④', '2-⑤', '2-⑥', '2-⑦', '2-⑧', '2-⑨', '2-⑩', '2-⑪', '2-⑫', '2-⑬'];

export async function seedChain(databaseUrl: string, stores: number, vendors: number): Promise<ChainSeed> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const q = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as Record<string, unknown>[];
    const [{ id: chainId }] = await q(`INSERT INTO organizations (kind, name) VALUES ('chain', 'ベンチ薬局ホールディングス') RETURNING id`);
    // Vendors and two agents (代理店), numbered.
    await q(`CREATE TEMP TABLE bench_vendors (n int PRIMARY KEY, id uuid, agent_id uuid)`);
    for (let n = 1; n <= vendors; n++) {
      const [vendor] = await q(`INSERT INTO organizations (kind, name) VALUES ('vendor', $1) RETURNING id`, [`ベンチ事業者${String(n).padStart(2, '0')}株式会社`]);
      await q(`INSERT INTO bench_vendors (n, id) VALUES ($1, $2)`, [n, vendor.id]);
    }
    for (let n = 1; n <= 2; n++) {
      const [agent] = await q(`INSERT INTO organizations (kind, name) VALUES ('vendor', $1) RETURNING id`, [`ベンチ代理店${n}`]);
      // The last vendors work through an agent that performs remote maintenance.
      await q(`UPDATE bench_vendors SET agent_id = $1 WHERE n % 5 = $2 - 1 AND n > 10`, [agent.id, n]);
    }
    await q(`CREATE TEMP TABLE bench_stores AS
               WITH s AS (
                 INSERT INTO organizations (kind, name, pharmacy_code, chain_id)
                 SELECT 'pharmacy', 'ベンチ薬局 ' || lpad(n::text, 4, '0') || '号店', lpad((4000000000 + n)::text, 10, '0'), $1
                   FROM generate_series(1, $2::int) n RETURNING id, pharmacy_code)
               SELECT id, (pharmacy_code::bigint - 4000000000)::int AS n FROM s`, [chainId, stores]);
    await q(`CREATE TEMP TABLE bench_products AS
               WITH p AS (
                 INSERT INTO products (vendor_id, name, category, deployment, versions)
                 SELECT v.id, 'ベンチ製品 ' || v.n || '-' || k, (ARRAY['レセコン', '電子薬歴', '調剤機器', 'オンライン資格確認'])[1 + (v.n + k) % 4],
                        CASE WHEN k = 1 THEN 'on-premises' ELSE 'cloud' END, '{6.0}'
                   FROM bench_vendors v CROSS JOIN generate_series(1, 2) k RETURNING id, vendor_id, name)
               SELECT p.id, p.vendor_id, v.n AS vendor_n, right(p.name, 1)::int AS k FROM p JOIN bench_vendors v ON v.id = p.vendor_id`);
    // Every store with every vendor: 7 % sale-only; product 2 covered by every other store.
    await q(`CREATE TEMP TABLE bench_contracts AS
               WITH c AS (
                 INSERT INTO contracts (vendor_id, customer_id, kind, agent_id, starts_on, status, proposed_by, decided_at)
                 SELECT v.id, s.id,
                        CASE WHEN (s.n * 7 + v.n * 13) % 100 < 7 THEN 'sale_only' WHEN v.n % 3 = 0 THEN 'operation' ELSE 'maintenance' END,
                        v.agent_id, '2025-04-01', 'active', 'vendor', now()
                   FROM bench_stores s CROSS JOIN bench_vendors v RETURNING id, vendor_id, customer_id, kind, agent_id)
               SELECT c.*, s.n AS store_n, v.n AS vendor_n FROM c JOIN bench_stores s ON s.id = c.customer_id JOIN bench_vendors v ON v.id = c.vendor_id`);
    await q(`INSERT INTO contract_products (contract_id, product_id)
               SELECT c.id, p.id FROM bench_contracts c JOIN bench_products p ON p.vendor_id = c.vendor_id
                WHERE p.k = 1 OR c.store_n % 2 = 0`);

    // 事業者確認用: 85 % of the owing contracts submitted (revision 1), a tenth of those again (revision 2).
    await q(`CREATE TEMP TABLE bench_checklists AS
               SELECT gen_random_uuid() AS id, c.id AS contract_id, c.store_n, c.vendor_n, r AS revision
                 FROM bench_contracts c CROSS JOIN generate_series(1, 2) r
                WHERE c.kind <> 'sale_only' AND (c.store_n * 11 + c.vendor_n * 17) % 100 < 85 AND (r = 1 OR (c.store_n + c.vendor_n) % 10 = 0)`);
    // Written as drafts, then submitted (submitted revisions take no answers), one revision at a time.
    for (const revision of [1, 2]) {
      await q(`INSERT INTO vendor_checklists (id, contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash, submitted_at)
                 SELECT id, contract_id, 2025, revision, 'draft', $1, '管理責任者 ' || vendor_n, md5(id::text), now() - (revision * interval '30 days')
                   FROM bench_checklists WHERE revision = $2`, [FORM_ID, revision]);
      // One いいえ on one item in three checklists, two on one in ten; 目標日 past for a third of them.
      await q(`INSERT INTO vendor_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on, target_on, remarks)
                 SELECT b.id, i.item, i.ord,
                        CASE WHEN (b.store_n + b.vendor_n * 3) % 3 = 0 AND i.ord = 1 + (b.vendor_n % 14)
                               OR (b.store_n + b.vendor_n) % 10 = 1 AND i.ord = 1 + ((b.vendor_n + 5) % 14) THEN 'いいえ' ELSE 'はい' END,
                        '2025-06-01', NULL, NULL
                   FROM bench_checklists b CROSS JOIN unnest($1::text[]) WITH ORDINALITY AS i(item, ord) WHERE b.revision = $2`, [ITEMS, revision]);
      await q(`UPDATE vendor_checklist_answers SET target_on = CASE WHEN (hashtext(checklist_id::text) & 3) = 0 THEN date '2025-06-30' ELSE date '2026-03-31' END
                WHERE answer = 'いいえ' AND target_on IS NULL`);
      await q(`UPDATE vendor_checklists SET status = 'submitted' WHERE status = 'draft'`);
    }
    // Published SDS for all customers of every product but vendor 5's second; an RM-SDS from whoever
    // performs remote maintenance; and an SDS of a newer version to a few selected contracts.
    await q(`INSERT INTO disclosures (vendor_id, author_id, product_id, product_version, kind, form_id, revision, status, audience, published_at)
               SELECT p.vendor_id, p.vendor_id, p.id, '6.0', 'SDS', $1, 1, 'published', 'all_customers', now() - interval '60 days'
                 FROM bench_products p WHERE NOT (p.vendor_n = 5 AND p.k = 2)`, [SDS_FORM_ID]);
    await q(`INSERT INTO disclosures (vendor_id, author_id, product_id, product_version, kind, form_id, revision, status, audience, published_at)
               SELECT p.vendor_id, coalesce(v.agent_id, p.vendor_id), p.id, '6.0', 'RM-SDS', $1, 1, 'published', 'all_customers', now() - interval '50 days'
                 FROM bench_products p JOIN bench_vendors v ON v.id = p.vendor_id WHERE p.vendor_n % 4 <> 2`, [SDS_FORM_ID]);
    const [selected] = await q(`INSERT INTO disclosures (vendor_id, author_id, product_id, product_version, kind, form_id, revision, status, audience)
               SELECT p.vendor_id, p.vendor_id, p.id, '7.0', 'SDS', $1, 1, 'draft', 'selected_contracts' FROM bench_products p
                WHERE p.vendor_n = 1 AND p.k = 1 RETURNING id`, [SDS_FORM_ID]);
    await q(`INSERT INTO disclosure_audience (disclosure_id, contract_id)
               SELECT $1, c.id FROM bench_contracts c WHERE c.vendor_n = 1 AND c.store_n % 50 = 0`, [selected.id]);
    await q(`UPDATE disclosures SET status = 'published', published_at = now() - interval '10 days' WHERE id = $1`, [selected.id]);

    // Remote maintenance: 85 % of the owing covered products disclosed, in use for two thirds,
    // confirmed for 80 %; gateways patched 0–400 days ago; a few without two-factor authentication.
    await q(`INSERT INTO remote_maintenance_disclosures (contract_id, product_id, author_id, revision, is_current, in_use, devices, connection_method,
                                                         gateway_maker, gateway_model, gateway_firmware, gateway_patched_on, two_factor,
                                                         source_restricted, session_logging, availability, unique_credentials, confirmed_at)
               SELECT c.id, cp.product_id, coalesce(c.agent_id, c.vendor_id), 1, true, u.in_use,
                      CASE WHEN u.in_use THEN 'レセコンサーバ' END, CASE WHEN u.in_use THEN 'internet_vpn' END,
                      CASE WHEN u.in_use THEN 'Fortinet' END, CASE WHEN u.in_use THEN 'FortiGate 40F' END, CASE WHEN u.in_use THEN '7.2.' || (c.vendor_n % 9) END,
                      CASE WHEN u.in_use THEN current_date - ((c.store_n * 37 + c.vendor_n * 11) % 400) END,
                      CASE WHEN u.in_use THEN (c.store_n + c.vendor_n) % 25 <> 0 END, CASE WHEN u.in_use THEN true END,
                      CASE WHEN u.in_use THEN (c.vendor_n % 7) <> 0 END, CASE WHEN u.in_use THEN 'on_demand' END, CASE WHEN u.in_use THEN true END,
                      CASE WHEN (c.store_n * 13 + c.vendor_n) % 10 < 8 THEN now() - interval '5 days' END
                 FROM bench_contracts c JOIN contract_products cp ON cp.contract_id = c.id
                 CROSS JOIN LATERAL (SELECT (c.store_n + c.vendor_n * 5) % 3 <> 0 AS in_use) u
                WHERE c.kind <> 'sale_only' AND (c.store_n * 3 + c.vendor_n * 7) % 100 < 85`);

    // Open requests (some overdue) and open threads on いいえ answers.
    await q(`INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, kind, fiscal_year, status, due_on)
               SELECT c.id, c.customer_id, c.vendor_id, c.customer_id, 'checklist', 2025, 'open',
                      CASE WHEN c.store_n % 2 = 0 THEN date '2025-05-31' ELSE date '2026-03-31' END
                 FROM bench_contracts c WHERE (c.store_n * 5 + c.vendor_n) % 100 < 3`);
    await q(`INSERT INTO risk_threads (customer_id, vendor_id, opened_by_org, document_type, checklist_id, item_id, snapshot, status)
               SELECT c.customer_id, c.vendor_id, c.customer_id, 'checklist', vc.id, a.item_id, '{}', 'waiting_vendor'
                 FROM bench_checklists b JOIN bench_contracts c ON c.id = b.contract_id JOIN vendor_checklists vc ON vc.id = b.id
                 JOIN vendor_checklist_answers a ON a.checklist_id = b.id AND a.answer = 'いいえ'
                WHERE b.revision = 1 AND (b.store_n + b.vendor_n) % 20 = 3`);

    const clientId = `bench-chain-${randomUUID().slice(0, 8)}`;
    const clientSecret = `ks_${randomUUID()}`;
    await q(`INSERT INTO api_clients (organization_id, client_id, name, scopes, allowed_cidrs, secret_hash) VALUES ($1, $2, 'bench', '{}', '{127.0.0.0/8,::1/128}', $3)`, [
      chainId,
      clientId,
      createHash('sha256').update(clientSecret).digest('hex'),
    ]);
    const counts: Record<string, number> = {};
    for (const table of ['contracts', 'contract_products', 'vendor_checklists', 'vendor_checklist_answers', 'disclosures', 'remote_maintenance_disclosures', 'document_requests', 'risk_threads']) {
      const [row] = await q(`SELECT count(*)::int AS n FROM ${table}`);
      counts[table] = row.n as number;
    }
    await db.query('VACUUM ANALYZE');
    return { chainId: chainId as string, clientId, clientSecret, counts };
  } finally {
    await db.end();
  }
}
