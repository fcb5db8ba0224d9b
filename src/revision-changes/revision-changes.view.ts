import type { FormDefinition } from '../forms/form-definition';
import { AnswerChange, CHANGE_FIELD_LABELS } from './answer-changes';
import type { RevisionChangesDto, RevisionRefDto } from './revision-changes.dto';

/** One side of a comparison with the form it answers. */
export interface Side {
  ref: Omit<RevisionRefDto, 'formLabel'>;
  form: FormDefinition;
}

/** Items the form does not list (a partial MDS/SDS form): the wording the vendor supplied. */
export type SuppliedItems = Map<string, { section: string | null; text: string | null }>;

/**
 * The response: both sides, the changes with each item's section and wording taken from the
 * newer form (the older one for a removed item; the vendor's own wording for an uncatalogued one).
 */
export function toChangesDto(documentType: RevisionChangesDto['documentType'], to: Side, from: Side | null, changes: AnswerChange[], supplied: SuppliedItems = new Map()): RevisionChangesDto {
  const wording = (itemId: string): { section: string | null; itemText: string | null } => {
    for (const form of from ? [to.form, from.form] : [to.form]) {
      const item = form.items.find((candidate) => candidate.id === itemId);
      if (item) return { section: form.sections.find((section) => section.id === item.sectionId)?.title ?? null, itemText: item.text };
    }
    const own = supplied.get(itemId);
    return { section: own?.section ?? null, itemText: own?.text ?? null };
  };
  const ref = (side: Side): RevisionRefDto => ({ ...side.ref, formLabel: `${side.form.title} ${side.form.versionLabel}` });
  return {
    documentType,
    firstRevision: from === null,
    from: from && ref(from),
    to: ref(to),
    formChanged: from !== null && from.form.id !== to.form.id,
    significantCount: changes.filter((change) => change.significant).length,
    changes: changes.map((change) => ({ ...change, ...wording(change.itemId), fieldLabel: CHANGE_FIELD_LABELS[change.field] })),
  };
}
