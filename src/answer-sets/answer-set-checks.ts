import type { FieldError } from '../common/app-error';
import { checkChecklistAnswers, missingChecklistItems, missingItemsError } from '../checklists/checklist-answers';
import type { FormDefinition } from '../forms/form-definition';
import { MERGED, mergeOverrides, sourcedField, StoredAnswer } from './answer-set-store';
import type { OverrideCheckDto, TargetCustomerDto } from './answer-set-responses.dto';
import type { AnswerSetOverrideDto } from './answer-sets.dto';

/**
 * What an application checks before it writes anything, pure: the set's answers for the 年度
 * applied to, and each override merged into them. The bulk path checks every customer again as it
 * writes (the same rules); these checks let a preview say what would be refused, and let a real
 * application refuse bad input whole.
 */

/** The set's own answers against the 年度 (every date within it) and the form (every required item). */
export function setProblems(form: FormDefinition, fiscalYear: number, answers: StoredAnswer[]): FieldError[] {
  const { errors } = checkChecklistAnswers(form, fiscalYear, answers, 'answerSet.answers');
  const missing = missingChecklistItems(
    form,
    answers.map((answer) => answer.itemId),
  );
  if (missing.length > 0) errors.push(missingItemsError('answerSet.answers', missing));
  return errors;
}

/**
 * Each override: its customer among those targeted and named once, and its answers, merged into the
 * set's, following the rules for the 年度. Errors in the set's own answers are reported once, by
 * setProblems, not again under every override.
 */
export function overrideChecks(
  form: FormDefinition,
  fiscalYear: number,
  answers: StoredAnswer[],
  overrides: AnswerSetOverrideDto[],
  targeted: Map<string, TargetCustomerDto>,
): OverrideCheckDto[] {
  const seen = new Set<string>();
  return overrides.map((override, index) => {
    const at = `overrides[${index}]`;
    const errors: FieldError[] = [];
    const customer = targeted.get(override.contractId);
    if (!customer) {
      errors.push({ field: `${at}.contractId`, message: 'この適用の対象の顧客ではありません (is not one of the customers this application targets)' });
    } else if (seen.has(override.contractId)) {
      errors.push({ field: `${at}.contractId`, message: '同じ顧客の上書きが2回あります (overrides this customer a second time)' });
    }
    seen.add(override.contractId);
    if (override.answers.length === 0 && override.managerName === undefined) {
      errors.push({ field: `${at}.answers`, message: '上書きする項目がありません (overrides nothing)' });
    }
    const merged = mergeOverrides(answers, override.answers, 'answerSet.answers', `${at}.answers`);
    const checked = checkChecklistAnswers(form, fiscalYear, merged.answers, MERGED);
    for (const error of checked.errors) {
      const field = sourcedField(error.field, merged.sources);
      if (field.startsWith(at)) errors.push({ ...error, field });
    }
    return { index, contractId: override.contractId, customerName: customer?.customerName ?? null, valid: errors.length === 0, errors };
  });
}
