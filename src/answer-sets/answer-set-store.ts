import type { EntityManager } from 'typeorm';
import type { ChecklistAnswerInputDto } from '../checklists/checklists.dto';

/**
 * The stored answer sets, as the bulk path reads them. A leaf that imports no feature service, so
 * that the checklists' bulk submission (src/checklists/checklist-batch.service.ts) can expand
 * entries naming a set while this feature applies sets through that same bulk path.
 */

/** One answer as a set keeps it: the shape a checklist entry sends, with no empty fields. */
export type StoredAnswer = ChecklistAnswerInputDto;

export interface StoredAnswerSet {
  id: string;
  formId: string;
  managerName: string | null;
  answers: StoredAnswer[];
}

/** The vendor's sets in use (not archived) among `ids`, by id. */
export async function findUsableAnswerSets(manager: EntityManager, vendorId: string, ids: string[]): Promise<Map<string, StoredAnswerSet>> {
  if (ids.length === 0) return new Map();
  const rows: { id: string; form_id: string; manager_name: string | null; answers: StoredAnswer[] }[] = await manager.query(
    'SELECT id, form_id, manager_name, answers FROM answer_sets WHERE vendor_id = $1 AND id = ANY($2::uuid[]) AND archived_at IS NULL',
    [vendorId, ids],
  );
  return new Map(rows.map((row) => [row.id, { id: row.id, formId: row.form_id, managerName: row.manager_name, answers: row.answers }]));
}

export interface MergedAnswers {
  answers: ChecklistAnswerInputDto[];
  /** Where each merged answer came from, for error paths: `entries[2].answerSet.answers[3]` or the override's own path. */
  sources: string[];
}

/**
 * The set's answers with the overrides in place: an override replaces the set's answer to its item
 * whole (answer, 確認日, 目標日, 実装予定日, 備考), so an いいえ turned はい leaves no stale 目標日 behind.
 * An override naming an item the set lacks, or an item a second time, is added as it is: the
 * checklist rules then refuse it with the item named.
 */
export function mergeOverrides(set: StoredAnswer[], overrides: ChecklistAnswerInputDto[], setPath: string, overridePath: string): MergedAnswers {
  const answers: ChecklistAnswerInputDto[] = [...set];
  const sources = set.map((_, index) => `${setPath}[${index}]`);
  const position = new Map(set.map((answer, index) => [answer.itemId, index]));
  const replaced = new Set<string>();
  overrides.forEach((override, index) => {
    const at = position.get(override.itemId);
    if (at !== undefined && !replaced.has(override.itemId)) {
      answers[at] = override;
      sources[at] = `${overridePath}[${index}]`;
      replaced.add(override.itemId);
      return;
    }
    answers.push(override);
    sources.push(`${overridePath}[${index}]`);
  });
  return { answers, sources };
}

/** The name merged answers are checked under; their errors are then given the path they came from. */
export const MERGED = 'merged';

/** Rewrites the path of an error found in merged answers (`merged[4].targetOn`) to where that answer came from. */
export function sourcedField(field: string, sources: string[]): string {
  const match = /^merged\[(\d+)\](.*)$/.exec(field);
  if (!match) return field;
  return `${sources[Number(match[1])] ?? field}${match[2]}`;
}
