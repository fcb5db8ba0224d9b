/**
 * Mail (issue 15): the organization's delivery log for its admins, and the password reset a person
 * asks for on the login screen (public routes: no token is needed or sent).
 */
import { api, type Query } from './client';
import type * as S from './schema';

const id = encodeURIComponent;

export type MailDelivery = S.MailDeliveryDto;
export type MailDeliveryPage = S.MailDeliveryPageDto;

export const mail = {
  deliveries: (organizationId: string, query: Query) => api.get<MailDeliveryPage>(`/organizations/${id(organizationId)}/mail-deliveries`, query),
};

export const passwordReset = {
  request: (email: string) => api.post<S.PasswordResetAcceptedDto>('/auth/password-reset', { email }),
  confirm: (token: string, newPassword: string) => api.post<void>('/auth/password-reset/confirm', { token, newPassword }),
};

/** The same labels as the API's delivery log and the mailbox (one list: src/mail/mail-message.ts). */
export { MAIL_KIND_LABELS } from '../../../mail/mail-message';
