import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_DIRECTORY } from '../src/forms/form-catalog.loader';
import type { FormDefinition } from '../src/forms/form-definition';
import { FormsService } from '../src/forms/forms.service';
import { countRows, expectProblem, walkPages } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const CATALOG_IDS = [
  'vendor-checklist-pharmacy-r7',
  'vendor-checklist-medical-r7',
  'facility-checklist-pharmacy-r7',
  'facility-checklist-medical-r5',
  'vendor-checklist-medical-r5',
  'facility-checklist-medical-r6',
  'vendor-checklist-medical-r6',
  'security-disclosure-jahis-jira-for-guideline-6.0',
];
const catalogFile = (id: string): FormDefinition => JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${id}.json`), 'utf8'));
const suffix = () => randomUUID().slice(0, 8);

describe('forms', () => {
  let t: TestApp;
  let f: Factory;
  let operator: string;
  let vendor: TestUser;
  let forms: FormsService;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    operator = await f.operator();
    vendor = (await f.tenant('vendor')).admin;
    forms = t.app.get(FormsService);
  });
  afterAll(() => t.close());

  const get = (path: string, token = vendor.token) => t.http.get(path).set(bearer(token));
  const register = (body: unknown, token = operator) => t.http.post('/v1/forms').set(bearer(token)).send(body as object);
  const listAll = async (filter = '') =>
    (await walkPages<Record<string, unknown>>((cursor) => get(`/v1/forms?limit=3${filter}${cursor ? `&cursor=${cursor}` : ''}`).expect(200).then((r) => r.body))).items;

  it('lists every catalogued form version with its 年度 and standing', async () => {
    const items = await listAll();
    expect(items.map((item) => item.id)).toEqual(expect.arrayContaining(CATALOG_IDS));
    expect(items.find((item) => item.id === 'vendor-checklist-pharmacy-r7')).toEqual({
      id: 'vendor-checklist-pharmacy-r7',
      kind: 'vendor_checklist',
      audience: 'pharmacy',
      series: 'vendor-checklist/pharmacy',
      fiscalYear: 2025,
      fiscalYearLabel: '令和7年度',
      versionLabel: '令和7年度版',
      title: '令和7年度 薬局におけるサイバーセキュリティ対策チェックリスト（事業者確認用）',
      titleEn: expect.stringContaining('FY2025'),
      partial: false,
      itemCount: 14,
      latest: expect.any(Boolean),
      supersededBy: null,
    });
    expect(items.find((item) => item.id === 'facility-checklist-pharmacy-r7')).toMatchObject({ itemCount: 19, latest: true });
    expect(items.find((item) => item.id === 'security-disclosure-jahis-jira-for-guideline-6.0')).toMatchObject({ partial: true, fiscalYear: null, fiscalYearLabel: null, itemCount: 14 });
    // 令和5年度 and 令和6年度 are superseded by 令和7年度 in the medical vendor series.
    expect(items.find((item) => item.id === 'vendor-checklist-medical-r5')).toMatchObject({ fiscalYearLabel: '令和5年度', latest: false, supersededBy: 'vendor-checklist-medical-r7' });
  });

  it('shows a form as printed, with the vendor ↔ pharmacy numbering both ways', async () => {
    const vendorForm = (await get('/v1/forms/vendor-checklist-pharmacy-r7').expect(200)).body;
    expect(vendorForm.items.map((item: { id: string }) => item.id)).toEqual(['1-①', ...'①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬'].map((n, i) => (i === 0 ? n : `2-${n}`)));
    expect(vendorForm.items[2]).toMatchObject({
      id: '2-②',
      text: '薬局に製造業者/サービス事業者による医療情報セキュリティ開示書（MDS/SDS）を提出した。',
      answers: ['はい', 'いいえ'],
      required: true,
      counterpart: { formId: 'facility-checklist-pharmacy-r7', itemId: '2-③' },
    });
    expect(vendorForm.items[1].counterpart).toEqual({ formId: 'facility-checklist-pharmacy-r7', itemId: '2-②' });
    expect(vendorForm).toMatchObject({ fiscalYearLabel: '令和7年度', rules: { targetDateRequiredFor: ['いいえ'], targetDateWithinFiscalYear: true, confirmationDateRequired: true } });
    expect(vendorForm.instructions[1]).toBe('「いいえ」の場合、令和7年度中の対応目標日を記入してください。');

    const pharmacy = (await get('/v1/forms/facility-checklist-pharmacy-r7').expect(200)).body;
    const byId = new Map<string, Record<string, unknown>>(pharmacy.items.map((item: { id: string }) => [item.id, item]));
    expect([...byId.keys()]).toEqual(['1-①', ...[...'①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭'].map((n) => `2-${n}`), '3-①', '3-②', '3-③', '4-①']);
    expect(byId.get('2-②')).toMatchObject({ counterpart: { formId: 'vendor-checklist-pharmacy-r7', itemId: '2-①' }, condition: '※事業者と契約していない場合には、記入不要' });
    for (const id of ['2-①', '3-①', '3-②', '3-③', '4-①']) expect(byId.get(id)?.counterpart).toBeUndefined();

    const sds = (await get('/v1/forms/security-disclosure-jahis-jira-for-guideline-6.0').expect(200)).body;
    expect(sds.items.map((item: { id: string }) => item.id)).toEqual(['1', '1.1', '1.2', ...Array.from({ length: 11 }, (_, i) => String(i + 2))]);
    expect(sds.items[0].answers).toEqual(['該当', '非該当']);
    expect(sds.items[3].answers).toEqual(['はい', 'いいえ', '対象外']);
    expect(sds).toMatchObject({ partial: true, kind: 'security_disclosure', audience: 'any', rules: { riskAnswers: ['いいえ', '対象外'] } });
    expect(sds.sections.map((section: { id: string }) => section.id)).toEqual(['outsourced-records', 'isms', 'organizational', 'physical']);

    const r5 = (await get('/v1/forms/facility-checklist-medical-r5').expect(200)).body;
    const reference = r5.items.filter((item: { required: boolean }) => !item.required).map((item: { id: string }) => item.id);
    expect(reference).toEqual(['2(7)-server', '2(9)-server', '2(4)-pc', '2(5)-pc', '2(7)-pc', '2(9)-pc', '3(2)', '3(3)']);
  });

  it('is readable by API clients', async () => {
    const client = await f.apiClient(vendor);
    const token = (await t.http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).expect(200)).body
      .access_token as string;
    await get('/v1/forms/vendor-checklist-medical-r7', token).expect(200);
    await get('/v1/forms?kind=vendor_checklist', token).expect(200);
    expectProblem(await register(catalogFile('vendor-checklist-pharmacy-r7'), token), 403, 'users_only');
  });

  it('filters by kind, audience, 年度 and series', async () => {
    const medicalVendor = await listAll('&kind=vendor_checklist&audience=medical');
    expect(medicalVendor.map((item) => item.id)).toEqual(expect.arrayContaining(['vendor-checklist-medical-r5', 'vendor-checklist-medical-r6', 'vendor-checklist-medical-r7']));
    expect(medicalVendor.every((item) => item.kind === 'vendor_checklist' && item.audience === 'medical')).toBe(true);
    const r7 = await listAll('&fiscalYear=2025');
    expect(r7.every((item) => item.fiscalYear === 2025)).toBe(true);
    expect(r7.map((item) => item.id)).toEqual(expect.arrayContaining(['vendor-checklist-pharmacy-r7', 'facility-checklist-pharmacy-r7', 'vendor-checklist-medical-r7']));
    const sds = await listAll('&series=security-disclosure');
    expect(sds.map((item) => item.id)).toContain('security-disclosure-jahis-jira-for-guideline-6.0');
    expect(sds.every((item) => item.series === 'security-disclosure')).toBe(true);
    expectProblem(await get('/v1/forms?kind=questionnaire'), 400, 'validation_failed');
    expectProblem(await get('/v1/forms?fiscalYear=R7'), 400, 'validation_failed');
  });

  it('answers 404 for an unknown form, carries the latest earlier version forward, and 422 before the first version', async () => {
    expectProblem(await get('/v1/forms/vendor-checklist-pharmacy-r99'), 404, 'not_found');
    expectProblem(await get('/v1/forms/NOT%20A%20FORM'), 404, 'not_found');
    await expect(forms.get('no-such-form')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await expect(forms.vendorChecklistFor('pharmacy', 2024)).rejects.toMatchObject({ status: 422, code: 'no_form_for_fiscal_year', detail: expect.stringContaining('令和6年度') });
    expect((await forms.vendorChecklistFor('medical', 2031)).id).toBe('vendor-checklist-medical-r7');
    expect((await forms.facilityChecklistFor('pharmacy', 2026)).id).toBe('facility-checklist-pharmacy-r7');
    expect((await forms.vendorChecklistFor('pharmacy', 2025)).id).toBe('vendor-checklist-pharmacy-r7');
    expect((await forms.vendorChecklistFor('medical', 2025)).id).toBe('vendor-checklist-medical-r7');
    expect((await forms.latestDisclosureForm()).kind).toBe('security_disclosure');
    expect(await forms.describe('vendor-checklist-medical-r6')).toMatchObject({ latest: false, supersededBy: 'vendor-checklist-medical-r7' });
  });

  it('lets the operator add a later 年度’s version, which makes answers on the carried-forward 令和7年度 version outdated', async () => {
    // A high revision and a unique id keep this from colliding with other suites' versions.
    const id = `vendor-checklist-pharmacy-r8-${suffix()}`;
    // 令和71年度: other suites work in 令和7年度 and 令和8年度, which a registration for 2026 would change under them.
    const r8 = { ...catalogFile('vendor-checklist-pharmacy-r7'), id, fiscalYear: 2089, revision: 1000, versionLabel: '令和71年度版', title: '令和71年度 薬局におけるサイバーセキュリティ対策チェックリスト（事業者確認用）' };
    try {
      const created = await register(r8).expect(201);
      expect(created.body).toMatchObject({ id, fiscalYear: 2089, fiscalYearLabel: '令和71年度', latest: true, supersededBy: null, items: r8.items });
      const [row]: { origin: string; registered_by: string | null }[] = await t.db.query('SELECT origin, registered_by FROM forms WHERE id = $1', [id]);
      expect(row.origin).toBe('api');
      expect(row.registered_by).toEqual(expect.any(String));
      expect(await countRows(t.db, `audit_events WHERE action = 'form.register' AND target_id = $1`, [id])).toBe(1);

      expect((await get('/v1/forms/vendor-checklist-pharmacy-r7').expect(200)).body).toMatchObject({ latest: false, supersededBy: id });
      const series = await listAll('&series=vendor-checklist/pharmacy');
      expect(series.find((item) => item.id === 'vendor-checklist-pharmacy-r7')).toMatchObject({ latest: false, supersededBy: id });
      expect(await forms.formUse('vendor_checklist', 'pharmacy', 2089, 'vendor-checklist-pharmacy-r7')).toMatchObject({
        outdated: true,
        newerFormId: id,
        carriedForward: true,
        label: '令和71年度: 令和7年度版で回答（旧様式: 令和71年度版が登録済み）',
      });
      expect((await forms.vendorChecklistFor('pharmacy', 2089)).id).toBe(id);
      expect((await forms.vendorChecklistFor('pharmacy', 2088)).id).toBe('vendor-checklist-pharmacy-r7');

      // Never edited through the API: the same id again is a conflict, and so is the same version under another id.
      expectProblem(await register({ ...r8, title: '変更' }), 409, 'form_exists');
      expectProblem(await register({ ...r8, id: `${id}-again` }), 409, 'form_version_exists');
    } finally {
      // Other suites share the database: leave the 令和7年度 form the latest again.
      await t.db.query('DELETE FROM forms WHERE id = $1', [id]);
    }
    expect(await forms.formUse('vendor_checklist', 'pharmacy', 2089, 'vendor-checklist-pharmacy-r7')).toMatchObject({ outdated: false, newerFormId: null, carriedForward: true });
  });

  it('refuses a catalogued id with 409', async () => {
    expectProblem(await register(catalogFile('security-disclosure-jahis-jira-for-guideline-6.0')), 409, 'form_exists');
  });

  it.each<[string, (form: FormDefinition) => unknown, string]>([
    ['a duplicate item id', (form) => ({ ...form, items: [...form.items, form.items[0]] }), 'items[14].id'],
    ['an unknown section', (form) => ({ ...form, items: form.items.map((item, i) => (i === 3 ? { ...item, sectionId: '9' } : item)) }), 'items[3].sectionId'],
    ['an answer the forms do not print', (form) => ({ ...form, items: form.items.map((item, i) => (i === 1 ? { ...item, answers: ['はい', 'たぶん'] } : item)) }), 'items.1.answers'],
    ['対象外 on a checklist', (form) => ({ ...form, items: form.items.map((item, i) => (i === 1 ? { ...item, answers: ['はい', '対象外'] } : item)) }), 'items[1].answers'],
    ['no answers', (form) => ({ ...form, items: form.items.map((item, i) => (i === 2 ? { ...item, answers: [] } : item)) }), 'items.2.answers'],
    ['a missing English gloss', (form) => ({ ...form, items: form.items.map(({ textEn: _, ...item }, i) => (i === 0 ? item : { ...item, textEn: 'x' })) }), 'items.0.textEn'],
    ['a counterpart naming no form', (form) => ({ ...form, items: form.items.map((item) => ({ ...item, counterpart: { formId: 'nowhere-r8', itemId: '2-①' } })) }), 'items[0].counterpart.formId'],
    ['a checklist without 年度', (form) => ({ ...form, fiscalYear: null }), 'fiscalYear'],
    ['an unknown field', (form) => ({ ...form, editable: true }), 'editable'],
  ])('refuses %s with 400 and writes nothing', async (_label, change, field) => {
    const id = `vendor-checklist-bad-${suffix()}`;
    const response = await register(change({ ...catalogFile('vendor-checklist-pharmacy-r7'), id, fiscalYear: 2027, revision: 1 }));
    const problem = expectProblem(response, 400, 'validation_failed');
    expect((problem.errors as { field: string }[]).map((error) => error.field)).toContain(field);
    expect(await countRows(t.db, 'forms WHERE id = $1', [id])).toBe(0);
    expect(await countRows(t.db, `audit_events WHERE action = 'form.register' AND target_id = $1`, [id])).toBe(0);
  });

  it('refuses registration by anyone but the operator, as if the operation did not exist (404)', async () => {
    const id = `vendor-checklist-vendor-${suffix()}`;
    expectProblem(await register({ ...catalogFile('vendor-checklist-pharmacy-r7'), id, fiscalYear: 2027 }, vendor.token), 404, 'not_found');
    expect(await countRows(t.db, 'forms WHERE id = $1', [id])).toBe(0);
  });

  describe('catalog files', () => {
    let directory: string;
    beforeEach(() => {
      directory = mkdtempSync(join(tmpdir(), 'kaiji-forms-'));
    });
    afterEach(() => rmSync(directory, { recursive: true, force: true }));

    // A 年度 and series of its own, so that no other suite's vendorChecklistFor() finds these entries.
    const catalogEntry = (id: string) => ({ ...catalogFile('vendor-checklist-medical-r7'), id, series: `test/${id}`, fiscalYear: 2099 });
    const writeEntry = (form: Record<string, unknown> & { id: string }, name = `${form.id}.json`) => writeFileSync(join(directory, name), JSON.stringify(form, null, 2));

    it('adds a form version when a file is added, updates it while unanswered, and keeps it once answers refer to it unless the change keeps them valid', async () => {
      const id = `test-catalog-${suffix()}`;
      writeEntry(catalogEntry(id));
      expect(await forms.loadCatalog(directory)).toEqual({ inserted: [id], updated: [], unchanged: [], kept: [] });
      expect((await get(`/v1/forms/${id}`).expect(200)).body).toMatchObject({ id, fiscalYearLabel: '令和81年度', latest: true, items: catalogEntry(id).items });
      expect((await forms.loadCatalog(directory)).unchanged).toEqual([id]);

      writeEntry({ ...catalogEntry(id), title: '改訂' });
      expect((await forms.loadCatalog(directory)).updated).toEqual([id]);
      expect((await forms.get(id)).title).toBe('改訂');

      // A checklist in this version: from now on only a change that keeps its answers valid replaces the stored definition.
      const customer = await f.organization('pharmacy');
      const [contract]: { id: string }[] = await t.db.query(
        `INSERT INTO contracts (vendor_id, customer_id, kind, starts_on, status, proposed_by) VALUES ($1, $2, 'maintenance', '2025-04-01', 'active', 'vendor') RETURNING id`,
        [vendor.organizationId, customer.id],
      );
      await t.db.query(`INSERT INTO vendor_checklists (contract_id, fiscal_year, revision, status, form_id, content_hash) VALUES ($1, 2099, 1, 'draft', $2, 'test')`, [contract.id, id]);
      try {
        writeEntry({ ...catalogEntry(id), title: '再改訂' });
        expect((await forms.loadCatalog(directory)).updated).toEqual([id]);
        expect((await get(`/v1/forms/${id}`).expect(200)).body.title).toBe('再改訂');
        writeEntry({ ...catalogEntry(id), title: '再々改訂', items: catalogEntry(id).items.map((item, i) => (i === 0 ? { ...item, required: false } : item)) });
        expect((await forms.loadCatalog(directory)).kept).toEqual([id]);
        expect((await get(`/v1/forms/${id}`).expect(200)).body.title).toBe('再改訂');
      } finally {
        await t.db.query('DELETE FROM vendor_checklists WHERE contract_id = $1', [contract.id]);
        await t.db.query('DELETE FROM contracts WHERE id = $1', [contract.id]);
        await t.db.query('DELETE FROM forms WHERE id = $1', [id]);
      }
    });

    it('refuses a directory with an invalid file and stores nothing from it', async () => {
      const good = `test-catalog-${suffix()}`;
      const bad = `test-catalog-${suffix()}`;
      writeEntry(catalogEntry(good));
      writeEntry({ ...catalogEntry(bad), items: [] });
      writeFileSync(join(directory, 'broken.json'), '{ "id": ');
      writeEntry(catalogEntry(`test-catalog-${suffix()}`), 'misnamed.json');
      const error = (await forms.loadCatalog(directory).catch((e: unknown) => e)) as Error;
      expect(error.message).toContain(`${bad}.json: items: must list 1 to 500 items`);
      expect(error.message).toContain('broken.json: not JSON');
      expect(error.message).toContain('misnamed.json: the file must be named');
      expect(await countRows(t.db, 'forms WHERE id = ANY($1)', [[good, bad]])).toBe(0);
    });
  });
});
