import { sleep } from './auth-helpers';
import { SmtpSink } from './smtp-sink';
import { startIsolatedTestApp } from './isolated-app';
import type { TestApp } from './test-app';

/** Where the mail app's links point. */
export const PUBLIC_URL = 'https://kaiji.example.jp';

export interface MailWorld {
  t: TestApp & { ownerUrl: string };
  sink: SmtpSink;
}

/**
 * A test app that sends its mail over SMTP to a sink on loopback, with the job workers running and
 * quick retries, on a database of its own: workers take every job of their database (other test
 * apps' webhook deliveries included, which would write to tables those suites watch), so no app
 * with workers on may share the run's database.
 */
export async function startMailWorld(env: Record<string, string> = {}): Promise<MailWorld> {
  const sink = await SmtpSink.start();
  const t = await startIsolatedTestApp('mail', {
    KAIJI_JOBS: 'on',
    KAIJI_JOBS_POLL_SECONDS: '0.5',
    KAIJI_SMTP_URL: sink.url,
    KAIJI_MAIL_FROM: 'Kaiji テスト <no-reply@kaiji.example.jp>',
    KAIJI_PUBLIC_URL: PUBLIC_URL,
    KAIJI_MAIL_RETRY_LIMIT: '2',
    KAIJI_MAIL_RETRY_DELAY_SECONDS: '1',
    ...env,
  });
  return { t, sink };
}

interface MessageRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  smtp_message_id: string | null;
  body_text: string | null;
  subject: string;
}

/** The mail_messages rows to `recipient`, oldest first. */
export async function messagesTo(t: TestApp, recipient: string): Promise<MessageRow[]> {
  return t.db.query('SELECT id, status, attempts, last_error, smtp_message_id, body_text, subject FROM mail_messages WHERE recipient = $1 ORDER BY created_at, id', [recipient]);
}

/** Waits until the message's status is `status` (sent after retries, failed after the last). */
export async function waitForStatus(t: TestApp, id: string, status: string, timeoutMs = 30_000): Promise<MessageRow> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row]: MessageRow[] = await t.db.query('SELECT id, status, attempts, last_error, smtp_message_id, body_text, subject FROM mail_messages WHERE id = $1', [id]);
    if (row?.status === status) return row;
    if (Date.now() > deadline) throw new Error(`message ${id} is ${row?.status} (attempts ${row?.attempts}, ${row?.last_error}), not ${status}`);
    await sleep(200);
  }
}
