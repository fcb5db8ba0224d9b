import { createHash, randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { answers, ChecklistSetup, FY, Vendor } from './support/checklist-setup';
import { HousekeepingSweep } from '../src/common/housekeeping.sweep';
import { HostResolver } from '../src/webhooks/webhook-targets';
import { bearer, Factory, totp } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const BATCH = '/v1/checklists/batch';

/** Idempotency-Key on POST routes: a retry answers the first result and writes nothing twice. */
describe('Idempotency-Key', () => {
  let t: TestApp;
  let f: Factory;
  let s: ChecklistSetup;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    s = new ChecklistSetup(t, f);
  });
  afterAll(() => t.close());

  const post = (token: string, path: string, body: unknown, key?: string) => {
    const request = t.http.post(path).set(bearer(token));
    return (key === undefined ? request : request.set('Idempotency-Key', key)).send(body as object);
  };
  const batchBody = (contracts: { contractId: string }[], managerName = '管理 太郎') => ({
    fiscalYear: FY,
    entries: contracts.map((c) => ({ contractId: c.contractId, managerName, answers: answers() })),
  });
  const replayed = (response: { headers: Record<string, string> }) => response.headers['idempotent-replayed'];

  /** Everything a batch could write for these contracts and this vendor. */
  const snapshot = async (vendor: Vendor, contractIds: string[]) => ({
    ...(await s.counts(contractIds)),
    audit: await countRows(t.db, 'audit_events WHERE organization_id = $1', [vendor.org.id]),
  });

  it('answers a retried batch with the first result and writes nothing more', async () => {
    const vendor = await s.vendor();
    const contracts = await s.sqlContracts(vendor, 40);
    const ids = contracts.map((c) => c.contractId);
    const body = batchBody(contracts);
    const key = randomUUID();

    const first = await post(vendor.admin.token, BATCH, body, key).expect(200);
    expect(replayed(first)).toBeUndefined();
    expect(first.body).toMatchObject({ created: 40, failed: 0 });
    const after = await snapshot(vendor, ids);
    expect(after).toMatchObject({ checklists: 40, answers: 40 * 14 });

    for (let retry = 0; retry < 3; retry++) {
      const again = await post(vendor.admin.token, BATCH, body, key).expect(200);
      expect(replayed(again)).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(await snapshot(vendor, ids)).toEqual(after);
    }

    // Without the key the same request runs again (and finds nothing to change).
    const fresh = await post(vendor.admin.token, BATCH, body).expect(200);
    expect(fresh.body).toMatchObject({ created: 0, unchanged: 40 });
    expect(replayed(fresh)).toBeUndefined();
    expect(await t.db.query('SELECT status, response_status FROM idempotency_keys WHERE key = $1', [key])).toEqual([{ status: 'completed', response_status: 200 }]);
  });

  it('refuses the same key with another body or on another route, writing nothing', async () => {
    const vendor = await s.vendor();
    const contracts = await s.sqlContracts(vendor, 3);
    const ids = contracts.map((c) => c.contractId);
    const key = `batch-${randomUUID()}`;
    await post(vendor.admin.token, BATCH, batchBody(contracts.slice(0, 2)), key).expect(200);
    const before = await snapshot(vendor, ids);

    expectProblem(await post(vendor.admin.token, BATCH, batchBody(contracts), key), 422, 'idempotency_key_reused');
    expectProblem(await post(vendor.admin.token, BATCH, batchBody(contracts.slice(0, 2), '管理 花子'), key), 422, 'idempotency_key_reused');
    expectProblem(await post(vendor.admin.token, `/v1/contracts/${ids[0]}/checklists/${FY}/submit`, {}, key), 422, 'idempotency_key_reused');
    expect(await snapshot(vendor, ids)).toEqual(before);
  });

  it('keeps keys apart per caller: another user, another vendor and an API client each have their own', async () => {
    const a = await s.vendor();
    const b = await s.vendor();
    const [ca] = await s.sqlContracts(a, 1);
    const [cb] = await s.sqlContracts(b, 1);
    const key = 'shared-key-0001';
    expect((await post(a.admin.token, BATCH, batchBody([ca]), key).expect(200)).body).toMatchObject({ created: 1 });

    const other = await post(b.admin.token, BATCH, batchBody([cb], '別 事業者'), key).expect(200);
    expect(replayed(other)).toBeUndefined();
    expect(other.body).toMatchObject({ created: 1, results: [{ contractId: cb.contractId, status: 'created' }] });

    const colleague = await f.user(a.org.id, 'member');
    const theirs = await post(colleague.token, BATCH, batchBody([ca], '管理 花子'), key).expect(200);
    expect(replayed(theirs)).toBeUndefined();
    expect(theirs.body).toMatchObject({ created: 1, results: [{ revision: 2 }] });

    const client = await s.clientToken(a.admin);
    const fromClient = await post(client, BATCH, batchBody([ca], '連携 三郎'), key).expect(200);
    expect(fromClient.body).toMatchObject({ created: 1, results: [{ revision: 3 }] });
    const retried = await post(client, BATCH, batchBody([ca], '連携 三郎'), key).expect(200);
    expect(replayed(retried)).toBe('true');
    expect(retried.body).toEqual(fromClient.body);
    expect(await s.counts([ca.contractId])).toEqual({ checklists: 3, answers: 42 });
  });

  it('frees the key of a refused request so that the corrected retry runs', async () => {
    const vendor = await s.vendor();
    const contracts = await s.sqlContracts(vendor, 1);
    const key = randomUUID();
    expect(invalidFields(await post(vendor.admin.token, BATCH, { fiscalYear: FY, entries: [] }, key))).toEqual(['entries']);
    expect(await countRows(t.db, 'idempotency_keys WHERE key = $1', [key])).toBe(0);
    const corrected = await post(vendor.admin.token, BATCH, batchBody(contracts), key).expect(200);
    expect(replayed(corrected)).toBeUndefined();
    expect(corrected.body).toMatchObject({ created: 1 });
  });

  it('refuses a malformed key', async () => {
    const vendor = await s.vendor();
    const contracts = await s.sqlContracts(vendor, 1);
    for (const key of ['has space', 'x'.repeat(256), 'tab\there', '']) {
      expect(invalidFields(await post(vendor.admin.token, BATCH, batchBody(contracts), key))).toEqual(['Idempotency-Key']);
    }
    expect(await s.counts([contracts[0].contractId])).toEqual({ checklists: 0, answers: 0 });
  });

  it('answers 409 while the first request still holds the key, and lets a retry take over an expired one', async () => {
    const vendor = await s.vendor();
    const contracts = await s.sqlContracts(vendor, 1);
    const body = batchBody(contracts);
    const hash = createHash('sha256').update(`POST ${BATCH}\n${JSON.stringify(body)}`).digest('hex');
    const hold = (key: string, lease: string) =>
      t.db.query(
        `INSERT INTO idempotency_keys (owner_id, key, method, path, request_hash, status, locked_until) VALUES ($1, $2, 'POST', $3, $4, 'processing', now() + $5::interval)`,
        [vendor.admin.id, key, BATCH, hash, lease],
      );
    await hold('in-flight', '1 minute');
    expectProblem(await post(vendor.admin.token, BATCH, body, 'in-flight'), 409, 'request_in_progress');
    expect(await s.counts([contracts[0].contractId])).toEqual({ checklists: 0, answers: 0 });

    await hold('abandoned', '-1 second');
    const taken = await post(vendor.admin.token, BATCH, body, 'abandoned').expect(200);
    expect(taken.body).toMatchObject({ created: 1 });
    const replay = await post(vendor.admin.token, BATCH, body, 'abandoned').expect(200);
    expect(replayed(replay)).toBe('true');
    expect(replay.body).toEqual(taken.body);
  });

  it('lets only one of two racing retries take over an expired key', async () => {
    const vendor = await s.vendor();
    const pharmacy = await s.pharmacy();
    const proposal = { kind: 'maintenance', pharmacyCode: pharmacy.pharmacyCode, productIds: [vendor.productId], startsOn: '2025-04-01' };
    const hash = createHash('sha256').update(`POST /v1/contracts\n${JSON.stringify(proposal)}`).digest('hex');
    await t.db.query(
      `INSERT INTO idempotency_keys (owner_id, key, method, path, request_hash, status, locked_until) VALUES ($1, 'race', 'POST', '/v1/contracts', $2, 'processing', now() - interval '1 second')`,
      [vendor.admin.id, hash],
    );
    const responses = await Promise.all([1, 2, 3].map(() => post(vendor.admin.token, '/v1/contracts', proposal, 'race')));
    const ran = responses.filter((r) => r.status === 201 && replayed(r) === undefined);
    expect(ran).toHaveLength(1);
    for (const other of responses.filter((r) => r !== ran[0])) {
      if (other.status === 201) expect(other.body).toEqual(ran[0].body);
      else expectProblem(other, 409, 'request_in_progress');
    }
    expect(await countRows(t.db, 'contracts WHERE customer_id = $1', [pharmacy.org.id])).toBe(1);
  });

  it('replays other POST routes too: a submission and a contract proposal happen once', async () => {
    const { vendor, contractId } = await s.activeContract();
    const token = vendor.admin.token;
    await t.http.put(`/v1/contracts/${contractId}/checklists/${FY}`).set(bearer(token)).send({ managerName: '管理 太郎', answers: answers() }).expect(200);
    const submitPath = `/v1/contracts/${contractId}/checklists/${FY}/submit`;
    const submitted = await post(token, submitPath, {}, 'submit-1').expect(200);
    const again = await post(token, submitPath, {}, 'submit-1').expect(200);
    expect(again.body).toEqual(submitted.body);
    expect(replayed(again)).toBe('true');
    expectProblem(await post(token, submitPath, {}, 'submit-2'), 409, 'no_draft');

    const pharmacy = await s.pharmacy();
    const proposal = { kind: 'operation', pharmacyCode: pharmacy.pharmacyCode, productIds: [vendor.productId], startsOn: '2025-04-01' };
    const created = await post(token, '/v1/contracts', proposal, 'propose-1').expect(201);
    const retried = await post(token, '/v1/contracts', proposal, 'propose-1').expect(201);
    expect(retried.body).toEqual(created.body);
    expect(await countRows(t.db, 'contracts WHERE customer_id = $1', [pharmacy.org.id])).toBe(1);
  });
  describe('answers that carry a secret (issue 13, finding 7)', () => {
    /** The whole stored row as text: a secret must not be anywhere in it. */
    const storedRow = async (key: string) => {
      const [row]: { status: string; answer_withheld: boolean; response_body: unknown; text: string }[] = await t.db.query(
        'SELECT status, answer_withheld, response_body, k::text AS text FROM idempotency_keys k WHERE key = $1',
        [key],
      );
      return row;
    };
    const rowsHolding = (secret: string) => countRows(t.db, `idempotency_keys k WHERE strpos(k::text, $1) > 0`, [secret]);

    /** The replay: 409 problem+json saying the answer held a secret; no second copy of it. */
    const expectWithheld = (response: Parameters<typeof expectProblem>[0], secret: string) => {
      const problem = expectProblem(response, 409, 'idempotent_answer_withheld');
      expect(problem.detail).toMatch(/秘密情報.*cannot be replayed/);
      expect(problem.firstRequestAt).toEqual(expect.any(String));
      expect(JSON.stringify(response.body)).not.toContain(secret);
      expect(replayed(response as { headers: Record<string, string> })).toBeUndefined();
    };

    it('keeps no API-client secret: the row holds only a marker, a retry gets 409 and creates no second client', async () => {
      const vendor = await s.vendor();
      const path = `/v1/organizations/${vendor.org.id}/api-clients`;
      const body = { name: 'レセコン連携', scopes: ['checklists:write'], allowedCidrs: ['127.0.0.0/8'] };
      const key = randomUUID();
      const created = await post(vendor.admin.token, path, body, key).expect(201);
      const secret = created.body.clientSecret as string;
      expect(secret).toMatch(/^ks_/);

      const row = await storedRow(key);
      expect(row).toMatchObject({ status: 'completed', answer_withheld: true, response_body: null });
      expect(row.text).not.toContain(secret);
      expect(row.text).not.toContain(secret.slice(3));
      expect(await rowsHolding(secret.slice(3))).toBe(0);

      for (let retry = 0; retry < 2; retry++) expectWithheld(await post(vendor.admin.token, path, body, key), secret);
      expect(await countRows(t.db, 'api_clients WHERE organization_id = $1', [vendor.org.id])).toBe(1);
      // The same key with another body is still refused as a reuse, before anything else.
      expectProblem(await post(vendor.admin.token, path, { ...body, name: 'other' }, key), 422, 'idempotency_key_reused');
    });

    it('keeps no TOTP seed, recovery code or webhook signing secret either', async () => {
      const { admin } = await f.tenant('vendor');
      const enrolKey = randomUUID();
      const enrolment = await post(admin.token, '/v1/auth/2fa/enrolment', {}, enrolKey).expect(200);
      const seed = enrolment.body.secret as string;
      expect((await storedRow(enrolKey)).text).not.toContain(seed);
      expect(await rowsHolding(seed)).toBe(0);
      expectWithheld(await post(admin.token, '/v1/auth/2fa/enrolment', {}, enrolKey), seed);

      const confirmKey = randomUUID();
      const confirmed = await post(admin.token, '/v1/auth/2fa/enrolment/confirm', { otp: totp(seed) }, confirmKey).expect(200);
      const codes = confirmed.body.recoveryCodes as string[];
      expect(codes.length).toBeGreaterThan(0);
      for (const code of codes) expect(await rowsHolding(code)).toBe(0);
      expect(await storedRow(confirmKey)).toMatchObject({ answer_withheld: true, response_body: null });

      // Registration resolves the host: a stubbed resolver answers, no DNS is asked and nothing connects.
      jest.spyOn(t.app.get(HostResolver), 'lookup').mockResolvedValue([{ address: '93.184.215.14', family: 4 }]);
      const hookKey = randomUUID();
      const hook = await post(admin.token, '/v1/webhooks', { url: 'https://hooks.pharmacy.example/kaiji', events: ['disclosure.published'] }, hookKey).expect(201);
      const signing = hook.body.secret as string;
      expect(await rowsHolding(signing)).toBe(0);
      expectWithheld(await post(admin.token, '/v1/webhooks', { url: 'https://hooks.pharmacy.example/kaiji', events: ['disclosure.published'] }, hookKey), signing);
      expect(await countRows(t.db, 'webhook_subscriptions WHERE organization_id = $1', [admin.organizationId])).toBe(1);
    });
  });

  describe('expiry (KAIJI_IDEMPOTENCY_TTL_HOURS, 24 by default)', () => {
    const age = (key: string, hours: number) => t.db.query(`UPDATE idempotency_keys SET created_at = now() - make_interval(hours => $2) WHERE key = $1`, [key, hours]);

    it('forgets a key older than its time to live: the same key then runs the request again', async () => {
      const vendor = await s.vendor();
      const pharmacy = await s.pharmacy();
      const proposal = { kind: 'operation', pharmacyCode: pharmacy.pharmacyCode, productIds: [vendor.productId], startsOn: '2025-04-01' };
      const key = randomUUID();
      const first = await post(vendor.admin.token, '/v1/contracts', proposal, key).expect(201);
      await age(key, 23);
      const replay = await post(vendor.admin.token, '/v1/contracts', proposal, key).expect(201);
      expect(replayed(replay)).toBe('true');
      expect(replay.body.id).toBe(first.body.id);

      await age(key, 25);
      const again = await post(vendor.admin.token, '/v1/contracts', proposal, key).expect(201);
      expect(replayed(again)).toBeUndefined();
      expect(again.body.id).not.toBe(first.body.id);
      expect(await countRows(t.db, 'contracts WHERE customer_id = $1', [pharmacy.org.id])).toBe(2);
      // The key now belongs to the new request, and any body may reuse an expired key.
      await age(key, 25);
      const other = await post(vendor.admin.token, '/v1/contracts', { ...proposal, kind: 'maintenance' }, key).expect(201);
      expect(other.body.kind).toBe('maintenance');
    });

    it('the hourly sweep deletes expired keys and old rate-limit hits, and nothing newer', async () => {
      const vendor = await s.vendor();
      const insert = (key: string, status: 'completed' | 'processing', hours: number, lease = '1 minute') =>
        t.db.query(
          `INSERT INTO idempotency_keys (owner_id, key, method, path, request_hash, status, response_status, response_body, locked_until, created_at)
           VALUES ($1, $2, 'POST', '/v1/contracts', 'h', $3, 201, '{}', CASE WHEN $3 = 'processing' THEN now() + $5::interval END, now() - make_interval(hours => $4))`,
          [vendor.admin.id, key, status, hours, lease],
        );
      const prefix = randomUUID().slice(0, 8);
      await insert(`${prefix}-old`, 'completed', 30);
      await insert(`${prefix}-fresh`, 'completed', 2);
      await insert(`${prefix}-old-running`, 'processing', 30, '1 minute');
      await insert(`${prefix}-old-dead`, 'processing', 30, '-1 minute');
      await t.db.query(`INSERT INTO rate_limit_hits (bucket, subject, hit_at) VALUES ('test', $1, now() - interval '2 days'), ('test', $1, now())`, [prefix]);
      // Failed-login counts: a stale one goes, a recent one and a stale one still locked stay.
      await t.db.query(
        `INSERT INTO login_attempts (email_key, source_key, failures, locked_until, last_failure_at, first_failure_at) VALUES
           ($1 || '-stale', '127.0.0.1', 2, NULL, now() - interval '2 days', now() - interval '2 days'),
           ($1 || '-recent', '127.0.0.1', 2, NULL, now() - interval '1 hour', now() - interval '1 hour'),
           ($1 || '-locked', '127.0.0.1', 5, now() + interval '1 hour', now() - interval '2 days', now() - interval '2 days')`,
        [prefix],
      );

      await t.app.get(HousekeepingSweep).run();
      const left: { key: string }[] = await t.db.query('SELECT key FROM idempotency_keys WHERE key LIKE $1 ORDER BY key', [`${prefix}-%`]);
      expect(left.map((r) => r.key)).toEqual([`${prefix}-fresh`, `${prefix}-old-running`]);
      expect(await countRows(t.db, 'rate_limit_hits WHERE subject = $1', [prefix])).toBe(1);
      const attempts: { email_key: string }[] = await t.db.query('SELECT email_key FROM login_attempts WHERE email_key LIKE $1 ORDER BY email_key', [`${prefix}-%`]);
      expect(attempts.map((r) => r.email_key)).toEqual([`${prefix}-locked`, `${prefix}-recent`]);
    });
  });
});
