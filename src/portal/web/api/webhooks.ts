/** Webhook subscriptions (Standard Webhooks): subscribe, test (ping), redeliver, rotate the secret with an overlap. */
import { api, type Query } from './client';
import type * as S from './schema';

const id = encodeURIComponent;

export const webhooks = {
  list: (query: Query) => api.get<S.WebhookPageDto>('/webhooks', query),
  create: (body: S.CreateWebhookDto) => api.post<S.WebhookWithSecretDto>('/webhooks', body),
  update: (webhookId: string, body: S.UpdateWebhookDto) => api.patch<S.WebhookDto>(`/webhooks/${id(webhookId)}`, body),
  deliveries: (webhookId: string, query: Query) => api.get<S.WebhookDeliveryPageDto>(`/webhooks/${id(webhookId)}/deliveries`, query),
  ping: (webhookId: string) => api.post<S.WebhookDeliveryRequestDto>(`/webhooks/${id(webhookId)}/ping`),
  redeliver: (webhookId: string, deliveryId: string) => api.post<S.WebhookDeliveryRequestDto>(`/webhooks/${id(webhookId)}/deliveries/${id(deliveryId)}/redeliver`),
  rotateSecret: (webhookId: string, body: S.RotateSecretDto) => api.post<S.WebhookWithSecretDto>(`/webhooks/${id(webhookId)}/rotate-secret`, body),
};

/** The event types, in Japanese (the API's EventType). */
export const EVENT_LABELS: Record<S.CreateWebhookDto['events'][number], string> = {
  'contract.proposed': '契約の提案が届いた',
  'contract.accepted': '契約が有効になった',
  'contract.ended': '契約が終了した',
  'contract.withdrawn': '契約の提案が取り下げられた',
  'disclosure.published': 'MDS/SDSが公開された',
  'disclosure.changed': 'MDS/SDSの重要な回答が変わった',
  'checklist.submitted': '事業者確認用チェックリストが提出された',
  'checklist.changed': 'チェックリストの重要な回答が変わった',
  'document_request.created': '書類の依頼が届いた',
  'document_request.fulfilled': '依頼した書類が提出された',
  'document_request.declined': '依頼が辞退された',
  'risk_thread.opened': 'スレッドが開かれた',
  'risk_thread.message': 'スレッドに新しいメッセージ',
  'risk_thread.resolved': 'スレッドが解決された',
  'remote_maintenance.disclosed': 'リモートメンテナンスの開示が届いた',
  'remote_maintenance.confirmed': 'リモートメンテナンスの開示が確認された',
  'organization.operator_action': '運営者が組織を操作した',
  'user.credentials_reset': 'ユーザーの認証情報がリセットされた',
  'pending_pharmacy.approved': '招待した薬局が承認された',
  'pending_pharmacy.rejected': '招待した薬局が却下された',
  'reminder.target_date_due': 'リマインダー：目標日',
  'reminder.request_due': 'リマインダー：依頼の期限が近い',
  'reminder.request_overdue': 'リマインダー：依頼の期限切れ',
  'reminder.thread_waiting': 'リマインダー：スレッドが回答待ち',
  'reminder.fiscal_year_started': 'リマインダー：新年度の開始',
  'reminder.form_outdated': 'リマインダー：旧様式での回答',
};

/** Overlap choices when rotating (hours the replaced secret keeps signing). */
export const OVERLAP_CHOICES = [
  { hours: 0, label: 'すぐに無効にする（重複なし）' },
  { hours: 1, label: '1時間' },
  { hours: 24, label: '24時間（既定）' },
  { hours: 72, label: '3日間' },
  { hours: 168, label: '7日間（最長）' },
] as const;
