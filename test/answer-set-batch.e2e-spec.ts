import { countRows, expectProblem } from './support/assertions';
import { AnswerSetSetup } from './support/answer-set-setup';
import { answers, FY, Vendor } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** POST /v1/checklists/batch entries naming an answer set plus overrides instead of every answer. */
describe('checklist batch with answer sets', () => {
  let t: TestApp;
  let a: AnswerSetSetup;
  let vendor: Vendor;
  let token: string;
  let setId: string;
  let contracts: { contractId: string; pharmacyCode: string }[];
  beforeAll(async () => {
    t = await startTestApp();
    a = new AnswerSetSetup(t, new Factory(t));
    vendor = await a.s.vendor();
    token = await a.s.clientToken(vendor.admin);
    setId = await a.set(vendor.admin.token, { managerName: '管理 一郎', answers: answers({ '1-①': { remarks: 'セットの備考' } }) });
    contracts = await a.s.sqlContracts(vendor, 4);
  });
  afterAll(() => t.close());

  const batch = (entries: unknown[]) => t.http.post('/v1/checklists/batch').set(bearer(token)).send({ fiscalYear: FY, entries });
  const stored = (contractId: string) =>
    t.db.query<{ item_id: string; answer: string; target_on: string | null; remarks: string | null; manager_name: string | null }[]>(
      `SELECT a.item_id, a.answer, to_char(a.target_on, 'YYYY-MM-DD') AS target_on, a.remarks, vc.manager_name
         FROM vendor_checklist_answers a JOIN vendor_checklists vc ON vc.id = a.checklist_id WHERE vc.contract_id = $1 ORDER BY a.ordinal`,
      [contractId],
    );

  it('takes the set’s answers, with an override replacing one item whole, and the set’s 管理責任者', async () => {
    const [first, second] = contracts;
    const response = await batch([
      { contractId: first.contractId, answerSetId: setId },
      { pharmacyCode: second.pharmacyCode, answerSetId: setId, managerName: '担当 二郎', overrides: [{ itemId: '1-①', answer: 'いいえ', confirmedOn: '2025-06-01', targetOn: '2025-12-31' }] },
    ]).expect(200);
    expect(response.body).toMatchObject({ created: 2, failed: 0 });
    const plain = await stored(first.contractId);
    expect(plain).toHaveLength(14);
    expect(plain[0]).toEqual({ item_id: '1-①', answer: 'はい', target_on: null, remarks: 'セットの備考', manager_name: '管理 一郎' });
    const overridden = await stored(second.contractId);
    expect(overridden[0]).toEqual({ item_id: '1-①', answer: 'いいえ', target_on: '2025-12-31', remarks: null, manager_name: '担当 二郎' });
    expect(overridden.slice(1).every((row) => row.answer === 'はい')).toBe(true);

    const again = await batch([{ contractId: first.contractId, answerSetId: setId }]).expect(200);
    expect(again.body).toMatchObject({ created: 0, unchanged: 1 });
  });

  it('refuses an entry with both answers and answerSetId, with neither, or overrides without a set (400, nothing written)', async () => {
    const target = { contractId: contracts[2].contractId };
    for (const entry of [{ ...target, answers: answers(), answerSetId: setId }, { ...target }, { ...target, answers: answers(), overrides: [] }]) {
      const problem = expectProblem(await batch([entry]), 400, 'validation_failed');
      expect((problem.errors as { field: string; message: string }[])[0]).toMatchObject({ field: expect.stringMatching(/^entries\.0\.(answerSetId|overrides)$/), message: expect.stringMatching(/answerSetId/) });
    }
    expect(await countRows(t.db, 'vendor_checklists WHERE contract_id = $1', [contracts[2].contractId])).toBe(0);
  });

  it('answers per entry: another vendor’s set, a bad override, a form that is not the set’s', async () => {
    const rival = await a.s.vendor();
    const rivalSet = await a.set(rival.admin.token);
    const response = await batch([
      { contractId: contracts[2].contractId, answerSetId: rivalSet },
      { contractId: contracts[3].contractId, answerSetId: setId, overrides: [{ itemId: '2-⑤', answer: 'いいえ', confirmedOn: '2025-06-01' }] },
      { contractId: contracts[0].contractId, answerSetId: setId, formId: 'vendor-checklist-medical-r7' },
    ]).expect(200);
    expect(response.body).toMatchObject({ created: 0, failed: 3 });
    const errors = (response.body.results as { errors: { field: string; itemId?: string }[] }[]).map((r) => r.errors[0]);
    expect(errors).toEqual([
      expect.objectContaining({ field: 'entries[0].answerSetId' }),
      expect.objectContaining({ field: 'entries[1].overrides[0].targetOn', itemId: '2-⑤' }),
      expect.objectContaining({ field: 'entries[2].formId' }),
    ]);
    expect(await countRows(t.db, 'vendor_checklists WHERE contract_id = ANY($1::uuid[])', [[contracts[2].contractId, contracts[3].contractId]])).toBe(0);
  });

  it('an incomplete set is refused per entry, naming the missing items', async () => {
    const draft = await a.set(vendor.admin.token, { answers: answers().slice(0, 13) });
    const response = await batch([{ contractId: contracts[3].contractId, answerSetId: draft }]).expect(200);
    expect(response.body.results[0].errors).toEqual([expect.objectContaining({ field: 'entries[0].answerSetId', message: expect.stringMatching(/2-⑬/) })]);
    const filled = await batch([{ contractId: contracts[3].contractId, answerSetId: draft, overrides: [{ itemId: '2-⑬', answer: 'はい', confirmedOn: '2025-04-10' }] }]).expect(200);
    expect(filled.body).toMatchObject({ created: 1 });
  });
});
