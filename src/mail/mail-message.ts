/** What a caller asks to send; the recipient's organization decides whose admins see the delivery. */
export interface OutgoingMail {
  kind: MailKind;
  to: string;
  /** Set when the recipient is an account: its organization's admins see the delivery. */
  recipientUserId?: string;
  organizationId: string | null;
  subject: string;
  text: string;
  /** Extra header fields (List-Unsubscribe on mail that can be turned off); values are made one line. */
  headers?: Record<string, string>;
}

/** Every kind of message Kaiji sends (mail_messages.kind). */
export const MAIL_KINDS = ['password_reset', 'password_changed', 'invitation', 'notification', 'notification_digest', 'notification_overflow', 'security_alert'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Japanese labels of the kinds, for the portal and the mailbox. */
export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  password_reset: 'パスワード再設定',
  password_changed: 'パスワード変更のお知らせ',
  invitation: '招待',
  notification: 'お知らせ',
  notification_digest: 'お知らせのまとめ',
  notification_overflow: 'お知らせの送信上限',
  security_alert: 'セキュリティのお知らせ',
};

/**
 * A header value cannot carry a line break (header injection): CR, LF and other control characters
 * become spaces. nodemailer encodes what remains; this keeps the stored subject one line as well.
 */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, max);
}

/** Header fields as stored (mail_messages.headers): names are tokens, values one line; null when none. */
export function oneLineHeaders(headers: Record<string, string> | undefined): string | null {
  const entries = Object.entries(headers ?? {}).filter(([name]) => /^[A-Za-z][A-Za-z0-9-]{0,60}$/.test(name));
  return entries.length ? JSON.stringify(Object.fromEntries(entries.map(([name, value]) => [name, oneLine(value, 900)]))) : null;
}
