import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { daysFromToday, PharmacySetup, PharmacyWorld, rmBody } from './support/pharmacy-setup';
import type { Product, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

const FY = 2025;

interface Missing {
  code: string;
  label: string;
  contractId: string;
  vendorId: string;
  productId: string | null;
}

/** A pharmacy's standing with its vendors for a 年度, and the "what is missing" list; who may see it. */
describe('pharmacy standing', () => {
  let t: TestApp;
  let f: Factory;
  let s: PharmacySetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new PharmacySetup(t, f);
  });
  afterAll(() => t.close());

  const standing = (token: string, pharmacyId: string, query = `?fiscalYear=${FY}`) => t.http.get(`/v1/pharmacies/${pharmacyId}/standing${query}`).set(bearer(token));

  /** A submitted 事業者確認用 revision written straight in SQL, so that a 目標日 can lie in the future. */
  async function sqlChecklist(contractId: string, fiscalYear: number, formId: string, answers: [string, string, string | null][]): Promise<string> {
    const [row]: { id: string }[] = await t.db.query(
      `INSERT INTO vendor_checklists (contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash)
       SELECT $1, $2, coalesce(max(revision), 0) + 1, 'draft', $3, '管理 太郎', 'sql' FROM vendor_checklists WHERE contract_id = $1 AND fiscal_year = $2
       RETURNING id`,
      [contractId, fiscalYear, formId],
    );
    await t.db.query(
      `INSERT INTO vendor_checklist_answers (checklist_id, item_id, ordinal, answer, confirmed_on, target_on)
       SELECT $1, a.item, a.ord, a.answer, '2025-04-10', a.target FROM unnest($2::text[], $3::text[], $4::date[]) WITH ORDINALITY AS a(item, answer, target, ord)`,
      [row.id, answers.map((a) => a[0]), answers.map((a) => a[1]), answers.map((a) => a[2])],
    );
    await t.db.query(`UPDATE vendor_checklists SET status = 'submitted', submitted_at = now() WHERE id = $1`, [row.id]);
    return row.id;
  }

  async function request(w: PharmacyWorld, status: string, dueOn: string | null): Promise<void> {
    await t.db.query(
      `INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, kind, product_id, status, due_on)
       VALUES ($1, $2, $3, $2, 'SDS', $4, $5, $6)`,
      [w.contract.id, w.pharmacy.org.id, w.vendor.org.id, w.product.id, status, dueOn],
    );
  }

  async function thread(customerId: string, vendorId: string, document: { checklistId?: string; disclosureId?: string }, status: string): Promise<void> {
    await t.db.query(
      `INSERT INTO risk_threads (customer_id, vendor_id, opened_by_org, document_type, checklist_id, disclosure_id, item_id, snapshot, status, outcome)
       VALUES ($1, $2, $1, $3, $4, $5, '2-①', '{}', $6, $7)`,
      [customerId, vendorId, document.checklistId ? 'checklist' : 'disclosure', document.checklistId ?? null, document.disclosureId ?? null, status, status === 'resolved' ? 'risk_accepted' : null],
    );
  }

  describe('numbers and the missing list', () => {
    let chain: Awaited<ReturnType<Factory['tenant']>>;
    let a: PharmacyWorld;
    let b: PharmacyWorld & { product2: Product };
    let c: PharmacyWorld;
    let pharmacy: Tenant;
    beforeAll(async () => {
      chain = await f.tenant('chain');
      pharmacy = await s.p.pharmacy({ chainId: chain.org.id });
      // a: maintenance; checklist received with two いいえ (one 目標日 past); SDS; remote maintenance not used, confirmed.
      a = await s.world({ pharmacy });
      await s.submitChecklist(a.vendor.admin, a.contract.id, { '2-①': { answer: 'いいえ', targetOn: '2026-03-31' } });
      const latest = await sqlChecklist(a.contract.id, FY, 'vendor-checklist-pharmacy-r7', [
        ['1-①', 'はい', null],
        ['2-①', 'いいえ', '2026-03-31'],
        ['2-②', 'いいえ', daysFromToday(30)],
      ]);
      const sds = await s.p.published(a.vendor.admin, a.product.id, { kind: 'SDS' });
      await s.disclosedRm(a.vendor.admin, pharmacy.admin, a.contract.id, a.product.id, { body: { productId: a.product.id, inUse: false } });
      await request(a, 'open', '2025-05-01');
      await request(a, 'open', null);
      await request(a, 'declined', '2025-05-01');
      await thread(pharmacy.org.id, a.vendor.org.id, { checklistId: latest }, 'waiting_vendor');
      await thread(pharmacy.org.id, a.vendor.org.id, { disclosureId: sds.id }, 'waiting_pharmacy');
      await thread(pharmacy.org.id, a.vendor.org.id, { checklistId: latest }, 'resolved');

      // b: operation over two products; no checklist; SDS of the first only; remote maintenance in use
      // on the first (confirmed, no RM-SDS), disclosed on the second but not confirmed.
      const vendorB = await s.p.vendor();
      const product1 = await s.p.product(vendorB.admin);
      const product2 = await s.p.product(vendorB.admin);
      const contractB = await s.p.contract(vendorB.admin, pharmacy, [product1.id, product2.id], { kind: 'operation' });
      b = { vendor: vendorB, product: product1, product2, pharmacy, contract: contractB };
      await s.p.published(vendorB.admin, product1.id, { kind: 'MDS' });
      await s.disclosedRm(vendorB.admin, pharmacy.admin, contractB.id, product1.id, { body: rmBody(product1.id, { twoFactor: false }) });
      await s.disclosedRm(vendorB.admin, pharmacy.admin, contractB.id, product2.id, { confirm: false });

      // c: sale only, nothing delivered: owes nothing.
      c = await s.world({ kind: 'sale_only', pharmacy });
    });

    it('sums up each contract for the 年度', async () => {
      const response = await standing(pharmacy.admin.token, pharmacy.org.id);
      expect(response.status).toBe(200);
      const body = response.body;
      expect(body).toMatchObject({
        pharmacy: { id: pharmacy.org.id, name: pharmacy.org.name },
        fiscalYear: FY,
        fiscalYearLabel: '令和7年度',
        vendorChecklistFormId: 'vendor-checklist-pharmacy-r7',
        summary: {
          vendors: 3,
          contracts: 3,
          checklistsReceived: 1,
          checklistsOutdated: 0,
          checklistsMissing: 1,
          checklistsNotRequired: 1,
          noAnswers: 2,
          overdueTargets: 1,
          productsWithoutSecurityDisclosure: 1,
          remoteMaintenanceUnconfirmed: 1,
          openRequests: 2,
          openThreads: 2,
        },
      });
      const byId = new Map(body.contracts.map((x: { contractId: string }) => [x.contractId, x]));
      expect(byId.get(a.contract.id)).toMatchObject({
        kind: 'maintenance',
        kindLabel: '保守契約',
        vendor: { id: a.vendor.org.id, name: a.vendor.org.name },
        checklist: { status: 'received', statusLabel: '受領済み', revision: 2, formId: 'vendor-checklist-pharmacy-r7', newerFormId: null, noCount: 2, overdueTargetCount: 1 },
        openRequests: 2,
        overdueRequests: 1,
        openThreads: 2,
        products: [
          {
            id: a.product.id,
            securityDisclosure: { required: true, received: true, kind: 'SDS', productVersion: '6.0' },
            remoteMaintenance: { required: true, disclosed: true, inUse: false, confirmed: true, riskLevel: 'none', performedBy: { id: a.vendor.org.id } },
            rmSds: { required: false, received: false },
          },
        ],
      });
      const productsB = (byId.get(b.contract.id) as { products: { id: string }[] }).products;
      expect(byId.get(b.contract.id)).toMatchObject({ kind: 'operation', checklist: { status: 'missing', statusLabel: '未提出', checklistId: null, noCount: 0 }, openRequests: 0, openThreads: 0 });
      expect(productsB.find((p) => p.id === b.product.id)).toMatchObject({
        securityDisclosure: { received: true, kind: 'MDS' },
        remoteMaintenance: { inUse: true, confirmed: true, riskLevel: 'high' },
        rmSds: { required: true, received: false },
      });
      expect(productsB.find((p) => p.id === b.product2.id)).toMatchObject({
        securityDisclosure: { required: true, received: false, disclosureId: null },
        remoteMaintenance: { disclosed: true, confirmed: false, revision: 1 },
      });
      expect(byId.get(c.contract.id)).toMatchObject({
        kind: 'sale_only',
        checklist: { status: 'not_required', statusLabel: '不要（売買契約のみ）' },
        products: [{ securityDisclosure: { required: false, received: false }, remoteMaintenance: { required: false, disclosed: false }, rmSds: { required: false } }],
      });
    });

    it('lists what is missing, in words a 管理薬剤師 can act on', async () => {
      const body = (await standing(pharmacy.admin.token, pharmacy.org.id)).body;
      const missing = body.missing as Missing[];
      const key = (m: Missing) => `${m.code}|${m.contractId}|${m.productId}`;
      expect(missing.map(key).sort()).toEqual(
        [
          `checklist_target_overdue|${a.contract.id}|null`,
          `checklist_missing|${b.contract.id}|null`,
          `rm_sds_missing|${b.contract.id}|${b.product.id}`,
          `remote_maintenance_unconfirmed|${b.contract.id}|${b.product2.id}`,
          // In use by the vendor's own word, confirmed or not: its RM-SDS is due.
          `rm_sds_missing|${b.contract.id}|${b.product2.id}`,
          `security_disclosure_missing|${b.contract.id}|${b.product2.id}`,
        ].sort(),
      );
      const label = (code: string) => missing.find((m) => m.code === code)?.label;
      expect(label('checklist_missing')).toBe(`${b.vendor.org.name}の令和7年度 事業者確認用チェックリストが未提出です`);
      expect(label('checklist_target_overdue')).toBe(`${a.vendor.org.name}の令和7年度 事業者確認用チェックリストに目標日を過ぎた「いいえ」の回答が1件あります。対応状況を確認してください`);
      expect(label('security_disclosure_missing')).toBe(`${b.vendor.org.name}から「${b.product2.name}」のMDS/SDS（医療情報セキュリティ開示書）が提出されていません`);
      expect(missing.find((m) => m.code === 'rm_sds_missing' && m.productId === b.product.id)?.label).toBe(`${b.vendor.org.name}から「${b.product.name}」のリモートメンテナンスに関するSDS（RM-SDS）が提出されていません`);
      expect(missing.every((m) => m.vendorId === (m.contractId === a.contract.id ? a.vendor.org.id : b.vendor.org.id))).toBe(true);
    });

    it('defaults to the current 年度, where nothing of 令和7年度 counts', async () => {
      const body = (await standing(pharmacy.admin.token, pharmacy.org.id, '')).body;
      const now = new Date(Date.now() + 9 * 3600_000);
      const current = now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
      expect(body.fiscalYear).toBe(current);
      if (current !== FY) {
        expect(body.summary).toMatchObject({ contracts: 3, checklistsReceived: 0, checklistsMissing: 2, noAnswers: 0 });
      }
    });

    it('flags a checklist answered on a form that a newer version of the same 年度 replaced', async () => {
      // A 年度 and series of their own, so that no other suite's forms are affected.
      const operator = await f.operator();
      const base = JSON.parse(readFileSync(join(__dirname, '../src/forms/catalog/vendor-checklist-pharmacy-r7.json'), 'utf8')) as Record<string, unknown>;
      const suffix = randomUUID().slice(0, 8);
      const version = (revision: number) => ({ ...base, id: `test-standing-${suffix}-${revision}`, audience: 'any', series: `test/standing-${suffix}`, fiscalYear: 2097, revision });
      for (const revision of [1, 2]) {
        const created = await t.http.post('/v1/forms').set(bearer(operator)).send(version(revision));
        expect(created.status).toBe(201);
      }
      await sqlChecklist(a.contract.id, 2097, `test-standing-${suffix}-1`, [['1-①', 'いいえ', '2098-03-31']]);
      const body = (await standing(pharmacy.admin.token, pharmacy.org.id, '?fiscalYear=2097')).body;
      expect(body.contracts.find((x: { contractId: string }) => x.contractId === a.contract.id).checklist).toMatchObject({
        status: 'form_outdated',
        statusLabel: '旧様式で提出済み（再提出が必要）',
        newerFormId: `test-standing-${suffix}-2`,
        noCount: 1,
      });
      expect((body.missing as Missing[]).find((m) => m.contractId === a.contract.id)).toMatchObject({ code: 'checklist_form_outdated' });
      expect(body.summary).toMatchObject({ checklistsOutdated: 1, checklistsMissing: 1 });
    });

    it('says so when no form of the 年度 is catalogued yet', async () => {
      // No 事業者確認用 for pharmacies before 令和7年度, so nothing to carry forward into 令和6年度:
      // contract a is moved into 令和6年度 for this test only.
      await t.db.query(`UPDATE contracts SET starts_on = '2024-04-01' WHERE id = $1`, [a.contract.id]);
      try {
        const body = (await standing(pharmacy.admin.token, pharmacy.org.id, '?fiscalYear=2024')).body;
        expect(body.vendorChecklistFormId).toBeNull();
        expect(body.vendorChecklistForm).toBeNull();
        const entry = (body.missing as Missing[]).find((m) => m.code === 'checklist_missing' && m.contractId === a.contract.id);
        expect(entry?.label).toBe(`${a.vendor.org.name}の令和6年度 事業者確認用チェックリストが未提出です（令和6年度の様式はまだ登録されていません）`);
      } finally {
        await t.db.query(`UPDATE contracts SET starts_on = '2025-04-01' WHERE id = $1`, [a.contract.id]);
      }
    });

    it('leaves out contracts not in force during the 年度', async () => {
      expect((await standing(pharmacy.admin.token, pharmacy.org.id, '?fiscalYear=2024')).body.contracts).toEqual([]);
    });

    it('lets the chain read its store’s standing, audited', async () => {
      const response = await standing(chain.admin.token, pharmacy.org.id);
      expect(response.status).toBe(200);
      expect(response.body.summary.contracts).toBe(3);
      expect(await countRows(t.db, `audit_events WHERE action = 'standing.read' AND target_id = $1 AND organization_id = $2`, [pharmacy.org.id, chain.org.id])).toBe(1);
    });
  });

  describe('access', () => {
    it('answers 404 to another pharmacy, the pharmacy’s vendor and its agent, an unrelated chain and the operator', async () => {
      const agent = await s.p.vendor();
      const w = await s.world({ agentId: agent.org.id });
      const tokens = [(await s.p.pharmacy()).admin.token, w.vendor.admin.token, agent.admin.token, (await f.tenant('chain')).admin.token, await f.operator()];
      for (const token of tokens) expectProblem(await standing(token, w.pharmacy.org.id), 404);
      expectProblem(await standing(w.pharmacy.admin.token, '00000000-0000-4000-8000-000000000000'), 404);
      expectProblem(await standing(w.pharmacy.admin.token, 'not-a-uuid'), 404);
    });

    it('lets viewers and API clients of the pharmacy read', async () => {
      const w = await s.world();
      const viewer = await f.user(w.pharmacy.org.id, 'viewer');
      expect((await standing(viewer.token, w.pharmacy.org.id)).status).toBe(200);
      const client = await s.p.clientToken(w.pharmacy.admin, ['requests:write']);
      expect((await standing(client, w.pharmacy.org.id)).body.summary.contracts).toBe(1);
    });

    it('refuses a malformed 年度', async () => {
      const pharmacy = await s.p.pharmacy();
      expect(invalidFields(await standing(pharmacy.admin.token, pharmacy.org.id, '?fiscalYear=r7'))).toEqual(['fiscalYear']);
      expect(invalidFields(await standing(pharmacy.admin.token, pharmacy.org.id, '?fiscalYear=1990'))).toEqual(['fiscalYear']);
    });
  });
});
