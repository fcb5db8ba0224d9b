/**
 * Event families a user chooses e-mail for, as data: which event types belong to each, its Japanese
 * label and its default. Types outside every family (operator actions, an admin's credential reset)
 * are not mailed by this feature. Security messages are not a family: they cannot be turned off.
 */
export const MAIL_MODES = ['immediate', 'daily', 'off'] as const;
export type MailMode = (typeof MAIL_MODES)[number];

export const MAIL_FAMILIES = ['documents', 'requests', 'threads', 'contracts', 'remote_maintenance', 'reminders'] as const;
export type MailFamily = (typeof MAIL_FAMILIES)[number];

export interface FamilyDefinition {
  label: string;
  description: string;
  /** Event types of the family; a trailing `.*` takes every type with that prefix. */
  types: string[];
  defaultMode: MailMode;
}

export const FAMILY_DEFINITIONS: Record<MailFamily, FamilyDefinition> = {
  documents: {
    label: '書類の提出・公開',
    description: 'チェックリストの提出・変更、MDS/SDS の公開・変更',
    types: ['checklist.submitted', 'checklist.changed', 'disclosure.published', 'disclosure.changed'],
    defaultMode: 'daily',
  },
  requests: { label: '依頼', description: '書類の提出依頼、その提出と辞退', types: ['document_request.*'], defaultMode: 'daily' },
  // A question waits for an answer: threads are mailed at once unless the user chooses otherwise.
  threads: { label: 'スレッド', description: 'リスクコミュニケーションの問い合わせ・メッセージ・解決', types: ['risk_thread.*'], defaultMode: 'immediate' },
  contracts: { label: '契約', description: '契約の提案・承認・終了・取り下げ', types: ['contract.*'], defaultMode: 'daily' },
  remote_maintenance: { label: 'リモートメンテナンス', description: 'リモートメンテナンスの開示と確認', types: ['remote_maintenance.*'], defaultMode: 'daily' },
  reminders: { label: 'リマインダー', description: '目標日・期限・返信待ちなどのお知らせ', types: ['reminder.*'], defaultMode: 'daily' },
};

/** The digest hour (JST) of a user who has not chosen one. */
export const DEFAULT_DIGEST_HOUR = 8;

/** The family of an event type, or null when notifications of that type are not mailed. */
export function familyOf(type: string): MailFamily | null {
  for (const family of MAIL_FAMILIES) {
    for (const pattern of FAMILY_DEFINITIONS[family].types) {
      if (pattern.endsWith('.*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern) return family;
    }
  }
  return null;
}
