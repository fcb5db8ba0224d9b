import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { expectedWaitSeconds } from '../src/common/idempotency.interceptor';
import { expectProblem } from './support/assertions';
import { answers, ChecklistSetup, FY } from './support/checklist-setup';
import { bearer, Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const BATCH = '/v1/checklists/batch';

/**
 * Issue 16, the first hour: a replayed answer is the first one byte for byte (it used to come back
 * from jsonb with its keys reordered), and a 409 while a key is held says how long to wait for the
 * request at hand, not the whole lease.
 */
describe('Idempotency-Key replays and waits', () => {
  let t: TestApp;
  let s: ChecklistSetup;
  beforeAll(async () => {
    t = await startTestApp();
    s = new ChecklistSetup(t, new Factory(t));
  });
  afterAll(() => t.close());

  /** The raw bytes of the answer, whatever its media type. */
  const post = (token: string, path: string, body: object, key: string) =>
    t.http
      .post(path)
      .set(bearer(token))
      .set('Idempotency-Key', key)
      .send(body)
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      });

  function expectSameBytes(first: Response, replay: Response): void {
    expect(replay.status).toBe(first.status);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.headers['content-type']).toBe(first.headers['content-type']);
    expect((replay.body as Buffer).equals(first.body as Buffer)).toBe(true);
  }

  const storedText = async (key: string): Promise<string> => (await t.db.query('SELECT response_body FROM idempotency_keys WHERE key = $1', [key]))[0].response_body as string;

  it('replays a batch answer byte for byte, with the same content type', async () => {
    const vendor = await s.vendor();
    const contracts = await s.sqlContracts(vendor, 3);
    const body = { fiscalYear: FY, entries: contracts.map((c) => ({ contractId: c.contractId, managerName: '管理 太郎', answers: answers() })) };
    const key = randomUUID();
    const first = await post(vendor.admin.token, BATCH, body, key).expect(200);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const replay = await post(vendor.admin.token, BATCH, body, key);
    expectSameBytes(first, replay);
    // Kept as the text that was sent: jsonb would have reordered the keys by length.
    expect(await storedText(key)).toBe((first.body as Buffer).toString('utf8'));
  });

  it('replays a contract proposal (201) byte for byte too', async () => {
    const vendor = await s.vendor();
    const pharmacy = await s.pharmacy();
    const proposal = { kind: 'maintenance', pharmacyCode: pharmacy.pharmacyCode, productIds: [vendor.productId], startsOn: '2025-04-01' };
    const key = randomUUID();
    const first = await post(vendor.admin.token, '/v1/contracts', proposal, key).expect(201);
    const text = (first.body as Buffer).toString('utf8');
    // The answer has keys whose order jsonb changes, so the comparison below means something.
    const keys = Object.keys(JSON.parse(text) as object);
    expect(keys).not.toEqual([...keys].sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0)));
    expectSameBytes(first, await post(vendor.admin.token, '/v1/contracts', proposal, key));
  });

  describe('Retry-After on 409 request_in_progress', () => {
    /** A key held by a request that claimed it `heldSeconds` ago (the lease is KAIJI_IDEMPOTENCY_LEASE_SECONDS, 120). */
    async function heldFor(heldSeconds: number): Promise<Response> {
      const vendor = await s.vendor();
      const contracts = await s.sqlContracts(vendor, 1);
      const body = { fiscalYear: FY, entries: [{ contractId: contracts[0].contractId, managerName: '管理 太郎', answers: answers() }] };
      const key = randomUUID();
      const first = await post(vendor.admin.token, BATCH, body, key).expect(200);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      // Put the key back in flight, with the request hash the first request recorded.
      await t.db.query(
        `UPDATE idempotency_keys SET status = 'processing', response_status = NULL, response_body = NULL, locked_until = now() + make_interval(secs => $2) WHERE key = $1`,
        [key, t.config.idempotencyLeaseSeconds - heldSeconds],
      );
      const response = await post(vendor.admin.token, BATCH, body, key);
      expectProblem({ ...response, body: JSON.parse((response.body as Buffer).toString('utf8')) as Record<string, unknown> }, 409, 'request_in_progress');
      return response;
    }

    it('asks for 1 s while the holder has just started (the usual fast request)', async () => {
      expect(t.config.idempotencyLeaseSeconds).toBe(120);
      expect((await heldFor(0.2)).headers['retry-after']).toBe('1');
    });

    it('asks for about as long as the holder has run so far, and never beyond the lease', async () => {
      // Rounded up, with the test's own milliseconds: 30 or 31.
      expect([30, 31]).toContain(Number((await heldFor(30)).headers['retry-after']));
      // Held 117 s of 120: it looks dead; after the lease's 3 s left a retry takes it over.
      expect((await heldFor(117)).headers['retry-after']).toBe('3');
    });

    it('computes the wait from the time held, bounded by 1 s and the lease left', () => {
      expect([expectedWaitSeconds(0, 120), expectedWaitSeconds(0.1, 120), expectedWaitSeconds(4.2, 115), expectedWaitSeconds(100, 20), expectedWaitSeconds(119.5, 1)]).toEqual([1, 1, 5, 20, 1]);
    });
  });
});
