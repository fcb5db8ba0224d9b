import { JwtService } from '@nestjs/jwt';
import { createHash, randomUUID } from 'node:crypto';
import { MAX_BATCH_ANSWERS, MAX_BATCH_ENTRIES } from '../src/checklists/checklist-batch.dto';
import { MAX_LISTED_ENTRY_ERRORS } from '../src/checklists/checklist-batch.service';
import { DEFAULT_MAX_JSON_VALUES } from '../src/common/body-shape';
import { XLSX_CONTENT_TYPE } from '../src/form-registration/form-workbook-layout';
import { MAX_LISTED_FIELD_ERRORS } from '../src/common/validation';
import { countRows, expectProblem } from './support/assertions';
import { answers, ChecklistSetup, FY, Vendor } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { makePdf, Publishing } from './support/publishing';
import { rawRequest, RawResponse } from './support/raw-http';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

const MB = 1024 * 1024;

/**
 * Finding 1 and 6 of the outside review: what one request may make the API hold is bounded before
 * the work (answers counted, JSON values counted as the body streams in, errors listed up to a
 * limit), and a body is read only from a caller who may send it, in a type its route takes.
 */
describe('bounded requests', () => {
  let t: TestApp;
  let f: Factory;
  let s: ChecklistSetup;
  let vendor: Vendor;
  let token: string;
  let contractId: string;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new ChecklistSetup(t, f);
    ({ vendor, contractId } = await s.activeContract());
    token = await s.clientToken(vendor.admin);
  });
  afterAll(() => t.close());

  const batch = (body: unknown) => t.http.post('/v1/checklists/batch').set(bearer(token)).send(body as object);
  const checklistsOf = (id: string) => countRows(t.db, 'vendor_checklists WHERE contract_id = $1', [id]);
  const wrongAnswers = (count: number) => Array.from({ length: count }, (_, i) => ({ itemId: `x${i}`, answer: 'y' }));
  /** Headers of a request whose body is declared but (mostly) not sent: the answer must come before it. */
  const head = (method: string, path: string, headers: string[]) => [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...headers];
  const problemOf = (response: RawResponse) => JSON.parse(response.body) as { status: number; code: string };

  describe('the bulk submission (finding 1)', () => {
    it(`refuses more than ${MAX_BATCH_ANSWERS} answers in all (413 batch_too_large) before checking any entry, writing nothing`, async () => {
      const perEntry = Math.floor(MAX_BATCH_ANSWERS / MAX_BATCH_ENTRIES) + 1;
      // The first entry is good: it would be written were the batch taken.
      const entries = [{ contractId, answers: answers() }, ...Array.from({ length: MAX_BATCH_ENTRIES - 1 }, () => ({ contractId: randomUUID(), answers: wrongAnswers(perEntry) }))];
      const body = expectProblem(await batch({ fiscalYear: FY, entries }), 413, 'batch_too_large');
      expect(body.detail).toContain(String(MAX_BATCH_ANSWERS));
      expect(body.maxAnswers).toBe(MAX_BATCH_ANSWERS);
      expect(await checklistsOf(contractId)).toBe(0);
    });

    it('refuses a body holding more JSON values than the largest batch as it streams in (413 payload_too_large), writing nothing', async () => {
      // The reviewer's request, halved: within the per-entry limits, far past the answers a batch may carry.
      const entries = [{ contractId, answers: answers() }, ...Array.from({ length: 1_000 }, () => ({ contractId: randomUUID(), answers: wrongAnswers(200) }))];
      expectProblem(await batch({ fiscalYear: FY, entries }), 413, 'payload_too_large');
      expect(await checklistsOf(contractId)).toBe(0);
    });

    it(`lists the first ${MAX_LISTED_ENTRY_ERRORS} errors of an entry, then how many more, and still writes the good entries`, async () => {
      const other = await s.activeContract();
      const otherToken = await s.clientToken(other.vendor.admin);
      const second = await s.contract(other.vendor, await s.pharmacy());
      const response = await t.http
        .post('/v1/checklists/batch')
        .set(bearer(otherToken))
        .send({ fiscalYear: FY, entries: [{ contractId: other.contractId, answers: wrongAnswers(200) }, { contractId: second, answers: answers() }] })
        .expect(200);
      expect(response.body).toMatchObject({ created: 1, failed: 1 });
      const errors = response.body.results[0].errors as { field: string; message: string }[];
      // 200 answers to items the form lacks, and the form's items unanswered: 201 errors.
      expect(errors).toHaveLength(MAX_LISTED_ENTRY_ERRORS + 1);
      expect(errors[MAX_LISTED_ENTRY_ERRORS]).toEqual({ field: 'entries[0].answers', message: `ほかに${201 - MAX_LISTED_ENTRY_ERRORS}件の誤りがあります (and ${201 - MAX_LISTED_ENTRY_ERRORS} more errors)` });
      expect(await checklistsOf(other.contractId)).toBe(0);
      expect(await checklistsOf(second)).toBe(1);
    });

    it(`lists at most ${MAX_LISTED_FIELD_ERRORS} field errors of a malformed batch, found a chunk at a time, writing nothing`, async () => {
      const entries = [{ contractId, answers: answers() }, ...Array.from({ length: 999 }, () => ({ contractId, answers: Array.from({ length: 30 }, () => ({ itemId: 1, answer: 2 })) }))];
      const body = expectProblem(await batch({ fiscalYear: FY, entries }), 400, 'validation_failed');
      const errors = body.errors as { field: string; message: string }[];
      expect(errors).toHaveLength(MAX_LISTED_FIELD_ERRORS + 1);
      expect(errors[0].field).toBe('entries.1.answers.0.itemId');
      expect(errors[MAX_LISTED_FIELD_ERRORS].message).toContain(`only the first ${MAX_LISTED_FIELD_ERRORS} errors are listed`);
      expect(await checklistsOf(contractId)).toBe(0);
    });

    it('validates each entry as before: unknown fields, NUL characters and non-objects are named by their path', async () => {
      const body = expectProblem(
        await batch({ fiscalYear: FY, entries: [{ contractId, answers: answers({ '2-①': { remarks: 'a\u0000b' } }), extra: 1 }, 'not an entry'] }),
        400,
        'validation_failed',
      );
      expect(body.errors).toEqual([
        { field: 'entries.0.extra', message: 'is not a known field' },
        { field: 'entries.0.answers.1.remarks', message: 'NUL文字は使えません (must not contain NUL characters)' },
        { field: 'entries.1', message: 'must be an object' },
      ]);
      expect(await checklistsOf(contractId)).toBe(0);
    });
  });

  describe('every JSON body', () => {
    it(`holds at most ${DEFAULT_MAX_JSON_VALUES} values on a route without a limit of its own (413, refused as it streams in)`, async () => {
      const values = `[${'0,'.repeat(DEFAULT_MAX_JSON_VALUES)}0]`;
      expectProblem(await t.http.post('/v1/products').set(bearer(vendor.admin.token)).set('Content-Type', 'application/json').send(`{"name":"x","tags":${values}}`), 413, 'payload_too_large');
    });

    it('is refused for its length or its shape, whichever comes first, the process staying up (a problem found after the refusal once threw)', async () => {
      const deep = `{"email":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
      expectProblem(await t.http.post('/v1/auth/login').set('Content-Type', 'application/json').send(deep), 413, 'payload_too_large');
      const chunked = await rawRequest(t, head('POST', '/v1/auth/login', ['Content-Type: application/json', 'Transfer-Encoding: chunked']), [
        Buffer.from(`${(deep.length).toString(16)}\r\n${deep}\r\n0\r\n\r\n`),
      ]);
      expect(chunked.status).toBeGreaterThanOrEqual(400);
      expect(chunked.status).toBeLessThan(500);
      await t.http.get('/v1/products').set(bearer(vendor.admin.token)).expect(200);
    });

    it('is refused when nested too deep or holding a lone surrogate, and taken with a surrogate pair', async () => {
      const post = (text: string) => t.http.post('/v1/products').set(bearer(vendor.admin.token)).set('Content-Type', 'application/json').send(text);
      expectProblem(await post(`{"name":${'['.repeat(33)}${']'.repeat(33)}}`), 400, 'malformed_body');
      expectProblem(await post('{"name":"\\ud800x","category":"レセコン","deployment":"cloud"}'), 400, 'malformed_body');
      expectProblem(await post('{"name":"\\udc00","category":"レセコン","deployment":"cloud"}'), 400, 'malformed_body');
      expectProblem(await post('{"name":"x\\ud83d","category":"レセコン","deployment":"cloud"}'), 400, 'malformed_body');
      const name = `絵文字 ${randomUUID().slice(0, 6)} `;
      const created = await post(`{"name":"${name}\\ud83d\\ude00","category":"レセコン","deployment":"cloud"}`).expect(201);
      expect(created.body.name).toBe(`${name}😀`);
    });
  });

  describe('bodies read only from callers who may send them, in a type their route takes (finding 6)', () => {
    const tenMegabytes = `Content-Length: ${10 * MB}`;

    it('answers an anonymous 10 MB PDF to a JSON route 401 at once, without reading it, and closes the connection', async () => {
      const response = await rawRequest(t, head('POST', '/v1/products', ['Content-Type: application/pdf', tenMegabytes]), Buffer.from('%PDF-1.7\n'), { timeoutMs: 5_000 });
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.headers.connection).toBe('close');
      expect(problemOf(response)).toMatchObject({ status: 401, code: 'invalid_token' });
    });

    it('answers 401 at once to a body with a token that does not verify (forged, expired, another key)', async () => {
      const forged = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x"}').toString('base64url')}.AAAA`;
      const kid = createHash('sha256').update(TEST_JWT_SECRET).digest('base64url').slice(0, 16);
      const sign = (secret: string, expiresIn: number) => new JwtService().sign({ sub: 'x' }, { secret, algorithm: 'HS256', keyid: kid, issuer: 'kaiji', audience: 'kaiji-api', expiresIn });
      const expired = sign(TEST_JWT_SECRET, -60);
      const otherKey = sign('another-signing-key-that-is-long-enough-0123456789', 600);
      for (const authorization of ['Bearer x', `Bearer ${forged}`, `Bearer ${expired}`, `Bearer ${otherKey}`, `Basic ${Buffer.from('a:b').toString('base64')}`]) {
        const response = await rawRequest(t, head('POST', '/v1/products', ['Content-Type: application/json', `Authorization: ${authorization}`, `Content-Length: ${MB - 1}`]), Buffer.from('{"name":'), {
          timeoutMs: 5_000,
        });
        expect(problemOf(response)).toMatchObject({ status: 401, code: 'invalid_token' });
      }
    });

    it('answers an authenticated 10 MB PDF to a JSON route 415 at once, without reading it', async () => {
      const response = await rawRequest(t, head('POST', '/v1/products', ['Content-Type: application/pdf', `Authorization: Bearer ${vendor.admin.token}`, tenMegabytes]), Buffer.from('%PDF-1.7\n'), {
        timeoutMs: 5_000,
      });
      expect(response.status).toBe(415);
      expect(problemOf(response)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    });

    it('takes a workbook on the form registration route only: 415 at once elsewhere', async () => {
      const workbook = Buffer.from('PK\u0003\u0004 not really a workbook');
      const elsewhere = await rawRequest(t, head('PUT', `/v1/contracts/${contractId}/checklists/${FY}`, [`Content-Type: ${XLSX_CONTENT_TYPE}`, `Authorization: Bearer ${token}`, `Content-Length: ${2 * MB}`]), workbook, {
        timeoutMs: 5_000,
      });
      expect(problemOf(elsewhere)).toMatchObject({ status: 415, code: 'unsupported_media_type' });
      // Read by its route, whose service answers anyone but the operator 404.
      expectProblem(await t.http.post('/v1/forms').set(bearer(vendor.admin.token)).set('Content-Type', XLSX_CONTENT_TYPE).send(workbook), 404);
    });

    it('answers a body sent to no route 404 at once, and a public route reads at most 16 KiB from anyone', async () => {
      const nowhere = await rawRequest(t, head('POST', '/v1/nowhere', ['Content-Type: application/pdf', tenMegabytes]), Buffer.from('%PDF'), { timeoutMs: 5_000 });
      expect(problemOf(nowhere)).toMatchObject({ status: 404, code: 'not_found' });
      const login = await rawRequest(t, head('POST', '/v1/auth/login', ['Content-Type: application/json', `Content-Length: ${MB - 1}`]), Buffer.from('{"email":'), { timeoutMs: 5_000 });
      expect(problemOf(login)).toMatchObject({ status: 413, code: 'payload_too_large' });
      expectProblem(await t.http.post('/v1/auth/login').send({ email: 'nobody@example.test', password: 'x'.repeat(17 * 1024) }), 413, 'payload_too_large');
      expectProblem(await t.http.post('/v1/auth/login').send({ email: 'nobody@example.test', password: 'Wrong-pass-1!' }), 401);
    });

    it('still takes a valid PDF on the attachment route from its vendor, and from no one else', async () => {
      const publishing = new Publishing(t, f);
      const { vendor: owner, product } = await publishing.setup();
      const draft = await publishing.draft(owner.admin, product.id);
      const pdf = await makePdf('original');
      const anonymous = await rawRequest(t, head('PUT', `/v1/disclosures/${draft.id}/attachment`, ['Content-Type: application/pdf', `Content-Length: ${pdf.length}`]), pdf, { timeoutMs: 5_000 });
      expect(problemOf(anonymous)).toMatchObject({ status: 401, code: 'invalid_token' });
      const stored = await t.http.put(`/v1/disclosures/${draft.id}/attachment`).set(bearer(owner.admin.token)).set('Content-Type', 'application/pdf').send(pdf).expect(200);
      expect(stored.body.sizeBytes).toBe(pdf.length);
      expect(await countRows(t.db, 'disclosure_attachments WHERE disclosure_id = $1', [draft.id])).toBe(1);
    });

    it('changes nothing for requests without a body', async () => {
      await t.http.get('/v1/products').set(bearer(vendor.admin.token)).expect(200);
      expectProblem(await t.http.get('/v1/products'), 401, 'invalid_token');
      await t.http.post(`/v1/auth/logout`).set(bearer((await f.tenant('vendor')).admin.token)).expect(204);
    });
  });

  describe('large bodies on heavy routes take turns', () => {
    it('keeps a third large bulk submission waiting, unread, while two are being received, lets small ones by, and takes it when one of the two goes', async () => {
      // Whitespace makes a body large without making it hold more.
      const large = `${JSON.stringify({ fiscalYear: FY, entries: [{ contractId, answers: answers() }] })}${' '.repeat(MB)}`;
      const holding = head('POST', '/v1/checklists/batch', ['Content-Type: application/json', `Authorization: Bearer ${token}`, `Content-Length: ${large.length + 100}`]);
      // Two uploads that stop short hold both turns; the first gives up after 1.5 s, the other after 4 s.
      const first = rawRequest(t, holding, Buffer.from(large), { timeoutMs: 1_500 });
      const second = rawRequest(t, holding, Buffer.from(large), { timeoutMs: 4_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const small = Date.now();
      expect((await batch({ fiscalYear: FY, entries: [{ contractId: randomUUID(), answers: answers() }] })).status).toBe(200);
      expect(Date.now() - small).toBeLessThan(1_000);
      const started = Date.now();
      const third = await t.http.post('/v1/checklists/batch').set(bearer(token)).set('Content-Type', 'application/json').send(large);
      expect(third.status).toBe(200);
      expect(Date.now() - started).toBeGreaterThan(800);
      expect(Date.now() - started).toBeLessThan(3_500);
      expect(await checklistsOf(contractId)).toBe(1);
      await Promise.all([first, second]);
    });
  });
});
