import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { Answer, AnswerError, answers, ChecklistSetup, FY, Vendor } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Result {
  index: number;
  status: 'created' | 'unchanged' | 'error';
  contractId: string | null;
  checklistId: string | null;
  revision: number | null;
  errors?: AnswerError[];
}

type Entry = { contractId?: string; pharmacyCode?: string; managerName?: string; answers?: Answer[]; formId?: string };

/** POST /v1/checklists/batch: many customers' checklists in one call, each entry whole or not at all. */
describe('checklist batch', () => {
  let t: TestApp;
  let f: Factory;
  let s: ChecklistSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new ChecklistSetup(t, f);
  });
  afterAll(() => t.close());

  const batch = (token: string, entries: Entry[], fiscalYear: number = FY) => t.http.post('/v1/checklists/batch').set(bearer(token)).send({ fiscalYear, entries });
  const entry = (target: Partial<Entry>, extra: Partial<Entry> = {}): Entry => ({ ...target, managerName: '管理 太郎', answers: answers(), ...extra });
  const results = (body: { results: Result[] }) => body.results;
  const submittedRows = (contractId: string) =>
    t.db.query<{ revision: number; status: string; manager_name: string | null; answers: number }[]>(
      `SELECT revision, status, manager_name, (SELECT count(*)::int FROM vendor_checklist_answers a WHERE a.checklist_id = vc.id) AS answers
         FROM vendor_checklists vc WHERE contract_id = $1 ORDER BY revision`,
      [contractId],
    );

  it('takes 2,000 checklists (the most one call may carry), then answers unchanged for the same content and a new revision for changed content', async () => {
    const vendor = await s.vendor();
    const token = await s.clientToken(vendor.admin);
    const contracts = await s.sqlContracts(vendor, 2_000);
    expect(contracts.length).toBe(2_000);
    const ids = contracts.map((c) => c.contractId);
    // Half by contract id, half by 保険薬局コード; every fifth with an いいえ.
    const entries = contracts.map((c, i) =>
      entry(i % 2 ? { pharmacyCode: c.pharmacyCode } : { contractId: c.contractId }, i % 5 ? {} : { answers: answers({ '2-⑨': { answer: 'いいえ', targetOn: '2026-03-31' } }) }),
    );

    const first = await batch(token, entries).expect(200);
    expect(first.body).toMatchObject({ fiscalYear: FY, created: 2_000, unchanged: 0, failed: 0 });
    results(first.body).forEach((result, i) => expect(result).toEqual({ index: i, status: 'created', contractId: ids[i], checklistId: expect.any(String), revision: 1 }));
    expect(await s.counts(ids)).toEqual({ checklists: 2_000, answers: 2_000 * 14 });
    expect(await countRows(t.db, "vendor_checklists WHERE contract_id = ANY($1::uuid[]) AND status = 'submitted' AND submitted_at IS NOT NULL", [ids])).toBe(2_000);

    const again = await batch(token, entries).expect(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 2_000, failed: 0 });
    results(again.body).forEach((result, i) => expect(result).toMatchObject({ status: 'unchanged', checklistId: results(first.body)[i].checklistId, revision: 1 }));
    expect(await s.counts(ids)).toEqual({ checklists: 2_000, answers: 2_000 * 14 });

    const changed = entries.map((e, i) => (i < 10 ? { ...e, managerName: '管理 花子' } : i < 20 ? { ...e, answers: answers({ '1-①': { remarks: '体制変更' } }) } : e));
    const third = await batch(token, changed).expect(200);
    expect(third.body).toMatchObject({ created: 20, unchanged: 1_980, failed: 0 });
    expect(results(third.body).slice(0, 20).every((r) => r.status === 'created' && r.revision === 2)).toBe(true);
    expect(await submittedRows(ids[0])).toEqual([
      { revision: 1, status: 'submitted', manager_name: '管理 太郎', answers: 14 },
      { revision: 2, status: 'submitted', manager_name: '管理 花子', answers: 14 },
    ]);
    expect(await s.counts(ids)).toEqual({ checklists: 2_020, answers: 2_020 * 14 });
  }, 120_000);

  describe('mixed good and bad entries', () => {
    let vendor: Vendor;
    let other: Vendor;
    beforeAll(async () => {
      vendor = await s.vendor();
      other = await s.vendor();
    });

    it('writes the good ones and lists the bad ones with their field errors, leaving no row of a bad entry', async () => {
      const good = await s.sqlContracts(vendor, 3);
      const bad = await s.sqlContracts(vendor, 9);
      const [saleOnly] = await s.sqlContracts(vendor, 1, 'sale_only');
      const [theirs] = await s.sqlContracts(other, 1);
      const proposed = await s.contract(vendor, await s.pharmacy(), { accept: false });
      const entries: Entry[] = [
        entry({ contractId: good[0].contractId }),
        entry({ pharmacyCode: good[1].pharmacyCode }, { answers: answers({ '2-①': { answer: 'いいえ', targetOn: '2025-12-31', remarks: '更新予定' } }) }),
        entry({ contractId: bad[0].contractId }, { answers: answers({ '2-①': { confirmedOn: undefined } }) }),
        entry({ contractId: bad[1].contractId }, { answers: answers({ '2-②': { answer: 'いいえ', targetOn: '2026-04-01' } }) }),
        entry({ contractId: bad[2].contractId }, { answers: answers().slice(0, 13) }),
        entry({ contractId: theirs.contractId }),
        entry({ contractId: saleOnly.contractId }),
        entry({ contractId: proposed }),
        entry({ pharmacyCode: good[0].pharmacyCode }, { managerName: '二重 登録' }),
        entry({ pharmacyCode: '0000000000' }),
        entry({ contractId: bad[3].contractId, pharmacyCode: bad[3].pharmacyCode }),
        entry({}),
        entry({ contractId: bad[4].contractId }, { answers: [...answers(), { itemId: '3-①', answer: 'はい', confirmedOn: '2025-04-10' }] }),
        entry({ contractId: bad[5].contractId }, { formId: 'vendor-checklist-medical-r7' }),
        entry({ contractId: randomUUID() }),
        entry({ contractId: bad[6].contractId }, { answers: answers({ '2-⑬': { confirmedOn: '0000-12-31' } }) }),
        entry({ contractId: bad[7].contractId }, { answers: answers({ '2-①': { answer: 'いいえ', confirmedOn: '2025-06-01', targetOn: '2025-05-31' }, '2-⑧': { plannedOn: '2027-06-30' } }) }),
        // No 管理責任者 (the official sheet prints only the 事業者名) and a planned はい on 2-⑨.
        entry({ contractId: good[2].contractId }, { managerName: undefined, answers: answers({ '2-⑨': { plannedOn: '2027-06-30' } }) }),
        entry({ contractId: bad[8].contractId }, { answers: answers({ '1-①': { confirmedOn: '2026-04-01' } }) }),
      ];
      const response = await batch(vendor.admin.token, entries).expect(200);
      expect(response.body).toMatchObject({ created: 3, unchanged: 0, failed: 16 });
      const byIndex = results(response.body);
      const created = [0, 1, 17];
      expect(created.map((i) => [byIndex[i].status, byIndex[i].revision])).toEqual([
        ['created', 1],
        ['created', 1],
        ['created', 1],
      ]);
      const fieldsOf = (i: number) => byIndex[i].errors?.map((e) => e.field);
      const messageOf = (i: number) => byIndex[i].errors?.map((e) => e.message).join(' ');
      for (const r of byIndex.filter((_, i) => !created.includes(i))) expect(r).toMatchObject({ status: 'error', checklistId: null, revision: null, errors: expect.any(Array) });
      expect(byIndex[2].errors).toEqual([{ field: 'entries[2].answers[1].confirmedOn', itemId: '2-①', message: '2-①: 確認日が必要です (a 確認日 is required)' }]);
      expect(byIndex[3].errors).toEqual([
        {
          field: 'entries[3].answers[2].targetOn',
          itemId: '2-②',
          message: '2-②: 目標日は令和7年度（2025-04-01 – 2026-03-31）の日付にしてください (the 目標日 must fall within fiscal year 2025 (2025-04-01 – 2026-03-31))',
        },
      ]);
      expect(byIndex[4].errors).toEqual([{ field: 'entries[4].answers', message: '未回答の項目があります: 2-⑬ (must answer every item; missing 2-⑬)' }]);
      expect(fieldsOf(5)).toEqual(['entries[5].contractId']);
      expect(byIndex[5].contractId).toBeNull();
      expect(fieldsOf(6)).toEqual(['entries[6]']);
      expect(messageOf(6)).toContain('売買契約のみ');
      expect(byIndex[6].contractId).toBe(saleOnly.contractId);
      expect(messageOf(7)).toMatch(/not active/);
      expect(messageOf(8)).toMatch(/already submitted earlier in this batch/);
      expect(fieldsOf(9)).toEqual(['entries[9].pharmacyCode']);
      expect(fieldsOf(10)).toEqual(['entries[10]']);
      expect(fieldsOf(11)).toEqual(['entries[11]']);
      expect(fieldsOf(12)).toEqual(['entries[12].answers[14].itemId']);
      expect(fieldsOf(13)).toEqual(['entries[13].formId']);
      expect(fieldsOf(14)).toEqual(['entries[14].contractId']);
      expect(fieldsOf(15)).toEqual(['entries[15].answers[13].confirmedOn']);
      expect(byIndex[16].errors).toEqual([
        { field: 'entries[16].answers[1].targetOn', itemId: '2-①', message: '2-①: 目標日は確認日（2025-06-01）以降にしてください (the 目標日 must not be before the 確認日 (2025-06-01))' },
        { field: 'entries[16].answers[8].plannedOn', itemId: '2-⑧', message: expect.stringMatching(/^2-⑧: この項目には実装予定日を記入できません.* \(plannedOn is only for items/) },
      ]);
      expect(byIndex[18].errors).toEqual([{ field: 'entries[18].answers[0].confirmedOn', itemId: '1-①', message: expect.stringMatching(/^1-①: 確認日は令和7年度（2025-04-01 – 2026-03-31）/) }]);
      // Every answer error names its item; every message of the batch's own is in Japanese with the English beside it.
      for (const error of byIndex.flatMap((r) => r.errors ?? [])) {
        if (/answers\[\d+\]/.test(error.field)) expect(error.message.startsWith(`${error.itemId}: `)).toBe(true);
        if (!/not active/.test(error.message)) expect(error.message).toMatch(/[\u3040-\u30ff\u4e00-\u9fff].* \(.*[a-z]/);
      }

      for (const c of good.slice(0, 2)) expect(await submittedRows(c.contractId)).toEqual([{ revision: 1, status: 'submitted', manager_name: '管理 太郎', answers: 14 }]);
      expect(await submittedRows(good[2].contractId)).toEqual([{ revision: 1, status: 'submitted', manager_name: null, answers: 14 }]);
      const [planned] = await t.db.query<{ planned_on: string }[]>(
        `SELECT to_char(a.planned_on, 'YYYY-MM-DD') AS planned_on FROM vendor_checklist_answers a JOIN vendor_checklists vc ON vc.id = a.checklist_id
          WHERE vc.contract_id = $1 AND a.item_id = '2-⑨'`,
        [good[2].contractId],
      );
      expect(planned.planned_on).toBe('2027-06-30');
      const refused = [...bad.map((c) => c.contractId), saleOnly.contractId, theirs.contractId, proposed];
      expect(await s.counts(refused)).toEqual({ checklists: 0, answers: 0 });

      // The customer reads what the batch submitted.
      const pharmacy = await f.user((await t.db.query<{ id: string }[]>('SELECT id FROM organizations WHERE pharmacy_code = $1', [good[1].pharmacyCode]))[0].id, 'viewer');
      const seen = await t.http.get(`/v1/contracts/${good[1].contractId}/checklists/${FY}`).set(bearer(pharmacy.token)).expect(200);
      expect(seen.body).toMatchObject({ revision: 1, noCount: 1, status: 'submitted' });
    });

    it('asks for the contract id when the vendor has several contracts with the pharmacy', async () => {
      const pharmacy = await s.pharmacy();
      const a = await s.contract(vendor, pharmacy);
      const b = await s.contract(vendor, pharmacy, { kind: 'operation' });
      const response = await batch(vendor.admin.token, [entry({ pharmacyCode: pharmacy.pharmacyCode }), entry({ contractId: b })]).expect(200);
      expect(results(response.body).map((r) => r.status)).toEqual(['error', 'created']);
      expect(results(response.body)[0].errors).toEqual([{ field: 'entries[0].pharmacyCode', message: expect.stringMatching(/several contracts/) }]);
      expect(await s.counts([a])).toEqual({ checklists: 0, answers: 0 });
    });

    it('replaces a draft in progress by the submission, and leaves a newer draft alone when the content is unchanged', async () => {
      const [c] = await s.sqlContracts(vendor, 1);
      const put = (body: Record<string, unknown>) => t.http.put(`/v1/contracts/${c.contractId}/checklists/${FY}`).set(bearer(vendor.admin.token)).send(body).expect(200);
      await put({ answers: answers().slice(0, 4) });
      const first = await batch(vendor.admin.token, [entry({ contractId: c.contractId })]).expect(200);
      expect(results(first.body)[0]).toMatchObject({ status: 'created', revision: 1 });
      expect(await submittedRows(c.contractId)).toEqual([{ revision: 1, status: 'submitted', manager_name: '管理 太郎', answers: 14 }]);

      await put({ managerName: '下書き 次郎', answers: answers().slice(0, 2) });
      const same = await batch(vendor.admin.token, [entry({ contractId: c.contractId })]).expect(200);
      expect(results(same.body)[0]).toMatchObject({ status: 'unchanged', revision: 1 });
      expect((await submittedRows(c.contractId)).map((r) => [r.revision, r.status, r.answers])).toEqual([
        [1, 'submitted', 14],
        [2, 'draft', 2],
      ]);
      const changed = await batch(vendor.admin.token, [entry({ contractId: c.contractId }, { managerName: '管理 花子' })]).expect(200);
      expect(results(changed.body)[0]).toMatchObject({ status: 'created', revision: 2 });
      expect((await submittedRows(c.contractId)).map((r) => [r.revision, r.status, r.manager_name])).toEqual([
        [1, 'submitted', '管理 太郎'],
        [2, 'submitted', '管理 花子'],
      ]);
    });

    it('writes each checklist once when two batches race for the same contracts', async () => {
      const contracts = await s.sqlContracts(vendor, 150);
      const entries = contracts.map((c) => entry({ contractId: c.contractId }));
      const [a, b] = await Promise.all([batch(vendor.admin.token, entries), batch(vendor.admin.token, entries)]);
      expect([a.status, b.status]).toEqual([200, 200]);
      expect(a.body.created + b.body.created).toBe(150);
      expect(a.body.unchanged + b.body.unchanged).toBe(150);
      expect(await s.counts(contracts.map((c) => c.contractId))).toEqual({ checklists: 150, answers: 150 * 14 });
    });

    it('takes a 実装予定日 as content: unchanged when the same, a new revision when it moves, refused past 令和9年度 with nothing written', async () => {
      const [c] = await s.sqlContracts(vendor, 1);
      const withPlan = (plannedOn: string) => [entry({ contractId: c.contractId }, { answers: answers({ '2-⑨': { plannedOn } }) })];
      expect(results((await batch(vendor.admin.token, withPlan('2027-06-30')).expect(200)).body)[0]).toMatchObject({ status: 'created', revision: 1 });
      expect(results((await batch(vendor.admin.token, withPlan('2027-06-30')).expect(200)).body)[0]).toMatchObject({ status: 'unchanged', revision: 1 });
      expect(results((await batch(vendor.admin.token, withPlan('2028-03-31')).expect(200)).body)[0]).toMatchObject({ status: 'created', revision: 2 });
      const refused = await batch(vendor.admin.token, withPlan('2028-04-01')).expect(200);
      expect(results(refused.body)[0].errors).toEqual([{ field: 'entries[0].answers[9].plannedOn', itemId: '2-⑨', message: expect.stringContaining('令和9年度末（2028-03-31）') }]);
      expect(await s.counts([c.contractId])).toEqual({ checklists: 2, answers: 28 });
      const read = await t.http.get(`/v1/contracts/${c.contractId}/checklists/${FY}`).set(bearer(vendor.admin.token)).expect(200);
      expect(read.body.answers.find((a: { itemId: string }) => a.itemId === '2-⑨')).toMatchObject({ plannedOn: '2028-03-31', plannedBy: 2027 });
    });

    it('fails every entry of a 年度 with no form, writing nothing', async () => {
      const [c] = await s.sqlContracts(vendor, 1);
      const response = await batch(vendor.admin.token, [entry({ contractId: c.contractId })], 2024).expect(200);
      expect(response.body).toMatchObject({ created: 0, failed: 1 });
      expect(results(response.body)[0].errors?.[0].message).toContain('令和6年度');
      expect(await s.counts([c.contractId])).toEqual({ checklists: 0, answers: 0 });
    });
  });

  describe('refused requests', () => {
    it('refuses more than 2,000 entries, an empty batch and a malformed entry as a whole, writing nothing', async () => {
      const vendor = await s.vendor();
      const [c] = await s.sqlContracts(vendor, 1);
      const many = Array.from({ length: 2_001 }, () => entry({ contractId: c.contractId }));
      expect(invalidFields(await batch(vendor.admin.token, many))).toEqual(['entries']);
      expect(invalidFields(await batch(vendor.admin.token, []))).toEqual(['entries']);
      expect(invalidFields(await batch(vendor.admin.token, [entry({ contractId: c.contractId })], 2018))).toEqual(['fiscalYear']);
      const malformed = [entry({ contractId: c.contractId }), entry({ contractId: c.contractId }, { answers: answers({ '2-③': { confirmedOn: '2025/04/10' } }) })];
      expect(invalidFields(await batch(vendor.admin.token, malformed))).toEqual(['entries.1.answers.3.confirmedOn']);
      expect(invalidFields(await batch(vendor.admin.token, [entry({ contractId: c.contractId }, { managerName: '  ' })]))).toEqual(['entries.0.managerName']);
      const nul = entry({ contractId: c.contractId }, { answers: answers({ '2-①': { remarks: '\u0000' } }) });
      expect(invalidFields(await batch(vendor.admin.token, [nul]))).toEqual(['entries.0.answers.1.remarks']);
      expect(await s.counts([c.contractId])).toEqual({ checklists: 0, answers: 0 });
    });

    it('is for vendors with the right to write', async () => {
      const vendor = await s.vendor();
      const [c] = await s.sqlContracts(vendor, 1);
      const body = [entry({ contractId: c.contractId })];
      const pharmacy = await s.pharmacy();
      expectProblem(await batch(pharmacy.admin.token, body), 403, 'vendor_required');
      expectProblem(await batch(await f.operator(), body), 403, 'vendor_required');
      expectProblem(await batch((await f.user(vendor.org.id, 'viewer')).token, body), 403, 'read_only_role');
      expectProblem(await batch(await s.clientToken(vendor.admin, ['products:write']), body), 403, 'insufficient_scope');
      expect(await s.counts([c.contractId])).toEqual({ checklists: 0, answers: 0 });
      const member = await f.user(vendor.org.id, 'member');
      expect((await batch(member.token, body).expect(200)).body).toMatchObject({ created: 1 });
    });
  });
});
