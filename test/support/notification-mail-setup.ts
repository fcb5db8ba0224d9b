import { SmtpSink, type SunkMail } from './smtp-sink';
import { PUBLIC_URL } from './mail-setup';
import { startIsolatedTestApp } from './isolated-app';
import type { TestApp } from './test-app';

/**
 * The notification-mail suite's app: its own database (a mail-sending app works the pg-boss queue
 * of its database, see mail-setup.ts), job workers on, mail over SMTP to a sink on loopback, and
 * loopback trusted as a proxy so a test can log in "from" another address (X-Forwarded-For).
 */
export async function startNotificationMailWorld(): Promise<{ t: TestApp & { ownerUrl: string }; sink: SmtpSink }> {
  const sink = await SmtpSink.start();
  try {
    const t = await startIsolatedTestApp('notification_mail', {
      KAIJI_JOBS: 'on',
      KAIJI_JOBS_POLL_SECONDS: '0.5',
      KAIJI_SMTP_URL: sink.url,
      KAIJI_MAIL_FROM: 'Kaiji テスト <no-reply@kaiji.example.jp>',
      KAIJI_PUBLIC_URL: PUBLIC_URL,
      KAIJI_TRUST_PROXY: '127.0.0.1,::1',
    });
    return { t, sink };
  } catch (error) {
    await sink.close();
    throw error;
  }
}

/** A header of a received message as it arrived (unfolded), or undefined: mailparser folds List-* headers into its own `list` shape. */
export function headerOf(mail: SunkMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((l) => l.key === name.toLowerCase());
  return line ? line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : undefined;
}

/** The one-click unsubscribe URL of a mail's List-Unsubscribe header. */
export function oneClickUrlOf(mail: SunkMail): string {
  const header = headerOf(mail, 'List-Unsubscribe') ?? '';
  const match = /<(https?:\/\/[^>]+)>/.exec(header);
  if (!match) throw new Error(`no List-Unsubscribe URL in: ${header}`);
  return match[1];
}
