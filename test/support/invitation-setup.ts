import type { SunkMail } from './smtp-sink';
import { SmtpSink } from './smtp-sink';
import { PUBLIC_URL } from './mail-setup';
import { startIsolatedTestApp } from './isolated-app';
import type { TestApp } from './test-app';

/** Invitations one organization may send per hour in the invitations suite. */
export const INVITATIONS_PER_HOUR = 20;

/**
 * The invitations suite's app: its own database (a mail-sending app works the pg-boss queue of its
 * database, see mail-setup.ts), job workers on, mail over SMTP to a sink on loopback.
 */
export async function startInvitationWorld(): Promise<{ t: TestApp & { ownerUrl: string }; sink: SmtpSink }> {
  const sink = await SmtpSink.start();
  try {
    const t = await startIsolatedTestApp('invitations', {
      KAIJI_JOBS: 'on',
      KAIJI_JOBS_POLL_SECONDS: '0.5',
      KAIJI_SMTP_URL: sink.url,
      KAIJI_MAIL_FROM: 'Kaiji テスト <no-reply@kaiji.example.jp>',
      KAIJI_PUBLIC_URL: PUBLIC_URL,
      KAIJI_INVITATIONS_PER_HOUR: String(INVITATIONS_PER_HOUR),
    });
    return { t, sink };
  } catch (error) {
    await sink.close();
    throw error;
  }
}

/** The token in an invitation mail's link. */
export function invitationTokenIn(mail: SunkMail | { text: string }): string {
  const match = /\/portal\/invitations\/accept\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no invitation link in: ${mail.text}`);
  return match[1];
}
