import { countRows, expectProblem } from './support/assertions';
import { AnswerSetSetup } from './support/answer-set-setup';
import { answers, Pharmacy, Vendor } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Application {
  id: string | null;
  status: string;
  total: number;
  done: number;
  created: number;
  unchanged: number;
  failed: number;
  customers: { contractId: string; customerName: string; pharmacyCode: string | null; checklistStatus: string }[];
  overrides: { index: number; contractId: string; valid: boolean; errors: { field: string; itemId?: string }[] }[];
  problems: { field: string }[];
}

/** POST /v1/answer-sets/{id}/applications: one set, many customers, per-customer overrides, through the bulk path. */
describe('answer set applications', () => {
  let t: TestApp;
  let f: Factory;
  let a: AnswerSetSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    a = new AnswerSetSetup(t, f);
  });
  afterAll(() => t.close());

  const checklistsOf = (contractIds: string[]) => countRows(t.db, 'vendor_checklists WHERE contract_id = ANY($1::uuid[])', [contractIds]);
  const applicationsOf = (setId: string) => countRows(t.db, 'answer_set_applications WHERE answer_set_id = $1', [setId]);
  const noOn9 = { itemId: '2-⑨', answer: 'いいえ', confirmedOn: '2025-05-01', targetOn: '2026-02-28', remarks: '二要素認証は来期に導入' };

  describe('three customers, one override', () => {
    let vendor: Vendor;
    let customers: { pharmacy: Pharmacy; contractId: string }[];
    let setId: string;
    let ids: string[];
    beforeAll(async () => {
      ({ vendor, customers } = await a.vendorWithCustomers(3));
      ids = customers.map((c) => c.contractId);
      setId = await a.set(vendor.admin.token, { managerName: '管理 一郎' });
    });

    it('previews with dryRun: who, how many, each override checked — and writes nothing', async () => {
      const preview = await a
        .apply(vendor.admin.token, setId, {
          owing: true,
          dryRun: true,
          overrides: [
            { contractId: ids[1], answers: [noOn9] },
            { contractId: ids[2], answers: [{ itemId: '2-⑨', answer: 'いいえ', confirmedOn: '2025-05-01' }] },
          ],
        })
        .expect(200);
      const body = preview.body as Application;
      expect(body).toMatchObject({ id: null, status: 'preview', total: 3, done: 0, problems: [] });
      expect(body.customers.map((c) => c.contractId).sort()).toEqual([...ids].sort());
      expect(body.customers[0]).toMatchObject({ customerName: expect.any(String), pharmacyCode: expect.stringMatching(/^\d{10}$/), checklistStatus: 'none' });
      expect(body.overrides).toEqual([
        expect.objectContaining({ index: 0, contractId: ids[1], valid: true, errors: [] }),
        expect.objectContaining({ index: 1, contractId: ids[2], valid: false, errors: [expect.objectContaining({ field: 'overrides[1].answers[0].targetOn', itemId: '2-⑨' })] }),
      ]);
      expect(await checklistsOf(ids)).toBe(0);
      expect(await applicationsOf(setId)).toBe(0);
    });

    it('refuses a bad override whole: 400 and nothing written', async () => {
      const response = await a.apply(vendor.admin.token, setId, { contractIds: ids, overrides: [{ contractId: ids[0], answers: [{ itemId: '2-⑨', answer: 'いいえ', confirmedOn: '2025-05-01' }] }] });
      const problem = expectProblem(response, 400, 'validation_failed');
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'overrides[0].answers[0].targetOn' })]);
      expect(await checklistsOf(ids)).toBe(0);
      expect(await applicationsOf(setId)).toBe(0);
    });

    it('applies: one submitted revision per customer, the override for its customer only; the pharmacy reads what it got', async () => {
      const applied = await a
        .apply(vendor.admin.token, setId, { contractIds: ids, overrides: [{ contractId: ids[1], managerName: '担当 二郎', answers: [noOn9] }] })
        .expect(201);
      expect(applied.body).toMatchObject({ id: expect.any(String), dryRun: false, status: 'completed', total: 3, done: 3, created: 3, unchanged: 0, failed: 0, overrideCount: 1, failures: [] });

      const overridden = await a.checklist(customers[1].pharmacy.admin.token, ids[1]);
      expect(overridden.managerName).toBe('担当 二郎');
      expect(overridden.answers.find((x) => x.itemId === '2-⑨')).toMatchObject({ answer: 'いいえ', targetOn: '2026-02-28', remarks: '二要素認証は来期に導入' });
      expect(overridden.answers.filter((x) => x.answer === 'いいえ')).toHaveLength(1);
      for (const i of [0, 2]) {
        const plain = await a.checklist(customers[i].pharmacy.admin.token, ids[i]);
        expect(plain).toMatchObject({ revision: 1, managerName: '管理 一郎' });
        expect(plain.answers.every((x) => x.answer === 'はい')).toBe(true);
      }

      const record = await t.http.get(`/v1/answer-sets/${setId}/applications/${applied.body.id}`).set(bearer(vendor.admin.token)).expect(200);
      expect(record.body).toEqual(applied.body);
      const list = await t.http.get(`/v1/answer-sets/${setId}/applications`).set(bearer(vendor.admin.token)).expect(200);
      expect(list.body.items[0]).toMatchObject({ id: applied.body.id, status: 'completed', created: 3 });
    });

    it('applying again changes nothing (unchanged), and owing now targets no one', async () => {
      const again = await a.apply(vendor.admin.token, setId, { contractIds: ids, overrides: [{ contractId: ids[1], managerName: '担当 二郎', answers: [noOn9] }] }).expect(201);
      expect(again.body).toMatchObject({ total: 3, created: 0, unchanged: 3, failed: 0 });
      expect(await checklistsOf(ids)).toBe(3);
      const owing = await a.apply(vendor.admin.token, setId, { owing: true, dryRun: true }).expect(200);
      expect(owing.body).toMatchObject({ total: 0, customers: [] });
    });

    it('a rival vendor gets 404, a pharmacy 403; a rival’s contract in the selection is refused whole', async () => {
      const rival = await a.s.vendor();
      expectProblem(await a.apply(rival.admin.token, setId, { owing: true }), 404, 'not_found');
      expectProblem(await a.apply(customers[0].pharmacy.admin.token, setId, { owing: true }), 403, 'vendor_required');
      const rivalSet = await a.set(rival.admin.token);
      const response = await a.apply(rival.admin.token, rivalSet, { contractIds: [ids[0]] });
      expect(expectProblem(response, 400, 'validation_failed').errors).toEqual([expect.objectContaining({ field: 'contractIds[0]' })]);
      expect(await applicationsOf(rivalSet)).toBe(0);
    });
  });

  describe('selection', () => {
    let vendor: Vendor;
    let setId: string;
    let chainStores: string[];
    let operation: string[];
    let secondProduct: string[];
    beforeAll(async () => {
      vendor = await a.s.vendor();
      setId = await a.set(vendor.admin.token);
      const chain = await f.tenant('chain');
      chainStores = [];
      for (let i = 0; i < 2; i++) chainStores.push(await a.s.contract(vendor, await a.s.pharmacy({ chainId: chain.org.id })));
      await a.s.sqlContracts(vendor, 3);
      operation = (await a.s.sqlContracts(vendor, 2, 'operation')).map((c) => c.contractId);
      await a.s.sqlContracts(vendor, 2, 'sale_only');
      const product = await t.http.post('/v1/products').set(bearer(vendor.admin.token)).send({ name: '電子薬歴 選択', category: '電子薬歴', deployment: 'cloud' }).expect(201);
      secondProduct = (await a.s.sqlContracts({ ...vendor, productId: product.body.id as string }, 2)).map((c) => c.contractId);
      (vendor as Vendor & { secondProductId: string }).secondProductId = product.body.id as string;
    });

    const targeted = async (selection: Record<string, unknown>) => {
      const body = (await a.apply(vendor.admin.token, setId, { ...selection, dryRun: true }).expect(200)).body as Application;
      return { total: body.total, ids: body.customers.map((c) => c.contractId).sort() };
    };

    it('by chain, contract kind and product; never a sale-only contract', async () => {
      expect(await targeted({ chainId: (await f.tenant('chain')).org.id })).toEqual({ total: 0, ids: [] });
      const byKind = await targeted({ contractKind: 'operation' });
      expect(byKind).toEqual({ total: 2, ids: [...operation].sort() });
      expect((await targeted({ productId: (vendor as Vendor & { secondProductId: string }).secondProductId })).ids).toEqual([...secondProduct].sort());
      expect((await targeted({ contractKind: 'maintenance' })).total).toBe(2 + 3 + 2);
      expect((await targeted({ owing: true })).total).toBe(9);
    });

    it('by chain: the chain’s stores only', async () => {
      const stores = await t.db.query<{ chain_id: string }[]>('SELECT cu.chain_id FROM contracts c JOIN organizations cu ON cu.id = c.customer_id WHERE c.id = $1', [chainStores[0]]);
      expect(await targeted({ chainId: stores[0].chain_id })).toEqual({ total: 2, ids: [...chainStores].sort() });
    });

    it('owing: those whose checklist for the 年度 is not submitted yet', async () => {
      await a.apply(vendor.admin.token, setId, { contractKind: 'operation' }).expect(201);
      expect((await targeted({ owing: true })).total).toBe(7);
      expect((await targeted({ owing: true, contractKind: 'operation' })).total).toBe(0);
    });

    it('refuses a selection without any criterion, another vendor’s product and a non-chain', async () => {
      expectProblem(await a.apply(vendor.admin.token, setId, {}), 400, 'validation_failed');
      const rival = await a.s.vendor();
      expect(expectProblem(await a.apply(vendor.admin.token, setId, { productId: rival.productId }), 400, 'validation_failed').errors).toEqual([expect.objectContaining({ field: 'productId' })]);
      expect(expectProblem(await a.apply(vendor.admin.token, setId, { chainId: vendor.org.id }), 400, 'validation_failed').errors).toEqual([expect.objectContaining({ field: 'chainId' })]);
    });
  });

  describe('sets that cannot be applied', () => {
    let vendor: Vendor;
    let contractIds: string[];
    beforeAll(async () => {
      vendor = await a.s.vendor();
      contractIds = (await a.s.sqlContracts(vendor, 2)).map((c) => c.contractId);
    });

    it('an incomplete set: 422, and the preview says what is missing', async () => {
      const draft = await a.set(vendor.admin.token, { answers: answers().slice(0, 5) });
      expectProblem(await a.apply(vendor.admin.token, draft, { contractIds }), 422, 'answer_set_incomplete');
      const preview = await a.apply(vendor.admin.token, draft, { contractIds, dryRun: true }).expect(200);
      expect(preview.body.problems).toEqual([expect.objectContaining({ field: 'answerSet.answers', message: expect.stringMatching(/未回答/) })]);
      expect(await checklistsOf(contractIds)).toBe(0);
    });

    it('a 年度 its form does not apply to (422), and dates outside the 年度 (400)', async () => {
      const setId = await a.set(vendor.admin.token);
      expectProblem(await a.apply(vendor.admin.token, setId, { contractIds, fiscalYear: 2024 }), 422, 'answer_set_form_not_applicable');
      // The 令和7年度 form is carried forward to 令和8年度, but 確認日 of 2025 do not fall in it.
      const nextYear = await a.apply(vendor.admin.token, setId, { contractIds, fiscalYear: 2026 });
      const errors = expectProblem(nextYear, 400, 'validation_failed').errors as { field: string }[];
      expect(errors[0].field).toBe('answerSet.answers[0].confirmedOn');
      expect(await checklistsOf(contractIds)).toBe(0);
    });

    it('an archived set: 409', async () => {
      const setId = await a.set(vendor.admin.token);
      await t.http.delete(`/v1/answer-sets/${setId}`).set(bearer(vendor.admin.token)).expect(200);
      expectProblem(await a.apply(vendor.admin.token, setId, { contractIds }), 409, 'answer_set_archived');
    });
  });

  it('replays a retry with the same Idempotency-Key: one application, nothing written twice', async () => {
    const vendor = await a.s.vendor();
    const contractIds = (await a.s.sqlContracts(vendor, 2)).map((c) => c.contractId);
    const setId = await a.set(vendor.admin.token);
    const send = () => a.apply(vendor.admin.token, setId, { contractIds }).set('Idempotency-Key', `apply-${setId}`);
    const first = await send().expect(201);
    const retry = await send().expect(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual(first.body);
    expect(await applicationsOf(setId)).toBe(1);
    expect(await checklistsOf(contractIds)).toBe(2);
  });

  it('applies to more customers than one bulk call takes, chunk by chunk, and records the progress', async () => {
    const vendor = await a.s.vendor();
    const contracts = await a.s.sqlContracts(vendor, 2_300);
    const setId = await a.set(vendor.admin.token);
    const applied = await a.apply(vendor.admin.token, setId, { owing: true }).expect(201);
    expect(applied.body).toMatchObject({ status: 'completed', total: 2_300, done: 2_300, created: 2_300, failed: 0 });
    expect(await a.s.counts(contracts.map((c) => c.contractId))).toEqual({ checklists: 2_300, answers: 2_300 * 14 });
    // One audit event for the application, one per chunk of the bulk path.
    expect(await countRows(t.db, `audit_events WHERE organization_id = $1 AND action = 'checklist.batch_submit'`, [vendor.org.id])).toBe(3);
  }, 120_000);
});
