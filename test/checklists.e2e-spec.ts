import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { countRows, expectProblem, invalidFields, sqlError } from './support/assertions';
import { fiscalYearLabel, fiscalYearOf, fiscalYearRange } from '../src/common/fiscal-year';
import { AnswerError, answers, ChecklistSetup, FY, japanDate, R7_FORM, R7_ITEMS } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const ITEM_2_2 = '薬局に製造業者/サービス事業者による医療情報セキュリティ開示書（MDS/SDS）を提出した。';

/** The per-contract 事業者確認用 checklist: rules, draft → submit → resubmit, PDF and who may see it. */
describe('事業者確認用 checklists', () => {
  let t: TestApp;
  let f: Factory;
  let s: ChecklistSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new ChecklistSetup(t, f);
  });
  afterAll(() => t.close());

  const path = (contractId: string, fy: number | string = FY) => `/v1/contracts/${contractId}/checklists/${fy}`;
  const put = (token: string, contractId: string, body: Record<string, unknown>, fy: number | string = FY) => t.http.put(path(contractId, fy)).set(bearer(token)).send(body);
  const get = (token: string, contractId: string, query = '') => t.http.get(`${path(contractId)}${query}`).set(bearer(token));
  const submit = (token: string, contractId: string, fy: number | string = FY) => t.http.post(`${path(contractId, fy)}/submit`).set(bearer(token)).send({});
  const pdf = (token: string, contractId: string) =>
    t.http
      .get(`${path(contractId)}/pdf`)
      .set(bearer(token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        // Problems stay JSON, so that expectProblem can read them.
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          done(null, /json/.test(String(res.headers['content-type'])) ? JSON.parse(bytes.toString('utf8')) : bytes);
        });
      });
  const full = { managerName: '管理 太郎', answers: answers() };
  const overdue = (targetOn: string) => targetOn < japanDate(0);

  describe('validation: each rule answers its problem and writes nothing', () => {
    let vendorToken: string;
    let contractId: string;
    beforeAll(async () => {
      const ctx = await s.activeContract();
      vendorToken = ctx.vendor.admin.token;
      contractId = ctx.contractId;
    });

    const no = (targetOn?: string) => ({ '2-①': { answer: 'いいえ', targetOn } });
    it.each<[string, Record<string, unknown>, string[]]>([
      ['a missing 確認日', { answers: answers({ '2-③': { confirmedOn: undefined } }) }, ['answers[3].confirmedOn']],
      ['a 確認日 in the future (past the 年度 too: the current 年度 is checked below)', { answers: answers({ '1-①': { confirmedOn: japanDate(1) } }) }, ['answers[0].confirmedOn']],
      ['a 確認日 before the 年度 (March 31)', { answers: answers({ '1-①': { confirmedOn: '2025-03-31' } }) }, ['answers[0].confirmedOn']],
      ['a 確認日 after the 年度 ended (April 1, in the past)', { answers: answers({ '2-⑬': { confirmedOn: '2026-04-01' } }) }, ['answers[13].confirmedOn']],
      ['a 確認日 that does not exist', { answers: answers({ '1-①': { confirmedOn: '2025-02-29' } }) }, ['answers[0].confirmedOn']],
      ['a 確認日 in year 0 (no such day in PostgreSQL)', { answers: answers({ '1-①': { confirmedOn: '0000-01-01' } }) }, ['answers[0].confirmedOn']],
      ['a NUL character PostgreSQL cannot store', { managerName: 'a\u0000b', answers: answers({ '1-①': { remarks: 'x\u0000y' } }) }, ['managerName', 'answers.0.remarks']],
      ['a malformed 確認日', { answers: answers({ '1-①': { confirmedOn: '2025/04/10' } }) }, ['answers.0.confirmedOn']],
      ['いいえ without 目標日', { answers: answers(no()) }, ['answers[1].targetOn']],
      ['a 目標日 before the 年度', { answers: answers(no('2025-03-31')) }, ['answers[1].targetOn']],
      ['a 目標日 after the 年度', { answers: answers(no('2026-04-01')) }, ['answers[1].targetOn']],
      ['a 目標日 before the 確認日', { answers: answers({ '2-①': { answer: 'いいえ', confirmedOn: '2025-06-01', targetOn: '2025-05-31' } }) }, ['answers[1].targetOn']],
      ['a 実装予定日 on an item that is no plan (2-⑧)', { answers: answers({ '2-⑧': { plannedOn: '2027-06-30' } }) }, ['answers[8].plannedOn']],
      ['a 実装予定日 on いいえ', { answers: answers({ '2-⑨': { answer: 'いいえ', targetOn: '2025-12-01', plannedOn: '2027-06-30' } }) }, ['answers[9].plannedOn']],
      ['a 実装予定日 after 令和9年度 (2028-04-01)', { answers: answers({ '2-⑨': { plannedOn: '2028-04-01' } }) }, ['answers[9].plannedOn']],
      ['a 実装予定日 before the 確認日', { answers: answers({ '2-⑨': { plannedOn: '2025-04-09' } }) }, ['answers[9].plannedOn']],
      ['a malformed 実装予定日', { answers: answers({ '2-⑨': { plannedOn: '2027/06/30' } }) }, ['answers.9.plannedOn']],
      ['a 目標日 on a はい answer', { answers: answers({ '2-⑬': { targetOn: '2025-09-30' } }) }, ['answers[13].targetOn']],
      ['an unknown item', { answers: [...answers(), { itemId: '2-⑭', answer: 'はい', confirmedOn: '2025-04-10' }] }, ['answers[14].itemId']],
      ['an item answered twice', { answers: [...answers(), { itemId: '1-①', answer: 'はい', confirmedOn: '2025-04-10' }] }, ['answers[14].itemId']],
      ['an answer the form does not allow', { answers: answers({ '2-⑤': { answer: '対象外' } }) }, ['answers[5].answer']],
      ['a form of another audience', { formId: 'vendor-checklist-medical-r7', answers: answers() }, ['formId']],
      ['an unknown form', { formId: 'no-such-form', answers: answers() }, ['formId']],
      ['an unknown field', { answers: answers(), approved: true }, ['approved']],
    ])('refuses %s', async (_, body, fields) => {
      const before = await s.counts([contractId]);
      const response = await put(vendorToken, contractId, body);
      expect(invalidFields(response)).toEqual(fields);
      expect(await s.counts([contractId])).toEqual(before);
    });

    it('refuses a 年度 the path cannot name', async () => {
      const before = await s.counts([contractId]);
      expect(invalidFields(await put(vendorToken, contractId, full, 'r7'))).toEqual(['fiscalYear']);
      expect(invalidFields(await put(vendorToken, contractId, full, 2018))).toEqual(['fiscalYear']);
      expect(await s.counts([contractId])).toEqual(before);
    });

    it('answers 422 no_form_for_fiscal_year for a 年度 with no form of its own or earlier (令和6年度 for a pharmacy)', async () => {
      const body = expectProblem(await put(vendorToken, contractId, { ...full, formId: R7_FORM }, 2024), 422, 'no_form_for_fiscal_year');
      expect(body.detail).toContain('令和6年度');
      expect(await s.counts([contractId])).toEqual({ checklists: 0, answers: 0 });
    });

    it('names the item as printed in every answer error, in Japanese with the English beside it', async () => {
      const before = await s.counts([contractId]);
      const response = await put(vendorToken, contractId, { answers: answers({ '2-⑨': { answer: 'いいえ' }, '2-⑪': { confirmedOn: '2025-03-31' } }) });
      const body = expectProblem(response, 400, 'validation_failed');
      expect(body.detail).toMatch(/^回答がチェックリストの決まりに合っていません \(/);
      expect(body.errors).toEqual([
        { field: 'answers[9].targetOn', itemId: '2-⑨', message: '2-⑨: いいえの場合は目標日が必要です (a 目標日 is required when the answer is いいえ)' },
        {
          field: 'answers[11].confirmedOn',
          itemId: '2-⑪',
          message: '2-⑪: 確認日は令和7年度（2025-04-01 – 2026-03-31）の日付にしてください (the 確認日 must fall within fiscal year 2025 (2025-04-01 – 2026-03-31))',
        },
      ]);
      expect(await s.counts([contractId])).toEqual(before);
    });

    it('refuses a sale-only contract with a problem that says no checklist is owed', async () => {
      const vendor = await s.vendor();
      const saleOnly = await s.contract(vendor, await s.pharmacy(), { kind: 'sale_only' });
      const body = expectProblem(await put(vendor.admin.token, saleOnly, full), 422, 'checklist_not_required');
      expect(body.detail).toContain('売買契約のみ');
      expectProblem(await submit(vendor.admin.token, saleOnly), 422, 'checklist_not_required');
      expect(await s.counts([saleOnly])).toEqual({ checklists: 0, answers: 0 });
    });

    it('refuses a contract the customer has not accepted yet', async () => {
      const vendor = await s.vendor();
      const proposed = await s.contract(vendor, await s.pharmacy(), { accept: false });
      expectProblem(await put(vendor.admin.token, proposed, full), 409, 'contract_not_active');
      expect(await s.counts([proposed])).toEqual({ checklists: 0, answers: 0 });
    });

    it('answers 404 for a contract that does not exist', async () => {
      expectProblem(await put(vendorToken, randomUUID(), full), 404, 'not_found');
      expectProblem(await get(vendorToken, randomUUID()), 404, 'not_found');
    });

    it('submits only a draft with every item answered', async () => {
      const ctx = await s.activeContract();
      const token = ctx.vendor.admin.token;
      expectProblem(await submit(token, ctx.contractId), 409, 'no_draft');
      await put(token, ctx.contractId, { managerName: '管理 太郎', answers: answers().slice(0, 12) }).expect(200);
      const missing = expectProblem(await submit(token, ctx.contractId), 422, 'required_items_missing');
      expect(missing.missingItems).toEqual(['2-⑫', '2-⑬']);
      const draft = await get(token, ctx.contractId).expect(200);
      expect(draft.body).toMatchObject({ status: 'draft', revision: 1, missingItems: ['2-⑫', '2-⑬'] });
      expect(await countRows(t.db, "vendor_checklists WHERE contract_id = $1 AND status = 'submitted'", [ctx.contractId])).toBe(0);
    });
  });

  it('submits a checklist without a 管理責任者: the official sheet prints the 事業者名, not a person', async () => {
    const { vendor, pharmacy, contractId } = await s.activeContract();
    await put(vendor.admin.token, contractId, { answers: answers() }).expect(200);
    expect((await submit(vendor.admin.token, contractId).expect(200)).body).toMatchObject({ status: 'submitted', revision: 1, managerName: null });
    expect((await get(pharmacy.admin.token, contractId).expect(200)).body).toMatchObject({ status: 'submitted', managerName: null, vendor: { name: vendor.org.name } });
    expect((await pdf(pharmacy.admin.token, contractId)).status).toBe(200);
    // Given, it is kept; a change of it alone is a new revision.
    await put(vendor.admin.token, contractId, { managerName: '管理 太郎', answers: answers() }).expect(200);
    expect((await submit(vendor.admin.token, contractId).expect(200)).body).toMatchObject({ revision: 2, managerName: '管理 太郎' });
  });

  describe('年度 date rules and the 実装予定日', () => {
    it('keeps a planned はい on 2-⑨ with its 実装予定日 (within 令和9年度) and shows it to the customer', async () => {
      const { vendor, pharmacy, contractId } = await s.activeContract();
      const v = vendor.admin.token;
      const draft = await put(v, contractId, { managerName: '管理 太郎', answers: answers({ '2-⑨': { plannedOn: '2027-06-30', remarks: '二要素認証は令和9年6月に導入予定' } }) }).expect(200);
      const planned = (body: { answers: { itemId: string }[] }) => body.answers.find((a) => a.itemId === '2-⑨');
      expect(planned(draft.body)).toMatchObject({ answer: 'はい', plannedOn: '2027-06-30', plannedBy: 2027, targetOn: null });
      expect(draft.body.answers.filter((a: { plannedBy: number | null }) => a.plannedBy !== null).map((a: { itemId: string }) => a.itemId)).toEqual(['2-⑨']);
      expect(draft.body.answers.find((a: { itemId: string }) => a.itemId === '2-⑧')).toMatchObject({ plannedOn: null, plannedBy: null });
      await submit(v, contractId).expect(200);
      expect(planned((await get(pharmacy.admin.token, contractId).expect(200)).body)).toMatchObject({ plannedOn: '2027-06-30', plannedBy: 2027 });
      const [row] = await t.db.query<{ planned_on: string }[]>(
        `SELECT to_char(a.planned_on, 'YYYY-MM-DD') AS planned_on FROM vendor_checklist_answers a JOIN vendor_checklists vc ON vc.id = a.checklist_id
          WHERE vc.contract_id = $1 AND a.item_id = '2-⑨'`,
        [contractId],
      );
      expect(row.planned_on).toBe('2027-06-30');
      // The last day of 令和9年度 is still in time; moving the date is a new revision.
      await put(v, contractId, { managerName: '管理 太郎', answers: answers({ '2-⑨': { plannedOn: '2028-03-31' } }) }).expect(200);
      expect((await submit(v, contractId).expect(200)).body).toMatchObject({ revision: 2 });
      expect(planned((await get(pharmacy.admin.token, contractId, '?revision=1').expect(200)).body)).toMatchObject({ plannedOn: '2027-06-30' });
      expect(planned((await get(pharmacy.admin.token, contractId).expect(200)).body)).toMatchObject({ plannedOn: '2028-03-31' });
    });

    it('takes the current 年度 (令和8年度 today) on the carried-forward form with its own dates, and refuses a 確認日 before it or in the future', async () => {
      const { vendor, contractId } = await s.activeContract();
      const v = vendor.admin.token;
      const today = japanDate(0);
      const fy = fiscalYearOf(today);
      const { from, to } = fiscalYearRange(fy);
      const before = await s.counts([contractId]);
      const refused = await put(v, contractId, { answers: answers({ '1-①': { confirmedOn: today }, '2-①': { confirmedOn: `${fy}-03-31` }, '2-②': { confirmedOn: japanDate(1) } }) }, fy);
      const errors = expectProblem(refused, 400, 'validation_failed').errors as AnswerError[];
      // Every other answer keeps the default 2025 確認日, before this 年度: all refused, each by item.
      expect(errors.map((e) => e.itemId)).toEqual(R7_ITEMS.filter((id) => id !== '1-①'));
      expect(errors.find((e) => e.itemId === '2-①')).toEqual({
        field: 'answers[1].confirmedOn',
        itemId: '2-①',
        message: `2-①: 確認日は${fiscalYearLabel(fy)}（${from} – ${to}）の日付にしてください (the 確認日 must fall within fiscal year ${fy} (${from} – ${to}))`,
      });
      expect(errors.find((e) => e.itemId === '2-②')?.message).toMatch(japanDate(1) > to ? /年度/ : /^2-②: 確認日に未来の日付は指定できません/);
      expect(await s.counts([contractId])).toEqual(before);

      const current = answers(Object.fromEntries(R7_ITEMS.map((id) => [id, { confirmedOn: from }])));
      const accepted = await put(v, contractId, { answers: current.map((a) => (a.itemId === '2-①' ? { ...a, answer: 'いいえ', targetOn: to } : a)) }, fy).expect(200);
      expect(accepted.body).toMatchObject({ fiscalYear: fy, noCount: 1 });
      expect((await submit(v, contractId, fy).expect(200)).body).toMatchObject({ status: 'submitted', fiscalYear: fy });
    });
  });

  it('keeps a draft from the customer, then submits revisions 1 and 2 with the history kept', async () => {
    const { vendor, pharmacy, contractId } = await s.activeContract();
    const v = vendor.admin.token;
    const p = pharmacy.admin.token;
    const draft = await put(v, contractId, { managerName: '管理 太郎', answers: answers().slice(0, 3) }).expect(200);
    expect(draft.body).toMatchObject({ status: 'draft', statusLabel: '下書き', revision: 1, fiscalYear: 2025, fiscalYearLabel: '令和7年度', formId: R7_FORM, submittedAt: null });
    expect(draft.body.missingItems).toEqual(R7_ITEMS.slice(3));
    expectProblem(await get(p, contractId), 404, 'not_found');
    expectProblem(await pdf(p, contractId), 404, 'not_found');

    const first = answers({ '2-①': { answer: 'いいえ', targetOn: '2025-05-01', remarks: 'VPN機器の棚卸し中' }, '2-⑨': { answer: 'いいえ', targetOn: '2026-03-31' } });
    await put(v, contractId, { managerName: '管理 太郎', answers: first }).expect(200);
    const submitted = await submit(v, contractId).expect(200);
    expect(submitted.body).toMatchObject({ status: 'submitted', statusLabel: '提出済み', revision: 1, submittedAt: expect.any(String) });

    const seen = await get(p, contractId).expect(200);
    expect(seen.body).toMatchObject({ revision: 1, noCount: 2, vendor: { id: vendor.org.id, name: vendor.org.name }, customer: { id: pharmacy.org.id }, formOutdated: false });
    const byItem = new Map((seen.body.answers as { itemId: string }[]).map((a) => [a.itemId, a]));
    expect(byItem.get('2-①')).toMatchObject({ counterpartItemId: '2-②', answer: 'いいえ', confirmedOn: '2025-04-10', targetOn: '2025-05-01', remarks: 'VPN機器の棚卸し中', targetOverdue: overdue('2025-05-01') });
    expect(byItem.get('2-⑨')).toMatchObject({ counterpartItemId: '2-⑩', targetOverdue: overdue('2026-03-31') });
    expect(byItem.get('1-①')).toMatchObject({ counterpartItemId: null, targetOn: null, targetOverdue: false });
    expect(byItem.get('2-②')).toMatchObject({ text: ITEM_2_2, section: expect.any(String) });
    expect(overdue('2025-05-01')).toBe(true);

    await put(v, contractId, { managerName: '管理 花子', answers: answers({ '2-⑨': { answer: 'いいえ', targetOn: '2026-03-31' } }) }).expect(200);
    expect((await get(v, contractId).expect(200)).body).toMatchObject({ revision: 2, status: 'draft', revisions: [{ revision: 1, status: 'submitted' }, { revision: 2, status: 'draft' }] });
    expect((await get(p, contractId).expect(200)).body).toMatchObject({ revision: 1, revisions: [{ revision: 1, status: 'submitted' }] });
    expectProblem(await get(p, contractId, '?revision=2'), 404, 'not_found');

    await submit(v, contractId).expect(200);
    const latest = await get(p, contractId).expect(200);
    expect(latest.body).toMatchObject({ revision: 2, noCount: 1, managerName: '管理 花子', revisions: [{ revision: 1 }, { revision: 2, status: 'submitted' }] });
    const old = await get(p, contractId, '?revision=1').expect(200);
    expect(old.body).toMatchObject({ revision: 1, noCount: 2, managerName: '管理 太郎' });
    expect((old.body.answers as { itemId: string; answer: string }[]).find((a) => a.itemId === '2-①')?.answer).toBe('いいえ');
    expectProblem(await get(p, contractId, '?revision=3'), 404, 'not_found');
    expect(invalidFields(await get(p, contractId, '?revision=0'))).toEqual(['revision']);

    // Submitted revisions are immutable, whoever writes.
    const [rev1] = await t.db.query<{ id: string }[]>('SELECT id FROM vendor_checklists WHERE contract_id = $1 AND revision = 1', [contractId]);
    expect((await sqlError(t.db, "UPDATE vendor_checklist_answers SET answer = 'はい' WHERE checklist_id = $1", [rev1.id]))?.message).toMatch(/cannot change/);
    expect((await sqlError(t.db, 'DELETE FROM vendor_checklist_answers WHERE checklist_id = $1', [rev1.id]))?.message).toMatch(/cannot change/);
    expect(await countRows(t.db, 'vendor_checklist_answers WHERE checklist_id = $1', [rev1.id])).toBe(14);
  });

  it('renders the PDF like the official sheet, with text a machine can read', async () => {
    const { vendor, pharmacy, contractId } = await s.activeContract();
    await put(vendor.admin.token, contractId, { managerName: '管理 太郎', answers: answers({ '2-②': { answer: 'いいえ', targetOn: '2025-09-30' } }) }).expect(200);
    await submit(vendor.admin.token, contractId).expect(200);
    for (const token of [vendor.admin.token, pharmacy.admin.token]) {
      const response = await pdf(token, contractId);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/pdf/);
      expect(response.headers['content-disposition']).toMatch(/^attachment;/);
      const bytes = response.body as Buffer;
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: bytes }).toString('utf8').replace(/\s+/g, '');
      for (const expected of ['令和7年度', '事業者確認用', vendor.org.name.replace(/\s+/g, ''), ITEM_2_2, '2025-09-30', '2-③']) expect(text).toContain(expected);
    }
  });

  describe('access matrix', () => {
    let ctx: Awaited<ReturnType<ChecklistSetup['activeContract']>>;
    let chainToken: string;
    beforeAll(async () => {
      const chain = await f.tenant('chain');
      chainToken = chain.admin.token;
      const vendor = await s.vendor();
      const pharmacy = await s.pharmacy({ chainId: chain.org.id });
      ctx = { vendor, pharmacy, contractId: await s.contract(vendor, pharmacy) };
      await put(vendor.admin.token, ctx.contractId, full).expect(200);
      await submit(vendor.admin.token, ctx.contractId).expect(200);
      await put(vendor.admin.token, ctx.contractId, { ...full, managerName: '下書き 次郎' }).expect(200);
    });

    const calls = (token: string): [string, () => Promise<Response>][] => [
      ['GET', () => get(token, ctx.contractId)],
      ['GET ?revision=1', () => get(token, ctx.contractId, '?revision=1')],
      ['PUT', () => put(token, ctx.contractId, full)],
      ['submit', () => submit(token, ctx.contractId)],
      ['pdf', () => pdf(token, ctx.contractId)],
    ];

    it('answers 404 on every route to another vendor, another pharmacy, another chain and the operator', async () => {
      const strangers: [string, string][] = [
        ['another vendor', (await s.vendor()).admin.token],
        ['a pharmacy that is not the customer', (await s.pharmacy()).admin.token],
        ["a chain that is not the pharmacy's", (await f.tenant('chain')).admin.token],
        ['the operator', await f.operator()],
        ['the customer itself, writing', ctx.pharmacy.admin.token],
      ];
      const before = await s.counts([ctx.contractId]);
      for (const [who, token] of strangers) {
        for (const [route, call] of calls(token)) {
          if (who.startsWith('the customer') && !['PUT', 'submit'].includes(route)) continue;
          const response = await call();
          if (response.status !== 404) throw new Error(`${route} by ${who}: ${response.status} ${JSON.stringify(response.body)}`);
          expectProblem(response, 404, 'not_found');
        }
      }
      expect(await s.counts([ctx.contractId])).toEqual(before);
    });

    it("lets the pharmacy's own chain read the submitted checklist, never the draft", async () => {
      const seen = await get(chainToken, ctx.contractId).expect(200);
      expect(seen.body).toMatchObject({ revision: 1, managerName: '管理 太郎', revisions: [{ revision: 1 }] });
      expect((await pdf(chainToken, ctx.contractId)).status).toBe(200);
      expectProblem(await get(chainToken, ctx.contractId, '?revision=2'), 404, 'not_found');
      expect((await get(ctx.vendor.admin.token, ctx.contractId).expect(200)).body).toMatchObject({ revision: 2, status: 'draft' });
    });

    it('lets a viewer of the vendor read but not write', async () => {
      const viewer = await f.user(ctx.vendor.org.id, 'viewer');
      await get(viewer.token, ctx.contractId).expect(200);
      expectProblem(await put(viewer.token, ctx.contractId, full), 403, 'read_only_role');
      expectProblem(await submit(viewer.token, ctx.contractId), 403, 'read_only_role');
    });

    it('needs checklists:write from an API client', async () => {
      const readOnly = await s.clientToken(ctx.vendor.admin, ['products:write']);
      await get(readOnly, ctx.contractId).expect(200);
      expectProblem(await put(readOnly, ctx.contractId, full), 403, 'insufficient_scope');
      expectProblem(await submit(readOnly, ctx.contractId), 403, 'insufficient_scope');
      const writer = await s.clientToken(ctx.vendor.admin);
      await put(writer, ctx.contractId, { ...full, managerName: '連携 三郎' }).expect(200);
      expect((await submit(writer, ctx.contractId).expect(200)).body).toMatchObject({ revision: 2, status: 'submitted', managerName: '連携 三郎' });
    });
  });
});
