import { bearer, Factory } from './support/factories';
import { startIsolatedTestApp } from './support/isolated-app';
import { PUBLIC_URL } from './support/mail-setup';
import { SmtpSink } from './support/smtp-sink';
import type { TestApp } from './support/test-app';

/**
 * An admin's reset of a member's credentials tells the member by e-mail (a security message, with
 * no unsubscribe), committed with the reset: a refused reset sends nothing. Over real SMTP to a sink
 * on loopback, on a database of its own (a mail-sending app works its database's whole queue).
 */
describe('admin reset: the member is told by e-mail', () => {
  let t: TestApp;
  let f: Factory;
  let sink: SmtpSink;
  beforeAll(async () => {
    sink = await SmtpSink.start();
    t = await startIsolatedTestApp('credentials_reset_mail', {
      KAIJI_JOBS: 'on',
      KAIJI_JOBS_POLL_SECONDS: '0.5',
      KAIJI_SMTP_URL: sink.url,
      KAIJI_MAIL_FROM: 'Kaiji テスト <no-reply@kaiji.example.jp>',
      KAIJI_PUBLIC_URL: PUBLIC_URL,
    });
    f = new Factory(t);
  });
  afterAll(async () => {
    await t.close();
    await sink.close();
  });

  const TEMPORARY = 'Temp-passw0rd-42!';
  const reset = (token: string, organizationId: string, userId: string, body: Record<string, unknown>) =>
    t.http.post(`/v1/organizations/${organizationId}/users/${userId}/reset-credentials`).set(bearer(token)).send(body);

  it('a password and 2FA reset: one Japanese security mail to the member, naming what was reset, without the temporary password', async () => {
    const { org, admin } = await f.tenant('pharmacy');
    const member = await f.user(org.id, 'member');
    await reset(admin.token, org.id, member.id, { temporaryPassword: TEMPORARY, resetTwoFactor: true }).expect(200);

    const [mail] = await sink.waitFor(member.email);
    expect(mail.subject).toBe('【Kaiji】管理者がパスワードと二要素認証をリセットしました');
    expect(mail.text).toContain(member.email);
    expect(mail.text).toContain('すべての端末からログアウトしています');
    expect(mail.text).toContain('認証アプリを登録し直してください');
    expect(mail.text).not.toContain(TEMPORARY);
    expect(mail.parsed.headers.has('list-unsubscribe')).toBe(false);
    const [row]: { kind: string; status: string }[] = await t.db.query('SELECT kind, status FROM mail_messages WHERE recipient = $1', [member.email]);
    expect(row.kind).toBe('security_alert');
    // Nobody else was written to: not the admin.
    expect(sink.to(admin.email)).toHaveLength(0);
  });

  it('a 2FA-only reset names 2FA only; a refused reset (nothing to reset, own account) sends nothing', async () => {
    const { org, admin } = await f.tenant('vendor');
    const member = await f.user(org.id, 'member');
    expect((await reset(admin.token, org.id, member.id, {})).status).toBe(400);
    expect((await reset(admin.token, org.id, admin.id, { resetTwoFactor: true })).status).toBe(409);
    await reset(admin.token, org.id, member.id, { resetTwoFactor: true }).expect(200);
    const [mail] = await sink.waitFor(member.email);
    expect(mail.subject).toBe('【Kaiji】管理者が二要素認証をリセットしました');
    expect(mail.text).not.toContain('一時パスワード');
    // The refused attempts wrote no message (the one row is the accepted reset's).
    expect(await t.db.query('SELECT kind FROM mail_messages WHERE recipient = ANY($1)', [[member.email, admin.email]])).toEqual([{ kind: 'security_alert' }]);
  });
});
