import type { OutgoingMail } from '../mail/mail-message';
import type { UserRole } from '../accounts/user.entity';

export interface InvitationMailView {
  to: string;
  displayName: string | null;
  organizationId: string;
  organizationName: string;
  inviterName: string;
  role: UserRole;
  link: string;
  expiresAt: Date;
}

const ROLE_LABELS: Record<UserRole, string> = { admin: '管理者', member: 'メンバー', viewer: '閲覧のみ' };

const SIGNATURE = '\n--\nKaiji (開示) ― 医療情報システムの安全管理に関する情報共有\nこのメールは送信専用です。';

const jst = (date: Date): string =>
  new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'long', timeStyle: 'short' }).format(date);

/**
 * The invitation's mail: a pure function of its view (testable without a server). The token is in
 * the link only; the outbox clears the stored body once the message leaves (src/mail).
 */
export function invitationMail(view: InvitationMailView): OutgoingMail {
  return {
    kind: 'invitation',
    to: view.to,
    organizationId: view.organizationId,
    subject: `【Kaiji】${view.organizationName} から招待が届いています`,
    text: `${view.displayName ? `${view.displayName} 様` : 'ご担当者 様'}

${view.inviterName} さんが、あなたを Kaiji (開示) の「${view.organizationName}」に${ROLE_LABELS[view.role]}として招待しました。
次のリンクを開き、お名前とパスワードを設定して参加してください。リンクは一度だけ使えます。

${view.link}

有効期限: ${jst(view.expiresAt)} (日本時間)
期限が切れたときは、招待した方に再送を依頼してください。
お心当たりがない場合は、このメールを破棄してください。アカウントは作られません。
${SIGNATURE}`,
  };
}
