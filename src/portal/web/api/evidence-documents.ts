import { api, withQuery } from './client';
import type * as S from './schema';

const id = encodeURIComponent;

/** Evidence files (証跡・規程類): BCP, 規程類, access-log review records, per 年度. A chain reads a store's. */
export const evidenceDocuments = {
  list: (query: { fiscalYear: number; kind?: string; pharmacyId?: string; cursor?: string }) => api.get<S.EvidenceDocumentPageDto>('/evidence-documents', { ...query, limit: 50 }),
  create: (body: S.CreateEvidenceDocumentDto) => api.post<S.EvidenceDocumentDto>('/evidence-documents', body),
  /** The PDF, sent as it is; the API inspects it as disclosure attachments and answers 422 with the reason when it refuses it. */
  attach: (documentId: string, file: Blob, filename: string) =>
    api.put<S.EvidenceDocumentDto>(withQuery(`/evidence-documents/${id(documentId)}/file`, { filename }), file.type === 'application/pdf' ? file : new Blob([file], { type: 'application/pdf' })),
  file: (documentId: string, filename: string) => api.download(`/evidence-documents/${id(documentId)}/file`, undefined, filename),
  archive: (documentId: string) => api.delete<void>(`/evidence-documents/${id(documentId)}`),
};
