import { api, type Query } from './client';
import type * as S from './schema';

/** Your answer sets (回答セット) and their applications to many customers: /v1/answer-sets. */

const id = encodeURIComponent;

export const answerSets = {
  list: (query: Query) => api.get<S.AnswerSetPageDto>('/answer-sets', query),
  get: (setId: string) => api.get<S.AnswerSetDto>(`/answer-sets/${id(setId)}`),
  create: (body: S.CreateAnswerSetDto) => api.post<S.AnswerSetDto>('/answer-sets', body),
  update: (setId: string, body: S.UpdateAnswerSetDto) => api.patch<S.AnswerSetDto>(`/answer-sets/${id(setId)}`, body),
  /** Archives: the set leaves the list; what it created stays. */
  archive: (setId: string) => api.delete<S.AnswerSetDto>(`/answer-sets/${id(setId)}`),
  /** dryRun: true previews (nothing written); otherwise applies and answers the finished record. */
  apply: (setId: string, body: S.ApplyAnswerSetDto, idempotencyKey?: string) =>
    api.post<S.AnswerSetApplicationDto>(`/answer-sets/${id(setId)}/applications`, body, idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined),
  applications: (setId: string, query: Query) => api.get<S.AnswerSetApplicationPageDto>(`/answer-sets/${id(setId)}/applications`, query),
  application: (setId: string, applicationId: string) => api.get<S.AnswerSetApplicationDto>(`/answer-sets/${id(setId)}/applications/${id(applicationId)}`),
};

export const checklistForms = {
  /** The 事業者確認用 version a 年度 uses for a kind of customer (carried forward while the 年度 has none). */
  applicable: (audience: 'pharmacy' | 'medical', fiscalYear: number) => api.get<S.FormUseDto>('/forms/applicable', { kind: 'vendor_checklist', audience, fiscalYear }),
  get: (formId: string) => api.get<S.FormDto>(`/forms/${id(formId)}`),
};
