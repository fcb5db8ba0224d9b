import type { FieldError } from '../common/app-error';
import { APPLICABILITY_ANSWERS, CHECKLIST_ANSWERS, DISCLOSURE_ANSWERS, FORM_ITEM_ROLES, FormDefinition } from './form-definition';

/** The `forms_id_check` constraint of the migration, checked before the database sees the id. */
export const FORM_ID_PATTERN = /^[a-z0-9][a-z0-9.-]{1,80}$/;
export const SERIES_PATTERN = /^[a-z0-9][a-z0-9./-]{0,99}$/;
export const FORM_KINDS = ['vendor_checklist', 'facility_checklist', 'security_disclosure'] as const;
export const FORM_AUDIENCES = ['pharmacy', 'medical', 'any'] as const;
/** Every answer word a form may print; an item's answers come from one set (はい/いいえ/対象外 or 該当/非該当). */
export const ANSWER_WORDS = [...DISCLOSURE_ANSWERS, ...APPLICABILITY_ANSWERS] as const;
const ANSWER_SETS: readonly (readonly string[])[] = [DISCLOSURE_ANSWERS, APPLICABILITY_ANSWERS];
/** Same bounds as vendor_checklists.fiscal_year: 令和元年度 onwards. */
export const MIN_FISCAL_YEAR = 2019;
export const MAX_FISCAL_YEAR = 2100;
export const LIMITS = { title: 300, text: 1000, note: 4000, itemId: 40, items: 500, sections: 100, lines: 50 };
/** The manual's paragraphs run to a few hundred characters; these bounds leave room and stop abuse. */
export const MANUAL_LIMITS = { paragraph: 2000, paragraphs: 40, ref: 200 };
export const MANUAL_FIELDS = ['section', 'explanation', 'terms', 'notes', 'guidelineRefs', 'source'];

const FORM_FIELDS = ['id', 'kind', 'audience', 'series', 'fiscalYear', 'revision', 'versionLabel', 'title', 'titleEn', 'partial', 'source', 'note', 'sections', 'items', 'rules', 'instructions', 'footnotes'];
const SECTION_FIELDS = ['id', 'title', 'titleEn'];
const ITEM_FIELDS = ['id', 'sectionId', 'scope', 'text', 'textEn', 'answers', 'required', 'condition', 'targetFiscalYear', 'plannedBy', 'role', 'counterpart', 'note', 'manual'];
const RULE_FIELDS = ['targetDateRequiredFor', 'targetDateWithinFiscalYear', 'confirmationDateRequired', 'riskAnswers'];

type Json = Record<string, unknown>;
type Report = (field: string, message: string) => void;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown, max: number): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= max;
const isYear = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= MIN_FISCAL_YEAR && (value as number) <= MAX_FISCAL_YEAR;

/**
 * Everything wrong with a form definition, as field errors (empty when valid). Takes `unknown`
 * because catalog files are untrusted JSON until this says otherwise.
 */
export function formDefinitionProblems(input: unknown): FieldError[] {
  const problems: FieldError[] = [];
  const report: Report = (field, message) => problems.push({ field, message });
  if (!isObject(input)) return [{ field: 'definition', message: 'must be a JSON object' }];

  unknownFields(input, FORM_FIELDS, '', report);
  if (typeof input.id !== 'string' || !FORM_ID_PATTERN.test(input.id)) report('id', 'must be 2–81 lowercase letters, digits, dots or hyphens, starting with a letter or digit');
  if (!FORM_KINDS.includes(input.kind as never)) report('kind', `must be one of ${FORM_KINDS.join(', ')}`);
  if (!FORM_AUDIENCES.includes(input.audience as never)) report('audience', `must be one of ${FORM_AUDIENCES.join(', ')}`);
  if (typeof input.series !== 'string' || !SERIES_PATTERN.test(input.series)) report('series', 'must be lowercase letters, digits, dots, hyphens or slashes (e.g. vendor-checklist/pharmacy)');
  const isChecklist = input.kind === 'vendor_checklist' || input.kind === 'facility_checklist';
  if (input.fiscalYear === null) {
    if (isChecklist) report('fiscalYear', 'is required for a checklist (the 年度 it is for)');
  } else if (!isYear(input.fiscalYear)) report('fiscalYear', `must be null or a year between ${MIN_FISCAL_YEAR} and ${MAX_FISCAL_YEAR}`);
  if (!Number.isInteger(input.revision) || (input.revision as number) < 0 || (input.revision as number) > 1_000_000) report('revision', 'must be an integer from 0 to 1000000');
  for (const field of ['versionLabel', 'title', 'titleEn']) if (!isText(input[field], LIMITS.title)) report(field, `must be non-blank text of at most ${LIMITS.title} characters`);
  if (!isText(input.source, LIMITS.note)) report('source', `must be non-blank text of at most ${LIMITS.note} characters`);
  if (input.note !== undefined && !isText(input.note, LIMITS.note)) report('note', `must be non-blank text of at most ${LIMITS.note} characters`);
  if (typeof input.partial !== 'boolean') report('partial', 'must be true or false');
  for (const field of ['instructions', 'footnotes']) lines(input[field], field, report);

  const sectionIds = sections(input.sections, report);
  items(input.items, sectionIds, input, report);
  rules(input.rules, report);
  return problems;
}

/** The same problems as "field: message" lines, for logs and catalog file checks. */
export function validateFormDefinition(def: unknown): string[] {
  return formDefinitionProblems(def).map((problem) => `${problem.field}: ${problem.message}`);
}

function unknownFields(object: Json, known: string[], prefix: string, report: Report): void {
  for (const key of Object.keys(object)) if (!known.includes(key)) report(`${prefix}${key}`, 'is not a known field');
}

function lines(value: unknown, field: string, report: Report): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length > LIMITS.lines || !value.every((line) => isText(line, LIMITS.text))) {
    report(field, `must be a list of at most ${LIMITS.lines} non-blank lines`);
  }
}

function sections(value: unknown, report: Report): Set<string> {
  const ids = new Set<string>();
  if (!Array.isArray(value) || value.length === 0 || value.length > LIMITS.sections) {
    report('sections', `must list 1 to ${LIMITS.sections} sections`);
    return ids;
  }
  value.forEach((section, index) => {
    const at = `sections[${index}]`;
    if (!isObject(section)) return report(at, 'must be an object');
    unknownFields(section, SECTION_FIELDS, `${at}.`, report);
    if (!isText(section.id, LIMITS.itemId)) report(`${at}.id`, `must be non-blank text of at most ${LIMITS.itemId} characters`);
    else if (ids.has(section.id)) report(`${at}.id`, `repeats section id "${section.id}"`);
    else ids.add(section.id);
    if (!isText(section.title, LIMITS.title)) report(`${at}.title`, 'must be non-blank text');
    if (section.titleEn !== undefined && !isText(section.titleEn, LIMITS.title)) report(`${at}.titleEn`, 'must be non-blank text');
  });
  return ids;
}

function items(value: unknown, sectionIds: Set<string>, form: Json, report: Report): void {
  const isChecklist = form.kind === 'vendor_checklist' || form.kind === 'facility_checklist';
  if (!Array.isArray(value) || value.length === 0 || value.length > LIMITS.items) return report('items', `must list 1 to ${LIMITS.items} items`);
  const ids = new Set<string>();
  const roles = new Set<string>();
  const usedSections = new Set<string>();
  value.forEach((item, index) => {
    const at = `items[${index}]`;
    if (!isObject(item)) return report(at, 'must be an object');
    unknownFields(item, ITEM_FIELDS, `${at}.`, report);
    if (!isText(item.id, LIMITS.itemId) || item.id.trim() !== item.id) report(`${at}.id`, `must be the printed number, at most ${LIMITS.itemId} characters, no surrounding spaces`);
    else if (ids.has(item.id)) report(`${at}.id`, `repeats item id "${item.id}"`);
    else ids.add(item.id);
    if (typeof item.sectionId !== 'string' || !sectionIds.has(item.sectionId)) report(`${at}.sectionId`, 'must be the id of one of the sections');
    else usedSections.add(item.sectionId);
    for (const field of ['text', 'textEn']) if (!isText(item[field], LIMITS.text)) report(`${at}.${field}`, `must be non-blank text of at most ${LIMITS.text} characters`);
    for (const field of ['scope', 'condition', 'note']) if (item[field] !== undefined && !isText(item[field], LIMITS.text)) report(`${at}.${field}`, 'must be non-blank text');
    answers(item.answers, `${at}.answers`, isChecklist, report);
    if (typeof item.required !== 'boolean') report(`${at}.required`, 'must be true or false');
    if (item.targetFiscalYear !== undefined && !isYear(item.targetFiscalYear)) report(`${at}.targetFiscalYear`, `must be a year between ${MIN_FISCAL_YEAR} and ${MAX_FISCAL_YEAR}`);
    if (item.plannedBy !== undefined) {
      if (!isYear(item.plannedBy)) report(`${at}.plannedBy`, `must be a year between ${MIN_FISCAL_YEAR} and ${MAX_FISCAL_YEAR}`);
      else if (!Array.isArray(item.answers) || !item.answers.includes('はい')) report(`${at}.plannedBy`, 'is for items answered はい');
    }
    if (item.role !== undefined) {
      if (!FORM_ITEM_ROLES.includes(item.role as never)) report(`${at}.role`, `must be one of ${FORM_ITEM_ROLES.join(', ')}`);
      else if (form.kind !== 'facility_checklist') report(`${at}.role`, 'derived items belong to a facility checklist (薬局確認用 / 医療機関確認用)');
      else if (roles.has(item.role as string)) report(`${at}.role`, `repeats role ${item.role as string}: one item per form derives it`);
      roles.add(item.role as string);
    }
    if (item.counterpart !== undefined) counterpart(item.counterpart, `${at}.counterpart`, report);
    if (item.manual !== undefined) manualProblems(item.manual, `${at}.manual`, report);
  });
  for (const id of sectionIds) if (!usedSections.has(id)) report('sections', `section "${id}" has no items`);
}

function answers(value: unknown, field: string, isChecklist: boolean, report: Report): void {
  if (!Array.isArray(value) || value.length === 0) return report(field, 'must list the allowed answers');
  if (new Set(value).size !== value.length) return report(field, 'must not repeat an answer');
  const allowed: readonly (readonly string[])[] = isChecklist ? [CHECKLIST_ANSWERS] : ANSWER_SETS;
  if (!allowed.some((set) => value.every((answer) => set.includes(answer as string)))) {
    report(field, isChecklist ? 'must be taken from はい, いいえ' : 'must be taken from one set: はい, いいえ, 対象外 or 該当, 非該当');
  }
}

function counterpart(value: unknown, field: string, report: Report): void {
  if (!isObject(value)) return report(field, 'must be an object {formId, itemId}');
  unknownFields(value, ['formId', 'itemId'], `${field}.`, report);
  if (typeof value.formId !== 'string' || !FORM_ID_PATTERN.test(value.formId)) report(`${field}.formId`, 'must be a form id');
  if (!isText(value.itemId, LIMITS.itemId)) report(`${field}.itemId`, 'must be an item id');
}

/** An item's manual text: heading, source and at least one paragraph; every list of bounded paragraphs. */
function manualProblems(value: unknown, field: string, report: Report): void {
  if (!isObject(value)) return report(field, 'must be an object {section, explanation, terms, notes, guidelineRefs, source}');
  unknownFields(value, MANUAL_FIELDS, `${field}.`, report);
  if (!isText(value.section, LIMITS.text)) report(`${field}.section`, `must be non-blank text of at most ${LIMITS.text} characters`);
  if (!isText(value.source, LIMITS.note)) report(`${field}.source`, `must be non-blank text of at most ${LIMITS.note} characters`);
  const paragraphs = (key: string, required: boolean, max: number) => {
    const list = value[key];
    if (list === undefined && !required) return;
    if (!Array.isArray(list) || list.length === 0 || list.length > MANUAL_LIMITS.paragraphs || !list.every((text) => isText(text, max))) {
      report(`${field}.${key}`, `must be a list of 1 to ${MANUAL_LIMITS.paragraphs} paragraphs of at most ${max} characters`);
    }
  };
  paragraphs('explanation', true, MANUAL_LIMITS.paragraph);
  paragraphs('terms', false, MANUAL_LIMITS.paragraph);
  paragraphs('notes', false, MANUAL_LIMITS.paragraph);
  paragraphs('guidelineRefs', false, MANUAL_LIMITS.ref);
}

function rules(value: unknown, report: Report): void {
  if (!isObject(value)) return report('rules', 'must be an object (may be empty)');
  unknownFields(value, RULE_FIELDS, 'rules.', report);
  for (const field of ['targetDateRequiredFor', 'riskAnswers']) {
    const list = value[field];
    if (list !== undefined && (!Array.isArray(list) || !list.every((answer) => ANSWER_WORDS.includes(answer)))) {
      report(`rules.${field}`, `must list answers among ${ANSWER_WORDS.join(', ')}`);
    }
  }
  for (const field of ['targetDateWithinFiscalYear', 'confirmationDateRequired']) {
    if (value[field] !== undefined && typeof value[field] !== 'boolean') report(`rules.${field}`, 'must be true or false');
  }
}

/**
 * Counterparts across a set of forms: each must name a form and item of the set that names it back,
 * so that the vendor ↔ pharmacy mapping reads the same from both sides.
 */
export function counterpartProblems(forms: FormDefinition[]): string[] {
  const byId = new Map(forms.map((form) => [form.id, form]));
  const problems: string[] = [];
  for (const form of forms) {
    for (const item of form.items) {
      if (!item.counterpart) continue;
      const { formId, itemId } = item.counterpart;
      const other = byId.get(formId)?.items.find((candidate) => candidate.id === itemId);
      if (!byId.has(formId)) problems.push(`${form.id} ${item.id}: counterpart form ${formId} is not in the catalog`);
      else if (!other) problems.push(`${form.id} ${item.id}: ${formId} has no item ${itemId}`);
      else if (other.counterpart?.formId !== form.id || other.counterpart.itemId !== item.id) problems.push(`${form.id} ${item.id}: ${formId} ${itemId} does not name it back`);
    }
  }
  return problems;
}
