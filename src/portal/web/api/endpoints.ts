import { api, type Query } from './client';
import type * as S from './schema';

/** Every list of the API answers one page: `{items, nextCursor}`. */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

const id = encodeURIComponent;

export const auth = {
  /** The portal asks for the refresh token as an HttpOnly cookie (it never reaches the page). */
  login: (body: S.LoginDto & { tokenDelivery: 'cookie' }) => api.post<S.TokensDto>('/auth/login', body),
  logout: () => api.post<void>('/auth/logout'),
  me: () => api.get<S.MeDto>('/me'),
  changePassword: (body: S.ChangePasswordDto) => api.post<S.TokensDto | void>('/auth/password', body),
  startEnrolment: () => api.post<S.TwoFactorEnrolmentDto>('/auth/2fa/enrolment'),
  confirmEnrolment: (otp: string) => api.post<S.RecoveryCodesDto>('/auth/2fa/enrolment/confirm', { otp }),
  newRecoveryCodes: (otp: string) => api.post<S.RecoveryCodesDto>('/auth/2fa/recovery-codes', { otp }),
  disableTwoFactor: (body: S.DisableTwoFactorDto) => api.post<void>('/auth/2fa/disable', body),
};

export const organizations = {
  list: (query: Query) => api.get<S.OrganizationPageDto>('/organizations', query),
  create: (body: S.CreateOrganizationDto) => api.post<S.OrganizationDto>('/organizations', body),
  get: (orgId: string) => api.get<S.OrganizationDto>(`/organizations/${id(orgId)}`),
  update: (orgId: string, body: S.UpdateOrganizationDto) => api.patch<S.OrganizationDto>(`/organizations/${id(orgId)}`, body),
  users: (orgId: string, query: Query) => api.get<S.UserPageDto>(`/organizations/${id(orgId)}/users`, query),
  createUser: (orgId: string, body: S.CreateUserDto) => api.post<S.UserDto>(`/organizations/${id(orgId)}/users`, body),
  updateUser: (orgId: string, userId: string, body: S.UpdateUserDto) => api.patch<S.UserDto>(`/organizations/${id(orgId)}/users/${id(userId)}`, body),
  disableInactive: (orgId: string) => api.post<S.DisabledUsersDto>(`/organizations/${id(orgId)}/users/disable-inactive`),
  /** An admin resets a member's password and/or 2FA: every session of theirs ends; they set a new one / enrol at the next login. */
  resetCredentials: (orgId: string, userId: string, body: S.ResetCredentialsDto) =>
    api.post<S.UserDto>(`/organizations/${id(orgId)}/users/${id(userId)}/reset-credentials`, body),
  apiClients: (orgId: string, query: Query) => api.get<S.ApiClientPageDto>(`/organizations/${id(orgId)}/api-clients`, query),
  createApiClient: (orgId: string, body: S.CreateApiClientDto) => api.post<S.CreatedApiClientDto>(`/organizations/${id(orgId)}/api-clients`, body),
  revokeApiClient: (orgId: string, clientId: string) => api.post<S.ApiClientDto>(`/organizations/${id(orgId)}/api-clients/${id(clientId)}/revoke`),
};

/** Vendors' name / 法人番号 changes, which take effect only when the operator approves them. */
export const identityChanges = {
  list: (query: Query) => api.get<S.IdentityChangePageDto>('/organization-identity-changes', query),
  approve: (changeId: string) => api.post<S.IdentityChangeReviewDto>(`/organization-identity-changes/${id(changeId)}/approve`),
  reject: (changeId: string, body: S.RejectIdentityChangeDto) => api.post<S.IdentityChangeReviewDto>(`/organization-identity-changes/${id(changeId)}/reject`, body),
};

export const audit = {
  list: (query: Query) => api.get<S.AuditEventPageDto>('/audit-events', query),
  verify: (query: Query) => api.get<S.AuditVerificationDto>('/audit-events/verification', query),
  csv: (query: Query) => api.download('/audit-events', { ...query, format: 'csv' }, 'audit-events.csv'),
};

export const notifications = {
  list: (query: Query) => api.get<S.NotificationPageDto>('/notifications', query),
  read: (notificationId: string) => api.post<S.NotificationDto>(`/notifications/${id(notificationId)}/read`),
  readAll: () => api.post<S.MarkAllReadDto>('/notifications/read-all'),
};

export const forms = {
  get: (formId: string) => api.get<S.FormDto>(`/forms/${id(formId)}`),
};

export const contracts = {
  list: (query: Query) => api.get<S.ContractPageDto>('/contracts', query),
  get: (contractId: string) => api.get<S.ContractDto>(`/contracts/${id(contractId)}`),
  accept: (contractId: string, body: S.AcceptContractDto = {}) => api.post<S.ContractDto>(`/contracts/${id(contractId)}/accept`, body),
  decline: (contractId: string) => api.post<S.ContractDto>(`/contracts/${id(contractId)}/decline`),
  end: (contractId: string, body: S.EndContractDto) => api.post<S.ContractDto>(`/contracts/${id(contractId)}/end`, body),
  checklist: (contractId: string, fiscalYear: number, revision?: number) =>
    api.get<S.ChecklistDto>(`/contracts/${id(contractId)}/checklists/${fiscalYear}`, { revision }),
  checklistPdf: (contractId: string, fiscalYear: number, revision?: number) =>
    api.download(`/contracts/${id(contractId)}/checklists/${fiscalYear}/pdf`, { revision }, `checklist-${fiscalYear}.pdf`),
  remoteMaintenance: (contractId: string, history = false) =>
    api.get<S.ContractRemoteMaintenanceDto>(`/contracts/${id(contractId)}/remote-maintenance`, { history: history || undefined }),
  confirmRemoteMaintenance: (contractId: string, body: S.ConfirmRemoteMaintenanceDto) =>
    api.post<S.RemoteMaintenanceDisclosureDto>(`/contracts/${id(contractId)}/remote-maintenance/confirm`, body),
};

export const products = {
  list: (query: Query) => api.get<S.ProductPageDto>('/products', query),
};

export const disclosures = {
  list: (query: Query) => api.get<S.DisclosurePageDto>('/disclosures', query),
  get: (disclosureId: string) => api.get<S.DisclosureDto>(`/disclosures/${id(disclosureId)}`),
  pdf: (disclosureId: string) => api.download(`/disclosures/${id(disclosureId)}/pdf`, undefined, 'disclosure.pdf'),
  attachment: (disclosureId: string) => api.download(`/disclosures/${id(disclosureId)}/attachment`, undefined, 'original.pdf'),
};

export const requests = {
  list: (query: Query) => api.get<S.DocumentRequestPageDto>('/document-requests', query),
  get: (requestId: string) => api.get<S.DocumentRequestDto>(`/document-requests/${id(requestId)}`),
  create: (body: S.CreateDocumentRequestDto) => api.post<S.DocumentRequestDto>('/document-requests', body),
  fulfil: (requestId: string, body: S.FulfilDocumentRequestDto) => api.post<S.DocumentRequestDto>(`/document-requests/${id(requestId)}/fulfil`, body),
  decline: (requestId: string, reason: string) => api.post<S.DocumentRequestDto>(`/document-requests/${id(requestId)}/decline`, { reason }),
};

export const threads = {
  list: (query: Query) => api.get<S.RiskThreadPageDto>('/risk-threads', query),
  get: (threadId: string) => api.get<S.RiskThreadDetailDto>(`/risk-threads/${id(threadId)}`),
  open: (body: S.OpenRiskThreadDto) => api.post<S.RiskThreadDetailDto>('/risk-threads', body),
  message: (threadId: string, body: string) => api.post<S.RiskThreadDetailDto>(`/risk-threads/${id(threadId)}/messages`, { body }),
  resolve: (threadId: string, body: S.ResolveRiskThreadDto) => api.post<S.RiskThreadDetailDto>(`/risk-threads/${id(threadId)}/resolve`, body),
  reopen: (threadId: string, reason?: string) => api.post<S.RiskThreadDetailDto>(`/risk-threads/${id(threadId)}/reopen`, reason ? { reason } : {}),
  setDue: (threadId: string, dueOn: string | null) => api.patch<S.RiskThreadDetailDto>(`/risk-threads/${id(threadId)}`, { dueOn }),
};

export const reviewQueue = {
  list: (query: Query) => api.get<S.ReviewQueuePageDto>('/review-queue', query),
  markReviewed: (body: S.MarkReviewedDto) => api.post<S.AnswerReviewDto>('/review-queue/reviews', body),
};

export const pharmacies = {
  standing: (pharmacyId: string, fiscalYear?: number) => api.get<S.StandingDto>(`/pharmacies/${id(pharmacyId)}/standing`, { fiscalYear }),
  checklist: (pharmacyId: string, fiscalYear: number) => api.get<S.FacilityChecklistDto>(`/pharmacies/${id(pharmacyId)}/checklists/${fiscalYear}`),
  saveChecklist: (pharmacyId: string, fiscalYear: number, body: S.SaveFacilityChecklistDto) =>
    api.put<S.FacilityChecklistDto>(`/pharmacies/${id(pharmacyId)}/checklists/${fiscalYear}`, body),
  /** Issue 5: the 立入検査 pack (PDF); absent on older servers (404). */
  inspectionPack: (pharmacyId: string, fiscalYear: number) =>
    api.download(`/pharmacies/${id(pharmacyId)}/inspection-pack/${fiscalYear}`, undefined, `inspection-pack-${fiscalYear}.pdf`),
};
