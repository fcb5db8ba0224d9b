import type { ChecklistAnswerInputDto, FormItemDto } from '../../../api/schema';
import type { DraftAnswer } from '../checklist-rows';

/** The rows as entered, in the form's order, as the API takes answers: empty fields left out, a 目標日 only on いいえ. */
export function answersOf(items: FormItemDto[], draft: Record<string, DraftAnswer>): ChecklistAnswerInputDto[] {
  return items
    .filter((item) => draft[item.id]?.answer)
    .map((item) => {
      const value = draft[item.id];
      return {
        itemId: item.id,
        answer: value.answer,
        // Blank stays '' so the API names the missing 確認日 beside its item.
        confirmedOn: value.confirmedOn,
        targetOn: value.answer === 'いいえ' ? value.targetOn || undefined : undefined,
        ...(item.plannedBy && value.answer === 'はい' && value.plannedOn ? { plannedOn: value.plannedOn } : {}),
        remarks: value.remarks.trim() || undefined,
      };
    });
}
