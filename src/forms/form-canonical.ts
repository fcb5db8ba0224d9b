import type { FormDefinition, FormItem, FormItemManual, FormRules, FormSection } from './form-definition';

/**
 * A definition with its fields in the order people read them and nothing else: PostgreSQL's
 * jsonb sorts keys by length, and a DTO instance carries class baggage; both come out the same here.
 */
export function canonicalForm(def: FormDefinition): FormDefinition {
  return prune({
    id: def.id,
    kind: def.kind,
    audience: def.audience,
    series: def.series,
    fiscalYear: def.fiscalYear,
    revision: def.revision,
    versionLabel: def.versionLabel,
    title: def.title,
    titleEn: def.titleEn,
    partial: def.partial,
    source: def.source,
    note: def.note,
    sections: def.sections.map((section): FormSection => prune({ id: section.id, title: section.title, titleEn: section.titleEn })),
    items: def.items.map(canonicalItem),
    rules: prune<FormRules>({
      targetDateRequiredFor: def.rules.targetDateRequiredFor && [...def.rules.targetDateRequiredFor],
      targetDateWithinFiscalYear: def.rules.targetDateWithinFiscalYear,
      confirmationDateRequired: def.rules.confirmationDateRequired,
      riskAnswers: def.rules.riskAnswers && [...def.rules.riskAnswers],
    }),
    instructions: def.instructions && [...def.instructions],
    footnotes: def.footnotes && [...def.footnotes],
  });
}

function canonicalItem(item: FormItem): FormItem {
  return prune({
    id: item.id,
    sectionId: item.sectionId,
    scope: item.scope,
    text: item.text,
    textEn: item.textEn,
    answers: [...item.answers],
    required: item.required,
    condition: item.condition,
    targetFiscalYear: item.targetFiscalYear,
    plannedBy: item.plannedBy,
    role: item.role,
    counterpart: item.counterpart && { formId: item.counterpart.formId, itemId: item.counterpart.itemId },
    note: item.note,
    manual: item.manual && canonicalManual(item.manual),
  });
}

function canonicalManual(manual: FormItemManual): FormItemManual {
  return prune({
    section: manual.section,
    explanation: [...manual.explanation],
    terms: manual.terms && [...manual.terms],
    notes: manual.notes && [...manual.notes],
    guidelineRefs: manual.guidelineRefs && [...manual.guidelineRefs],
    source: manual.source,
  });
}

/** Drops undefined fields, so that a stored definition compares equal to the file it came from. */
function prune<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
