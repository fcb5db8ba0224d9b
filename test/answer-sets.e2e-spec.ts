import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { AnswerSetSetup, setName } from './support/answer-set-setup';
import { answers, R7_FORM, R7_ITEMS, Vendor } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/** /v1/answer-sets: a vendor's reusable 事業者確認用 answers — kept, read, edited and archived. */
describe('answer sets', () => {
  let t: TestApp;
  let f: Factory;
  let a: AnswerSetSetup;
  let vendor: Vendor;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    a = new AnswerSetSetup(t, f);
    vendor = await a.s.vendor();
  });
  afterAll(() => t.close());

  const token = () => vendor.admin.token;
  const setsOf = (orgId: string) => countRows(t.db, 'answer_sets WHERE vendor_id = $1', [orgId]);

  it('creates a set, reads it back whole, lists it and keeps the answers in the form’s order', async () => {
    const name = setName('標準回答（クラウド版）');
    const reversed = answers({ '2-⑨': { answer: 'いいえ', targetOn: '2026-03-31', remarks: '次期バージョンで対応' } }).reverse();
    const created = await a.create(token(), { name, answers: reversed }).expect(201);
    expect(created.body).toMatchObject({
      name,
      form: { id: R7_FORM, audience: 'pharmacy' },
      managerName: '管理 一郎',
      answerCount: 14,
      complete: true,
      missingItems: [],
      archived: false,
    });
    const answersBack = created.body.answers as { itemId: string; answer: string; targetOn: string | null; remarks: string | null; plannedOn: string | null }[];
    expect(answersBack.map((x) => x.itemId)).toEqual([...R7_ITEMS]);
    expect(answersBack.find((x) => x.itemId === '2-⑨')).toEqual({ itemId: '2-⑨', answer: 'いいえ', confirmedOn: '2025-04-10', targetOn: '2026-03-31', plannedOn: null, remarks: '次期バージョンで対応' });

    const read = await t.http.get(`/v1/answer-sets/${created.body.id}`).set(bearer(token())).expect(200);
    expect(read.body).toEqual(created.body);
    const list = await t.http.get('/v1/answer-sets?limit=100').set(bearer(token())).expect(200);
    const listed = (list.body.items as { id: string; answers?: unknown }[]).find((x) => x.id === created.body.id);
    expect(listed).toMatchObject({ name, complete: true, answerCount: 14 });
    expect(listed).not.toHaveProperty('answers');
  });

  it('pages the list with a cursor', async () => {
    const other = await a.s.vendor();
    for (let i = 0; i < 3; i++) await a.set(other.admin.token);
    const first = await t.http.get('/v1/answer-sets?limit=2').set(bearer(other.admin.token)).expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t.http.get(`/v1/answer-sets?limit=2&cursor=${first.body.nextCursor}`).set(bearer(other.admin.token)).expect(200);
    expect(second.body).toMatchObject({ nextCursor: null });
    expect(second.body.items).toHaveLength(1);
  });

  it('saves an incomplete set as a draft and says what is missing', async () => {
    const draft = await a.create(token(), { answers: answers().slice(0, 3) }).expect(201);
    expect(draft.body).toMatchObject({ complete: false, answerCount: 3 });
    expect(draft.body.missingItems).toEqual(R7_ITEMS.slice(3));
  });

  it('edits name, 管理責任者 and answers; the form version stays', async () => {
    const id = await a.set(token());
    const renamed = setName('改名');
    const patched = await t.http
      .patch(`/v1/answer-sets/${id}`)
      .set(bearer(token()))
      .send({ name: renamed, managerName: null, answers: answers({ '1-①': { remarks: '体制を見直しました' } }) })
      .expect(200);
    expect(patched.body).toMatchObject({ name: renamed, managerName: null, form: { id: R7_FORM } });
    expect((patched.body.answers as { itemId: string; remarks: string | null }[])[0]).toMatchObject({ itemId: '1-①', remarks: '体制を見直しました' });
    expect(invalidFields(await t.http.patch(`/v1/answer-sets/${id}`).set(bearer(token())).send({ formId: 'vendor-checklist-medical-r7' }))).toEqual(['formId']);
  });

  it('refuses a second set of the same name (409) and frees the name once archived', async () => {
    const name = setName('重複');
    const id = await a.set(token(), { name });
    expectProblem(await a.create(token(), { name }), 409, 'answer_set_name_taken');
    const other = await a.set(token());
    expectProblem(await t.http.patch(`/v1/answer-sets/${other}`).set(bearer(token())).send({ name }), 409, 'answer_set_name_taken');
    await t.http.delete(`/v1/answer-sets/${id}`).set(bearer(token())).expect(200);
    await a.create(token(), { name }).expect(201);
  });

  it('archives on DELETE: gone from the list, still readable, no longer editable; nothing deleted', async () => {
    const id = await a.set(token());
    const archived = await t.http.delete(`/v1/answer-sets/${id}`).set(bearer(token())).expect(200);
    expect(archived.body).toMatchObject({ id, archived: true, archivedAt: expect.any(String) });
    const list = await t.http.get('/v1/answer-sets?limit=100').set(bearer(token())).expect(200);
    expect((list.body.items as { id: string }[]).map((x) => x.id)).not.toContain(id);
    const all = await t.http.get('/v1/answer-sets?limit=100&includeArchived=true').set(bearer(token())).expect(200);
    expect((all.body.items as { id: string }[]).map((x) => x.id)).toContain(id);
    await t.http.get(`/v1/answer-sets/${id}`).set(bearer(token())).expect(200);
    expectProblem(await t.http.patch(`/v1/answer-sets/${id}`).set(bearer(token())).send({ name: setName() }), 409, 'answer_set_archived');
    await t.http.delete(`/v1/answer-sets/${id}`).set(bearer(token())).expect(200);
    expect(await countRows(t.db, 'answer_sets WHERE id = $1', [id])).toBe(1);
    const actions = await t.db.query<{ action: string }[]>(`SELECT action FROM audit_events WHERE target_type = 'answer_set' AND target_id = $1 ORDER BY id`, [id]);
    expect(actions.map((x) => x.action)).toEqual(['answer_set.create', 'answer_set.archive']);
  });

  describe('answers follow the checklist rules; nothing is written on bad input', () => {
    const refused = async (body: Parameters<AnswerSetSetup['create']>[1]) => {
      const before = await setsOf(vendor.org.id);
      const response = await a.create(token(), body);
      const problem = expectProblem(response, 400, 'validation_failed');
      expect(await setsOf(vendor.org.id)).toBe(before);
      return problem.errors as { field: string; itemId?: string; message: string }[];
    };

    it('an unknown item', async () => {
      const errors = await refused({ answers: [...answers(), { itemId: '9-⑨', answer: 'はい', confirmedOn: '2025-04-10' }] });
      expect(errors).toEqual([expect.objectContaining({ field: 'answers[14].itemId', itemId: '9-⑨' })]);
    });

    it('an answer the item does not allow', async () => {
      expect(await refused({ answers: answers({ '2-①': { answer: '対象外' } }) })).toEqual([expect.objectContaining({ field: 'answers[1].answer', itemId: '2-①' })]);
    });

    it('いいえ without a 目標日, a 目標日 on はい, a 目標日 outside the 年度 of its 確認日', async () => {
      const errors = await refused({
        answers: answers({ '2-②': { answer: 'いいえ' }, '2-③': { targetOn: '2026-01-01' }, '2-④': { answer: 'いいえ', targetOn: '2026-06-01' } }),
      });
      expect(errors.map((e) => [e.field, e.itemId])).toEqual([
        ['answers[2].targetOn', '2-②'],
        ['answers[3].targetOn', '2-③'],
        ['answers[4].targetOn', '2-④'],
      ]);
      expect(errors[0].message).toMatch(/目標日が必要/);
    });

    it('a form that is not a 事業者確認用, or no form at all', async () => {
      expect((await refused({ formId: 'facility-checklist-pharmacy-r7' })).map((e) => e.field)).toEqual(['formId']);
      expect((await refused({ formId: 'no-such-form' })).map((e) => e.field)).toEqual(['formId']);
    });

    it('an empty name, a NUL, an unknown field', async () => {
      expect((await refused({ name: '  ' })).map((e) => e.field)).toEqual(['name']);
      expect((await refused({ managerName: 'a\u0000b' })).map((e) => e.field)).toEqual(['managerName']);
      expectProblem(await t.http.post('/v1/answer-sets').set(bearer(token())).send({ name: setName(), formId: R7_FORM, answers: answers(), color: 'red' }), 400, 'validation_failed');
    });
  });

  describe('who may keep and see sets', () => {
    let setId: string;
    beforeAll(async () => {
      setId = await a.set(token());
    });

    it('another vendor gets 404 for the set, and does not see it listed', async () => {
      const rival = await a.s.vendor();
      const rivalToken = rival.admin.token;
      for (const request of [
        t.http.get(`/v1/answer-sets/${setId}`),
        t.http.patch(`/v1/answer-sets/${setId}`).send({ name: setName() }),
        t.http.delete(`/v1/answer-sets/${setId}`),
        t.http.post(`/v1/answer-sets/${setId}/applications`).send({ fiscalYear: 2025, owing: true }),
        t.http.get(`/v1/answer-sets/${setId}/applications`),
        t.http.get(`/v1/answer-sets/${setId}/applications/${randomUUID()}`),
      ]) {
        expectProblem(await request.set(bearer(rivalToken)), 404, 'not_found');
      }
      const list = await t.http.get('/v1/answer-sets?limit=100').set(bearer(rivalToken)).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(setId);
      const fresh = await t.http.get(`/v1/answer-sets/${setId}`).set(bearer(token())).expect(200);
      expect(fresh.body.archived).toBe(false);
    });

    it('a pharmacy and a chain are refused (403) whatever the record', async () => {
      const { admin } = await f.tenant('pharmacy');
      const chain = await f.tenant('chain');
      for (const who of [admin.token, chain.admin.token]) {
        expectProblem(await t.http.get(`/v1/answer-sets/${setId}`).set(bearer(who)), 403, 'vendor_required');
        expectProblem(await t.http.get(`/v1/answer-sets/${randomUUID()}`).set(bearer(who)), 403, 'vendor_required');
        expectProblem(await t.http.get('/v1/answer-sets').set(bearer(who)), 403, 'vendor_required');
        expectProblem(await a.create(who), 403, 'vendor_required');
      }
    });

    it('an API client of the vendor with checklists:write keeps sets; without it, it only reads', async () => {
      const writer = await a.s.clientToken(vendor.admin);
      await a.create(writer).expect(201);
      const reader = await a.s.clientToken(vendor.admin, ['products:write']);
      await t.http.get(`/v1/answer-sets/${setId}`).set(bearer(reader)).expect(200);
      expect((await a.create(reader)).status).toBe(403);
    });
  });
});
