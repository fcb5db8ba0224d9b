import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { answers, FY } from '../support/checklist-setup';
import { CallContext, RULES } from '../support/access-rules';
import { AccessWorld, buildAccessWorld, paramsFor, PrincipalName } from '../support/access-world';
import { WEBHOOK_URL } from '../support/access-fresh';
import { bearer } from '../support/factories';
import { OPENAPI_PATH, fillPath } from '../support/openapi-routes';
import { rmBody } from '../support/pharmacy-setup';
import { binaryParser, makePdf, PNG_1X1 } from '../support/publishing';
import { startTestApp, TestApp } from '../support/test-app';
import { OpenApiResponseValidator, RecordedResponse, Violation } from './openapi-response-validator';
import { recordingApp } from './response-recorder';

/** The validator itself: each kind of untruth it exists to catch is caught (else zero violations would prove nothing). */
describe('the OpenAPI response validator', () => {
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
  const document = (version: string, agent: Record<string, unknown>) => ({
    openapi: version,
    paths: {
      '/v1/things/{id}': {
        get: {
          responses: {
            '200': { description: 'ok', content: { 'application/json': { schema: ref('Thing') }, 'text/csv': { schema: ref('Thing') } } },
            '404': { $ref: '#/components/responses/NotFound' },
          },
        },
      },
      '/v1/things/export': { get: { responses: { '200': { description: 'ok', content: { 'text/csv': { schema: { type: 'string' } } } } } } },
    },
    components: {
      responses: { NotFound: { description: 'no', content: { 'application/problem+json': { schema: ref('Problem') } } } },
      schemas: {
        Party: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
        Thing: { type: 'object', required: ['id', 'agent', 'revision'], properties: { id: { type: 'string' }, agent, revision: { type: 'integer' } } },
        Problem: { type: 'object', required: ['code'], properties: { code: { type: 'string', enum: ['not_found'] } } },
      },
    },
  });
  const json = { 'content-type': 'application/json; charset=utf-8' };
  const response = (overrides: Partial<RecordedResponse>): RecordedResponse => ({
    method: 'GET',
    url: '/v1/things/7?x=1',
    status: 200,
    headers: json,
    body: { id: '7', agent: null, revision: 1 },
    hasBody: true,
    ...overrides,
  });
  const messages = (doc: Record<string, unknown>, recorded: RecordedResponse) => new OpenApiResponseValidator(doc).validate(recorded).map((violation) => violation.message);
  const nullable31 = document('3.1.0', { oneOf: [ref('Party'), { type: 'null' }] });

  it('accepts what the document declares, through response $refs and literal paths before templates', () => {
    expect(messages(nullable31, response({}))).toEqual([]);
    expect(messages(nullable31, response({ status: 404, headers: { 'content-type': 'application/problem+json' }, body: { code: 'not_found' } }))).toEqual([]);
    expect(messages(nullable31, response({ url: '/v1/things/export', headers: { 'content-type': 'text/csv' }, body: undefined }))).toEqual([]);
  });

  it('reports undeclared statuses, media types, paths and bodies that do not match', () => {
    expect(messages(nullable31, response({ status: 409 }))).toEqual([expect.stringContaining('status 409 is not declared')]);
    expect(messages(nullable31, response({ headers: { 'content-type': 'application/xml' } }))).toEqual([expect.stringContaining('media type application/xml')]);
    expect(messages(nullable31, response({ url: '/v1/nothing' }))).toEqual([expect.stringContaining('no path')]);
    expect(messages(nullable31, response({ method: 'DELETE' }))).toEqual([expect.stringContaining('no such operation')]);
    expect(messages(nullable31, response({ body: { id: '7', agent: null, revision: 1.5 } }))).toEqual([expect.stringContaining('body/revision must be integer')]);
    expect(messages(nullable31, response({ status: 404, headers: { 'content-type': 'application/problem+json' }, body: { code: 'gone' } }))).toEqual([expect.stringContaining('body/code')]);
    expect(messages(nullable31, response({ headers: { 'content-type': 'text/csv' }, body: undefined }))).toEqual([expect.stringContaining('a text/csv body, but the document types it')]);
  });

  it('reads a 3.0 document by 3.0 rules: nullable beside allOf lets no null through', () => {
    expect(messages(document('3.0.0', { nullable: true, type: 'object', allOf: [ref('Party')] }), response({}))).toEqual([expect.stringContaining('body/agent must be object')]);
    expect(messages(document('3.0.0', { nullable: true, type: 'string' }), response({}))).toEqual([]);
  });
});

/** Whom the pass over the remaining operations asks first: the vendor side, then the others. */
const PREFERRED: PrincipalName[] = ['vendorAdmin', 'vendorClient', 'agent', 'pharmacyAdmin', 'chainAdmin', 'operator', 'viewer', 'otherVendor', 'otherPharmacy', 'siblingPharmacy', 'otherChain', 'anonymous', 'revokedClient'];

/**
 * A vendor's integration session replayed through an OpenAPI response validator (Ajv, JSON Schema
 * 2020-12) against the committed document: every response the session receives — the seeding of
 * its world included — must be an operation, status, media type and body the document declares.
 */
describe('the OpenAPI document tells the truth about a vendor session', () => {
  const log: RecordedResponse[] = [];
  let raw: TestApp;
  let t: TestApp;
  let w: AccessWorld;

  beforeAll(async () => {
    raw = await startTestApp();
    t = recordingApp(raw, log);
    w = await buildAccessWorld(t);
  }, 180_000);
  afterAll(() => raw.close());

  const as = (name: PrincipalName) => bearer(w.principals[name].token as string);

  it('answers every request of the session as the document says', async () => {
    const http = t.http;
    const vendor = as('vendorAdmin');
    const pharmacy = as('pharmacyAdmin');
    const { ids } = w;

    // Sign-in: a portal login, its refresh, an API client's token; and their failures.
    const login = await http.post('/v1/auth/login').send({ email: w.login.email, password: w.login.password });
    await http.post('/v1/auth/login').send({ email: w.login.email, password: 'wrong-password-0' });
    await http.post('/v1/auth/login').send({ email: 'not-an-email' });
    await http.post('/v1/auth/refresh').send({ refreshToken: (login.body as { refreshToken: string }).refreshToken });
    const { clientId, clientSecret } = w.clients.active;
    const token = await http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
    const client = bearer((token.body as { access_token: string }).access_token);
    await http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: 'wrong' });
    await http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'no:such' });
    await http.get('/v1/me').set(vendor);
    await http.get('/v1/me').set(client);

    // Products.
    const product = await http.post('/v1/products').set(client).send({ name: `連携 ${randomUUID().slice(0, 6)}`, category: 'レセコン', deployment: 'cloud', versions: ['1.0'] });
    const productId = (product.body as { id: string }).id;
    await http.get('/v1/products').set(client);
    await http.get(`/v1/products/${productId}`).set(client);
    await http.patch(`/v1/products/${productId}`).set(client).send({ versions: ['1.0', '1.1'] });

    // Contracts: proposed by the vendor (without an agent), accepted by the pharmacy.
    const proposed = await http
      .post('/v1/contracts')
      .set(client)
      .send({ kind: 'maintenance', pharmacyCode: ids.pharmacyCode, productIds: [productId], startsOn: '2025-04-01' });
    const contractId = (proposed.body as { id: string }).id;
    await http.get(`/v1/contracts/${contractId}`).set(vendor);
    await http.post(`/v1/contracts/${contractId}/accept`).set(pharmacy).send({});
    await http.post(`/v1/contracts/${contractId}/accept`).set(pharmacy).send({});
    await http.get('/v1/contracts').set(client);
    await http.get(`/v1/contracts?pharmacyCode=${ids.pharmacyCode}`).set(client);
    await http.get(`/v1/contracts/${ids.contract}`).set(vendor);
    await http.get('/v1/pharmacies/lookup').query({ pharmacyCode: ids.pharmacyCode }).set(vendor);
    const declined = await http
      .post('/v1/contracts')
      .set(client)
      .send({ kind: 'operation', pharmacyCode: ids.pharmacyCode, productIds: [productId], startsOn: '2025-04-01' });
    await http.post(`/v1/contracts/${(declined.body as { id: string }).id}/withdraw`).set(vendor).send({});

    // Disclosures with a PDF original.
    const pdf = await makePdf('contract check original');
    const draft = await http
      .post('/v1/disclosures')
      .set(client)
      .send({ productId, productVersion: '1.0', kind: 'SDS', audience: 'all_customers', answers: [{ itemId: '1', answer: '該当' }, { itemId: '2', answer: 'はい' }] });
    const disclosureId = (draft.body as { id: string }).id;
    await http.put(`/v1/disclosures/${disclosureId}/attachment`).set(client).set('Content-Type', 'application/pdf').send(pdf);
    await http.put(`/v1/disclosures/${disclosureId}/attachment`).set(client).set('Content-Type', 'image/png').send(PNG_1X1);
    await http.put(`/v1/disclosures/${disclosureId}/attachment`).set(client).set('Content-Type', 'application/pdf').send(PNG_1X1);
    await http.patch(`/v1/disclosures/${disclosureId}`).set(client).send({ productVersion: '1.1' });
    await http.get(`/v1/disclosures/${disclosureId}`).set(client);
    await http.post(`/v1/disclosures/${disclosureId}/publish`).set(client).send({});
    await http.post(`/v1/disclosures/${disclosureId}/publish`).set(client).send({});
    await http.get(`/v1/disclosures/${disclosureId}/attachment`).set(pharmacy).buffer(true).parse(binaryParser);
    await http.get(`/v1/disclosures/${disclosureId}/pdf`).set(pharmacy).buffer(true).parse(binaryParser);
    await http.get(`/v1/disclosures/${disclosureId}/changes`).set(pharmacy);
    await http.get('/v1/disclosures').set(client);
    await http.get(`/v1/disclosures?productId=${productId}`).set(pharmacy);

    // The 事業者確認用 checklist: draft, submit, PDF.
    const checklistPath = `/v1/contracts/${contractId}/checklists/${FY}`;
    await http.put(checklistPath).set(client).send({ managerName: '連携 太郎', answers: answers({ '2-①': { answer: 'いいえ', targetOn: `${FY}-12-31` } }) });
    await http.put(checklistPath).set(client).send({ managerName: '連携 太郎', answers: [{ itemId: '2-①', answer: 'はい' }] });
    await http.get(checklistPath).set(client);
    await http.post(`${checklistPath}/submit`).set(client).send({});
    await http.get(checklistPath).set(pharmacy);
    await http.get(`${checklistPath}?revision=1`).set(pharmacy);
    await http.get(`${checklistPath}/pdf`).set(pharmacy).buffer(true).parse(binaryParser);
    await http.get(`${checklistPath}/changes`).set(pharmacy);
    await http.get(`/v1/contracts/${contractId}/checklists/1999`).set(pharmacy);

    // Sync: the year's checklists since a time, a conditional read, a write on a stale tag.
    await http.get(`/v1/checklists?fiscalYear=${FY}&updatedSince=2025-01-01T00:00:00Z`).set(client);
    const tagged = await http.get(`/v1/contracts/${ids.contract}`).set(client);
    const etag = tagged.headers.etag as string | undefined;
    if (etag) await http.get(`/v1/contracts/${ids.contract}`).set(client).set('If-None-Match', etag);
    const draftPath = `/v1/contracts/${(declined.body as { id: string }).id}/checklists/${FY}`;
    await http.put(checklistPath).set(client).set('If-Match', '"stale"').send({ managerName: '連携 太郎', answers: answers() });
    await http.put(draftPath).set(client).set('If-Match', '"stale"').send({ managerName: '連携 太郎', answers: answers() });

    // Bulk: first, replay, the key reused for another body, and an entry naming neither contract nor pharmacy.
    const key = randomUUID();
    const batch = { fiscalYear: FY, entries: [{ contractId: ids.contract, managerName: '一括 花子', answers: answers() }, { pharmacyCode: ids.pharmacyCode, managerName: '一括 花子', answers: answers() }] };
    await http.post('/v1/checklists/batch').set(client).set('Idempotency-Key', key).send(batch);
    await http.post('/v1/checklists/batch').set(client).set('Idempotency-Key', key).send(batch);
    await http.post('/v1/checklists/batch').set(client).set('Idempotency-Key', key).send({ ...batch, entries: batch.entries.slice(0, 1) });
    await http.post('/v1/checklists/batch').set(client).send({ fiscalYear: FY, entries: [{ managerName: '一括', answers: answers() }] });

    // Risk threads: the pharmacy asks, the vendor answers, resolves; the pharmacy reopens.
    const thread = await http.post('/v1/risk-threads').set(pharmacy).send({ documentType: 'disclosure', documentId: disclosureId, itemId: '2', message: 'この回答の理由を教えてください。' });
    const threadId = (thread.body as { id: string }).id;
    await http.post('/v1/risk-threads').set(pharmacy).send({ documentType: 'disclosure', documentId: disclosureId, itemId: '2', message: '重複' });
    await http.get('/v1/risk-threads').set(client);
    await http.get(`/v1/risk-threads/${threadId}`).set(client);
    await http.post(`/v1/risk-threads/${threadId}/messages`).set(client).send({ body: '次版で対応します。' });
    await http.patch(`/v1/risk-threads/${threadId}`).set(client).send({ targetOn: `${FY + 1}-03-31` });
    await http.post(`/v1/risk-threads/${threadId}/resolve`).set(client).send({ resolution: 'fixed', note: '1.1 で修正' });
    await http.get(`/v1/risk-threads/${threadId}`).set(pharmacy);
    await http.post(`/v1/risk-threads/${threadId}/reopen`).set(pharmacy).send({ message: 'まだ直っていません。' });
    await http.get(`/v1/risk-threads/${ids.thread}`).set(vendor);

    // Remote maintenance: disclosed by the vendor, confirmed by the pharmacy.
    const rm = await http.put(`/v1/contracts/${contractId}/remote-maintenance`).set(client).send(rmBody(productId));
    await http.get(`/v1/contracts/${contractId}/remote-maintenance`).set(pharmacy);
    await http.post(`/v1/contracts/${contractId}/remote-maintenance/confirm`).set(pharmacy).send({ productId, revision: (rm.body as { revision: number }).revision });
    await http.post(`/v1/contracts/${contractId}/remote-maintenance/confirm`).set(pharmacy).send({ productId, revision: 99 });
    await http.put(`/v1/contracts/${contractId}/remote-maintenance`).set(client).send(rmBody(productId, { inUse: false }));
    await http.get(`/v1/contracts/${contractId}/remote-maintenance`).set(client);

    // Document requests: asked by the pharmacy (with and without a product), fulfilled and declined.
    const request = await http.post('/v1/document-requests').set(pharmacy).send({ contractId, kind: 'SDS', productId, message: '最新版をお願いします。' });
    const general = await http.post('/v1/document-requests').set(pharmacy).send({ contractId, kind: 'MDS', message: '製品を問わずお願いします。' });
    await http.get('/v1/document-requests').set(client);
    await http.get(`/v1/document-requests/${(request.body as { id: string }).id}`).set(client);
    await http.get(`/v1/document-requests/${(request.body as { id: string }).id}/candidates`).set(client);
    await http.post(`/v1/document-requests/${(request.body as { id: string }).id}/fulfil`).set(client).send({ disclosureId });
    await http.post(`/v1/document-requests/${(general.body as { id: string }).id}/decline`).set(client).send({ reason: '該当製品がありません。' });
    await http.post(`/v1/document-requests/${(general.body as { id: string }).id}/decline`).set(client).send({ reason: 'もう一度' });
    await http.get(`/v1/document-requests/${ids.request}`).set(vendor);

    // Webhooks: created, listed, rotated, changed, deleted.
    const hook = await http.post('/v1/webhooks').set(vendor).send({ url: WEBHOOK_URL, events: ['disclosure.published'] });
    const hookId = (hook.body as { id: string }).id;
    await http.post('/v1/webhooks').set(vendor).send({ url: 'http://127.0.0.1:1/hook', events: ['disclosure.published'] });
    await http.get('/v1/webhooks').set(vendor);
    await http.get(`/v1/webhooks/${hookId}`).set(vendor);
    await http.post(`/v1/webhooks/${hookId}/rotate-secret`).set(vendor).send({});
    await http.patch(`/v1/webhooks/${hookId}`).set(vendor).send({ events: ['disclosure.published', 'risk_thread.opened'] });
    await http.post(`/v1/webhooks/${hookId}/ping`).set(vendor).send({});
    await http.get(`/v1/webhooks/${hookId}/deliveries`).set(vendor);
    await http.post(`/v1/webhooks/${hookId}/deliveries/${randomUUID()}/redeliver`).set(vendor).send({});
    await http.delete(`/v1/webhooks/${hookId}`).set(vendor);

    // Exports: CSV, XLSX and PDF, by format= and by Accept.
    const chain = as('chainAdmin');
    for (const report of ['matrix', 'vendor-summary', 'store-summary']) {
      await http.get(`/v1/chains/${ids.chain}/${report}?fiscalYear=${FY}`).set(chain);
      await http.get(`/v1/chains/${ids.chain}/${report}?fiscalYear=${FY}&format=csv`).set(chain);
      await http.get(`/v1/chains/${ids.chain}/${report}?fiscalYear=${FY}&format=xlsx`).set(chain).buffer(true).parse(binaryParser);
      await http.get(`/v1/chains/${ids.chain}/${report}?fiscalYear=${FY}`).set(chain).set('Accept', 'text/csv');
    }
    await http.get('/v1/audit-events').set(vendor);
    await http.get('/v1/audit-events?format=csv').set(vendor);
    await http.get('/v1/audit-events').set(vendor).set('Accept', 'text/csv');
    await http.get(`/v1/checklist-workbooks?fiscalYear=${FY}`).set(vendor).buffer(true).parse(binaryParser);
    await http.get('/v1/disclosure-workbooks').set(vendor).buffer(true).parse(binaryParser);
    await http.get(`/v1/pharmacies/${ids.pharmacy}/inspection-pack/${FY}`).set(pharmacy).buffer(true).parse(binaryParser);
    await http.get(`/v1/pharmacies/${ids.pharmacy}/standing`).set(pharmacy);
    await http.get('/v1/review-queue').set(pharmacy);

    // Errors of every kind.
    await http.get('/v1/contracts');
    await http.get('/v1/contracts').set(bearer('not-a-token'));
    await http.post('/v1/products').set(as('viewer')).send({ name: 'x' });
    await http.post('/v1/products').set(client).send({});
    await http.post('/v1/products').set(client).set('Content-Type', 'application/json').send('{"name":');
    await http.post('/v1/products').set(client).set('Content-Type', 'text/plain').send('name');
    await http.post('/v1/products').set(client).send({ name: 'x'.repeat(2 * 1024 * 1024) });
    await http.get(`/v1/products/${randomUUID()}`).set(client);
    await http.get('/v1/products/not-a-uuid').set(client);
    await http.get(`/v1/contracts/${ids.contract}`).set(as('otherVendor'));
    await http.get(`/v1/contracts/${ids.contract}/checklists/abc`).set(vendor);
    await http.get('/v1/contracts?limit=1000').set(vendor);
    await http.get(`/v1/disclosures/${ids.sds}`).set(as('revokedClient'));
    // Bodies naming records that do not exist (or are another tenant's).
    await http.post('/v1/disclosures').set(client).send({ productId: randomUUID(), productVersion: '1.0', kind: 'SDS', audience: 'all_customers', answers: [{ itemId: '1', answer: '該当' }] });
    await http.post('/v1/document-requests').set(pharmacy).send({ contractId: randomUUID(), kind: 'SDS', message: 'x' });
    await http.post('/v1/risk-threads').set(pharmacy).send({ documentType: 'disclosure', documentId: randomUUID(), itemId: '2', message: 'x' });
    await http.post('/v1/review-queue/reviews').set(pharmacy).send({ documentType: 'disclosure', documentId: randomUUID(), itemId: '2' });
    await http.post('/v1/contracts').set(client).send({ kind: 'maintenance', pharmacyCode: ids.pharmacyCode, productIds: [randomUUID()], startsOn: '2025-04-01', agentId: randomUUID() });
    await http.post('/v1/answer-sets').set(vendor).send({ name: '存在しない様式', formId: 'no-such-form', answers: [] });

    // Every readable operation of the document, as each kind of principal: their answers and refusals.
    const document = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
    for (const path of Object.keys(document.paths)) {
      if (!document.paths[path].get) continue;
      let url: string;
      try {
        url = fillPath(path, paramsFor(w, `GET ${path}`, path));
      } catch {
        continue;
      }
      for (const principal of ['vendorAdmin', 'vendorClient', 'pharmacyAdmin', 'chainAdmin', 'operator', 'otherVendor'] as const) {
        await http.get(url).set(as(principal)).buffer(true).parse(binaryParser);
      }
    }

    // What the session did not reach (the portal's own routes, the operator's), as the access matrix calls it: once
    // by a principal it allows, once by one it refuses.
    for (const key of unexercisedOperations(log)) {
      const rule = RULES[key];
      if (!rule) continue;
      const [method, path] = key.split(' ') as [string, string];
      const names = (Object.keys(rule.expect) as PrincipalName[]).sort((a, b) => PREFERRED.indexOf(a) - PREFERRED.indexOf(b));
      const allowed = names.find((name) => rule.expect[name] === 'ok' || rule.expect[name] === 'blind' || rule.expect[name] === 'inert');
      const refused = names.find((name) => typeof rule.expect[name] === 'number' && rule.expect[name] !== 401);
      for (const name of [allowed, refused]) {
        if (!name) continue;
        const params = name === allowed && rule.fresh ? await rule.fresh(w) : paramsFor(w, key, path);
        const ctx: CallContext = { w, as: w.principals[name], params };
        let body: unknown;
        let token: string | undefined;
        try {
          body = rule.body ? await rule.body(ctx) : undefined;
          token = rule.token ? await rule.token(ctx) : ctx.as.token;
        } catch {
          continue; // A body that needs an earlier step of the matrix (a 2FA enrolment): left to the matrix.
        }
        let call = http[method.toLowerCase() as 'post'](`${fillPath(path, params)}${rule.query?.(w) ?? ''}`).buffer(true).parse(binaryParser);
        if (token) call = call.set(bearer(token));
        const response =
          body === undefined
            ? await call
            : rule.encoding === 'pdf'
              ? await call.set('Content-Type', 'application/pdf').send(body as Buffer)
              : rule.encoding === 'form'
                ? await call.type('form').send(body as Record<string, string>)
                : await call.send(body as Record<string, unknown>);
        if (name === allowed && response.status < 300) rule.after?.(ctx, response.body as Record<string, unknown>, body);
      }
    }

    // Last, as it slows this source's logins down: failed logins until the account is refused with 429.
    const locked = await w.f.user(ids.pharmacy, 'member');
    for (let attempt = 0; attempt < 7; attempt++) await http.post('/v1/auth/login').send({ email: locked.email, password: 'wrong-password-0' });
    await http.post('/v1/auth/logout').set(bearer(locked.token)).send({});

    const violations = validateAll(log);
    const unexercised = unexercisedOperations(log);
    process.stdout.write(`${unexercised.length} operations of the document got no request: ${unexercised.join(', ')}\n`);
    // A server error is never the document's to declare: show what it said, for whoever fixes it.
    for (const failure of log.filter((response) => response.status >= 500)) process.stdout.write(`${failure.method} ${failure.url} → ${failure.status} ${JSON.stringify(failure.body)}\n`);
    const statuses = new Set(log.map((response) => response.status));
    process.stdout.write(`${log.length} responses (statuses ${[...statuses].sort().join(', ')}), ${violations.length} violations\n${report(violations)}\n`);
    expect(report(violations)).toBe('');
  }, 240_000);
});

/** The committed document, unless KAIJI_CONTRACT_DOCUMENT names another (a candidate being worked on). */
function documentPath(): string {
  return process.env.KAIJI_CONTRACT_DOCUMENT ?? OPENAPI_PATH;
}

function validateAll(log: RecordedResponse[]): Violation[] {
  const validator = new OpenApiResponseValidator(JSON.parse(readFileSync(documentPath(), 'utf8')) as Record<string, unknown>);
  return log.flatMap((response) => validator.validate(response));
}

/** The document's operations the session sent nothing to (reported, to show what the replay leaves unproven). */
function unexercisedOperations(log: RecordedResponse[]): string[] {
  const document = JSON.parse(readFileSync(documentPath(), 'utf8')) as Record<string, unknown> & { paths: Record<string, Record<string, unknown>> };
  const validator = new OpenApiResponseValidator(document);
  const seen = new Set(log.map((response) => `${response.method} ${validator.templateOf(response.url) ?? ''}`));
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.keys(item)
      .filter((method) => ['get', 'put', 'post', 'patch', 'delete'].includes(method))
      .map((method) => `${method.toUpperCase()} ${path}`)
      .filter((key) => !seen.has(key)),
  );
}

/** One line per distinct violation, with how often it occurred. */
function report(violations: Violation[]): string {
  const counts = new Map<string, number>();
  for (const violation of violations) {
    // Array positions are dropped so that one wrong property of a list reads as one line.
    const line = `${violation.operation} → ${violation.status}: ${violation.message.replace(/\/\d+(?=\/|\s)/g, '/*')}`;
    counts.set(line, (counts.get(line) ?? 0) + 1);
  }
  return [...counts.entries()].map(([line, count]) => (count > 1 ? `${line} (×${count})` : line)).join('\n');
}
