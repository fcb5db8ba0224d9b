/**
 * Pharmacies not on Kaiji, invited by a vendor with a proposal or by a chain as a store (issue 15):
 * nothing is mailed until the operator has checked the first admin's address and approved.
 */
import { api, type Query } from './client';
import type * as S from './schema';

const id = encodeURIComponent;

export type PendingPharmacy = S.PendingPharmacyDto;

export const pendingPharmacies = {
  list: (query: Query) => api.get<S.PendingPharmacyPageDto>('/pending-pharmacies', query),
  inviteStore: (chainId: string, body: S.InvitePharmacyDto) => api.post<PendingPharmacy>(`/chains/${id(chainId)}/store-invitations`, body),
  inviteWithProposal: (body: S.VendorPharmacyInvitationDto) => api.post<PendingPharmacy>('/pharmacy-invitations', body),
  approve: (pendingId: string) => api.post<PendingPharmacy>(`/pending-pharmacies/${id(pendingId)}/approve`),
  reject: (pendingId: string, body: S.RejectPendingPharmacyDto) => api.post<PendingPharmacy>(`/pending-pharmacies/${id(pendingId)}/reject`, body),
};
