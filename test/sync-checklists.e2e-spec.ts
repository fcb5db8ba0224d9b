import { countRows, expectProblem, invalidFields, walkPages } from './support/assertions';
import { answers, ChecklistSetup, FY, Pharmacy, Vendor } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface Summary {
  id: string;
  contractId: string;
  revision: number;
  status: string;
  submittedRevision: number | null;
  customer: { id: string; pharmacyCode?: string | null };
  noCount: number;
  updatedAt: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET /v1/checklists (a 年度's checklists in one list), updatedSince on it, and ETag / If-Match on the per-contract checklist. */
describe('checklists per 年度, incremental sync and If-Match', () => {
  let t: TestApp;
  let f: Factory;
  let s: ChecklistSetup;
  let vendor: Vendor;
  let agent: Vendor;
  let rival: Vendor;
  let submitted: { pharmacy: Pharmacy; contractId: string };
  let drafted: { pharmacy: Pharmacy; contractId: string };
  let untouched: { pharmacy: Pharmacy; contractId: string };
  let agentContractId: string;

  const path = (contractId: string) => `/v1/contracts/${contractId}/checklists/${FY}`;
  const put = (token: string, contractId: string, body: Record<string, unknown>, ifMatch?: string) => {
    const request = t.http.put(path(contractId)).set(bearer(token));
    return (ifMatch === undefined ? request : request.set('If-Match', ifMatch)).send(body);
  };
  const list = (token: string, query: Record<string, string | number>) => t.http.get('/v1/checklists').query(query).set(bearer(token));
  const items = async (token: string, query: Record<string, string | number> = {}): Promise<Summary[]> => {
    const response = await list(token, { fiscalYear: FY, ...query });
    expect(response.status).toBe(200);
    return response.body.items as Summary[];
  };

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new ChecklistSetup(t, f);
    vendor = await s.vendor();
    agent = await s.vendor();
    rival = await s.vendor();
    const contract = async () => {
      const pharmacy = await s.pharmacy();
      return { pharmacy, contractId: await s.contract(vendor, pharmacy) };
    };
    submitted = await contract();
    drafted = await contract();
    untouched = await contract();
    // A contract the agent (代理店) supports: the vendor's checklist stays the vendor's.
    const agentPharmacy = await s.pharmacy();
    const proposed = await t.http
      .post('/v1/contracts')
      .set(bearer(vendor.admin.token))
      .send({ kind: 'maintenance', pharmacyCode: agentPharmacy.pharmacyCode, productIds: [vendor.productId], startsOn: '2025-04-01', agentId: agent.org.id });
    expect(proposed.status).toBe(201);
    agentContractId = proposed.body.id as string;
    expect((await t.http.post(`/v1/contracts/${agentContractId}/accept`).set(bearer(agentPharmacy.admin.token)).send({})).status).toBe(200);

    expect((await put(vendor.admin.token, submitted.contractId, { answers: answers({ '2-①': { answer: 'いいえ', targetOn: '2025-12-01' } }) })).status).toBe(200);
    expect((await t.http.post(`${path(submitted.contractId)}/submit`).set(bearer(vendor.admin.token)).send({})).status).toBe(200);
    expect((await put(vendor.admin.token, drafted.contractId, { answers: answers() })).status).toBe(200);
    expect((await put(vendor.admin.token, agentContractId, { answers: answers() })).status).toBe(200);
  });
  afterAll(() => t.close());

  describe('GET /v1/checklists', () => {
    it('gives the vendor one row per contract with a checklist, its current revision and state', async () => {
      const rows = await items(vendor.admin.token, { limit: 100 });
      const byContract = new Map(rows.map((row) => [row.contractId, row]));
      expect([...byContract.keys()].sort()).toEqual([submitted.contractId, drafted.contractId, agentContractId].sort());
      expect(byContract.get(submitted.contractId)).toEqual(
        expect.objectContaining({ revision: 1, status: 'submitted', submittedRevision: 1, noCount: 1, customer: expect.objectContaining({ pharmacyCode: submitted.pharmacy.pharmacyCode }) }),
      );
      expect(byContract.get(drafted.contractId)).toEqual(expect.objectContaining({ revision: 1, status: 'draft', submittedRevision: null, noCount: 0 }));
      expect(byContract.has(untouched.contractId)).toBe(false);
    });

    it('filters by status and by 保険薬局コード', async () => {
      expect((await items(vendor.admin.token, { status: 'draft' })).map((row) => row.contractId).sort()).toEqual([drafted.contractId, agentContractId].sort());
      expect((await items(vendor.admin.token, { pharmacyCode: submitted.pharmacy.pharmacyCode })).map((row) => row.contractId)).toEqual([submitted.contractId]);
      expect(await items(vendor.admin.token, { pharmacyCode: untouched.pharmacy.pharmacyCode })).toEqual([]);
    });

    it('shows a pharmacy its own submitted checklist only, never a draft', async () => {
      expect((await items(submitted.pharmacy.admin.token)).map((row) => [row.contractId, row.status])).toEqual([[submitted.contractId, 'submitted']]);
      expect(await items(drafted.pharmacy.admin.token)).toEqual([]);
    });

    it('lists nothing for an agent (the vendor answers the checklist) nor for another vendor', async () => {
      expect(await items(agent.admin.token)).toEqual([]);
      expect(await items(rival.admin.token)).toEqual([]);
      expect(await items(rival.admin.token, { pharmacyCode: submitted.pharmacy.pharmacyCode })).toEqual([]);
    });

    it('is readable by the vendor system with client credentials', async () => {
      const token = await s.clientToken(vendor.admin, ['checklists:write']);
      expect((await items(token, { limit: 100 })).length).toBe(3);
    });

    it.each<[string, Record<string, string | number>, string]>([
      ['no fiscalYear', {}, 'fiscalYear'],
      ['a fiscalYear that is no year', { fiscalYear: 'R8' }, 'fiscalYear'],
      ['a fiscalYear out of range', { fiscalYear: 1999 }, 'fiscalYear'],
      ['an unknown status', { fiscalYear: FY, status: 'approved' }, 'status'],
      ['a malformed 保険薬局コード', { fiscalYear: FY, pharmacyCode: '12345' }, 'pharmacyCode'],
      ['an updatedSince that is no date-time', { fiscalYear: FY, updatedSince: 'yesterday' }, 'updatedSince'],
      ['an updatedSince without a time', { fiscalYear: FY, updatedSince: '2026-04-01' }, 'updatedSince'],
      ['a foreign cursor', { fiscalYear: FY, cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    ])('refuses %s with a 400 problem', async (_, query, field) => {
      expect(invalidFields(await t.http.get('/v1/checklists').query(query).set(bearer(vendor.admin.token)))).toEqual([field]);
    });

    it('with updatedSince returns exactly the checklists changed since, in pages a poller resumes', async () => {
      await sleep(5);
      const [{ since }]: { since: Date }[] = await t.db.query('SELECT clock_timestamp() AS since');
      await sleep(5);
      expect((await put(vendor.admin.token, untouched.contractId, { answers: answers() })).status).toBe(200);
      expect((await put(vendor.admin.token, drafted.contractId, { answers: answers(), managerName: '同期 花子' })).status).toBe(200);
      const updatedSince = since.toISOString();
      const { items: changed, pages } = await walkPages<Summary>(async (cursor) => {
        const response = await list(vendor.admin.token, { fiscalYear: FY, updatedSince, limit: 1, ...(cursor ? { cursor } : {}) });
        expect(response.status).toBe(200);
        return response.body as { items: Summary[]; nextCursor: string | null };
      });
      expect(changed.map((row) => row.contractId)).toEqual([untouched.contractId, drafted.contractId]);
      expect(pages).toBe(2);
      expect(changed.every((row) => row.updatedAt > updatedSince)).toBe(true);
      // The same instant with an offset (JST) means the same thing.
      const jst = new Date(since.getTime() + 9 * 3600_000).toISOString().replace('Z', '+09:00');
      expect((await items(vendor.admin.token, { updatedSince: jst })).map((row) => row.contractId)).toEqual([untouched.contractId, drafted.contractId]);
      // A cursor of this ordering does not continue the other one.
      const first = await list(vendor.admin.token, { fiscalYear: FY, updatedSince, limit: 1 });
      expect(invalidFields(await list(vendor.admin.token, { fiscalYear: FY, cursor: first.body.nextCursor as string }))).toEqual(['cursor']);
    });
  });

  describe('ETag and If-Match on a checklist draft', () => {
    const read = (token: string, contractId: string) => t.http.get(path(contractId)).set(bearer(token));
    const managerOf = async (contractId: string) =>
      (await t.db.query<{ manager_name: string | null }[]>(`SELECT manager_name FROM vendor_checklists WHERE contract_id = $1 AND fiscal_year = $2 AND status = 'draft'`, [contractId, FY]))[0]?.manager_name;

    it('answers a strong ETag, and 304 to If-None-Match while nothing changed', async () => {
      const first = await read(vendor.admin.token, drafted.contractId);
      expect(first.status).toBe(200);
      expect(first.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
      const again = await read(vendor.admin.token, drafted.contractId).set('If-None-Match', first.headers.etag);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      expect(again.headers.etag).toBe(first.headers.etag);
      expect((await read(vendor.admin.token, drafted.contractId).set('If-None-Match', '"something-else"')).status).toBe(200);
    });

    it('saves with a fresh If-Match, changes the ETag, and refuses the stale one with 412 leaving the draft as it was', async () => {
      const loaded = await read(vendor.admin.token, drafted.contractId);
      const tag = loaded.headers.etag;
      const saved = await put(vendor.admin.token, drafted.contractId, { answers: answers(), managerName: '一人目' }, tag);
      expect(saved.status).toBe(200);
      expect(saved.headers.etag).toBeDefined();
      expect(saved.headers.etag).not.toBe(tag);
      expect((await read(vendor.admin.token, drafted.contractId)).headers.etag).toBe(saved.headers.etag);

      const savesBefore = await countRows(t.db, `audit_events WHERE action = 'checklist.save' AND details->>'contractId' = $1`, [drafted.contractId]);
      const answersBefore = await countRows(t.db, 'vendor_checklist_answers a JOIN vendor_checklists vc ON vc.id = a.checklist_id WHERE vc.contract_id = $1', [drafted.contractId]);
      const stale = await put(vendor.admin.token, drafted.contractId, { answers: answers().slice(0, 3), managerName: '二人目' }, tag);
      const problem = expectProblem(stale, 412, 'precondition_failed');
      expect(problem.currentEtag).toBe(saved.headers.etag);
      expect(stale.headers.etag).toBe(saved.headers.etag);
      expect(String(problem.detail)).toContain('他の利用者またはシステムが先に更新しました');
      expect(await managerOf(drafted.contractId)).toBe('一人目');
      expect(await countRows(t.db, 'vendor_checklist_answers a JOIN vendor_checklists vc ON vc.id = a.checklist_id WHERE vc.contract_id = $1', [drafted.contractId])).toBe(answersBefore);
      expect(await countRows(t.db, `audit_events WHERE action = 'checklist.save' AND details->>'contractId' = $1`, [drafted.contractId])).toBe(savesBefore);
    });

    it('still saves without If-Match (older integrations), and with If-Match: * while a checklist exists', async () => {
      expect((await put(vendor.admin.token, drafted.contractId, { answers: answers(), managerName: '三人目' })).status).toBe(200);
      expect((await put(vendor.admin.token, drafted.contractId, { answers: answers(), managerName: '四人目' }, '*')).status).toBe(200);
      expect(await managerOf(drafted.contractId)).toBe('四人目');
    });

    it('refuses If-Match where there is no checklist yet, If-None-Match: * where there is one, and a weak tag', async () => {
      const pharmacy = await s.pharmacy();
      const contractId = await s.contract(vendor, pharmacy);
      expectProblem(await put(vendor.admin.token, contractId, { answers: answers() }, '*'), 412, 'precondition_failed');
      expect(await countRows(t.db, 'vendor_checklists WHERE contract_id = $1', [contractId])).toBe(0);
      // If-None-Match: * creates only while there is none: of two editors who found nothing, the second gets 412.
      const create = () => t.http.put(path(contractId)).set(bearer(vendor.admin.token)).set('If-None-Match', '*').send({ answers: answers(), managerName: '先に作成' });
      expect((await create()).status).toBe(200);
      expectProblem(await create(), 412, 'precondition_failed');
      expect(await managerOf(contractId)).toBe('先に作成');
      const tag = (await read(vendor.admin.token, drafted.contractId)).headers.etag;
      expectProblem(await put(vendor.admin.token, drafted.contractId, { answers: answers() }, `W/${tag}`), 412, 'precondition_failed');
    });

    it('moves the ETag when the draft is submitted, and another tenant still gets 404 whatever it sends', async () => {
      const before = (await read(vendor.admin.token, drafted.contractId)).headers.etag;
      expect((await t.http.post(`${path(drafted.contractId)}/submit`).set(bearer(vendor.admin.token)).send({})).status).toBe(200);
      const after = await read(vendor.admin.token, drafted.contractId);
      expect(after.headers.etag).not.toBe(before);
      expectProblem(await put(rival.admin.token, drafted.contractId, { answers: answers() }, after.headers.etag), 404, 'not_found');
      expectProblem(await read(rival.admin.token, drafted.contractId).set('If-None-Match', after.headers.etag), 404, 'not_found');
    });
  });
});
