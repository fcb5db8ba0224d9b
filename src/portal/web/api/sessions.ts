/** The signed-in user's devices (issue 15): list, sign out one, sign out all the others. */
import { api } from './client';
import type * as S from './schema';

export const mySessions = {
  list: () => api.get<S.SessionListDto>('/me/sessions'),
  revoke: (sessionId: string) => api.post<void>(`/me/sessions/${encodeURIComponent(sessionId)}/revoke`),
  revokeOthers: () => api.post<S.SessionsRevokedDto>('/me/sessions/revoke-others'),
};
