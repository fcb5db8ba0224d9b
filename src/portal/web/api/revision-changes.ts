/**
 * What changed between revisions (issue 14, answer-level diffs): GET
 * /v1/contracts/{id}/checklists/{fiscalYear}/changes and /v1/disclosures/{id}/changes, typed from
 * the API's DTOs (src/revision-changes/revision-changes.dto.ts).
 */
import { api } from './client';
import type * as S from './schema';

const id = encodeURIComponent;

export type RevisionChanges = S.RevisionChangesDto;
export type AnswerChange = S.AnswerChangeDto;

/** Which document's changes: a checklist (a revision, by default the latest submitted) or a disclosure. */
export type ChangesSource = { kind: 'checklist'; contractId: string; fiscalYear: number; revision?: number } | { kind: 'disclosure'; disclosureId: string };

export const revisionChanges = {
  checklist: (contractId: string, fiscalYear: number, revision?: number) =>
    api.get<RevisionChanges>(`/contracts/${id(contractId)}/checklists/${fiscalYear}/changes`, { revision }),
  disclosure: (disclosureId: string) => api.get<RevisionChanges>(`/disclosures/${id(disclosureId)}/changes`),
  of: (source: ChangesSource) =>
    source.kind === 'checklist' ? revisionChanges.checklist(source.contractId, source.fiscalYear, source.revision) : revisionChanges.disclosure(source.disclosureId),
};
