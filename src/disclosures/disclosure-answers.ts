import type { FieldError } from '../common/app-error';
import { answerError } from '../forms/answer-errors';
import { APPLICABILITY_ANSWERS, DISCLOSURE_ANSWERS, FormDefinition } from '../forms/form-definition';
import type { DisclosureAnswerInputDto } from './disclosures.dto';

export interface DisclosureAnswerRow {
  itemId: string;
  ordinal: number;
  answer: string;
  remarks: string | null;
  itemText: string | null;
  section: string | null;
}

const ANY_DISCLOSURE_ANSWER: readonly string[] = [...DISCLOSURE_ANSWERS, ...APPLICABILITY_ANSWERS];
/** Items a partial form does not list are ordered after every listed one, as given. */
const UNCATALOGUED_ORDINAL_BASE = 100_000;

/**
 * Checks answers against the form: listed items strictly (only the answers the form allows); items
 * a partial form does not list are taken with the text the vendor supplies, so that a whole JAHIS
 * workbook can be taken in.
 */
export function checkDisclosureAnswers(form: FormDefinition, answers: DisclosureAnswerInputDto[], field = 'answers'): { rows: DisclosureAnswerRow[]; errors: FieldError[] } {
  const positions = new Map(form.items.map((item, index) => [item.id, { item, index }]));
  const seen = new Set<string>();
  const rows: DisclosureAnswerRow[] = [];
  const errors: FieldError[] = [];
  answers.forEach((input, index) => {
    const at = `${field}[${index}]`;
    if (seen.has(input.itemId)) {
      errors.push(answerError(`${at}.itemId`, input.itemId, 'この項目への回答が重複しています', 'the item is answered a second time'));
      return;
    }
    seen.add(input.itemId);
    const listed = positions.get(input.itemId);
    if (listed) {
      if (!(listed.item.answers as string[]).includes(input.answer)) {
        const allowed = listed.item.answers.join('・');
        errors.push(answerError(`${at}.answer`, input.itemId, `回答は${allowed}のいずれかです`, `the answer must be one of ${listed.item.answers.join(', ')}`));
      }
      if (input.itemText !== undefined) {
        errors.push(answerError(`${at}.itemText`, input.itemId, '項目の文言は様式にない項目にだけ記入します', 'itemText is only for items the form does not list'));
      }
      rows.push({ itemId: input.itemId, ordinal: listed.index, answer: input.answer, remarks: input.remarks ?? null, itemText: null, section: null });
      return;
    }
    if (!form.partial) {
      errors.push(answerError(`${at}.itemId`, input.itemId, `様式 ${form.id} にない項目です`, `not an item of form ${form.id}`));
      return;
    }
    if (!input.itemText?.trim()) {
      errors.push(answerError(`${at}.itemText`, input.itemId, `様式 ${form.id} にない項目です。項目の文言（itemText）を記入してください`, `itemText is required for an item form ${form.id} does not list`));
    }
    if (!ANY_DISCLOSURE_ANSWER.includes(input.answer)) {
      errors.push(answerError(`${at}.answer`, input.itemId, `回答は${ANY_DISCLOSURE_ANSWER.join('・')}のいずれかです`, `the answer must be one of ${ANY_DISCLOSURE_ANSWER.join(', ')}`));
    }
    rows.push({
      itemId: input.itemId,
      ordinal: UNCATALOGUED_ORDINAL_BASE + index,
      answer: input.answer,
      remarks: input.remarks ?? null,
      itemText: input.itemText?.trim() ?? null,
      section: input.section?.trim() || null,
    });
  });
  return { rows, errors };
}

/** Required items of the form that have no answer. */
export function missingRequiredItems(form: FormDefinition, answeredItemIds: Iterable<string>): string[] {
  const answered = new Set(answeredItemIds);
  return form.items.filter((item) => item.required && !answered.has(item.id)).map((item) => item.id);
}
