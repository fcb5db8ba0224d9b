/**
 * Invitations (issue 15): an organization's admins invite, resend and revoke; the invitee looks the
 * link up and accepts it (public routes: the token travels in the body, never in a URL the API logs).
 */
import { api, type Query } from './client';
import type * as S from './schema';

const id = encodeURIComponent;

export type Invitation = S.InvitationDto;

export const invitations = {
  list: (organizationId: string, query: Query) => api.get<S.InvitationPageDto>(`/organizations/${id(organizationId)}/invitations`, query),
  create: (organizationId: string, body: S.CreateInvitationDto) => api.post<Invitation>(`/organizations/${id(organizationId)}/invitations`, body),
  resend: (organizationId: string, invitationId: string) => api.post<Invitation>(`/organizations/${id(organizationId)}/invitations/${id(invitationId)}/resend`),
  revoke: (organizationId: string, invitationId: string) => api.post<Invitation>(`/organizations/${id(organizationId)}/invitations/${id(invitationId)}/revoke`),
  lookup: (token: string) => api.post<S.InvitationLookupDto>('/invitations/lookup', { token }),
  accept: (body: S.AcceptInvitationDto) => api.post<S.InvitationAcceptedDto>('/invitations/accept', body),
};

export const INVITATION_STATUS_LABELS: Record<Invitation['status'], string> = {
  pending: '承諾待ち',
  accepted: '参加済み',
  revoked: '取り消し',
  expired: '期限切れ',
};

export const ROLE_LABELS: Record<Invitation['role'], string> = {
  admin: '管理者 (admin)',
  member: 'メンバー (member)',
  viewer: '閲覧のみ (viewer)',
};
