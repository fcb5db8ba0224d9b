import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_DIRECTORY, readCatalog } from './form-catalog.loader';
import type { FormDefinition } from './form-definition';
import { counterpartProblems, formDefinitionProblems, validateFormDefinition } from './form-validation';

const catalogFiles = readdirSync(CATALOG_DIRECTORY).filter((name) => name.endsWith('.json'));
const fileForm = (name: string): FormDefinition => JSON.parse(readFileSync(join(CATALOG_DIRECTORY, name), 'utf8'));
const vendorR7 = () => structuredClone(fileForm('vendor-checklist-pharmacy-r7.json'));
const fieldsOf = (input: unknown) => formDefinitionProblems(input).map((problem) => problem.field);

describe('validateFormDefinition', () => {
  it('ships the expected catalog files', () => {
    expect(catalogFiles.sort()).toEqual([
      'facility-checklist-medical-r5.json',
      'facility-checklist-medical-r6.json',
      'facility-checklist-pharmacy-r7.json',
      'security-disclosure-jahis-jira-for-guideline-6.0.json',
      'vendor-checklist-medical-r5.json',
      'vendor-checklist-medical-r6.json',
      'vendor-checklist-medical-r7.json',
      'vendor-checklist-pharmacy-r7.json',
    ]);
  });

  it.each(catalogFiles)('accepts the shipped catalog file %s, with an English gloss for every item and section', (name) => {
    const form = fileForm(name);
    expect(validateFormDefinition(form)).toEqual([]);
    expect(`${form.id}.json`).toBe(name);
    for (const item of form.items) expect(item.textEn.length).toBeGreaterThan(10);
    for (const section of form.sections) expect(section.titleEn).toBeTruthy();
  });

  it('finds every counterpart of the catalog naming it back (vendor 2-① ↔ pharmacy 2-②)', () => {
    const forms = readCatalog(CATALOG_DIRECTORY);
    expect(counterpartProblems(forms)).toEqual([]);
    const vendor = forms.find((form) => form.id === 'vendor-checklist-pharmacy-r7');
    expect(vendor?.items.map((item) => [item.id, item.counterpart?.itemId])).toEqual([
      ['1-①', '1-①'],
      ...['①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫', '⑬'].map((n, i) => [`2-${n}`, `2-${'②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭'[i]}`]),
    ]);
  });

  it('lists what is wrong with broken definitions', () => {
    expect(fieldsOf(null)).toEqual(['definition']);
    expect(fieldsOf({})).toEqual(expect.arrayContaining(['id', 'kind', 'audience', 'series', 'revision', 'title', 'source', 'partial', 'sections', 'items', 'rules']));

    const broken = vendorR7();
    broken.id = 'Vendor R8';
    broken.items[1].id = '1-①';
    broken.items[2].sectionId = '9';
    broken.items[3].answers = [];
    broken.items[4].answers = ['はい', '対象外'];
    broken.items[5].textEn = ' ';
    broken.rules.targetDateRequiredFor = ['maybe' as never];
    expect(validateFormDefinition(broken)).toEqual([
      'id: must be 2–81 lowercase letters, digits, dots or hyphens, starting with a letter or digit',
      'items[1].id: repeats item id "1-①"',
      'items[2].sectionId: must be the id of one of the sections',
      'items[3].answers: must list the allowed answers',
      'items[4].answers: must be taken from はい, いいえ',
      'items[5].textEn: must be non-blank text of at most 1000 characters',
      'rules.targetDateRequiredFor: must list answers among はい, いいえ, 対象外, 該当, 非該当',
    ]);
  });

  it('checks answer sets, 年度 and unknown fields', () => {
    const checklist = { ...vendorR7(), fiscalYear: null, extra: true };
    expect(fieldsOf(checklist)).toEqual(['extra', 'fiscalYear']);

    const disclosure = structuredClone(fileForm('security-disclosure-jahis-jira-for-guideline-6.0.json'));
    disclosure.items[0].answers = ['はい', '該当'];
    disclosure.items[1].answers = ['はい', 'はい'];
    (disclosure.items[2] as unknown as Record<string, unknown>).textEN = 'typo';
    disclosure.sections.push({ id: 'empty', title: '空' });
    expect(validateFormDefinition(disclosure)).toEqual([
      'items[0].answers: must be taken from one set: はい, いいえ, 対象外 or 該当, 非該当',
      'items[1].answers: must not repeat an answer',
      'items[2].textEN: is not a known field',
      'sections: section "empty" has no items',
    ]);
  });

  it('finds counterparts that do not name each other back', () => {
    const vendor = vendorR7();
    expect(counterpartProblems([vendor])[0]).toBe('vendor-checklist-pharmacy-r7 1-①: counterpart form facility-checklist-pharmacy-r7 is not in the catalog');
    const pharmacy = structuredClone(fileForm('facility-checklist-pharmacy-r7.json'));
    pharmacy.items[2].counterpart = { formId: vendor.id, itemId: '2-⑬' };
    expect(counterpartProblems([vendor, pharmacy])).toEqual([
      'vendor-checklist-pharmacy-r7 2-①: facility-checklist-pharmacy-r7 2-② does not name it back',
      'facility-checklist-pharmacy-r7 2-②: vendor-checklist-pharmacy-r7 2-⑬ does not name it back',
    ]);
  });
});
