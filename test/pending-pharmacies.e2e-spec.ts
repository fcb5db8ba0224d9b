import { randomUUID } from 'node:crypto';
import { expectProblem } from './support/auth-helpers';
import { bearer, Factory, STRONG_PASSWORD, TestOrganization, TestUser, uniqueEmail, uniquePharmacyCode } from './support/factories';
import { invitationTokenIn, startInvitationWorld } from './support/invitation-setup';
import { Publishing } from './support/publishing';
import type { SmtpSink } from './support/smtp-sink';
import type { TestApp } from './support/test-app';

/**
 * A vendor invites a pharmacy that is not on Kaiji, a chain a store (issue 15), over real SMTP on
 * loopback on a database of its own. A 保険薬局コード is public, so nothing is mailed until the
 * operator approves: then the invitation arrives (parsed with mailparser), the invitee joins and
 * accepts the vendor's proposal. Rejecting mails nothing and declines the proposal; refusals write
 * nothing; nobody but the operator decides, and nobody finds the pharmacy by its code meanwhile.
 */
describe('pending pharmacies (issue 15)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let f: Factory;
  let p: Publishing;
  let operator: string;
  let vendor: { org: TestOrganization; admin: TestUser };
  let productId: string;

  beforeAll(async () => {
    ({ t, sink } = await startInvitationWorld());
    f = new Factory(t);
    p = new Publishing(t, f);
    operator = await f.operator();
    vendor = await f.tenant('vendor');
    productId = (await p.product(vendor.admin)).id;
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const body = (overrides: Record<string, unknown> = {}) => ({
    pharmacyCode: uniquePharmacyCode(),
    pharmacyName: 'さくら薬局 駅前店',
    email: uniqueEmail('pharmacist'),
    contract: { kind: 'maintenance', productIds: [productId], startsOn: '2026-04-01' },
    ...overrides,
  });
  const invite = (payload: Record<string, unknown>, token = vendor.admin.token) => t.http.post('/v1/pharmacy-invitations').set(bearer(token)).send(payload);
  const count = async (table: string) => Number((await t.db.query(`SELECT count(*) FROM ${table}`))[0].count);
  const mailsTo = async (email: string) => Number((await t.db.query('SELECT count(*) FROM mail_messages WHERE recipient = $1', [email]))[0].count);

  it('invite → nothing mailed, code not found → operator approves → mail → accept → log in → accept the proposal', async () => {
    const payload = body({ email: uniqueEmail('Sakura').toUpperCase() });
    const email = (payload.email).toLowerCase();
    const created = await invite(payload).expect(201);
    expect(created.body).toMatchObject({ pharmacyCode: payload.pharmacyCode, pharmacyName: 'さくら薬局 駅前店', email, status: 'pending', requestedByOrganizationId: vendor.org.id, requestedByKind: 'vendor' });
    expect(created.body.contractIds).toHaveLength(1);
    const contractId = created.body.contractIds[0] as string;
    const contract = await t.http.get(`/v1/contracts/${contractId}`).set(bearer(vendor.admin.token)).expect(200);
    expect(contract.body).toMatchObject({ status: 'proposed', kind: 'maintenance' });

    // Before approval: no mail at all, and the code is not an ordinary pharmacy.
    expect(await mailsTo(email)).toBe(0);
    expectProblem(await t.http.get('/v1/pharmacies/lookup').query({ pharmacyCode: payload.pharmacyCode }).set(bearer(vendor.admin.token)), 404, 'pharmacy_not_found');
    const other = await f.tenant('vendor');
    const otherProduct = await p.product(other.admin);
    expectProblem(await invite(body({ pharmacyCode: payload.pharmacyCode, contract: { kind: 'maintenance', productIds: [otherProduct.id], startsOn: '2026-04-01' } }), other.admin.token), 409, 'pharmacy_invitation_pending');
    // Another vendor neither sees nor decides it.
    const othersList = await t.http.get('/v1/pending-pharmacies').set(bearer(other.admin.token)).expect(200);
    expect(othersList.body.items).toEqual([]);
    expectProblem(await t.http.post(`/v1/pending-pharmacies/${created.body.id}/approve`).set(bearer(other.admin.token)), 403, 'operator_required');
    const own = await t.http.get('/v1/pending-pharmacies').query({ status: 'pending' }).set(bearer(vendor.admin.token)).expect(200);
    expect(own.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);

    const queue = await t.http.get('/v1/pending-pharmacies').query({ status: 'pending' }).set(bearer(operator)).expect(200);
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);
    const approved = await t.http.post(`/v1/pending-pharmacies/${created.body.id}/approve`).set(bearer(operator)).expect(200);
    expect(approved.body).toMatchObject({ status: 'approved', statusLabel: '承認済み（招待メール送信済み）' });
    expectProblem(await t.http.post(`/v1/pending-pharmacies/${created.body.id}/approve`).set(bearer(operator)), 409, 'pending_pharmacy_decided');

    const [mail] = await sink.waitFor(email);
    expect(mail.subject).toBe('【Kaiji】さくら薬局 駅前店 から招待が届いています');
    expect(mail.text).toContain('管理者');
    const token = invitationTokenIn(mail);
    await t.http.post('/v1/invitations/accept').send({ token, displayName: '薬剤師 桜子', password: STRONG_PASSWORD }).expect(200);
    const login = await t.http.post('/v1/auth/login').send({ email, password: STRONG_PASSWORD }).expect(200);
    const me = await t.http.get('/v1/me').set(bearer(login.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ role: 'admin', organization: { id: created.body.organizationId } });

    const proposals = await t.http.get('/v1/contracts').query({ status: 'proposed' }).set(bearer(login.body.accessToken)).expect(200);
    expect(proposals.body.items.map((c: { id: string }) => c.id)).toEqual([contractId]);
    const accepted = await t.http.post(`/v1/contracts/${contractId}/accept`).set(bearer(login.body.accessToken)).send({}).expect(200);
    expect(accepted.body.status).toBe('active');
    // Now an ordinary pharmacy: found by its code.
    const found = await t.http.get('/v1/pharmacies/lookup').query({ pharmacyCode: payload.pharmacyCode }).set(bearer(other.admin.token)).expect(200);
    expect(found.body).toEqual({ pharmacyCode: payload.pharmacyCode, name: 'さくら薬局 駅前店' });
  });

  it('reject: nothing mailed, the proposal declined, the vendor told the reason', async () => {
    const payload = body();
    const created = await invite(payload).expect(201);
    const rejected = await t.http.post(`/v1/pending-pharmacies/${created.body.id}/reject`).set(bearer(operator)).send({ reason: 'メールアドレスが薬局のものと確認できません' }).expect(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'メールアドレスが薬局のものと確認できません' });
    const contract = await t.http.get(`/v1/contracts/${created.body.contractIds[0]}`).set(bearer(vendor.admin.token)).expect(200);
    expect(contract.body.status).toBe('declined');
    const notifications = await t.http.get('/v1/notifications').set(bearer(vendor.admin.token)).expect(200);
    expect(JSON.stringify(notifications.body)).toContain('メールアドレスが薬局のものと確認できません');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(await mailsTo(payload.email)).toBe(0);
    expect(sink.to(payload.email)).toHaveLength(0);
    expectProblem(await t.http.post(`/v1/pending-pharmacies/${created.body.id}/reject`).set(bearer(operator)).send({ reason: 'again' }), 409, 'pending_pharmacy_decided');
    // The code is free again: another invitation may follow.
    await invite(body({ pharmacyCode: payload.pharmacyCode })).expect(201);
  });

  it('bad input and a registered code are refused, nothing written', async () => {
    const before = await Promise.all(['organizations', 'invitations', 'pending_pharmacies', 'contracts'].map(count));
    expectProblem(await invite(body({ pharmacyCode: '12345' })), 400, 'validation_failed');
    expectProblem(await invite(body({ email: 'not-an-address' })), 400, 'validation_failed');
    expectProblem(await invite(body({ contract: { kind: 'maintenance', productIds: [], startsOn: '2026-04-01' } })), 400, 'validation_failed');
    expectProblem(await invite(body({ contract: { kind: 'maintenance', productIds: [productId], startsOn: '2026-04-01', endsOn: '2026-03-01' } })), 400, 'validation_failed');
    const registered = await f.tenant('pharmacy');
    const code = (registered.org as TestOrganization & { pharmacyCode: string }).pharmacyCode;
    expectProblem(await invite(body({ pharmacyCode: code })), 409, 'pharmacy_registered');
    const before2 = await Promise.all(['organizations', 'invitations', 'pending_pharmacies', 'contracts'].map(count));
    expect(before2[0]).toBe(before[0] + 1); // the registered pharmacy made above, nothing else
    expect(before2.slice(1)).toEqual(before.slice(1));
    // A pharmacy neither invites nor decides.
    expectProblem(await invite(body(), registered.admin.token), 403, 'vendor_required');
    expectProblem(await t.http.get('/v1/pending-pharmacies').set(bearer(registered.admin.token)), 403, 'not_a_requester');
    expectProblem(await t.http.post(`/v1/pending-pharmacies/${randomUUID()}/approve`).set(bearer(registered.admin.token)), 403, 'operator_required');
    expectProblem(await t.http.post(`/v1/pending-pharmacies/${randomUUID()}/approve`).set(bearer(operator)), 404, 'not_found');
  });

  it("a chain invites a store: approved, it joins the chain; another chain's route is 404", async () => {
    const chain = await f.tenant('chain');
    const otherChain = await f.tenant('chain');
    const email = uniqueEmail('store');
    const code = uniquePharmacyCode();
    expectProblem(await t.http.post(`/v1/chains/${chain.org.id}/store-invitations`).set(bearer(otherChain.admin.token)).send({ pharmacyCode: code, pharmacyName: '本部薬局 1号店', email }), 404, 'not_found');
    const created = await t.http.post(`/v1/chains/${chain.org.id}/store-invitations`).set(bearer(chain.admin.token)).send({ pharmacyCode: code, pharmacyName: '本部薬局 1号店', email }).expect(201);
    expect(created.body).toMatchObject({ chainId: chain.org.id, status: 'pending', contractIds: [], requestedByKind: 'chain' });
    expect(await mailsTo(email)).toBe(0);
    const chainList = await t.http.get('/v1/pending-pharmacies').set(bearer(chain.admin.token)).expect(200);
    expect(chainList.body.items.map((i: { id: string }) => i.id)).toEqual([created.body.id]);
    expectProblem(await t.http.post(`/v1/pending-pharmacies/${created.body.id}/approve`).set(bearer(chain.admin.token)), 403, 'operator_required');
    await t.http.post(`/v1/pending-pharmacies/${created.body.id}/approve`).set(bearer(operator)).expect(200);
    await sink.waitFor(email);
    const [store] = await t.db.query('SELECT chain_id, pharmacy_code FROM organizations WHERE id = $1', [created.body.organizationId]);
    expect(store).toEqual({ chain_id: chain.org.id, pharmacy_code: code });
  });
});
