import { missingChecklistItems } from '../checklists/checklist-answers';
import type { FormDefinition } from '../forms/form-definition';
import type { StoredAnswer } from './answer-set-store';
import type { AnswerSetDto, AnswerSetSummaryDto } from './answer-set-responses.dto';

/** A row of answer_sets as selected with `*`. */
export interface AnswerSetRow {
  id: string;
  vendor_id: string;
  name: string;
  form_id: string;
  manager_name: string | null;
  answers: StoredAnswer[];
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  archived_at: Date | null;
  archived_by: string | null;
}

export function toAnswerSetSummaryDto(row: AnswerSetRow, form: FormDefinition): AnswerSetSummaryDto {
  const missingItems = missingChecklistItems(
    form,
    row.answers.map((answer) => answer.itemId),
  );
  return {
    id: row.id,
    name: row.name,
    form: { id: form.id, versionLabel: form.versionLabel, title: form.title, fiscalYear: form.fiscalYear ?? null, audience: form.audience },
    managerName: row.manager_name,
    answerCount: row.answers.length,
    complete: missingItems.length === 0,
    missingItems,
    archived: row.archived_at !== null,
    archivedAt: row.archived_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export function toAnswerSetDto(row: AnswerSetRow, form: FormDefinition): AnswerSetDto {
  return {
    ...toAnswerSetSummaryDto(row, form),
    answers: row.answers.map((answer) => ({
      itemId: answer.itemId,
      answer: answer.answer,
      confirmedOn: answer.confirmedOn ?? null,
      targetOn: answer.targetOn ?? null,
      plannedOn: answer.plannedOn ?? null,
      remarks: answer.remarks ?? null,
    })),
  };
}
