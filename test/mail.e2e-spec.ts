import { MailService } from '../src/mail/mail.service';
import type { OutgoingMail } from '../src/mail/mail-message';
import { expectProblem } from './support/auth-helpers';
import { bearer, Factory, TestOrganization, TestUser, uniqueEmail } from './support/factories';
import { messagesTo, startMailWorld, waitForStatus, type MailWorld } from './support/mail-setup';
import { passwordResetCases } from './support/password-reset-cases';

/**
 * Outgoing mail over real SMTP (a server on loopback, messages parsed with mailparser): the outbox
 * written in the causing transaction, delivery and retries through pg-boss, the admins' delivery
 * log. The password reset's cases run here too, on the same app: only one test file may run a
 * mail-sending app (test/support/mail-setup.ts).
 */
describe('mail (issue 15)', () => {
  const world = {} as MailWorld;
  let f: Factory;
  let org: TestOrganization;
  let admin: TestUser;

  beforeAll(async () => {
    Object.assign(world, await startMailWorld());
    f = new Factory(world.t);
    ({ org, admin } = await f.tenant('pharmacy'));
  }, 60_000);

  afterAll(async () => {
    await world.t?.close();
    await world.sink?.close();
  });

  const mail = (to: string, subject = 'テストのお知らせ'): OutgoingMail => ({ kind: 'password_changed', to, organizationId: org.id, subject, text: `${to} 様\n\n本文です。` });
  const enqueue = (message: OutgoingMail) => world.t.db.transaction((manager) => world.t.app.get(MailService).enqueue(manager, message));

  describe('outbox and delivery', () => {
    it('delivers a message enqueued in a committed transaction and records it as sent', async () => {
      const to = uniqueEmail('sent');
      const id = await enqueue(mail(to));
      const [arrived] = await world.sink.waitFor(to);
      expect(arrived.subject).toBe('テストのお知らせ');
      expect(arrived.from).toContain('no-reply@kaiji.example.jp');
      expect(arrived.text).toContain('本文です。');
      const row = await waitForStatus(world.t, id, 'sent');
      expect(row).toMatchObject({ attempts: 1, last_error: null, smtp_message_id: arrived.messageId, body_text: null });
    });

    it('sends nothing when the causing transaction rolls back', async () => {
      const to = uniqueEmail('rolled-back');
      await expect(
        world.t.db.transaction(async (manager) => {
          await world.t.app.get(MailService).enqueue(manager, mail(to));
          throw new Error('the cause fails');
        }),
      ).rejects.toThrow('the cause fails');
      // A committed message sent after it arrives; the rolled-back one never does.
      const later = uniqueEmail('after-rollback');
      await enqueue(mail(later));
      await world.sink.waitFor(later);
      expect(world.sink.to(to)).toHaveLength(0);
      expect(await messagesTo(world.t, to)).toHaveLength(0);
    });

    it('retries after the SMTP server refuses once, then delivers', async () => {
      const to = uniqueEmail('retried');
      world.sink.refuseNext(to, 1);
      const id = await enqueue(mail(to));
      await world.sink.waitFor(to);
      const row = await waitForStatus(world.t, id, 'sent');
      expect(world.sink.refused.get(to)).toBe(1);
      expect(row.attempts).toBe(2);
      expect(world.sink.to(to)).toHaveLength(1);
    }, 40_000);

    it('gives up after the last retry: failed, with the server’s answer, the body cleared', async () => {
      const to = uniqueEmail('refused');
      world.sink.refuseNext(to, 10);
      const id = await enqueue(mail(to));
      const row = await waitForStatus(world.t, id, 'failed', 40_000);
      expect(row.attempts).toBe(3); // the first attempt and KAIJI_MAIL_RETRY_LIMIT (2) retries
      expect(row.last_error).toContain('451');
      expect(row.body_text).toBeNull();
      expect(world.sink.to(to)).toHaveLength(0);
    }, 60_000);

    it('keeps a subject with line breaks on one line (no header injection)', async () => {
      const to = uniqueEmail('inject');
      await enqueue(mail(to, 'お知らせ\r\nBcc: victim@example.test\r\nX-Injected: yes'));
      const [arrived] = await world.sink.waitFor(to);
      expect(arrived.parsed.headers.has('bcc')).toBe(false);
      expect(arrived.parsed.headers.has('x-injected')).toBe(false);
      expect(arrived.subject).toBe('お知らせ Bcc: victim@example.test X-Injected: yes');
    });
  });

  describe('GET /v1/organizations/{organizationId}/mail-deliveries', () => {
    it("shows the organization's admins recipient, subject, kind and status, never the body, newest first and paged", async () => {
      const first = uniqueEmail('listed');
      const second = uniqueEmail('listed');
      await enqueue(mail(first, '一通目'));
      await enqueue(mail(second, '二通目'));
      await world.sink.waitFor(second);
      const page = await world.t.http.get(`/v1/organizations/${org.id}/mail-deliveries?limit=1`).set(bearer(admin.token)).expect(200);
      expect(page.body.items).toHaveLength(1);
      expect(page.body.nextCursor).toEqual(expect.any(String));
      const all = await world.t.http.get(`/v1/organizations/${org.id}/mail-deliveries?limit=100`).set(bearer(admin.token)).expect(200);
      const mine = (all.body.items as Record<string, unknown>[]).filter((item) => item.recipient === first || item.recipient === second);
      expect(mine.map((item) => item.subject)).toEqual(['二通目', '一通目']);
      expect(mine[0]).toMatchObject({ recipient: second, kind: 'password_changed', status: expect.stringMatching(/^(queued|sent)$/), attempts: expect.any(Number) });
      for (const item of all.body.items as Record<string, unknown>[]) {
        expect(Object.keys(item)).not.toEqual(expect.arrayContaining(['body', 'text', 'bodyText']));
      }
      const next = await world.t.http.get(`/v1/organizations/${org.id}/mail-deliveries?limit=1&cursor=${page.body.nextCursor as string}`).set(bearer(admin.token)).expect(200);
      expect(next.body.items[0].id).not.toBe(page.body.items[0].id);
    });

    it('filters by status and refuses a bad one', async () => {
      const sent = await world.t.http.get(`/v1/organizations/${org.id}/mail-deliveries?status=sent`).set(bearer(admin.token)).expect(200);
      expect((sent.body.items as { status: string }[]).every((item) => item.status === 'sent')).toBe(true);
      expectProblem(await world.t.http.get(`/v1/organizations/${org.id}/mail-deliveries?status=lost`).set(bearer(admin.token)), 400, 'validation_failed');
    });

    it('is 403 to a member of the organization and 404 to another organization’s admin', async () => {
      const member = await f.user(org.id, 'member');
      expectProblem(await world.t.http.get(`/v1/organizations/${org.id}/mail-deliveries`).set(bearer(member.token)), 403, 'role_required');
      const other = await f.tenant('vendor');
      expectProblem(await world.t.http.get(`/v1/organizations/${org.id}/mail-deliveries`).set(bearer(other.admin.token)), 404, 'not_found');
      expectProblem(await world.t.http.get(`/v1/organizations/${org.id}/mail-deliveries`).set(bearer(await f.operator())), 404, 'not_found');
    });
  });

  describe('password reset', () => {
    passwordResetCases(world, () => f);
  });
});
