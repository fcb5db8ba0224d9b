import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { countRows, expectProblem, invalidFields } from './support/assertions';
import { answers, FY } from './support/checklist-setup';
import { bearer, Factory, STRONG_PASSWORD, TestUser, uniqueEmail } from './support/factories';
import { daysFromToday, PharmacySetup, rmBody } from './support/pharmacy-setup';
import { Contract, fullAnswers, Product, Publishing, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 13, finding 19: a contract ends. Either party sets its last day (today by default); from
 * the next day the vendor and its agent see nothing new of the pharmacy and deliver nothing more
 * under it, while the pharmacy (and the vendor, for what it wrote) keep the history. "A day
 * passes" is simulated by moving the contract's dates, and everything already written, one day back.
 */
describe('ending a contract', () => {
  let t: TestApp;
  let p: Publishing;
  let s: PharmacySetup;
  beforeAll(async () => {
    t = await startTestApp();
    const f = new Factory(t);
    p = new Publishing(t, f);
    s = new PharmacySetup(t, f);
  });
  afterAll(() => t.close());

  const today = () => daysFromToday(0);
  const end = (token: string, id: string, body?: Record<string, unknown>) => {
    const request = t.http.post(`/v1/contracts/${id}/end`).set(bearer(token));
    return body === undefined ? request : request.send(body);
  };
  const get = (token: string, path: string) => t.http.get(path).set(bearer(token));
  const ids = (response: Response) => (response.body.items as { id: string }[]).map((item) => item.id);
  const endState = async (contractId: string) => {
    const [row]: { ends_on: string | null; ended_at: Date | null; audits: string }[] = await t.db.query(
      `SELECT to_char(ends_on, 'YYYY-MM-DD') AS ends_on, ended_at,
              (SELECT count(*) FROM audit_events WHERE action = 'contract.end' AND target_id = $2) AS audits
         FROM contracts WHERE id = $1`,
      [contractId, contractId],
    );
    return { endsOn: row.ends_on, ended: row.ended_at !== null, audits: Number(row.audits) };
  };

  /** A day passes: the contract's last day and everything written for this pharmacy move one day back. */
  const aDayPasses = async (contractId: string, customerId: string) => {
    await t.db.query(`UPDATE contracts SET ends_on = ends_on - 1, ended_at = ended_at - interval '1 day' WHERE id = $1`, [contractId]);
    await t.db.query(`UPDATE risk_threads SET created_at = created_at - interval '1 day' WHERE customer_id = $1`, [customerId]);
    await t.db.query(`UPDATE document_requests SET created_at = created_at - interval '1 day' WHERE customer_id = $1`, [customerId]);
  };

  /** A user of the organization, created by its admin and signed in. */
  const colleague = async (admin: TestUser, role: 'member' | 'viewer'): Promise<string> => {
    const email = uniqueEmail(role);
    const created = await t.http.post(`/v1/organizations/${admin.organizationId}/users`).set(bearer(admin.token)).send({ email, displayName: `${role} テスト`, role, password: STRONG_PASSWORD });
    expect(created.status).toBe(201);
    const login = await t.http.post('/v1/auth/login').send({ email, password: STRONG_PASSWORD });
    expect(login.status).toBe(200);
    return login.body.accessToken as string;
  };

  interface World {
    vendor: Tenant;
    agent: Tenant;
    product: Product;
    pharmacy: Tenant;
    contract: Contract;
  }

  /** Vendor V with a product, its agent A, pharmacy P, and an active maintenance contract V–P with A as agent. */
  const world = async (pharmacyExtra: Record<string, unknown> = {}): Promise<World> => {
    const vendor = await p.vendor();
    const agent = await p.vendor();
    const product = await p.product(vendor.admin);
    const pharmacy = await p.pharmacy(pharmacyExtra);
    const contract = await p.contract(vendor.admin, pharmacy, [product.id], { agentId: agent.org.id });
    return { vendor, agent, product, pharmacy, contract };
  };

  it('lets the pharmacy end a contract: audited, the vendor and the agent told, in force to the end of its last day, then shown as ended', async () => {
    const w = await world();
    const ended = await end(w.pharmacy.admin.token, w.contract.id, { reason: '  他社システムへ移行するため  ' });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({
      status: 'active',
      statusLabel: '有効',
      endsOn: today(),
      termination: { endsOn: today(), reason: '他社システムへ移行するため', endedBy: 'customer', recordedAt: expect.any(String) },
      yourRole: 'customer',
    });
    expect(await endState(w.contract.id)).toEqual({ endsOn: today(), ended: true, audits: 1 });

    // The other side and the agent hear of it; the side that ended it does not notify itself.
    const told = async (organizationId: string) => countRows(t.db, `notifications WHERE organization_id = $1 AND type = 'contract.ended'`, [organizationId]);
    expect({ vendor: await told(w.vendor.org.id), agent: await told(w.agent.org.id), pharmacy: await told(w.pharmacy.org.id) }).toEqual({ vendor: 1, agent: 1, pharmacy: 0 });
    const notices = await get(w.vendor.admin.token, '/v1/notifications').expect(200);
    expect(notices.body.items[0]).toMatchObject({ type: 'contract.ended', title: `契約が終了します（${today()}まで）`, body: expect.stringContaining('他社システムへ移行するため') });

    // The vendor sees the same end; a second end, by either side, is refused and writes nothing.
    expect((await get(w.vendor.admin.token, `/v1/contracts/${w.contract.id}`).expect(200)).body).toMatchObject({ status: 'active', termination: { endedBy: 'customer' } });
    expectProblem(await end(w.vendor.admin.token, w.contract.id, { reason: '再度' }), 409, 'contract_ended');
    expectProblem(await end(w.pharmacy.admin.token, w.contract.id, { reason: '再度' }), 409, 'contract_ended');
    expect(await endState(w.contract.id)).toEqual({ endsOn: today(), ended: true, audits: 1 });

    await aDayPasses(w.contract.id, w.pharmacy.org.id);
    const after = await get(w.pharmacy.admin.token, `/v1/contracts/${w.contract.id}`).expect(200);
    expect(after.body).toMatchObject({ status: 'ended', statusLabel: '終了', endsOn: daysFromToday(-1) });
    for (const token of [w.vendor.admin.token, w.pharmacy.admin.token, w.agent.admin.token]) {
      expect(ids(await get(token, '/v1/contracts?status=ended&limit=100').expect(200))).toEqual([w.contract.id]);
      expect(ids(await get(token, '/v1/contracts?status=active&limit=100').expect(200))).toEqual([]);
    }
    expectProblem(await end(w.pharmacy.admin.token, w.contract.id, { reason: '再度' }), 409, 'contract_ended');
  });

  it('after the end the former vendor and agent see nothing new and deliver nothing; the pharmacy keeps the history', async () => {
    const w = await world();
    const { vendor, agent, pharmacy, product, contract } = w;
    // Items 2 (いいえ), 3 (対象外) and 4 (いいえ) each take a thread of their own.
    const sds = await p.published(vendor.admin, product.id, { answers: fullAnswers({ '4': 'いいえ' }) });
    await s.submitChecklist(vendor.admin, contract.id);
    await s.disclosedRm(agent.admin, pharmacy.admin, contract.id, product.id);
    const openThread = async (itemId: string) => {
      const response = await t.http
        .post('/v1/risk-threads')
        .set(bearer(pharmacy.admin.token))
        .send({ documentType: 'disclosure', documentId: sds.id, itemId, message: 'この回答の理由を教えてください。' });
      expect(response.status).toBe(201);
      return response.body.id as string;
    };
    const oldThread = await openThread('2');
    const oldRequest = await t.http.post('/v1/document-requests').set(bearer(pharmacy.admin.token)).send({ contractId: contract.id, kind: 'MDS', productId: product.id });
    expect(oldRequest.status).toBe(201);

    // The vendor ends it today: until the end of today nothing changes for anyone.
    const ended = await end(vendor.admin.token, contract.id, { reason: '保守サービスの提供終了' });
    expect(ended.status).toBe(200);
    expect(ended.body.termination).toMatchObject({ endedBy: 'vendor', endsOn: today() });
    const lastDayThread = await openThread('3');
    await get(vendor.admin.token, `/v1/risk-threads/${lastDayThread}`).expect(200);
    await get(agent.admin.token, `/v1/products/${product.id}`).expect(200);

    await aDayPasses(contract.id, pharmacy.org.id);
    // What the pharmacy does after the end does not reach its former vendor.
    const later = await openThread('4');
    const requestsBefore = await countRows(t.db, 'document_requests WHERE contract_id = $1', [contract.id]);
    expectProblem(await t.http.post('/v1/document-requests').set(bearer(pharmacy.admin.token)).send({ contractId: contract.id, kind: 'SDS', productId: product.id }), 409, 'contract_ended');
    expect(await countRows(t.db, 'document_requests WHERE contract_id = $1', [contract.id])).toBe(requestsBefore);
    // A request dated after the end (as one made before this rule existed) is not shown to the vendor either.
    const [{ id: laterRequest }]: { id: string }[] = await t.db.query(
      `INSERT INTO document_requests (contract_id, customer_id, addressee_id, requested_by_org, kind, product_id, status)
       VALUES ($1, $2, $3, $2, 'SDS', $4, 'open') RETURNING id`,
      [contract.id, pharmacy.org.id, vendor.org.id, product.id],
    );

    await get(vendor.admin.token, `/v1/document-requests/${laterRequest}`).expect(404);
    expect(ids(await get(vendor.admin.token, '/v1/document-requests?limit=100').expect(200))).toEqual([oldRequest.body.id]);
    await get(vendor.admin.token, `/v1/risk-threads/${later}`).expect(404);
    expect(ids(await get(vendor.admin.token, '/v1/risk-threads?limit=100').expect(200)).sort()).toEqual([oldThread, lastDayThread].sort());
    // The agent saw the vendor's product only through the contract.
    await get(agent.admin.token, `/v1/products/${product.id}`).expect(404);

    // Nothing more is delivered under it: checklists (one by one or in a batch) and remote maintenance, from the vendor or its agent.
    const checklistsBefore = await countRows(t.db, 'vendor_checklists WHERE contract_id = $1', [contract.id]);
    const rmBefore = await countRows(t.db, 'remote_maintenance_disclosures WHERE contract_id = $1', [contract.id]);
    expectProblem(await t.http.put(`/v1/contracts/${contract.id}/checklists/${FY + 1}`).set(bearer(vendor.admin.token)).send({ answers: answers() }), 409, 'contract_ended');
    const batch = await t.http.post('/v1/checklists/batch').set(bearer(vendor.admin.token)).send({
      fiscalYear: FY,
      entries: [
        { contractId: contract.id, answers: answers() },
        { pharmacyCode: pharmacy.org.pharmacyCode, answers: answers() },
      ],
    });
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ created: 0, failed: 2 });
    expect(JSON.stringify(batch.body.results[0].errors)).toContain('終了');
    expect(batch.body.results[1].errors[0].field).toBe('entries[1].pharmacyCode');
    // The end is said first, before anything about the body (here incomplete).
    expectProblem(await s.putRm(agent.admin.token, contract.id, rmBody(product.id, { twoFactor: null })), 409, 'contract_ended');
    expectProblem(await s.putRm(vendor.admin.token, contract.id, rmBody(product.id, { sessionLogging: false })), 409, 'contract_ended');
    expect(await countRows(t.db, 'vendor_checklists WHERE contract_id = $1', [contract.id])).toBe(checklistsBefore);
    expect(await countRows(t.db, 'remote_maintenance_disclosures WHERE contract_id = $1', [contract.id])).toBe(rmBefore);

    // The pharmacy keeps everything it received under the contract, and what it wrote after.
    const mine = pharmacy.admin.token;
    expect((await get(mine, `/v1/contracts/${contract.id}`).expect(200)).body.status).toBe('ended');
    expect((await get(mine, `/v1/contracts/${contract.id}/checklists/${FY}`).expect(200)).body.status).toBe('submitted');
    expect((await get(mine, `/v1/contracts/${contract.id}/remote-maintenance`).expect(200)).body.products[0].current).toMatchObject({ inUse: true });
    await get(mine, `/v1/disclosures/${sds.id}`).expect(200);
    for (const id of [oldThread, lastDayThread, later]) await get(mine, `/v1/risk-threads/${id}`).expect(200);
    expect(ids(await get(mine, '/v1/document-requests?limit=100').expect(200)).sort()).toEqual([oldRequest.body.id, laterRequest].sort());

    // The vendor keeps what it exchanged while the contract was in force.
    expect((await get(vendor.admin.token, `/v1/contracts/${contract.id}`).expect(200)).body).toMatchObject({ status: 'ended', yourRole: 'vendor' });
    await get(vendor.admin.token, `/v1/contracts/${contract.id}/checklists/${FY}`).expect(200);
    await get(vendor.admin.token, `/v1/risk-threads/${oldThread}`).expect(200);
    await get(vendor.admin.token, `/v1/document-requests/${oldRequest.body.id}`).expect(200);
  });

  it('lets a chain end a store’s contract; its follow-ups then skip the store', async () => {
    const chain = await p.f.tenant('chain');
    const w = await world({ chainId: chain.org.id });
    const ended = await end(chain.admin.token, w.contract.id, { reason: '本部で契約を一本化' });
    expect(ended.status).toBe(200);
    expect(ended.body.termination).toMatchObject({ endedBy: 'customer' });
    expect(await countRows(t.db, `notifications WHERE organization_id = $1 AND type = 'contract.ended'`, [w.vendor.org.id])).toBe(1);

    await aDayPasses(w.contract.id, w.pharmacy.org.id);
    const followup = await t.http
      .post(`/v1/chains/${chain.org.id}/followups`)
      .set(bearer(chain.admin.token))
      .send({ kind: 'document_request', vendorId: w.vendor.org.id, storeIds: [w.pharmacy.org.id], request: { kind: 'MDS', productId: w.product.id } });
    const problem = expectProblem(followup, 422, 'no_store_qualifies');
    expect(problem.skipped).toEqual([expect.objectContaining({ storeId: w.pharmacy.org.id, reason: 'no_active_contract' })]);
    expect(await countRows(t.db, 'document_requests WHERE contract_id = $1', [w.contract.id])).toBe(0);
  });

  describe('refuses, and writes nothing,', () => {
    it.each<[string, (w: World) => Record<string, unknown> | undefined, string[]]>([
      ['no body (the body is the confirmation)', () => undefined, ['reason']],
      ['no reason', () => ({ endsOn: daysFromToday(3) }), ['reason']],
      ['a blank reason', () => ({ reason: '   ' }), ['reason']],
      ['a reason over 1,000 characters', () => ({ reason: 'あ'.repeat(1001) }), ['reason']],
      ['an end date in the past', () => ({ reason: '終了', endsOn: daysFromToday(-1) }), ['endsOn']],
      ['a date that does not exist', () => ({ reason: '終了', endsOn: '2031-02-30' }), ['endsOn']],
      ['an unknown field', () => ({ reason: '終了', confirm: true }), ['confirm']],
    ])('%s', async (_label, body, fields) => {
      const w = await world();
      expect(invalidFields(await end(w.pharmacy.admin.token, w.contract.id, body(w)))).toEqual(fields);
      expect(await endState(w.contract.id)).toEqual({ endsOn: null, ended: false, audits: 0 });
    });

    it('an end before the contract starts, or after the end agreed when it was made', async () => {
      const vendor = await p.vendor();
      const product = await p.product(vendor.admin);
      const pharmacy = await p.pharmacy();
      const proposal = { kind: 'maintenance', pharmacyCode: pharmacy.org.pharmacyCode, productIds: [product.id] };
      const make = async (dates: Record<string, string>) => {
        const proposed = await t.http.post('/v1/contracts').set(bearer(vendor.admin.token)).send({ ...proposal, ...dates }).expect(201);
        await t.http.post(`/v1/contracts/${proposed.body.id as string}/accept`).set(bearer(pharmacy.admin.token)).send({}).expect(200);
        return proposed.body.id as string;
      };
      const future = await make({ startsOn: daysFromToday(30) });
      const problem = expectProblem(await end(vendor.admin.token, future, { reason: '開始前に解約', endsOn: daysFromToday(10) }), 400, 'validation_failed');
      expect(problem.errors).toEqual([{ field: 'endsOn', message: expect.stringContaining(daysFromToday(30)) }]);
      expect(await endState(future)).toEqual({ endsOn: null, ended: false, audits: 0 });

      const agreed = await make({ startsOn: '2025-04-01', endsOn: daysFromToday(20) });
      expect(invalidFields(await end(vendor.admin.token, agreed, { reason: '延長', endsOn: daysFromToday(21) }))).toEqual(['endsOn']);
      expect(await endState(agreed)).toEqual({ endsOn: daysFromToday(20), ended: false, audits: 0 });
      // Sooner than agreed is an early end.
      expect((await end(vendor.admin.token, agreed, { reason: '早期解約', endsOn: daysFromToday(5) }).expect(200)).body.endsOn).toBe(daysFromToday(5));
    });

    it('a contract not in force: a proposal (declined instead), a declined one', async () => {
      const vendor = await p.vendor();
      const product = await p.product(vendor.admin);
      const pharmacy = await p.pharmacy();
      const proposed = await p.contract(vendor.admin, pharmacy, [product.id], { accept: false });
      expectProblem(await end(pharmacy.admin.token, proposed.id, { reason: '終了' }), 409, 'contract_not_active');
      const declined = await p.contract(vendor.admin, pharmacy, [product.id], { accept: false });
      await t.http.post(`/v1/contracts/${declined.id}/decline`).set(bearer(pharmacy.admin.token)).expect(200);
      expectProblem(await end(vendor.admin.token, declined.id, { reason: '終了' }), 409, 'contract_not_active');
      for (const id of [proposed.id, declined.id]) expect(await endState(id)).toEqual({ endsOn: null, ended: false, audits: 0 });
    });

    it('a caller who is not a party (404 as for no contract), the agent and a viewer (403), a client without contracts:write (403)', async () => {
      const w = await world();
      const otherVendor = await p.vendor();
      const otherPharmacy = await p.pharmacy();
      const otherChain = await p.f.tenant('chain');
      const body = { reason: '終了' };
      for (const outsider of [otherVendor, otherPharmacy, otherChain]) {
        expectProblem(await end(outsider.admin.token, w.contract.id, body), 404, 'not_found');
      }
      expectProblem(await end(w.pharmacy.admin.token, randomUUID(), body), 404, 'not_found');
      expectProblem(await end(w.agent.admin.token, w.contract.id, body), 403, 'not_a_party');
      expectProblem(await end(await colleague(w.pharmacy.admin, 'viewer'), w.contract.id, body), 403, 'read_only_role');
      expectProblem(await end(await p.clientToken(w.vendor.admin, ['checklists:write']), w.contract.id, body), 403, 'insufficient_scope');
      expect(await endState(w.contract.id)).toEqual({ endsOn: null, ended: false, audits: 0 });
      // A vendor system with the scope may.
      expect((await end(await p.clientToken(w.vendor.admin, ['contracts:write']), w.contract.id, body).expect(200)).body.termination.endedBy).toBe('vendor');
    });
  });
});
