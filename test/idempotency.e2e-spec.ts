import { createHash, randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { answers, ChecklistSetup, FY, Vendor } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
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
});
