import type { OutgoingMail } from '../mail/mail-message';

interface ResetFacts {
  passwordReset: boolean;
  twoFactorReset: boolean;
  resetAt: Date;
}

interface Recipient {
  id: string;
  email: string;
  displayName: string;
  organizationId: string;
}

const jst = (date: Date): string =>
  new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' }).format(date);

/**
 * A security message, always sent (it cannot be turned off): an organization admin reset the user's
 * password and/or 2FA. It names no temporary password: the admin hands that over another way.
 */
export function credentialsResetMail(user: Recipient, facts: ResetFacts): OutgoingMail {
  const what = [facts.passwordReset ? 'パスワード' : '', facts.twoFactorReset ? '二要素認証' : ''].filter(Boolean).join('と');
  const next = [
    facts.passwordReset ? '・管理者から伝えられた一時パスワードでログインし、新しいパスワードを設定してください。' : '',
    facts.twoFactorReset ? '・ログイン後、認証アプリを登録し直してください。' : '',
  ].filter(Boolean);
  return {
    kind: 'security_alert',
    to: user.email,
    recipientUserId: user.id,
    organizationId: user.organizationId,
    subject: `【Kaiji】管理者が${what}をリセットしました`,
    text: `${user.displayName} 様

所属組織の管理者が、あなたの Kaiji アカウント (${user.email}) の${what}を ${jst(facts.resetAt)} (日本時間) にリセットしました。
安全のため、すべての端末からログアウトしています。

${next.join('\n')}

お心当たりがない場合は、すぐに所属組織の管理者へ連絡してください。
--
Kaiji (開示) ― 医療情報システムの安全管理に関する情報共有
このメールは送信専用です。セキュリティに関するお知らせのため、配信を停止できません。`,
  };
}
