import type { OutgoingMail } from '../mail/mail-message';
import { FAMILY_DEFINITIONS, type MailFamily } from './mail-families';

/** Who a message goes to. */
export interface MailRecipient {
  userId: string;
  email: string;
  displayName: string;
  organizationId: string;
}

/** One notification as mail shows it: the notification's own text plus who it is about. */
export interface NotificationView {
  title: string;
  body: string | null;
  /** Absolute portal URL, or null. */
  url: string | null;
  vendorName: string | null;
  storeName: string | null;
  createdAt: Date;
}

/** Where a mail that can be turned off says how. */
export interface UnsubscribeLinks {
  /** The portal page confirming with a button (for people). */
  pageUrl: string;
  /** The one-click POST target (for mail clients, RFC 8058). */
  oneClickUrl: string;
  settingsUrl: string;
}

const SIGNATURE = '\n--\nKaiji (開示) ― 医療情報システムの安全管理に関する情報共有\nこのメールは送信専用です。';

export const jst = (date: Date): string =>
  new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' }).format(date);

function about(view: NotificationView): string {
  const parts = [view.vendorName && `事業者: ${view.vendorName}`, view.storeName && `薬局・医療機関: ${view.storeName}`].filter(Boolean);
  return parts.join(' / ');
}

function unsubscribeHeaders(links: UnsubscribeLinks): Record<string, string> {
  return { 'List-Unsubscribe': `<${links.oneClickUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function footer(family: MailFamily, links: UnsubscribeLinks): string {
  return `このメールは「${FAMILY_DEFINITIONS[family].label}」のお知らせです。
配信の設定: ${links.settingsUrl}
このお知らせのメールを止める: ${links.pageUrl}`;
}

/** One notification, mailed at once. Subject names the document and who it is about. */
export function immediateMail(to: MailRecipient, family: MailFamily, view: NotificationView, links: UnsubscribeLinks): OutgoingMail {
  const who = [view.vendorName, view.storeName].filter(Boolean).join(' → ');
  return {
    kind: 'notification',
    to: to.email,
    recipientUserId: to.userId,
    organizationId: to.organizationId,
    subject: `【Kaiji】${view.title}${who ? `（${who}）` : ''}`,
    headers: unsubscribeHeaders(links),
    text: `${to.displayName} 様

${view.title}
${[about(view), view.body].filter(Boolean).join('\n')}
日時: ${jst(view.createdAt)}（日本時間）
${view.url ? `\nポータルで確認する:\n${view.url}\n` : ''}
${footer(family, links)}
${SIGNATURE}`,
  };
}

/** A digest section: the notifications about one store (or, where none is known, one kind). */
export interface DigestGroup {
  heading: string;
  items: NotificationView[];
}

/** The daily digest: a day's notifications of the daily families, grouped by store. */
export function digestMail(to: MailRecipient, families: MailFamily[], groups: DigestGroup[], date: Date, links: UnsubscribeLinks | null, settingsUrl: string): OutgoingMail {
  const count = groups.reduce((sum, g) => sum + g.items.length, 0);
  const sections = groups
    .map((group) => `■ ${group.heading}（${group.items.length} 件）\n${group.items.map((item) => `・${item.title}${item.vendorName ? `（${item.vendorName}）` : ''}${item.body ? `\n  ${item.body}` : ''}${item.url ? `\n  ${item.url}` : ''}`).join('\n')}`)
    .join('\n\n');
  const labels = families.map((f) => FAMILY_DEFINITIONS[f].label).join('・');
  return {
    kind: 'notification_digest',
    to: to.email,
    recipientUserId: to.userId,
    organizationId: to.organizationId,
    subject: `【Kaiji】本日のお知らせ ${count} 件（${new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', month: 'long', day: 'numeric' }).format(date)}）`,
    // One family: one-click turns it off. Several: the link opens the settings (mail clients need one target).
    headers: links ? unsubscribeHeaders(links) : undefined,
    text: `${to.displayName} 様

この 1 日の Kaiji のお知らせ（${labels}）を、薬局・医療機関ごとにまとめてお送りします。

${sections}

配信の設定（すぐに・1 日 1 回・送らない、まとめの時刻）: ${settingsUrl}${links ? `\nこのお知らせのメールを止める: ${links.pageUrl}` : ''}
${SIGNATURE}`,
  };
}

export type SecurityEvent =
  | { kind: 'new_login_address'; address: string; userAgent: string | null }
  | { kind: 'password_changed' }
  | { kind: 'two_factor_enabled' }
  | { kind: 'two_factor_disabled' }
  | { kind: 'recovery_codes_replaced' };

const SECURITY_SUBJECTS: Record<SecurityEvent['kind'], string> = {
  new_login_address: '新しい接続元からログインがありました',
  password_changed: 'パスワードが変更されました',
  two_factor_enabled: '二要素認証が有効になりました',
  two_factor_disabled: '二要素認証が無効になりました',
  recovery_codes_replaced: '二要素認証のリカバリーコードが再発行されました',
};

/** A security message: always sent, cannot be turned off, so it carries no List-Unsubscribe. */
export function securityMail(to: MailRecipient, event: SecurityEvent, at: Date, accountUrl: string): OutgoingMail {
  const detail =
    event.kind === 'new_login_address'
      ? `これまでにない接続元からログインがありました。\n接続元: ${event.address}${event.userAgent ? `\n端末: ${event.userAgent.slice(0, 200)}` : ''}`
      : `${SECURITY_SUBJECTS[event.kind]}。`;
  return {
    kind: 'security_alert',
    to: to.email,
    recipientUserId: to.userId,
    organizationId: to.organizationId,
    subject: `【Kaiji】${SECURITY_SUBJECTS[event.kind]}`,
    text: `${to.displayName} 様

あなたの Kaiji アカウント (${to.email}) について、お知らせします。
${detail}
日時: ${jst(at)}（日本時間）

ご本人の操作であれば、対応は不要です。
お心当たりがない場合は、すぐにパスワードを変更し、所属組織の管理者へ連絡してください。
アカウントの設定: ${accountUrl}

このメールはアカウントの安全のためのお知らせで、配信を止めることはできません。
${SIGNATURE}`,
  };
}

/**
 * Sent once in an hour when a person's immediate mails reach the hourly limit: what follows is in the
 * portal only, so a bulk submission to a chain of 3,000 stores never becomes 3,000 mails to its HQ.
 */
export function overflowMail(to: MailRecipient, withheld: number, perHour: number, notificationsUrl: string, settingsUrl: string): OutgoingMail {
  return {
    kind: 'notification_overflow',
    to: to.email,
    recipientUserId: to.userId,
    organizationId: to.organizationId,
    subject: '【Kaiji】お知らせが多いため、以降はポータルでご確認ください',
    text: `${to.displayName} 様

この 1 時間に、すぐに送るお知らせのメールが上限（${perHour} 通）に達しました。
ほか ${withheld} 件以上のお知らせは、メールではなくポータルの「通知」でご確認ください（1 時間たつと、メールでのお知らせを再開します）。

ポータルの通知: ${notificationsUrl}
配信の設定（1 日 1 回のまとめにすると、まとめて 1 通で届きます）: ${settingsUrl}
${SIGNATURE}`,
  };
}
