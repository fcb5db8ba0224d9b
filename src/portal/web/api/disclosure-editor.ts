import { api, withQuery, type Query } from './client';
import type * as S from './schema';

/**
 * The vendor's MDS/SDS/RM-SDS editor and fulfilling requests in place, over the public API:
 * /v1/disclosures (drafts, answers, the original PDF, publish, withdraw) and
 * /v1/document-requests/{id}/candidates (what a request can be fulfilled with).
 */

const id = encodeURIComponent;

export const vendorDisclosures = {
  list: (query: Query) => api.get<S.DisclosurePageDto>('/disclosures', query),
  get: (disclosureId: string) => api.get<S.DisclosureDto>(`/disclosures/${id(disclosureId)}`),
  /** The disclosure with its ETag, for the draft editor's saves (If-Match). */
  getTagged: (disclosureId: string) => api.getTagged<S.DisclosureDto>(`/disclosures/${id(disclosureId)}`),
  /** A draft: blank (answers: [] and an audience) or `copyFrom: 'previous'` (the latest revision's answers and audience). */
  create: (body: S.CreateDisclosureDto) => api.post<S.DisclosureDto>('/disclosures', body),
  /** Replaces every answer of the draft (and/or its audience). */
  update: (disclosureId: string, body: S.UpdateDisclosureDto) => api.patch<S.DisclosureDto>(`/disclosures/${id(disclosureId)}`, body),
  /** Changes the draft only if it is still as read (`etag`); a 412 means someone else saved first. */
  updateTagged: (disclosureId: string, body: S.UpdateDisclosureDto, etag: string | null) => api.writeTagged<S.DisclosureDto>('PATCH', `/disclosures/${id(disclosureId)}`, body, etag),
  publish: (disclosureId: string) => api.post<S.DisclosureDto>(`/disclosures/${id(disclosureId)}/publish`),
  withdraw: (disclosureId: string, reason: string) => api.post<S.DisclosureDto>(`/disclosures/${id(disclosureId)}/withdraw`, { reason }),
  /** The original PDF, sent as it is (application/pdf); the API inspects it and answers 422 with the reason when it refuses it. */
  attach: (disclosureId: string, file: Blob, filename: string) =>
    api.put<S.AttachmentInfoDto>(withQuery(`/disclosures/${id(disclosureId)}/attachment`, { filename }), file.type === 'application/pdf' ? file : new Blob([file], { type: 'application/pdf' })),
  attachment: (disclosureId: string) => api.download(`/disclosures/${id(disclosureId)}/attachment`, undefined, 'original.pdf'),
};

export const securityForms = {
  list: () => api.get<S.FormPageDto>('/forms', { kind: 'security_disclosure', limit: 100 }),
  get: (formId: string) => api.get<S.FormDto>(`/forms/${id(formId)}`),
};

export const requestFulfilment = {
  /** The published disclosures or submitted checklists POST …/fulfil would accept (the addressee only). */
  candidates: (requestId: string) => api.get<S.FulfilmentCandidatesDto>(`/document-requests/${id(requestId)}/candidates`),
  fulfil: (requestId: string, body: S.FulfilDocumentRequestDto) => api.post<S.DocumentRequestDto>(`/document-requests/${id(requestId)}/fulfil`, body),
  get: (requestId: string) => api.get<S.DocumentRequestDto>(`/document-requests/${id(requestId)}`),
};
