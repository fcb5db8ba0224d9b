import type { FieldError } from '../common/app-error';

/**
 * An answer's problem as the person at the sheet reads it: the item as printed, in Japanese with the
 * English beside it (「2-⑨: いいえの場合は目標日が必要です (a 目標日 is required …)」). `field` stays the
 * machine-readable path into the request; `itemId` names the item for programs too. Checklists and
 * MDS/SDS disclosures both answer items of a form, so both speak this way.
 */
export function answerError(field: string, itemId: string, ja: string, en: string): FieldError {
  return { field, itemId, message: `${itemId}: ${ja} (${en})` };
}
