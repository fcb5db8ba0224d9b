import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { FY } from './checklist-setup';
import { bearer, Factory } from './factories';
import { daysFromToday, PharmacySetup, rmBody } from './pharmacy-setup';
import type { Product, Tenant } from './publishing';
import type { TestApp } from './test-app';

/** A chain's stores with three vendors in varied states, for the chain aggregation and export tests. */
export interface ChainWorld {
  chain: Tenant;
  stores: Tenant[];
  vendorA: Tenant;
  vendorB: Tenant;
  vendorC: Tenant;
  agent: Tenant;
  productA: Product;
  productB1: Product;
  productB2: Product;
  productC: Product;
  /** Contract ids by `${store index}${vendor letter}`, e.g. "0A". */
  contracts: Record<string, string>;
}

export class ChainSetup {
  readonly s: PharmacySetup;

  constructor(
    private readonly t: TestApp,
    readonly f: Factory,
  ) {
    this.s = new PharmacySetup(t, f);
  }

  get(token: string, path: string): Test {
    return this.t.http.get(path).set(bearer(token));
  }

  /** A submitted 事業者確認用 revision written with SQL, so that a 目標日 can lie in the future. */
  async sqlChecklist(contractId: string, items: [string, string, string | null][]): Promise<string> {
    const [row]: { id: string }[] = await this.t.db.query(
      `INSERT INTO vendor_checklists (contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash)
       SELECT $1, $2, coalesce(max(revision), 0) + 1, 'draft', 'vendor-checklist-pharmacy-r7', '管理 太郎', 'sql' FROM vendor_checklists WHERE contract_id = $1 AND fiscal_year = $2
       RETURNING id`,
      [contractId, FY],
    );
    await this.t.db.query(
      `INSERT INTO vendor_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on, target_on)
       SELECT $1, a.item, a.ord, a.answer, '2025-04-10', a.target FROM unnest($2::text[], $3::text[], $4::date[]) WITH ORDINALITY AS a(item, answer, target, ord)`,
      [row.id, items.map((a) => a[0]), items.map((a) => a[1]), items.map((a) => a[2])],
    );
    await this.t.db.query(`UPDATE vendor_checklists SET status = 'submitted', submitted_at = now() WHERE id = $1`, [row.id]);
    return row.id;
  }

  async request(contractId: string, customerId: string, vendorId: string, status: string, dueOn: string | null): Promise<void> {
    await this.t.db.query(
      `INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, kind, fiscal_year, status, due_on)
       VALUES ($1, $2, $3, $2, 'checklist', ${FY}, $4, $5)`,
      [contractId, customerId, vendorId, status, dueOn],
    );
  }

  async thread(customerId: string, vendorId: string, checklistId: string, status: string): Promise<string> {
    const [row]: { id: string }[] = await this.t.db.query(
      `INSERT INTO risk_threads (customer_id, vendor_id, opened_by_org, document_type, checklist_id, item_id, snapshot, status, outcome)
       VALUES ($1, $2, $1, 'checklist', $3, '2-①', '{}', $4, $5) RETURNING id`,
      [customerId, vendorId, checklistId, status, status === 'resolved' ? 'risk_accepted' : null],
    );
    return row.id;
  }

  /**
   * Six stores (named so that they sort 1…6) and three vendors:
   *  - A (maintenance, one product) with every store: checklists of stores 1–3 and 5–6 (stores 2 and 5
   *    with an overdue いいえ, store 3 with one not yet due), SDS and RM-SDS for all; remote maintenance
   *    in use and confirmed (1), unconfirmed (2), with a stale gateway and no 2FA (3), not in use (4–6);
   *    requests and threads at 1–2;
   *  - B (operation, two products) with stores 1–4: a checklist with two overdue いいえ at store 1, an MDS
   *    of the first product for all and an SDS of the second for store 2 only;
   *  - C (maintenance through an agent who maintains remotely) with stores 1–2, sale-only with 5–6:
   *    no SDS; the agent's remote maintenance at store 1 and its RM-SDS.
   * Store 6 saved part of its own 薬局確認用.
   */
  async world(storeCount = 6, label = randomUUID().slice(0, 6)): Promise<ChainWorld> {
    const p = this.s.p;
    const chain = await this.f.tenant('chain');
    const stores: Tenant[] = [];
    for (let i = 1; i <= storeCount; i++) stores.push(await p.pharmacy({ chainId: chain.org.id, name: `チェーン${label} ${i}号店` }));
    const [vendorA, vendorB, vendorC, agent] = [await p.vendor(), await p.vendor(), await p.vendor(), await p.vendor()];
    const productA = await p.product(vendorA.admin);
    const productB1 = await p.product(vendorB.admin);
    const productB2 = await p.product(vendorB.admin);
    const productC = await p.product(vendorC.admin);
    const contracts: Record<string, string> = {};
    for (const [i, store] of stores.entries()) {
      contracts[`${i}A`] = (await p.contract(vendorA.admin, store, [productA.id])).id;
      if (i <= 3) contracts[`${i}B`] = (await p.contract(vendorB.admin, store, [productB1.id, productB2.id], { kind: 'operation' })).id;
      if (i <= 1) contracts[`${i}C`] = (await p.contract(vendorC.admin, store, [productC.id], { agentId: agent.org.id })).id;
      if (i >= 4) contracts[`${i}C`] = (await p.contract(vendorC.admin, store, [productC.id], { kind: 'sale_only' })).id;
    }
    const w: ChainWorld = { chain, stores, vendorA, vendorB, vendorC, agent, productA, productB1, productB2, productC, contracts };

    await this.s.submitChecklist(vendorA.admin, contracts['0A']);
    await this.s.submitChecklist(vendorA.admin, contracts['1A'], { '2-⑤': { answer: 'いいえ', targetOn: `${FY}-09-30` } });
    if (stores.length > 2) await this.sqlChecklist(contracts['2A'], [['1-①', 'はい', null], ['2-①', 'いいえ', daysFromToday(30)]]);
    if (stores.length > 5) {
      await this.s.submitChecklist(vendorA.admin, contracts['4A'], { '2-⑤': { answer: 'いいえ', targetOn: `${FY}-09-30` } });
      await this.s.submitChecklist(vendorA.admin, contracts['5A']);
    }
    await this.s.submitChecklist(vendorB.admin, contracts['0B'], { '2-①': { answer: 'いいえ', targetOn: `${FY}-12-31` }, '2-⑤': { answer: 'いいえ', targetOn: `${FY}-09-30` } });

    await p.published(vendorA.admin, productA.id, { kind: 'SDS' });
    await p.published(vendorA.admin, productA.id, { kind: 'RM-SDS' });
    await p.published(vendorB.admin, productB1.id, { kind: 'MDS' });
    if (stores.length > 1) await p.published(vendorB.admin, productB2.id, { kind: 'SDS', audience: 'selected_contracts', contractIds: [contracts['1B']] });

    await this.s.disclosedRm(vendorA.admin, stores[0].admin, contracts['0A'], productA.id);
    if (stores.length > 1) await this.s.disclosedRm(vendorA.admin, stores[1].admin, contracts['1A'], productA.id, { confirm: false });
    if (stores.length > 2) {
      const stale = rmBody(productA.id, { twoFactor: false, gateway: { maker: 'Fortinet', model: 'FortiGate 60F', firmwareVersion: '6.4.0', lastPatchedOn: daysFromToday(-400) } });
      await this.s.disclosedRm(vendorA.admin, stores[2].admin, contracts['2A'], productA.id, { body: stale });
    }
    for (const i of [3, 4, 5].filter((n) => n < stores.length)) {
      await this.s.disclosedRm(vendorA.admin, stores[i].admin, contracts[`${i}A`], productA.id, { body: { productId: productA.id, inUse: false } });
    }
    await p.published(agent.admin, productC.id, { kind: 'RM-SDS' });
    await this.s.disclosedRm(agent.admin, stores[0].admin, contracts['0C'], productC.id);

    await this.request(contracts['0A'], stores[0].org.id, vendorA.org.id, 'open', '2025-05-01');
    await this.request(contracts['0A'], stores[0].org.id, vendorA.org.id, 'open', null);
    if (stores.length > 1) {
      await this.request(contracts['1A'], stores[1].org.id, vendorA.org.id, 'declined', '2025-05-01');
      await this.thread(stores[1].org.id, vendorA.org.id, await this.latestChecklist(contracts['1A']), 'waiting_vendor');
      await this.thread(stores[1].org.id, vendorA.org.id, await this.latestChecklist(contracts['1A']), 'resolved');
    }
    if (stores.length > 5) {
      const own = ['1-①', '2-①', '2-④'].map((itemId) => ({ itemId, answer: 'はい', confirmedOn: '2025-06-01' }));
      const saved = await this.t.http.put(`/v1/pharmacies/${stores[5].org.id}/checklists/${FY}`).set(bearer(stores[5].admin.token)).send({ answers: own });
      if (saved.status !== 200) throw new Error(`saving the own checklist failed: ${saved.status} ${JSON.stringify(saved.body)}`);
    }
    return w;
  }

  async latestChecklist(contractId: string): Promise<string> {
    const [row]: { id: string }[] = await this.t.db.query(
      `SELECT id FROM vendor_checklists WHERE contract_id = $1 AND fiscal_year = ${FY} AND status = 'submitted' ORDER BY revision DESC LIMIT 1`,
      [contractId],
    );
    return row.id;
  }
}

export { FY };
