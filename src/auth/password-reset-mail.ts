import type { OutgoingMail } from '../mail/mail-message';

interface Recipient {
  id: string;
  email: string;
  displayName: string;
  organizationId: string;
}

const SIGNATURE = '\n--\nKaiji (開示) ― 医療情報システムの安全管理に関する情報共有\nこのメールは送信専用です。';

const jst = (date: Date): string =>
  new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' }).format(date);

/** The reset link's mail. The token is in the link only: the stored body is cleared once sent (src/mail). */
export function resetLinkMail(user: Recipient, link: string, validMinutes: number): OutgoingMail {
  return {
    kind: 'password_reset',
    to: user.email,
    recipientUserId: user.id,
    organizationId: user.organizationId,
    subject: '【Kaiji】パスワード再設定のご案内',
    text: `${user.displayName} 様

Kaiji (開示) のパスワードの再設定が申し込まれました。
次のリンクを ${validMinutes} 分以内に開き、新しいパスワードを設定してください。リンクは一度だけ使えます。

${link}

お心当たりがない場合は、このメールを破棄してください。パスワードは変わりません。
二要素認証を設定している場合は、再設定のあともログインに認証コードが必要です。
${SIGNATURE}`,
  };
}

/** A security message: always sent, it cannot be turned off. */
export function passwordChangedMail(user: Recipient, changedAt: Date): OutgoingMail {
  return {
    kind: 'password_changed',
    to: user.email,
    recipientUserId: user.id,
    organizationId: user.organizationId,
    subject: '【Kaiji】パスワードが変更されました',
    text: `${user.displayName} 様

あなたの Kaiji アカウント (${user.email}) のパスワードが ${jst(changedAt)} (日本時間) に再設定されました。
安全のため、すべての端末からログアウトしています。新しいパスワードでログインしてください。

お心当たりがない場合は、すぐに所属組織の管理者へ連絡し、パスワードを再設定してください。
${SIGNATURE}`,
  };
}
