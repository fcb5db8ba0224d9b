/**
 * Notification e-mail (issue 15): the signed-in user's settings per family, and the one-click
 * unsubscribe a mail's link leads to (public: the token in the link is the proof).
 */
import { api } from './client';
import type * as S from './schema';

export type NotificationPreferences = S.NotificationPreferencesDto;
export type MailMode = S.FamilyChoiceDto['mode'];
export type MailFamily = S.FamilyChoiceDto['family'];

export const notificationMail = {
  preferences: () => api.get<NotificationPreferences>('/me/notification-preferences'),
  update: (body: S.UpdateNotificationPreferencesDto) => api.put<NotificationPreferences>('/me/notification-preferences', body),
  unsubscribe: (token: string) => api.post<S.UnsubscribedDto>(`/notification-preferences/unsubscribe?token=${encodeURIComponent(token)}`),
};

export const MAIL_MODE_LABELS: Record<MailMode, string> = {
  immediate: 'すぐに送る',
  daily: '1 日 1 回まとめて送る',
  off: '送らない',
};
