import { countRows, expectProblem, invalidFields } from './support/assertions';
import { AnswerSetSetup } from './support/answer-set-setup';
import type { Vendor } from './support/checklist-setup';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Preview {
  total: number;
  customers: { contractId: string; customerName: string; pharmacyCode: string | null }[];
  chains: { id: string; name: string; customers: number }[];
  overrides: { contractId: string; valid: boolean }[];
}

/** Full-width digits and letters, as a person may type them in a Japanese input method. */
const fullWidth = (text: string) => text.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/**
 * What a preview (dryRun) of POST /v1/answer-sets/{id}/applications tells a vendor to choose its
 * customers: the chains its targeted customers are stores of (to choose by chainId), and a search
 * of the targeted customers by 保険薬局コード or name (to give an override to any of them).
 */
describe('answer set application previews', () => {
  let t: TestApp;
  let f: Factory;
  let a: AnswerSetSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    a = new AnswerSetSetup(t, f);
  });
  afterAll(() => t.close());

  const preview = async (vendor: Vendor, setId: string, selection: Record<string, unknown>) =>
    (await a.apply(vendor.admin.token, setId, { ...selection, dryRun: true }).expect(200)).body as Preview;
  const sortedIds = (ids: string[]) => [...ids].sort();

  describe('chains', () => {
    let vendor: Vendor;
    let rival: Vendor;
    let setId: string;
    let aoba: { id: string; name: string; maintenance: string[]; operation: string };
    let sakura: { id: string; name: string; store: string };
    let rivalsChain: { id: string; name: string };
    beforeAll(async () => {
      vendor = await a.s.vendor();
      rival = await a.s.vendor();
      setId = await a.set(vendor.admin.token);
      const chain = async (name: string) => (await f.tenant('chain', { name: `${name} ${Math.random().toString(36).slice(2, 7)}` })).org;
      const store = async (owner: Vendor, chainId: string, kind?: string) => a.s.contract(owner, await a.s.pharmacy({ chainId }), { kind });
      const aobaChain = await chain('あおば薬局グループ');
      aoba = {
        id: aobaChain.id,
        name: aobaChain.name,
        maintenance: [await store(vendor, aobaChain.id), await store(vendor, aobaChain.id)],
        operation: await store(vendor, aobaChain.id, 'operation'),
      };
      // A store under a sale-only contract owes no checklist: never targeted, never counted.
      await store(vendor, aobaChain.id, 'sale_only');
      const sakuraChain = await chain('さくら調剤');
      sakura = { id: sakuraChain.id, name: sakuraChain.name, store: await store(vendor, sakuraChain.id) };
      // The rival's customer's chain: the vendor serves none of its stores and must not learn of it.
      rivalsChain = await chain('ライバル顧客チェーン');
      await store(rival, rivalsChain.id);
      await a.s.sqlContracts(vendor, 3);
    });

    it('lists the chains of the targeted customers with their counts, yours only', async () => {
      const body = await preview(vendor, setId, { owing: true });
      expect(body.total).toBe(3 + 1 + 3);
      expect(body.chains).toEqual(
        [
          { id: aoba.id, name: aoba.name, customers: 3 },
          { id: sakura.id, name: sakura.name, customers: 1 },
        ].sort((x, y) => (x.name < y.name ? -1 : 1)),
      );
      expect(body.chains.map((c) => c.id)).not.toContain(rivalsChain.id);
      expect((await preview(rival, await a.set(rival.admin.token), { owing: true })).chains).toEqual([{ id: rivalsChain.id, name: rivalsChain.name, customers: 1 }]);
    });

    it('counts what the other criteria select, and lists every chain when one is chosen', async () => {
      const maintenance = await preview(vendor, setId, { contractKind: 'maintenance' });
      expect(maintenance.chains).toEqual(expect.arrayContaining([{ id: aoba.id, name: aoba.name, customers: 2 }, { id: sakura.id, name: sakura.name, customers: 1 }]));
      expect(maintenance.chains).toHaveLength(2);
      const chosen = await preview(vendor, setId, { owing: true, chainId: sakura.id });
      expect(chosen.total).toBe(1);
      expect(chosen.chains.map((c) => c.id).sort()).toEqual(sortedIds([aoba.id, sakura.id]));
    });

    it('choosing a listed chain targets exactly its counted stores', async () => {
      for (const [chain, contracts] of [
        [aoba, [...aoba.maintenance, aoba.operation]],
        [sakura, [sakura.store]],
      ] as const) {
        const chosen = await preview(vendor, setId, { chainId: chain.id });
        expect(chosen.total).toBe(contracts.length);
        expect(sortedIds(chosen.customers.map((c) => c.contractId))).toEqual(sortedIds([...contracts]));
      }
      const aobaMaintenance = await preview(vendor, setId, { chainId: aoba.id, contractKind: 'maintenance' });
      expect(sortedIds(aobaMaintenance.customers.map((c) => c.contractId))).toEqual(sortedIds(aoba.maintenance));
    });

    it('applied by chain: one revision per store; the record lists no chains', async () => {
      const applied = await a.apply(vendor.admin.token, setId, { chainId: sakura.id }).expect(201);
      expect(applied.body).toMatchObject({ status: 'completed', total: 1, created: 1, chains: [] });
      expect(await countRows(t.db, 'vendor_checklists WHERE contract_id = $1', [sakura.store])).toBe(1);
      // Owing no more, sakura's store drops out of the breakdown.
      expect((await preview(vendor, setId, { owing: true })).chains).toEqual([{ id: aoba.id, name: aoba.name, customers: 3 }]);
    });
  });

  describe('finding a customer', () => {
    let vendor: Vendor;
    let setId: string;
    let contracts: { contractId: string; pharmacyCode: string }[];
    let beyond: { contractId: string; pharmacyCode: string };
    beforeAll(async () => {
      vendor = await a.s.vendor();
      setId = await a.set(vendor.admin.token);
      contracts = await a.s.sqlContracts(vendor, 60);
      const firstPage = new Set((await preview(vendor, setId, { owing: true })).customers.map((c) => c.contractId));
      beyond = contracts.find((c) => !firstPage.has(c.contractId)) as { contractId: string; pharmacyCode: string };
    });

    it('the preview lists 50 of 60; a search by 保険薬局コード finds one beyond them, total unchanged', async () => {
      const all = await preview(vendor, setId, { owing: true });
      expect({ total: all.total, listed: all.customers.length }).toEqual({ total: 60, listed: 50 });
      expect(beyond).toBeDefined();
      const found = await preview(vendor, setId, { owing: true, customerQuery: beyond.pharmacyCode });
      expect(found.total).toBe(60);
      expect(found.customers).toEqual([expect.objectContaining({ contractId: beyond.contractId, pharmacyCode: beyond.pharmacyCode })]);
    });

    it('by name, typed with full-width digits and another spacing; and takes an override for it', async () => {
      const query = `薬局${fullWidth(beyond.pharmacyCode)}`;
      const found = await preview(vendor, setId, {
        owing: true,
        customerQuery: ` ${query} `,
        overrides: [{ contractId: beyond.contractId, answers: [{ itemId: '2-⑨', answer: 'いいえ', confirmedOn: '2025-05-01', targetOn: '2026-02-28' }] }],
      });
      expect(found.customers.map((c) => c.contractId)).toEqual([beyond.contractId]);
      expect(found.overrides).toEqual([expect.objectContaining({ contractId: beyond.contractId, valid: true })]);
    });

    it('finds only targeted customers: not another vendor’s, nor one the criteria leave out', async () => {
      const rival = await a.s.vendor();
      const [rivals] = await a.s.sqlContracts(rival, 1);
      expect((await preview(vendor, setId, { owing: true, customerQuery: rivals.pharmacyCode })).customers).toEqual([]);
      expect((await preview(vendor, setId, { contractKind: 'operation', customerQuery: beyond.pharmacyCode })).customers).toEqual([]);
    });

    it('refuses a search outside a preview, or too long: 400 and nothing written', async () => {
      const applications = () => countRows(t.db, 'answer_set_applications WHERE answer_set_id = $1', [setId]);
      const response = await a.apply(vendor.admin.token, setId, { owing: true, customerQuery: beyond.pharmacyCode });
      expect(expectProblem(response, 400, 'validation_failed').errors).toEqual([expect.objectContaining({ field: 'customerQuery' })]);
      expect(invalidFields(await a.apply(vendor.admin.token, setId, { owing: true, dryRun: true, customerQuery: 'あ'.repeat(101) }))).toEqual(['customerQuery']);
      expect(await applications()).toBe(0);
      expect(await countRows(t.db, 'vendor_checklists WHERE contract_id = ANY($1::uuid[])', [contracts.map((c) => c.contractId)])).toBe(0);
    });
  });
});
