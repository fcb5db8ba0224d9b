import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { answers, ChecklistSetup, R7_FORM } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { OWN_ITEMS } from './support/inspection-pack-setup';
import { startTestApp, TestApp } from './support/test-app';

/** 令和8年度 (2026) has no form of its own in the catalog: the 令和7年度 versions are carried forward. */
const FY = 2026;
const CONFIRMED = '2026-05-10';
const CARRIED_ANSWERED = '令和8年度: 令和7年度版で回答（令和8年度版は未登録）';
const CARRIED_TO_USE = '令和8年度: 令和7年度版を使用（令和8年度版は未登録）';
const OWN_FORM = 'facility-checklist-pharmacy-r7';

const answers2026 = (overrides: Parameters<typeof answers>[0] = {}) => answers(overrides).map((answer) => ({ ...answer, confirmedOn: answer.confirmedOn && CONFIRMED }));

/**
 * The current 年度 works before MHLW's new sheets are registered: checklists, the bulk path,
 * requests, the standing and the pharmacy's own checklist use the latest earlier version and say so.
 * (Registering a 令和8年度 version, which makes these answers outdated, is covered in
 * form-registration.e2e-spec.ts on a database of its own: this suite shares its database.)
 */
describe('令和8年度 on carried-forward forms', () => {
  let t: TestApp;
  let f: Factory;
  let s: ChecklistSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new ChecklistSetup(t, f);
  });
  afterAll(() => t.close());

  const checklistPath = (contractId: string, fy: number = FY) => `/v1/contracts/${contractId}/checklists/${fy}`;

  it('takes a vendor’s 令和8年度 事業者確認用 on the 令和7年度版 and shows the pharmacy it received, carried forward', async () => {
    const { vendor, pharmacy, contractId } = await s.activeContract();
    const saved = await t.http.put(checklistPath(contractId)).set(bearer(vendor.admin.token)).send({ managerName: '管理 太郎', answers: answers2026() });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ fiscalYear: FY, formId: R7_FORM, formOutdated: false, newerFormId: null });
    expect(saved.body.formUse).toEqual({
      fiscalYear: FY,
      fiscalYearLabel: '令和8年度',
      formId: R7_FORM,
      versionLabel: '令和7年度版',
      formFiscalYear: 2025,
      carriedForward: true,
      outdated: false,
      newerFormId: null,
      label: CARRIED_ANSWERED,
    });
    await t.http.post(`${checklistPath(contractId)}/submit`).set(bearer(vendor.admin.token)).send({}).expect(200);

    const read = await t.http.get(checklistPath(contractId)).set(bearer(pharmacy.admin.token)).expect(200);
    expect(read.body).toMatchObject({ status: 'submitted', formUse: { label: CARRIED_ANSWERED } });

    // The standing defaults to the current 年度 (today is in 令和8年度) and says which form applies.
    const standing = await t.http.get(`/v1/pharmacies/${pharmacy.org.id}/standing`).set(bearer(pharmacy.admin.token)).expect(200);
    expect(standing.body).toMatchObject({ fiscalYear: FY, fiscalYearLabel: '令和8年度', vendorChecklistFormId: R7_FORM, vendorChecklistForm: { carriedForward: true, label: CARRIED_TO_USE } });
    expect(standing.body.contracts[0].checklist).toMatchObject({ status: 'received', formId: R7_FORM, newerFormId: null, formUse: { label: CARRIED_ANSWERED } });
    expect(standing.body.summary).toMatchObject({ checklistsReceived: 1, checklistsMissing: 0, checklistsOutdated: 0 });
  });

  it('takes 令和8年度 checklists through the bulk path on the carried-forward version', async () => {
    const vendor = await s.vendor();
    const contracts = await s.sqlContracts(vendor, 3);
    const response = await t.http
      .post('/v1/checklists/batch')
      .set(bearer(vendor.admin.token))
      .send({ fiscalYear: FY, entries: contracts.map((c) => ({ contractId: c.contractId, managerName: '管理 太郎', answers: answers2026() })) })
      .expect(200);
    expect(response.body).toMatchObject({ fiscalYear: FY, created: 3, failed: 0 });
    const forms: { form_id: string }[] = await t.db.query('SELECT DISTINCT form_id FROM vendor_checklists WHERE contract_id = ANY($1::uuid[]) AND fiscal_year = $2', [
      contracts.map((c) => c.contractId),
      FY,
    ]);
    expect(forms).toEqual([{ form_id: R7_FORM }]);
  });

  it('lets a pharmacy ask for its 令和8年度 checklist (提出を依頼する)', async () => {
    const { pharmacy, contractId } = await s.activeContract();
    const created = await t.http.post('/v1/document-requests').set(bearer(pharmacy.admin.token)).send({ contractId, kind: 'checklist', fiscalYear: FY });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'checklist', fiscalYear: FY, status: 'open' });
  });

  it('keeps the pharmacy’s own 令和8年度 checklist on the carried-forward 薬局確認用, still deriving 2-② and 2-③', async () => {
    const pharmacy = await s.pharmacy();
    const path = `/v1/pharmacies/${pharmacy.org.id}/checklists/${FY}`;
    const empty = await t.http.get(path).set(bearer(pharmacy.admin.token)).expect(200);
    expect(empty.body).toMatchObject({ id: null, fiscalYear: FY, formId: OWN_FORM, formOutdated: false, formUse: { carriedForward: true, label: CARRIED_TO_USE } });

    const own = OWN_ITEMS.map((itemId) => ({ itemId, answer: 'はい', confirmedOn: CONFIRMED }));
    const saved = await t.http.put(path).set(bearer(pharmacy.admin.token)).send({ answers: own }).expect(200);
    expect(saved.body).toMatchObject({ formId: OWN_FORM, formUse: { label: CARRIED_ANSWERED }, missingItems: [] });
    const derived = (saved.body.items as { itemId: string; derived: boolean; answer: string }[]).filter((item) => item.derived);
    expect(derived.map((item) => [item.itemId, item.answer])).toEqual([
      ['2-②', '記入不要'],
      ['2-③', '記入不要'],
    ]);
  });

  it('tells anyone which version a 年度 uses before anything is answered (GET /v1/forms/applicable)', async () => {
    const { vendor } = await s.activeContract();
    const token = await s.clientToken(vendor.admin);
    const applicable = (query: string) => t.http.get(`/v1/forms/applicable${query}`).set(bearer(token));
    expect((await applicable('?kind=vendor_checklist&audience=pharmacy').expect(200)).body).toEqual({
      fiscalYear: FY,
      fiscalYearLabel: '令和8年度',
      formId: R7_FORM,
      versionLabel: '令和7年度版',
      formFiscalYear: 2025,
      carriedForward: true,
      outdated: false,
      newerFormId: null,
      label: CARRIED_TO_USE,
    });
    expect((await applicable('?kind=facility_checklist&audience=pharmacy&fiscalYear=2025').expect(200)).body).toMatchObject({ formId: OWN_FORM, carriedForward: false, label: '令和7年度: 令和7年度版' });
    expectProblem(await applicable('?kind=vendor_checklist&audience=pharmacy&fiscalYear=2024'), 422, 'no_form_for_fiscal_year');
    expectProblem(await applicable('?kind=security_disclosure&audience=pharmacy'), 400, 'validation_failed');
    expectProblem(await applicable('?kind=vendor_checklist'), 400, 'validation_failed');
  });

  it('refuses a formId that is not the version that applies, naming it in Japanese, and writes nothing', async () => {
    const { vendor, contractId } = await s.activeContract();
    const otherAudience = await t.http.put(checklistPath(contractId)).set(bearer(vendor.admin.token)).send({ formId: 'vendor-checklist-medical-r7', answers: answers2026() });
    expect(invalidFields(otherAudience)).toEqual(['formId']);
    expect((otherAudience.body.errors as { message: string }[])[0].message).toContain('薬局向けの事業者確認用の様式ではありません');
    const older = await t.http.put(checklistPath(contractId)).set(bearer(vendor.admin.token)).send({ formId: 'vendor-checklist-medical-r5', answers: answers2026() });
    expect(invalidFields(older)).toEqual(['formId']);
    const pharmacy = await s.pharmacy();
    const own = await t.http.put(`/v1/pharmacies/${pharmacy.org.id}/checklists/${FY}`).set(bearer(pharmacy.admin.token)).send({ formId: 'facility-checklist-medical-r6', answers: [] });
    expect(invalidFields(own)).toEqual(['formId']);
    expect(await countRows(t.db, 'vendor_checklists WHERE contract_id = $1', [contractId])).toBe(0);
    expect(await countRows(t.db, 'facility_checklists WHERE facility_id = $1', [pharmacy.org.id])).toBe(0);
  });

  it('answers 422 in Japanese for a 年度 before the first catalogued version, writing nothing', async () => {
    const { vendor, contractId } = await s.activeContract();
    const body = expectProblem(await t.http.put(checklistPath(contractId, 2024)).set(bearer(vendor.admin.token)).send({ answers: [] }), 422, 'no_form_for_fiscal_year');
    expect(body.detail).toContain('令和6年度以前の薬局向け事業者確認用の様式が登録されていません');
    expect(await countRows(t.db, 'vendor_checklists WHERE contract_id = $1', [contractId])).toBe(0);
  });

  it('does not submit a draft saved on a version that no longer applies: a new answer uses the new version', async () => {
    // A far 年度 of this test's own (no other suite asks for it), so the registration changes nothing elsewhere.
    const year = 2085;
    const { vendor, contractId } = await s.activeContract();
    const [draft]: { id: string }[] = await t.db.query(
      `INSERT INTO vendor_checklists (contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash) VALUES ($1, $2, 1, 'draft', $3, '管理 太郎', 'test') RETURNING id`,
      [contractId, year, R7_FORM],
    );
    const id = `test-current-year-${contractId.slice(0, 8)}`;
    const r7 = JSON.parse(readFileSync(join(__dirname, `../src/forms/catalog/${R7_FORM}.json`), 'utf8')) as Record<string, unknown>;
    const operator = await f.operator();
    await t.http.post('/v1/forms').set(bearer(operator)).send({ ...r7, id, series: `test/${id}`, fiscalYear: year, versionLabel: 'テスト版' }).expect(201);
    try {
      const body = expectProblem(await t.http.post(`${checklistPath(contractId, year)}/submit`).set(bearer(vendor.admin.token)).send({}), 409, 'draft_form_outdated');
      expect(body.detail).toContain(`下書きは旧様式（令和7年度版）で回答されています`);
      expect(body.detail).toContain(id);
      expect(await countRows(t.db, `vendor_checklists WHERE contract_id = $1 AND status = 'submitted'`, [contractId])).toBe(0);
    } finally {
      await t.db.query('DELETE FROM vendor_checklists WHERE id = $1', [draft.id]);
      await t.db.query('DELETE FROM forms WHERE id = $1', [id]);
    }
  });
});
