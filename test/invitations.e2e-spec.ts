import { expectProblem } from './support/auth-helpers';
import { bearer, Factory, STRONG_PASSWORD, TestOrganization, TestUser, uniqueEmail } from './support/factories';
import { PUBLIC_URL } from './support/mail-setup';
import { INVITATIONS_PER_HOUR, invitationTokenIn, startInvitationWorld } from './support/invitation-setup';
import type { SmtpSink } from './support/smtp-sink';
import type { TestApp } from './support/test-app';

/**
 * Invitations by e-mail (issue 15) over real SMTP on loopback, on a database of its own: an admin
 * invites, the mail arrives (parsed with mailparser), the invitee looks the link up, accepts with
 * a password under today's policy and logs in. Resend kills the old link; revoke, expiry and a
 * second use all answer the same 400; the refusals write nothing.
 */
describe('invitations (issue 15)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let f: Factory;
  let org: TestOrganization;
  let admin: TestUser;

  beforeAll(async () => {
    ({ t, sink } = await startInvitationWorld());
    f = new Factory(t);
    ({ org, admin } = await f.tenant('pharmacy'));
  }, 60_000);

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const invite = (body: Record<string, unknown>, token = admin.token, orgId = org.id) =>
    t.http.post(`/v1/organizations/${orgId}/invitations`).set(bearer(token)).send(body);
  const lookup = (token: string) => t.http.post('/v1/invitations/lookup').send({ token });
  const accept = (token: string, password = STRONG_PASSWORD, displayName = '招待 太郎') => t.http.post('/v1/invitations/accept').send({ token, displayName, password });
  const mailedToken = async (email: string, count = 1) => invitationTokenIn((await sink.waitFor(email, count))[count - 1]);
  const userCount = async (email: string) => Number((await t.db.query('SELECT count(*) FROM users WHERE lower(email) = $1', [email]))[0].count);

  it('invite → Japanese mail with the link → lookup → accept → log in, audited', async () => {
    const email = uniqueEmail('invitee');
    const created = await invite({ email, role: 'member', displayName: '薬剤師 花子' }).expect(201);
    expect(created.body).toMatchObject({ email, role: 'member', status: 'pending', sentCount: 1, displayName: '薬剤師 花子' });

    const [mail] = await sink.waitFor(email);
    expect(mail.subject).toBe(`【Kaiji】${org.name} から招待が届いています`);
    expect(mail.text).toContain('薬剤師 花子 様');
    expect(mail.text).toContain('メンバーとして招待しました');
    expect(mail.text).toContain(`${PUBLIC_URL}/portal/invitations/accept?token=`);
    const token = invitationTokenIn(mail);

    const looked = await lookup(token).expect(200);
    expect(looked.body).toMatchObject({ organizationName: org.name, organizationKind: 'pharmacy', email, role: 'member', displayName: '薬剤師 花子' });
    expect(looked.headers['cache-control']).toContain('no-store');

    const accepted = await accept(token).expect(200);
    expect(accepted.body).toEqual({ email, organizationName: org.name, twoFactorRequired: false });
    const login = await t.http.post('/v1/auth/login').send({ email, password: STRONG_PASSWORD }).expect(200);
    const me = await t.http.get('/v1/me').set(bearer(login.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ email, role: 'member', organization: { id: org.id } });

    const listed = await t.http.get(`/v1/organizations/${org.id}/invitations`).query({ status: 'accepted' }).set(bearer(admin.token)).expect(200);
    expect(listed.body.items.map((i: { email: string }) => i.email)).toContain(email);
    const actions: { action: string }[] = await t.db.query(
      `SELECT action FROM audit_events WHERE organization_id = $1 AND (target_id = $2 OR details->>'email' = $3) ORDER BY chain_seq`,
      [org.id, created.body.id, email],
    );
    expect(actions.map((a) => a.action)).toEqual(['invitation.create', 'invitation.accept', 'user.create']);

    // Used once: the same answer as an unknown link, for lookup and accept alike.
    expectProblem(await lookup(token), 400, 'invalid_invitation');
    expectProblem(await accept(token), 400, 'invalid_invitation');
    expect(await userCount(email)).toBe(1);
  });

  it('where the organization requires 2FA, the answer says so and the new account must enrol first', async () => {
    const { org: strict, admin: strictAdmin } = await f.tenant('chain');
    const email = uniqueEmail('strict');
    await invite({ email, role: 'admin' }, strictAdmin.token, strict.id).expect(201);
    const token = await mailedToken(email);
    // Set directly: the admin's own session would otherwise have to enrol before inviting.
    await t.db.query('UPDATE organizations SET require_two_factor = true WHERE id = $1', [strict.id]);
    expect((await accept(token).expect(200)).body).toMatchObject({ email, twoFactorRequired: true });
    const login = await t.http.post('/v1/auth/login').send({ email, password: STRONG_PASSWORD }).expect(200);
    const me = await t.http.get('/v1/me').set(bearer(login.body.accessToken)).expect(200);
    expect(me.body).toMatchObject({ role: 'admin', twoFactorEnrolled: false, twoFactorEnrolmentRequired: true });
  });

  it('normalises a 全角 address and refuses a second pending invitation for it', async () => {
    const local = `zenkaku-${Date.now()}`;
    const created = await invite({ email: `${local.toUpperCase()}＠ＥＸＡＭＰＬＥ.ＴＥＳＴ`, role: 'viewer' }).expect(201);
    expect(created.body.email).toBe(`${local}@example.test`);
    expectProblem(await invite({ email: `${local}@example.test`, role: 'viewer' }), 409, 'invitation_pending');
  });

  it('resend mails a new link and the old one stops working', async () => {
    const email = uniqueEmail('resend');
    const created = await invite({ email, role: 'viewer' }).expect(201);
    const first = await mailedToken(email);
    const resent = await t.http.post(`/v1/organizations/${org.id}/invitations/${created.body.id}/resend`).set(bearer(admin.token)).expect(200);
    expect(resent.body.sentCount).toBe(2);
    const second = await mailedToken(email, 2);
    expect(second).not.toBe(first);
    expectProblem(await lookup(first), 400, 'invalid_invitation');
    expectProblem(await accept(first), 400, 'invalid_invitation');
    await accept(second).expect(200);
  });

  it('revoke: the link stops working, and a revoked invitation cannot be resent', async () => {
    const email = uniqueEmail('revoked');
    const created = await invite({ email, role: 'member' }).expect(201);
    const token = await mailedToken(email);
    const revoked = await t.http.post(`/v1/organizations/${org.id}/invitations/${created.body.id}/revoke`).set(bearer(admin.token)).expect(200);
    expect(revoked.body.status).toBe('revoked');
    expectProblem(await accept(token), 400, 'invalid_invitation');
    expectProblem(await t.http.post(`/v1/organizations/${org.id}/invitations/${created.body.id}/resend`).set(bearer(admin.token)), 409, 'invitation_closed');
    expect(await userCount(email)).toBe(0);
  });

  it('expiry: an expired link answers the same 400; the list shows it expired; a resend revives it', async () => {
    const email = uniqueEmail('expired');
    const created = await invite({ email, role: 'member' }).expect(201);
    const token = await mailedToken(email);
    await t.db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [created.body.id]);
    expectProblem(await lookup(token), 400, 'invalid_invitation');
    expectProblem(await accept(token), 400, 'invalid_invitation');
    const expired = await t.http.get(`/v1/organizations/${org.id}/invitations`).query({ status: 'expired' }).set(bearer(admin.token)).expect(200);
    expect(expired.body.items.map((i: { id: string }) => i.id)).toContain(created.body.id);
    // Expired is not pending: the address may be invited afresh too.
    await t.http.post(`/v1/organizations/${org.id}/invitations/${created.body.id}/resend`).set(bearer(admin.token)).expect(200);
    await accept(await mailedToken(email, 2)).expect(200);
  });

  it('a weak password is refused and nothing is written; the link still works', async () => {
    const email = uniqueEmail('weak');
    await invite({ email, role: 'member' }).expect(201);
    const token = await mailedToken(email);
    const refused = expectProblem(await accept(token, 'password'), 400, 'validation_failed');
    expect(JSON.stringify(refused)).toContain('password');
    expect(await userCount(email)).toBe(0);
    expect((await lookup(token).expect(200)).body.email).toBe(email);
  });

  it('refuses a bad address (400), an address with an account (409) and nothing is mailed', async () => {
    expectProblem(await invite({ email: 'not-an-address', role: 'member' }), 400, 'validation_failed');
    expectProblem(await invite({ email: uniqueEmail('role'), role: 'owner' }), 400, 'validation_failed');
    const member = await f.user(org.id, 'member');
    const taken = expectProblem(await invite({ email: member.email, role: 'member' }), 409, 'email_taken');
    expect(String(taken.detail)).toContain('すでに使われています');
    expect(sink.to(member.email)).toHaveLength(0);
  });

  it('members and viewers get 403; another organization’s admin gets 404', async () => {
    const member = await f.user(org.id, 'member');
    const viewer = await f.user(org.id, 'viewer');
    expectProblem(await invite({ email: uniqueEmail('x'), role: 'member' }, member.token), 403, 'role_required');
    expectProblem(await t.http.get(`/v1/organizations/${org.id}/invitations`).set(bearer(viewer.token)), 403, 'role_required');
    const other = await f.tenant('vendor');
    expectProblem(await invite({ email: uniqueEmail('x'), role: 'member' }, other.admin.token), 404, 'not_found');
    const created = await invite({ email: uniqueEmail('cross'), role: 'member' }).expect(201);
    // Someone else's invitation id under one's own organization: 404 as well.
    expectProblem(await t.http.post(`/v1/organizations/${other.org.id}/invitations/${created.body.id}/revoke`).set(bearer(other.admin.token)), 404, 'not_found');
  });

  it('throttles invitations per organization per hour (429 with Retry-After)', async () => {
    const { org: busy, admin: busyAdmin } = await f.tenant('vendor');
    for (let i = 0; i < INVITATIONS_PER_HOUR; i++) await invite({ email: uniqueEmail(`bulk${i}`), role: 'viewer' }, busyAdmin.token, busy.id).expect(201);
    const refused = await invite({ email: uniqueEmail('one-too-many'), role: 'viewer' }, busyAdmin.token, busy.id);
    expectProblem(refused, 429, 'invitation_rate_limited');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  }, 60_000);
});
