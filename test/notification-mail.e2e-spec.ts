import { DailyDigestJob, jstHour } from '../src/notification-mail/daily-digest.job';
import { expectProblem } from './support/auth-helpers';
import { bearer, Factory, TestUser, totp } from './support/factories';
import { PUBLIC_URL } from './support/mail-setup';
import { headerOf, oneClickUrlOf, startNotificationMailWorld } from './support/notification-mail-setup';
import { FY } from './support/checklist-setup';
import { PharmacySetup } from './support/pharmacy-setup';
import type { SmtpSink } from './support/smtp-sink';
import type { TestApp } from './support/test-app';

/**
 * Notification e-mail over real SMTP (a sink on loopback, parsed with mailparser), on a database
 * of its own: mail at once in the publishing transaction, the daily digest grouped by store, the
 * one-click unsubscribe (RFC 8058), and security messages that cannot be turned off.
 */
describe('notification e-mail (issue 15)', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let f: Factory;
  let s: PharmacySetup;

  beforeAll(async () => {
    ({ t, sink } = await startNotificationMailWorld());
    f = new Factory(t);
    s = new PharmacySetup(t, f);
  }, 90_000);

  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  const prefs = (user: TestUser, body: Record<string, unknown>) => t.http.put('/v1/me/notification-preferences').set(bearer(user.token)).send(body);
  const kindsTo = async (email: string): Promise<string[]> =>
    (await t.db.query<{ kind: string }[]>('SELECT kind FROM mail_messages WHERE recipient = $1 ORDER BY created_at', [email])).map((r) => r.kind);

  describe('preferences', () => {
    it('lists every family with its default, and changes the ones given', async () => {
      const { admin } = await f.tenant('pharmacy');
      const before = await t.http.get('/v1/me/notification-preferences').set(bearer(admin.token));
      expect(before.status).toBe(200);
      expect(before.body.digestHour).toBe(8);
      expect(before.body.families.find((x: { family: string }) => x.family === 'threads')).toMatchObject({ mode: 'immediate', isDefault: true, label: 'スレッド' });
      const after = await prefs(admin, { families: [{ family: 'documents', mode: 'off' }], digestHour: 6 });
      expect(after.status).toBe(200);
      expect(after.body.digestHour).toBe(6);
      expect(after.body.families.find((x: { family: string }) => x.family === 'documents')).toMatchObject({ mode: 'off', isDefault: false });
    });

    it.each([
      ['a security family', { families: [{ family: 'security', mode: 'off' }] }],
      ['an unknown mode', { families: [{ family: 'documents', mode: 'weekly' }] }],
      ['an hour past 23', { digestHour: 24 }],
      ['a fractional hour', { digestHour: 7.5 }],
      ['a null hour', { digestHour: null }],
      ['null families', { families: null }],
      ['a family twice', { families: [{ family: 'documents', mode: 'off' }, { family: 'documents', mode: 'daily' }] }],
    ])('refuses %s (400) and changes nothing', async (_label, body) => {
      const { admin } = await f.tenant('pharmacy');
      expectProblem(await prefs(admin, body), 400, 'validation_failed');
      expect(await t.db.query('SELECT 1 FROM notification_mail_preferences WHERE user_id = $1 UNION ALL SELECT 1 FROM notification_mail_settings WHERE user_id = $1', [admin.id])).toHaveLength(0);
    });

    it('refuses API clients (403): the settings are a portal user’s', async () => {
      const { admin } = await f.tenant('vendor');
      const client = await f.apiClient(admin);
      const token = await t.http.post('/v1/auth/token').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
      expect(token.status).toBe(200);
      expectProblem(await t.http.get('/v1/me/notification-preferences').set(bearer(token.body.access_token)), 403, 'users_only');
      expectProblem(await t.http.put('/v1/me/notification-preferences').set(bearer(token.body.access_token)).send({ digestHour: 3 }), 403, 'users_only');
    });
  });

  describe('mail at once', () => {
    it('mails a checklist submission naming vendor, store and document, with a portal link and one-click unsubscribe; off sends nothing', async () => {
      const world = await s.world();
      const quiet = await f.user(world.pharmacy.org.id, 'member');
      expect((await prefs(world.pharmacy.admin, { families: [{ family: 'documents', mode: 'immediate' }] })).status).toBe(200);
      expect((await prefs(quiet, { families: [{ family: 'documents', mode: 'off' }] })).status).toBe(200);

      await s.submitChecklist(world.vendor.admin, world.contract.id);
      const [mail] = await sink.waitFor(world.pharmacy.admin.email);
      expect(mail.subject).toContain('事業者確認用チェックリストが提出されました');
      expect(mail.subject).toContain(world.vendor.org.name);
      expect(mail.subject).toContain(world.pharmacy.org.name);
      expect(mail.text).toContain(`事業者: ${world.vendor.org.name}`);
      expect(mail.text).toContain(`薬局・医療機関: ${world.pharmacy.org.name}`);
      // The link is the notification's own portal path, under the public URL.
      const [notification] = (await t.http.get('/v1/notifications').set(bearer(world.pharmacy.admin.token))).body.items;
      expect(notification.link).toBe(`/contracts/${world.contract.id}/checklists/${FY}`);
      expect(mail.text).toContain(`${PUBLIC_URL}/portal${notification.link}`);
      expect(headerOf(mail, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      expect(oneClickUrlOf(mail)).toMatch(new RegExp(`^${PUBLIC_URL}/v1/notification-preferences/unsubscribe\\?token=`));

      // The member who chose off has no message at all (written, if at all, in the same transaction).
      expect(await kindsTo(quiet.email)).toEqual([]);
      // Marked mailed: a digest will not send it again.
      const [row] = await t.db.query("SELECT mailed_at FROM notifications WHERE user_id = $1 AND type = 'checklist.submitted'", [world.pharmacy.admin.id]);
      expect(row.mailed_at).not.toBeNull();
    });
  });

  describe('hourly limit per recipient', () => {
    it('mails at most 30 notifications an hour to one person, then one notice, then nothing until the hour has passed', async () => {
      const pharmacy = await s.p.pharmacy();
      const worlds = [];
      for (let i = 0; i < 3; i++) worlds.push(await s.world({ pharmacy }));
      expect((await prefs(pharmacy.admin, { families: [{ family: 'documents', mode: 'immediate' }] })).status).toBe(200);
      // 29 notification mails already this hour: one more fits (the 30th, the default limit).
      await t.db.query(
        `INSERT INTO mail_messages (organization_id, recipient_user_id, recipient, subject, kind, status)
         SELECT $1, $2, $3, '【Kaiji】earlier', 'notification', 'sent' FROM generate_series(1, 29)`,
        [pharmacy.org.id, pharmacy.admin.id, pharmacy.admin.email],
      );
      for (const world of worlds) await s.submitChecklist(world.vendor.admin, world.contract.id);

      const mails = await sink.waitFor(pharmacy.admin.email, 2);
      expect(mails[0].subject).toContain('事業者確認用チェックリストが提出されました');
      expect(mails[1].subject).toBe('【Kaiji】お知らせが多いため、以降はポータルでご確認ください');
      expect(mails[1].text).toContain('上限（30 通）');
      expect(mails[1].text).toContain(`${PUBLIC_URL}/portal/notifications`);
      // The third submission: neither a mail nor a second notice; all three are in the portal, none waits to be mailed late.
      expect((await kindsTo(pharmacy.admin.email)).filter((kind) => kind !== 'notification').length).toBe(1);
      expect(await kindsTo(pharmacy.admin.email)).toHaveLength(29 + 2);
      const rows = await t.db.query("SELECT mailed_at FROM notifications WHERE user_id = $1 AND type = 'checklist.submitted'", [pharmacy.admin.id]);
      expect(rows).toHaveLength(3);
      expect(rows.every((row: { mailed_at: Date | null }) => row.mailed_at !== null)).toBe(true);

      // An hour later the person is mailed again.
      await t.db.query("UPDATE mail_messages SET created_at = created_at - interval '61 minutes' WHERE recipient_user_id = $1", [pharmacy.admin.id]);
      const fourth = await s.world({ pharmacy });
      await s.submitChecklist(fourth.vendor.admin, fourth.contract.id);
      const again = await sink.waitFor(pharmacy.admin.email, 3);
      expect(again[2].subject).toContain('事業者確認用チェックリストが提出されました');
    });
  });

  describe('one-click unsubscribe', () => {
    it("turns the mail's family off with the signed token, and refuses a forged one (400)", async () => {
      const world = await s.world();
      await prefs(world.pharmacy.admin, { families: [{ family: 'documents', mode: 'immediate' }] });
      await s.submitChecklist(world.vendor.admin, world.contract.id);
      const [mail] = await sink.waitFor(world.pharmacy.admin.email);
      const url = new URL(oneClickUrlOf(mail));
      const token = url.searchParams.get('token') as string;

      // A forged token: another user's id with this signature.
      const [payload, mac] = token.split('.');
      const forged = `${Buffer.from(`${world.vendor.admin.id}.documents`).toString('base64url')}.${mac}`;
      expectProblem(await t.http.post(`/v1/notification-preferences/unsubscribe?token=${forged}`).type('form').send('List-Unsubscribe=One-Click'), 400, 'invalid_unsubscribe_token');
      expectProblem(await t.http.post(`/v1/notification-preferences/unsubscribe?token=${payload}.${'A'.repeat(43)}`).type('form').send('List-Unsubscribe=One-Click'), 400, 'invalid_unsubscribe_token');
      expect(await t.db.query("SELECT 1 FROM notification_mail_preferences WHERE user_id = $1 AND mode = 'off'", [world.vendor.admin.id])).toHaveLength(0);

      // As a mail client does it (RFC 8058): POST, form-encoded, no session.
      const done = await t.http.post(`${url.pathname}${url.search}`).type('form').send('List-Unsubscribe=One-Click');
      expect(done.status).toBe(200);
      expect(done.body).toMatchObject({ families: ['documents'], label: '書類の提出・公開' });
      const now = await t.http.get('/v1/me/notification-preferences').set(bearer(world.pharmacy.admin.token));
      expect(now.body.families.find((x: { family: string }) => x.family === 'documents').mode).toBe('off');

      // Off means off: another vendor's submission to the same pharmacy mails nothing.
      const before = (await kindsTo(world.pharmacy.admin.email)).length;
      const other = await s.world({ pharmacy: world.pharmacy });
      await s.submitChecklist(other.vendor.admin, other.contract.id);
      expect(await t.db.query("SELECT 1 FROM notifications WHERE user_id = $1 AND type = 'checklist.submitted'", [world.pharmacy.admin.id])).toHaveLength(2);
      expect(await kindsTo(world.pharmacy.admin.email)).toHaveLength(before);
    });
  });

  describe('daily digest', () => {
    it("groups a chain's two stores' events in one mail at the chosen hour, and never sends them twice", async () => {
      const chain = await f.tenant('chain');
      const storeA = await s.p.pharmacy({ chainId: chain.org.id });
      const storeB = await s.p.pharmacy({ chainId: chain.org.id });
      const a = await s.world({ pharmacy: storeA });
      const b = await s.world({ pharmacy: storeB });
      const hour = jstHour(new Date());
      expect((await prefs(chain.admin, { digestHour: hour })).status).toBe(200);

      await s.submitChecklist(a.vendor.admin, a.contract.id);
      await s.submitChecklist(b.vendor.admin, b.contract.id);
      // Daily (the documents default): nothing was mailed at once.
      expect(await kindsTo(chain.admin.email)).toEqual([]);

      const job = t.app.get(DailyDigestJob);
      expect(await job.run(new Date())).toBeGreaterThanOrEqual(1);
      const [digest] = await sink.waitFor(chain.admin.email);
      // The two stores' contracts and checklists, one section per store.
      expect(digest.subject).toMatch(/^【Kaiji】本日のお知らせ \d+ 件/);
      const sections = digest.text.split('■ ').slice(1);
      for (const store of [storeA, storeB]) {
        const section = sections.find((text) => text.startsWith(`${store.org.name}（`));
        expect(section).toContain('事業者確認用チェックリストが提出されました');
      }
      expect(digest.text).toContain(a.vendor.org.name);
      expect(digest.text).toContain(b.vendor.org.name);
      expect(headerOf(digest, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');

      // A second run (another instance, a retry) finds nothing left for this user.
      await job.run(new Date());
      expect(await kindsTo(chain.admin.email)).toEqual(['notification_digest']);
    });
  });

  describe('security messages', () => {
    const login = (user: TestUser, address: string) =>
      t.http.post('/v1/auth/login').set('X-Forwarded-For', address).send({ email: user.email, password: user.password });

    it('tells a login from a new address, once, without List-Unsubscribe', async () => {
      const { admin } = await f.tenant('pharmacy');
      // Every family off: security messages are no family and still come.
      await prefs(admin, { families: ['documents', 'requests', 'threads', 'contracts', 'remote_maintenance', 'reminders'].map((family) => ({ family, mode: 'off' })) });
      expect((await login(admin, '203.0.113.7')).status).toBe(200);
      const [mail] = await sink.waitFor(admin.email);
      expect(mail.subject).toBe('【Kaiji】新しい接続元からログインがありました');
      expect(mail.text).toContain('203.0.113.7');
      expect(headerOf(mail, 'List-Unsubscribe')).toBeUndefined();
      expect(headerOf(mail, 'List-Unsubscribe-Post')).toBeUndefined();
      // The same address again: nothing new.
      expect((await login(admin, '203.0.113.7')).status).toBe(200);
      expect(await kindsTo(admin.email)).toEqual(['security_alert']);
    });

    it('tells 2FA turned on and recovery codes replaced', async () => {
      const { admin } = await f.tenant('vendor');
      const started = await t.http.post('/v1/auth/2fa/enrolment').set(bearer(admin.token)).send({});
      expect(started.status).toBe(200);
      expect((await t.http.post('/v1/auth/2fa/enrolment/confirm').set(bearer(admin.token)).send({ otp: totp(started.body.secret) })).status).toBe(200);
      const [enabled] = await sink.waitFor(admin.email);
      expect(enabled.subject).toBe('【Kaiji】二要素認証が有効になりました');
      expect(headerOf(enabled, 'List-Unsubscribe')).toBeUndefined();
      // Each TOTP step is accepted once: the next step's code.
      const replaced = await t.http.post('/v1/auth/2fa/recovery-codes').set(bearer(admin.token)).send({ otp: totp(started.body.secret, 1) });
      expect(replaced.status).toBe(200);
      const mails = await sink.waitFor(admin.email, 2);
      expect(mails.map((m) => m.subject)).toContain('【Kaiji】二要素認証のリカバリーコードが再発行されました');
    });

    it('tells a password change, without List-Unsubscribe', async () => {
      const { admin } = await f.tenant('pharmacy');
      const changed = await t.http.post('/v1/auth/password').set(bearer(admin.token)).send({ currentPassword: admin.password, newPassword: 'An0ther-pass!word' });
      expect(changed.status).toBe(204);
      const [mail] = await sink.waitFor(admin.email);
      expect(mail.subject).toBe('【Kaiji】パスワードが変更されました');
      expect(mail.text).toContain('配信を止めることはできません');
      expect(headerOf(mail, 'List-Unsubscribe')).toBeUndefined();
    });
  });
});
