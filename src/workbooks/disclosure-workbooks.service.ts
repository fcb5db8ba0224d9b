import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorId, type Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import type { WorkbookProblem } from '../form-registration/workbook-problems';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { checkDisclosureAnswers, DisclosureAnswerRow } from '../disclosures/disclosure-answers';
import { DISCLOSURE_KINDS, type DisclosureAnswerInputDto } from '../disclosures/disclosures.dto';
import { AnswerSheet, fieldCell, readAnswerSheets, tableCell, textOf } from './answer-sheets';
import { CHECKLIST_WORKBOOK_MAX_BYTES, CHECKLIST_WORKBOOK_MAX_INFLATED_BYTES, FORM_SHEET, GUIDE_SHEET_NAME } from './checklist-workbook-layout';
import { DISCLOSURE_READ_KEYS, DISCLOSURE_WORKBOOK_MAX_SHEETS } from './disclosure-workbook-layout';
import { disclosureWorkbook } from './disclosure-workbook-writer';
import { draftKey, draftsOf, latestDisclosures, ownProducts, writeDraft } from './disclosure-workbook.statements';
import { assertBoundedAnswerWorkbook } from './workbook-archive-guard';
import { assertVendor, workbookBytes, workbookRefused } from './workbook-refusal';
import { sheetRows } from './workbook-stream-reader';
import type { DisclosureWorkbookQueryDto, DisclosureWorkbookResultDto, DisclosureWorkbookSheetDto } from './workbooks.dto';

interface ReadSheet {
  sheet: AnswerSheet;
  productId: string;
  productVersion: string;
  kind: string;
  rows: DisclosureAnswerRow[];
}

/**
 * MDS/SDS drafts as a workbook: one sheet per product, filled in Excel, taken back as one draft per
 * sheet — every sheet or none (one transaction). Publishing stays a deliberate step of its own.
 */
@Injectable()
export class DisclosureWorkbooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  async download(principal: Principal, query: DisclosureWorkbookQueryDto): Promise<{ bytes: Buffer; filename: string }> {
    assertVendor(principal, 'MDS/SDS');
    const form = await this.disclosureForm(query.formId);
    const ids = [...new Set(query.productId.map((id) => id.toLowerCase()))];
    const products = await ownProducts(this.db.manager, principal.organizationId, ids);
    if (products.length !== ids.length) throw AppError.notFound('product');
    const latest = query.prefilled ? await latestDisclosures(this.db.manager, principal.organizationId, ids) : new Map();
    const sheets = ids.map((id) => {
      const product = products.find((p) => p.id === id) as (typeof products)[number];
      const last = latest.get(id);
      const same = last?.formId === form.id ? last : undefined;
      return {
        productId: id,
        productName: product.name,
        productVersion: last?.productVersion ?? product.versions.at(-1) ?? null,
        kind: last?.kind ?? (product.deployment === 'on-premises' ? 'MDS' : 'SDS'),
        answers: same?.answers ?? [],
      };
    });
    return { bytes: await disclosureWorkbook(form, sheets), filename: `MDS-SDS_${form.id}.xlsx` };
  }

  async upload(principal: Principal, body: unknown, dryRun: boolean): Promise<DisclosureWorkbookResultDto> {
    assertVendor(principal, 'MDS/SDS');
    const bytes = workbookBytes(body);
    await assertBoundedAnswerWorkbook(bytes, { maxBytes: CHECKLIST_WORKBOOK_MAX_BYTES, maxInflatedBytes: CHECKLIST_WORKBOOK_MAX_INFLATED_BYTES });
    const sheets = await readAnswerSheets(sheetRows(bytes), 'itemId', DISCLOSURE_READ_KEYS);
    const formSheet = sheets.find((s) => s.name === FORM_SHEET.name) ?? sheets.find((s) => s.fields.has('formId') && s.columns.size === 0);
    const formField = formSheet?.fields.get('formId');
    const formId = textOf(formField?.value);
    const form = formId ? await this.forms.get(formId).catch(() => undefined) : undefined;
    if (!formSheet || !formField || !form || form.kind !== 'security_disclosure') {
      const message = `様式ID「${formId}」はMDS/SDSの様式ではありません。ダウンロードしたブックに記入してください (${formId || 'no form id'}: not an MDS/SDS form version)`;
      throw workbookRefused([formSheet && formField ? fieldCell(formSheet, formField, message) : { sheet: FORM_SHEET.name, message }]);
    }
    const productSheets = sheets.filter((s) => s !== formSheet && s.name !== GUIDE_SHEET_NAME && s.columns.size > 0);
    if (productSheets.length > DISCLOSURE_WORKBOOK_MAX_SHEETS) throw workbookRefused([{ sheet: productSheets[DISCLOSURE_WORKBOOK_MAX_SHEETS].name, message: `製品のシートは${DISCLOSURE_WORKBOOK_MAX_SHEETS}枚までです (at most ${DISCLOSURE_WORKBOOK_MAX_SHEETS} product sheets)` }]);
    const problems: WorkbookProblem[] = [];
    const own = new Set((await ownProducts(this.db.manager, principal.organizationId, productSheets.map((s) => textOf(s.fields.get('productId')?.value)).filter((id) => /^[0-9a-f-]{36}$/i.test(id)))).map((p) => p.id));
    const read: ReadSheet[] = [];
    const seen = new Map<string, string>();
    for (const sheet of productSheets) {
      const entry = readSheet(sheet, form, own, problems);
      if (!entry) continue;
      const key = draftKey(entry.productId, entry.productVersion, entry.kind);
      const other = seen.get(key);
      if (other) problems.push(fieldCell(sheet, sheet.fields.get('productVersion') ?? (sheet.fields.get('productId') as never), `同じ製品・バージョン・種別がシート「${other}」にもあります (the same product, version and kind is also on sheet ${other})`));
      seen.set(key, sheet.name);
      read.push(entry);
    }
    const drafts = await draftsOf(this.db.manager, principal.organizationId, read);
    for (const entry of read) {
      const draft = drafts.get(draftKey(entry.productId, entry.productVersion, entry.kind));
      if (draft && draft.formId !== form.id) problems.push(fieldCell(entry.sheet, entry.sheet.fields.get('productVersion') as never, `この製品・バージョンの下書きは別の様式（${draft.formId}）で作成されています (the draft in progress is on form ${draft.formId})`));
    }
    if (problems.length > 0) throw workbookRefused(problems);
    const results: DisclosureWorkbookSheetDto[] = read.map((entry) => ({
      sheet: entry.sheet.name,
      productId: entry.productId,
      productVersion: entry.productVersion,
      kind: entry.kind,
      answers: entry.rows.length,
      action: drafts.has(draftKey(entry.productId, entry.productVersion, entry.kind)) ? 'update' : 'create',
      disclosureId: null,
    }));
    if (!dryRun && read.length > 0) {
      await this.db.transaction(async (manager) => {
        for (const [index, entry] of read.entries()) {
          const existing = drafts.get(draftKey(entry.productId, entry.productVersion, entry.kind));
          results[index].disclosureId = await writeDraft(manager, principal.organizationId, actorId(principal), { ...entry, id: existing?.id ?? null, formId: form.id });
        }
        await this.audit.recordMany(
          results.map((r) => ({
            actor: principal,
            organizationId: principal.organizationId,
            action: r.action === 'create' ? 'disclosure.create' : 'disclosure.update',
            target: { type: 'disclosure', id: r.disclosureId as string },
            details: { kind: r.kind, productId: r.productId, productVersion: r.productVersion, via: 'workbook' },
          })),
          manager,
        );
      });
    }
    return { formId: form.id, dryRun, sheets: results };
  }

  private async disclosureForm(formId: string | undefined): Promise<FormDefinition> {
    if (!formId) return this.forms.latestDisclosureForm();
    const form = await this.forms.get(formId).catch(() => undefined);
    if (!form || form.kind !== 'security_disclosure') throw AppError.invalid([{ field: 'formId', message: 'MDS/SDSの様式ではありません (must be an MDS/SDS form: GET /v1/forms?kind=security_disclosure)' }]);
    return form;
  }
}

/** One product sheet: its product (the vendor's own), version and kind, and its answers against the form. */
function readSheet(sheet: AnswerSheet, form: FormDefinition, own: Set<string>, problems: WorkbookProblem[]): ReadSheet | undefined {
  const field = (key: string) => sheet.fields.get(key);
  const productId = textOf(field('productId')?.value).toLowerCase();
  const productVersion = textOf(field('productVersion')?.value);
  const kind = textOf(field('kind')?.value);
  const before = problems.length;
  const at = (key: string, message: string) => problems.push(field(key) ? fieldCell(sheet, field(key) as never, message) : { sheet: sheet.name, message });
  if (!own.has(productId)) at('productId', 'あなたの製品にありません (is not one of your products)');
  if (!productVersion || productVersion.length > 100) at('productVersion', '製品バージョンを100文字以内で記入してください (the product version is required, at most 100 characters)');
  if (!(DISCLOSURE_KINDS as readonly string[]).includes(kind)) at('kind', `種別は ${DISCLOSURE_KINDS.join(' / ')} のいずれかです (the kind must be one of ${DISCLOSURE_KINDS.join(', ')})`);
  const inputs: DisclosureAnswerInputDto[] = [];
  const rowsOf: number[] = [];
  const listed = new Set(form.items.map((item) => item.id));
  for (const row of sheet.rows) {
    const itemId = textOf(row.values.get('itemId'));
    const answer = textOf(row.values.get('answer'));
    if (!answer) continue;
    if (!itemId) {
      problems.push(tableCell(sheet, row.row, 'itemId', '番号が空欄です (the item number is blank)'));
      continue;
    }
    const input: DisclosureAnswerInputDto = { itemId, answer };
    const remarks = textOf(row.values.get('remarks'));
    if (remarks.length > 2000) problems.push(tableCell(sheet, row.row, 'remarks', `${itemId}: 備考は2000文字までです (remarks may have at most 2000 characters)`));
    if (remarks) input.remarks = remarks;
    // Only an uncatalogued item's own text and section are read: a listed item's are the form's.
    if (!listed.has(itemId)) {
      const itemText = textOf(row.values.get('itemText'));
      const section = textOf(row.values.get('section'));
      if (itemText) input.itemText = itemText.slice(0, 2000);
      if (section) input.section = section.slice(0, 200);
    }
    inputs.push(input);
    rowsOf.push(row.row);
  }
  const { rows, errors } = checkDisclosureAnswers(form, inputs);
  for (const error of errors) {
    const match = /answers\[(\d+)\]\.(\w+)/.exec(error.field);
    problems.push(tableCell(sheet, match ? rowsOf[Number(match[1])] : sheet.rows[0]?.row ?? 1, match?.[2], error.message));
  }
  return problems.length === before ? { sheet, productId, productVersion, kind, rows } : undefined;
}
