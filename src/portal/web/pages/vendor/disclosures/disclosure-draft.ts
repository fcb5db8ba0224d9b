import type { DisclosureAnswerInputDto, DisclosureDto, FormDto, FormItemDto } from '../../../api/schema';

/**
 * The editor's working copy of a draft, kept apart from the screens so that what is sent (PATCH
 * answers replaces them all) and what is missing are plain functions of it.
 */
export interface EditedAnswer {
  answer: string;
  remarks: string;
}

/** An item the partial form does not list, with the text the vendor gives it (as on the JAHIS workbook). */
export interface ExtraItem extends EditedAnswer {
  itemId: string;
  itemText: string;
  section: string;
}

export interface DraftState {
  /** Answers to the form's items, by item id ('' = not answered). */
  listed: Record<string, EditedAnswer>;
  extras: ExtraItem[];
}

export const NO_ANSWER: EditedAnswer = { answer: '', remarks: '' };

export function draftStateOf(disclosure: DisclosureDto): DraftState {
  const listed: Record<string, EditedAnswer> = {};
  const extras: ExtraItem[] = [];
  for (const answer of disclosure.answers ?? []) {
    if (answer.uncatalogued) extras.push({ itemId: answer.itemId, answer: answer.answer, remarks: answer.remarks ?? '', itemText: answer.text, section: answer.section ?? '' });
    else listed[answer.itemId] = { answer: answer.answer, remarks: answer.remarks ?? '' };
  }
  return { listed, extras };
}

/** Every answer of the draft, as PATCH /v1/disclosures/{id} takes them (unanswered items are left out). */
export function answersPayload(form: FormDto, state: DraftState): DisclosureAnswerInputDto[] {
  const listed = form.items.flatMap((item): DisclosureAnswerInputDto[] => {
    const value = state.listed[item.id];
    if (!value?.answer) return [];
    return [{ itemId: item.id, answer: value.answer, ...(value.remarks.trim() ? { remarks: value.remarks.trim() } : {}) }];
  });
  const extras = state.extras.map((extra) => ({
    itemId: extra.itemId,
    answer: extra.answer,
    itemText: extra.itemText,
    ...(extra.section.trim() ? { section: extra.section.trim() } : {}),
    ...(extra.remarks.trim() ? { remarks: extra.remarks.trim() } : {}),
  }));
  return [...listed, ...extras];
}

/** Required items of the form without an answer in the working copy: what stops publishing. */
export function missingItems(form: FormDto, state: DraftState): FormItemDto[] {
  return form.items.filter((item) => item.required && !state.listed[item.id]?.answer);
}

/** The form's items under their section headings, in the form's order. */
export function itemsBySection(form: FormDto): { id: string; title: string; titleEn?: string; items: FormItemDto[] }[] {
  return form.sections
    .map((section) => ({ ...section, items: form.items.filter((item) => item.sectionId === section.id) }))
    .filter((section) => section.items.length > 0);
}

/** いいえ and 対象外 call for risk communication with the pharmacy: the editor asks for 備考 beside them. */
export const isRiskAnswer = (answer: string) => answer === 'いいえ' || answer === '対象外';
