/** What a caller asks to send; the recipient's organization decides whose admins see the delivery. */
export interface OutgoingMail {
  kind: MailKind;
  to: string;
  /** Set when the recipient is an account: its organization's admins see the delivery. */
  recipientUserId?: string;
  organizationId: string | null;
  subject: string;
  text: string;
}

/** Every kind of message Kaiji sends (mail_messages.kind). */
export const MAIL_KINDS = ['password_reset', 'password_changed'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** Japanese labels of the kinds, for the portal and the mailbox. */
export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  password_reset: 'パスワード再設定',
  password_changed: 'パスワード変更のお知らせ',
};

/**
 * A header value cannot carry a line break (header injection): CR, LF and other control characters
 * become spaces. nodemailer encodes what remains; this keeps the stored subject one line as well.
 */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, max);
}
