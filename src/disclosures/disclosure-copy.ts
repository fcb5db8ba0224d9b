import type { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import type { FormDefinition } from '../forms/form-definition';
import type { DisclosureAnswerInputDto, DisclosureAudience, DisclosureKind } from './disclosures.dto';

/**
 * A new draft "from the previous revision" (POST /v1/disclosures with copyFrom: 'previous'): the
 * answers and audience of the latest revision the same author wrote for the same product version
 * and kind — published, superseded or withdrawn (a draft would be the one to change instead).
 */
export interface PreviousRevision {
  id: string;
  revision: number;
  formId: string;
  audience: DisclosureAudience;
  contractIds: string[];
  answers: { item_id: string; answer: string; remarks: string | null; item_text: string | null; section: string | null }[];
}

export async function previousRevision(
  manager: EntityManager,
  key: { authorId: string; productId: string; productVersion: string; kind: DisclosureKind },
): Promise<PreviousRevision> {
  const [row]: { id: string; revision: number; form_id: string; audience: DisclosureAudience; contract_ids: string[]; answers: PreviousRevision['answers'] }[] = await manager.query(
    `SELECT d.id, d.revision, d.form_id, d.audience,
            ARRAY(SELECT da.contract_id FROM disclosure_audience da WHERE da.disclosure_id = d.id ORDER BY da.contract_id)::text[] AS contract_ids,
            (SELECT coalesce(json_agg(json_build_object('item_id', a.item_id, 'answer', a.answer, 'remarks', a.remarks, 'item_text', a.item_text, 'section', a.section)
                                      ORDER BY a.ordinal), '[]')
               FROM disclosure_answers a WHERE a.disclosure_id = d.id) AS answers
       FROM disclosures d
      WHERE d.author_id = $1 AND d.product_id = $2 AND d.product_version = $3 AND d.kind = $4 AND d.status <> 'draft'
      ORDER BY d.revision DESC LIMIT 1`,
    [key.authorId, key.productId, key.productVersion, key.kind],
  );
  if (!row) {
    throw AppError.unprocessable(
      'no_previous_revision',
      `この製品バージョン（${key.productVersion}）の${key.kind}には、まだ以前の版がありません。様式から作成してください。 (There is no earlier revision of this ${key.kind} for product version ${key.productVersion}: start from the form.)`,
    );
  }
  return { id: row.id, revision: row.revision, formId: row.form_id, audience: row.audience, contractIds: row.contract_ids, answers: row.answers };
}

/**
 * The previous revision's answers that still fit `form` (the same form, or a newer one the caller
 * chose): listed items keep an answer the form allows; items the form does not list keep their own
 * text only while the form is partial. What does not fit is left unanswered, so that the draft's
 * missing items show it rather than the copy failing.
 */
export function carriedAnswers(form: FormDefinition, previous: PreviousRevision['answers']): DisclosureAnswerInputDto[] {
  const listed = new Map(form.items.map((item) => [item.id, item.answers as readonly string[]]));
  const carried: DisclosureAnswerInputDto[] = [];
  for (const row of previous) {
    const allowed = listed.get(row.item_id);
    const remarks = row.remarks ?? undefined;
    if (allowed) {
      if (allowed.includes(row.answer)) carried.push({ itemId: row.item_id, answer: row.answer, remarks });
    } else if (form.partial && row.item_text) {
      carried.push({ itemId: row.item_id, answer: row.answer, remarks, itemText: row.item_text, section: row.section ?? undefined });
    }
  }
  return carried;
}

/** The carried answers with the caller's own answers in their place, item by item (the caller's are checked as given). */
export function withOverrides(carried: DisclosureAnswerInputDto[], overrides: DisclosureAnswerInputDto[]): DisclosureAnswerInputDto[] {
  const overridden = new Set(overrides.map((answer) => answer.itemId));
  return [...carried.filter((answer) => !overridden.has(answer.itemId)), ...overrides];
}
