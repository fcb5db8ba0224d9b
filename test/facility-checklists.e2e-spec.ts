import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { PharmacySetup, rmBody } from './support/pharmacy-setup';
import type { Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

const FY = 2025;
const FORM = 'facility-checklist-pharmacy-r7';
/** The 令和7年度 薬局確認用 items the pharmacy answers itself (2-② and 2-③ are derived). */
const OWN_ITEMS = ['1-①', '2-①', '2-④', '2-⑤', '2-⑥', '2-⑦', '2-⑧', '2-⑨', '2-⑩', '2-⑪', '2-⑫', '2-⑬', '2-⑭', '3-①', '3-②', '3-③', '4-①'];

interface Answer {
  itemId: string;
  answer: string;
  confirmedOn?: string;
  targetOn?: string;
  plannedOn?: string;
  remarks?: string;
}

function own(overrides: Record<string, Partial<Answer>> = {}, items = OWN_ITEMS): Answer[] {
  return items.map((itemId) => ({ itemId, answer: 'はい', confirmedOn: '2025-06-01', ...overrides[itemId] }));
}

interface Item {
  itemId: string;
  derived: boolean;
  answer: string | null;
  confirmedOn: string | null;
  targetOn: string | null;
  plannedOn: string | null;
  plannedBy: number | null;
  remarks: string | null;
  targetOverdue: boolean;
  derivation: {
    answer: string;
    reason: string;
    confirmedOn: string | null;
    contracts: { contractId: string; vendorName: string; satisfied: boolean; missing: { code: string; productId: string; label: string }[] }[];
  } | null;
}

/** The pharmacy's own 薬局確認用: its answers, the derived 2-② and 2-③ with their reasons, and who may see it. */
describe('薬局確認用 (the pharmacy’s own checklist)', () => {
  let t: TestApp;
  let f: Factory;
  let s: PharmacySetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new PharmacySetup(t, f);
  });
  afterAll(() => t.close());

  const path = (pharmacyId: string, fy: number | string = FY) => `/v1/pharmacies/${pharmacyId}/checklists/${fy}`;
  const put = (token: string, pharmacyId: string, body: Record<string, unknown>, fy: number | string = FY) => t.http.put(path(pharmacyId, fy)).set(bearer(token)).send(body);
  const get = (token: string, pharmacyId: string, fy: number | string = FY) => t.http.get(path(pharmacyId, fy)).set(bearer(token));
  const item = (body: { items: Item[] }, itemId: string) => body.items.find((i) => i.itemId === itemId) as Item;
  const saved = (pharmacyId: string) => countRows(t.db, 'facility_checklists WHERE facility_id = $1', [pharmacyId]);
  const derived = async (pharmacy: Tenant) => {
    const response = await get(pharmacy.admin.token, pharmacy.org.id);
    expect(response.status).toBe(200);
    return { rm: item(response.body, '2-②'), sds: item(response.body, '2-③') };
  };

  describe('validation: each rule answers its problem and writes nothing', () => {
    let pharmacy: Tenant;
    beforeAll(async () => {
      pharmacy = await s.p.pharmacy();
    });

    it.each<[string, Record<string, unknown>, string[]]>([
      ['an answer to derived 2-②', { answers: [...own(), { itemId: '2-②', answer: 'はい', confirmedOn: '2025-06-01' }] }, ['answers[17].itemId']],
      ['answers to both derived items, even malformed ones', { answers: [{ itemId: '2-③', answer: 'たぶん' }, { itemId: '2-②', answer: 'いいえ' }] }, ['answers[0].itemId', 'answers[1].itemId']],
      ['いいえ without a 目標日', { answers: own({ '2-①': { answer: 'いいえ' } }) }, ['answers[1].targetOn']],
      ['a 目標日 after the 年度', { answers: own({ '2-①': { answer: 'いいえ', targetOn: '2026-04-01' } }) }, ['answers[1].targetOn']],
      ['a 目標日 on はい', { answers: own({ '1-①': { targetOn: '2026-03-01' } }) }, ['answers[0].targetOn']],
      ['a missing 確認日', { answers: own({ '3-①': { confirmedOn: undefined } }) }, ['answers[13].confirmedOn']],
      ['a 確認日 in the future', { answers: own({ '1-①': { confirmedOn: '2099-01-01' } }) }, ['answers[0].confirmedOn']],
      ['a 確認日 before the 年度', { answers: own({ '1-①': { confirmedOn: '2025-03-31' } }) }, ['answers[0].confirmedOn']],
      ['a 確認日 after the 年度', { answers: own({ '4-①': { confirmedOn: '2026-04-01' } }) }, ['answers[16].confirmedOn']],
      ['a 目標日 before the 確認日', { answers: own({ '2-①': { answer: 'いいえ', targetOn: '2025-05-31' } }) }, ['answers[1].targetOn']],
      ['a 実装予定日 on an item that is no plan (2-⑨)', { answers: own({ '2-⑨': { plannedOn: '2027-06-30' } }) }, ['answers[7].plannedOn']],
      ['a 実装予定日 on いいえ (2-⑩)', { answers: own({ '2-⑩': { answer: 'いいえ', targetOn: '2026-03-31', plannedOn: '2027-06-30' } }) }, ['answers[8].plannedOn']],
      ['a 実装予定日 after 令和9年度', { answers: own({ '2-⑩': { plannedOn: '2028-04-01' } }) }, ['answers[8].plannedOn']],
      ['a 実装予定日 before the 確認日', { answers: own({ '2-⑩': { plannedOn: '2025-05-31' } }) }, ['answers[8].plannedOn']],
      ['an answer the sheet does not print', { answers: own({ '1-①': { answer: '対象外' } }) }, ['answers[0].answer']],
      ['an item not on the sheet', { answers: [{ itemId: '9-⑨', answer: 'はい', confirmedOn: '2025-06-01' }] }, ['answers[0].itemId']],
      ['the same item twice', { answers: [...own({}, ['1-①']), ...own({}, ['1-①'])] }, ['answers[1].itemId']],
      ['a vendor checklist form', { formId: 'vendor-checklist-pharmacy-r7', answers: own() }, ['formId']],
      ['a medical facility form', { formId: 'facility-checklist-medical-r6', answers: [] }, ['formId']],
      ['an unknown field', { answers: own(), signedBy: 'x' }, ['signedBy']],
    ])('%s', async (_, body, fields) => {
      expect(invalidFields(await put(pharmacy.admin.token, pharmacy.org.id, body))).toEqual(fields);
      expect(await saved(pharmacy.org.id)).toBe(0);
    });

    it('names the item as printed, in Japanese with the English beside it, derived items included', async () => {
      const response = await put(pharmacy.admin.token, pharmacy.org.id, { answers: [...own({ '2-⑩': { answer: 'いいえ' } }), { itemId: '2-③', answer: 'はい', confirmedOn: '2025-06-01' }] });
      const body = expectProblem(response, 400, 'validation_failed');
      expect(body.detail).toMatch(/^回答がチェックリストの決まりに合っていません/);
      expect(body.errors).toEqual([
        {
          field: 'answers[17].itemId',
          itemId: '2-③',
          message: "2-③: この項目は事業者の開示と薬局の確認からKaijiが回答します。手入力はできません (answered from Kaiji's data (vendors' disclosures and your confirmations), not by hand)",
        },
        { field: 'answers[8].targetOn', itemId: '2-⑩', message: '2-⑩: いいえの場合は目標日が必要です (a 目標日 is required when the answer is いいえ)' },
      ]);
      expect(await saved(pharmacy.org.id)).toBe(0);
    });

    it('refuses a 年度 without a catalogued form of its own or earlier (422) and a malformed one (400)', async () => {
      expectProblem(await put(pharmacy.admin.token, pharmacy.org.id, { answers: own() }, 2024), 422, 'no_form_for_fiscal_year');
      expectProblem(await get(pharmacy.admin.token, pharmacy.org.id, 2024), 422, 'no_form_for_fiscal_year');
      expect(invalidFields(await put(pharmacy.admin.token, pharmacy.org.id, { answers: own() }, 'r7'))).toEqual(['fiscalYear']);
      expect(invalidFields(await get(pharmacy.admin.token, pharmacy.org.id, 1999))).toEqual(['fiscalYear']);
      expect(await saved(pharmacy.org.id)).toBe(0);
    });
  });

  describe('answers', () => {
    it('shows the empty sheet, saves answers, replaces them on the next save and audits each save', async () => {
      const pharmacy = await s.p.pharmacy();
      const empty = await get(pharmacy.admin.token, pharmacy.org.id);
      expect(empty.status).toBe(200);
      expect(empty.body).toMatchObject({ id: null, fiscalYear: FY, fiscalYearLabel: '令和7年度', formId: FORM, formOutdated: false, updatedAt: null, missingItems: OWN_ITEMS });
      expect(empty.body.items.map((i: Item) => i.itemId)).toEqual(['1-①', '2-①', '2-②', '2-③', ...OWN_ITEMS.slice(2)]);

      const first = await put(pharmacy.admin.token, pharmacy.org.id, { answers: own({ '2-⑩': { answer: 'いいえ', targetOn: '2026-03-31', remarks: '令和8年3月までに導入' } }) });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: expect.any(String), missingItems: [], noCount: 1 });
      expect(item(first.body, '2-⑩')).toMatchObject({ answer: 'いいえ', confirmedOn: '2025-06-01', targetOn: '2026-03-31', remarks: '令和8年3月までに導入', derived: false, derivation: null });
      // The 目標日 of 令和7年度 has passed (today is later): flagged.
      expect(item(first.body, '2-⑩').targetOverdue).toBe(new Date().toISOString().slice(0, 10) > '2026-03-31');
      expect(item(first.body, '2-②')).toMatchObject({ derived: true, answer: '記入不要', condition: '※事業者と契約していない場合には、記入不要' });

      const second = await put(pharmacy.admin.token, pharmacy.org.id, { formId: FORM, answers: own({}, ['1-①', '2-①']) });
      expect(second.body).toMatchObject({ id: first.body.id, noCount: 0, missingItems: OWN_ITEMS.slice(2) });
      expect(await countRows(t.db, 'facility_checklist_answers WHERE checklist_id = $1', [first.body.id])).toBe(2);
      expect(await saved(pharmacy.org.id)).toBe(1);
      expect(await countRows(t.db, `audit_events WHERE action = 'facility_checklist.save' AND target_id = $1`, [first.body.id])).toBe(2);
    });

    it('keeps a planned はい on 2-⑩ (二要素認証, 令和9年度までに実装予定) with its 実装予定日', async () => {
      const pharmacy = await s.p.pharmacy();
      const empty = await get(pharmacy.admin.token, pharmacy.org.id);
      expect((empty.body.items as Item[]).filter((i) => i.plannedBy !== null).map((i) => [i.itemId, i.plannedBy])).toEqual([['2-⑩', 2027]]);
      const written = await put(pharmacy.admin.token, pharmacy.org.id, { answers: own({ '2-⑩': { plannedOn: '2027-09-30' } }) });
      expect(written.status).toBe(200);
      expect(item(written.body, '2-⑩')).toMatchObject({ answer: 'はい', plannedOn: '2027-09-30', plannedBy: 2027, targetOn: null });
      expect(item(written.body, '2-⑨')).toMatchObject({ plannedOn: null, plannedBy: null });
      expect(item((await get(pharmacy.admin.token, pharmacy.org.id)).body, '2-⑩').plannedOn).toBe('2027-09-30');
      expect(await countRows(t.db, "facility_checklist_answers WHERE checklist_id = $1 AND item_id = '2-⑩' AND planned_on = '2027-09-30'", [written.body.id])).toBe(1);
    });
  });

  describe('derived 2-② and 2-③', () => {
    it('answers 記入不要 without any contract, and with sale-only contracts only', async () => {
      const lone = await s.p.pharmacy();
      const none = await derived(lone);
      expect(none.rm).toMatchObject({ answer: '記入不要', confirmedOn: null, derivation: { answer: '記入不要', reason: '事業者との契約がないため記入不要です。', contracts: [] } });
      expect(none.sds.answer).toBe('記入不要');

      const w = await s.world({ kind: 'sale_only' });
      const saleOnly = await derived(w.pharmacy);
      for (const it of [saleOnly.rm, saleOnly.sds]) {
        expect(it.derivation).toMatchObject({ answer: '記入不要', reason: '保守・運用契約がなく、売買契約のみ（1件）のため記入不要です。', contracts: [] });
      }
    });

    it('answers はい when every maintenance/operation contract has its confirmed disclosure and its MDS/SDS (and RM-SDS)', async () => {
      const agent = await s.p.vendor();
      const a = await s.world({ agentId: agent.org.id });
      const b = await s.world({ kind: 'operation', pharmacy: a.pharmacy });
      // A sale-only contract without anything changes nothing.
      await s.world({ kind: 'sale_only', pharmacy: a.pharmacy });
      // a: the agent maintains remotely and publishes its RM-SDS; b: no remote maintenance.
      await s.disclosedRm(agent.admin, a.pharmacy.admin, a.contract.id, a.product.id);
      await s.p.published(agent.admin, a.product.id, { kind: 'RM-SDS' });
      await s.p.published(a.vendor.admin, a.product.id, { kind: 'SDS' });
      await s.disclosedRm(b.vendor.admin, a.pharmacy.admin, b.contract.id, b.product.id, { body: { productId: b.product.id, inUse: false } });
      await s.p.published(b.vendor.admin, b.product.id, { kind: 'MDS' });

      const { rm, sds } = await derived(a.pharmacy);
      const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
      expect(rm).toMatchObject({ derived: true, answer: 'はい', confirmedOn: today, targetOn: null });
      expect(rm.derivation?.reason).toBe('保守・運用契約のある2件の契約すべてについて、リモートメンテナンス（保守）の利用有無の開示を確認済みです。');
      expect(rm.derivation?.contracts).toHaveLength(2);
      expect(rm.derivation?.contracts.every((c) => c.satisfied && c.missing.length === 0)).toBe(true);
      expect(sds).toMatchObject({ answer: 'はい', confirmedOn: today });
      expect(sds.derivation?.contracts.map((c) => c.contractId).sort()).toEqual([a.contract.id, b.contract.id].sort());
    });

    it('answers いいえ when one contract lacks something, and says what per contract', async () => {
      const a = await s.world();
      const b = await s.world({ kind: 'operation', pharmacy: a.pharmacy });
      await s.disclosedRm(a.vendor.admin, a.pharmacy.admin, a.contract.id, a.product.id, { body: { productId: a.product.id, inUse: false } });
      await s.p.published(a.vendor.admin, a.product.id, { kind: 'SDS' });
      // b: disclosed but not confirmed; in use, without an RM-SDS; no MDS/SDS at all.
      await s.disclosedRm(b.vendor.admin, a.pharmacy.admin, b.contract.id, b.product.id, { confirm: false });

      const { rm, sds } = await derived(a.pharmacy);
      expect(rm).toMatchObject({ answer: 'いいえ', confirmedOn: null, targetOn: null });
      expect(rm.derivation?.reason).toBe('保守・運用契約2件のうち1件で、リモートメンテナンスの開示が未受領または未確認の製品があります。');
      const rmB = rm.derivation?.contracts.find((c) => c.contractId === b.contract.id);
      expect(rmB).toMatchObject({ satisfied: false, vendorName: b.vendor.org.name, missing: [{ code: 'remote_maintenance_unconfirmed', productId: b.product.id }] });
      expect(rmB?.missing[0].label).toContain('第1版）を確認してください');
      expect(rm.derivation?.contracts.find((c) => c.contractId === a.contract.id)).toMatchObject({ satisfied: true, missing: [] });
      expect(sds.answer).toBe('いいえ');
      expect(sds.derivation?.contracts.find((c) => c.contractId === b.contract.id)?.missing.map((m) => m.code)).toEqual(['security_disclosure_missing', 'rm_sds_missing']);

      // Confirming, then receiving the SDS and the RM-SDS, turns both to はい.
      await s.confirmRm(a.pharmacy.admin.token, b.contract.id, b.product.id, 1);
      expect((await derived(a.pharmacy)).rm.answer).toBe('はい');
      await s.p.published(b.vendor.admin, b.product.id, { kind: 'SDS' });
      expect((await derived(a.pharmacy)).sds.derivation?.contracts.find((c) => c.contractId === b.contract.id)?.missing.map((m) => m.code)).toEqual(['rm_sds_missing']);
      await s.p.published(b.vendor.admin, b.product.id, { kind: 'RM-SDS' });
      expect((await derived(a.pharmacy)).sds.answer).toBe('はい');
      // A new revision needs confirming again.
      await s.putRm(b.vendor.admin.token, b.contract.id, rmBody(b.product.id, { twoFactor: false }));
      expect((await derived(a.pharmacy)).rm.answer).toBe('いいえ');
    });

    it('counts only disclosures addressed to this pharmacy, and a vendor that never disclosed', async () => {
      const w = await s.world();
      const elsewhere = await s.p.contract(w.vendor.admin, await s.p.pharmacy(), [w.product.id]);
      await s.p.published(w.vendor.admin, w.product.id, { kind: 'SDS', audience: 'selected_contracts', contractIds: [elsewhere.id] });
      const { rm, sds } = await derived(w.pharmacy);
      expect(sds.derivation?.contracts[0].missing.map((m) => m.code)).toEqual(['security_disclosure_missing']);
      expect(rm.derivation?.contracts[0].missing).toEqual([expect.objectContaining({ code: 'remote_maintenance_undisclosed', productId: w.product.id })]);
    });
  });

  describe('access', () => {
    let chain: Awaited<ReturnType<Factory['tenant']>>;
    let pharmacy: Tenant;
    beforeAll(async () => {
      chain = await f.tenant('chain');
      pharmacy = await s.p.pharmacy({ chainId: chain.org.id });
    });

    it('answers 404 to another pharmacy, a vendor of the pharmacy, an unrelated chain and the operator', async () => {
      const w = await s.world({ pharmacy });
      const others = [(await s.p.pharmacy()).admin.token, w.vendor.admin.token, (await f.tenant('chain')).admin.token, await f.operator()];
      for (const token of others) {
        expectProblem(await get(token, pharmacy.org.id), 404);
        expectProblem(await put(token, pharmacy.org.id, { answers: own() }), 404);
      }
      // A chain's own id is no pharmacy.
      expectProblem(await get(chain.admin.token, chain.org.id), 404);
      expect(await saved(pharmacy.org.id)).toBe(0);
    });

    it('lets the chain read (audited) and answer for its store; members write, viewers only read', async () => {
      const written = await put(chain.admin.token, pharmacy.org.id, { answers: own({}, ['1-①']) });
      expect(written.status).toBe(200);
      expect(await countRows(t.db, `audit_events WHERE action = 'facility_checklist.read' AND target_id = $1 AND organization_id = $2`, [written.body.id, chain.org.id])).toBe(0);
      expect((await get(chain.admin.token, pharmacy.org.id)).status).toBe(200);
      expect(await countRows(t.db, `audit_events WHERE action = 'facility_checklist.read' AND target_id = $1 AND organization_id = $2`, [written.body.id, chain.org.id])).toBe(1);

      const member = await f.user(pharmacy.org.id, 'member');
      expect((await put(member.token, pharmacy.org.id, { answers: own({}, ['1-①', '2-①']) })).status).toBe(200);
      const viewer = await f.user(pharmacy.org.id, 'viewer');
      expectProblem(await put(viewer.token, pharmacy.org.id, { answers: own() }), 403, 'read_only_role');
      expect((await get(viewer.token, pharmacy.org.id)).body.missingItems).toHaveLength(OWN_ITEMS.length - 2);
    });

    it('lets API clients of the pharmacy write with checklists:write only', async () => {
      const withScope = await s.p.clientToken(pharmacy.admin, ['checklists:write']);
      const without = await s.p.clientToken(pharmacy.admin, ['requests:write']);
      expectProblem(await put(without, pharmacy.org.id, { answers: own() }), 403, 'insufficient_scope');
      expect((await put(withScope, pharmacy.org.id, { answers: own() })).body.missingItems).toEqual([]);
      expect((await get(without, pharmacy.org.id)).status).toBe(200);
    });
  });
});
