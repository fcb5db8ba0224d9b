import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { isOperator, Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError, FieldError } from '../common/app-error';
import { fiscalYearLabel } from '../common/fiscal-year';
import { decodeCursor, Page, pageSize, toPage } from '../common/pagination';
import { CatalogLoadResult, FormCatalogLoader, FORMS_LOCK } from './form-catalog.loader';
import { canonicalForm } from './form-canonical';
import type { CustomerKind, FormDefinition, FormKind } from './form-definition';
import { describeFormUse, FormUse } from './form-use';
import { FORM_ID_PATTERN, formDefinitionProblems } from './form-validation';
import { deepFreeze, NEWEST_FIRST, standingOf, toFormDto, toSummaryDto, VersionKey } from './form-versions';
import type { FormDto, FormQueryDto, FormSummaryDto, RegisterFormDto } from './forms.dto';

const AUDIENCE_LABELS = { pharmacy: '薬局', medical: '医療機関' } as const;

export type ChecklistKind = Extract<FormKind, 'vendor_checklist' | 'facility_checklist'>;

/** For `.catch`: a 年度 before every catalogued version has no applicable form, which readers show as none. */
export function noFormForYear(error: unknown): null {
  if (error instanceof AppError && error.code === 'no_form_for_fiscal_year') return null;
  throw error;
}

interface FormRow {
  id: string;
  definition: FormDefinition;
  created_at: Date;
}

/**
 * Registering and previewing form versions are the operator's alone: to anyone else the operation
 * does not exist (404), as DESIGN.md answers for whatever is not the caller's.
 */
export function assertFormRegistrar(principal: Principal): void {
  if (!isOperator(principal)) throw AppError.notFound('resource');
}

/**
 * The form catalog: versioned checklist and MDS/SDS definitions. Other features ask it which form
 * applies (applicableForm, latestDisclosureForm) and whether answers are outdated (formUse, outdatedness).
 */
@Injectable()
export class FormsService implements OnApplicationBootstrap {
  /** By id. A definition that answers refer to never changes, so entries need no expiry. */
  private readonly cache = new Map<string, FormDefinition>();
  private catalogLoaded?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly loader: FormCatalogLoader,
    private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.ensureCatalog();
  }

  /**
   * Loads the catalog files once per process. Every read waits for it, so code that runs before
   * the application's init (main's demo data) finds the forms in place too.
   */
  ensureCatalog(): Promise<void> {
    this.catalogLoaded ??= this.loadCatalog().then(
      () => undefined,
      (error: unknown) => {
        this.catalogLoaded = undefined;
        throw error;
      },
    );
    return this.catalogLoaded;
  }

  /** Loads a catalog directory (the shipped one by default); adding a file adds a form version. */
  async loadCatalog(directory?: string): Promise<CatalogLoadResult> {
    const result = await this.loader.load(directory);
    for (const id of result.updated) this.cache.delete(id);
    return result;
  }

  async get(formId: string): Promise<FormDefinition> {
    await this.ensureCatalog();
    const cached = this.cache.get(formId);
    if (cached) return cached;
    if (!FORM_ID_PATTERN.test(formId)) throw AppError.notFound('form');
    const [row]: Pick<FormRow, 'definition'>[] = await this.db.query('SELECT definition FROM forms WHERE id = $1', [formId]);
    if (!row) throw AppError.notFound('form');
    const form = deepFreeze(canonicalForm(row.definition));
    this.cache.set(formId, form);
    return form;
  }

  /**
   * The checklist version that applies to a 年度 for a kind of facility: the newest version of that
   * kind serving it (written for it, or combined: 'any') whose 年度 is this one or earlier. A 年度
   * with no version of its own so carries the latest earlier one forward (令和8年度 answered on the
   * 令和7年度版 until the operator registers the 令和8年度 sheet).
   */
  async applicableForm(kind: ChecklistKind, audience: CustomerKind, fiscalYear: number): Promise<FormDefinition> {
    await this.ensureCatalog();
    const [row]: { id: string }[] = await this.db.query(
      `SELECT id FROM forms WHERE kind = $1 AND audience IN ($2, 'any') AND fiscal_year <= $3 ORDER BY ${NEWEST_FIRST} LIMIT 1`,
      [kind, audience, fiscalYear],
    );
    if (!row) {
      const sheet = kind === 'vendor_checklist' ? '事業者確認用' : `${AUDIENCE_LABELS[audience]}確認用`;
      throw AppError.unprocessable(
        'no_form_for_fiscal_year',
        `${fiscalYearLabel(fiscalYear)}以前の${AUDIENCE_LABELS[audience]}向け${sheet}の様式が登録されていません (no ${kind} form for a ${audience} is catalogued for fiscal year ${fiscalYear} or earlier).`,
        { audience, fiscalYear },
      );
    }
    return this.get(row.id);
  }

  /** The 事業者確認用 that applies to that 年度 and kind of customer (carried forward where needed). */
  vendorChecklistFor(audience: CustomerKind, fiscalYear: number): Promise<FormDefinition> {
    return this.applicableForm('vendor_checklist', audience, fiscalYear);
  }

  /** The facility's own checklist (薬局確認用 / 医療機関確認用, or a combined version) that applies to that 年度. */
  facilityChecklistFor(audience: CustomerKind, fiscalYear: number): Promise<FormDefinition> {
    return this.applicableForm('facility_checklist', audience, fiscalYear);
  }

  /** formUse of the version that applies to the 年度, or null for a 年度 before every catalogued version. */
  applicableUse(kind: ChecklistKind, audience: CustomerKind, fiscalYear: number): Promise<FormUse | null> {
    return this.formUse(kind, audience, fiscalYear, null).catch(noFormForYear);
  }

  /**
   * Which version a 年度's checklist uses and whether it is carried forward or outdated, said
   * plainly (describeFormUse). `usedFormId` is the version answered on; none: the applicable one.
   */
  async formUse(kind: ChecklistKind, audience: CustomerKind, fiscalYear: number, usedFormId: string | null): Promise<FormUse> {
    const applicable = await this.applicableForm(kind, audience, fiscalYear);
    const used = usedFormId ? await this.get(usedFormId) : applicable;
    return describeFormUse(fiscalYear, used, applicable, usedFormId !== null);
  }

  /** The newest MDS/SDS form version. */
  async latestDisclosureForm(): Promise<FormDefinition> {
    await this.ensureCatalog();
    const [row]: { id: string }[] = await this.db.query(`SELECT id FROM forms WHERE kind = 'security_disclosure' ORDER BY ${NEWEST_FIRST} LIMIT 1`);
    if (!row) throw AppError.unprocessable('no_disclosure_form', 'No MDS/SDS form version is catalogued.');
    return this.get(row.id);
  }

  async describe(formId: string): Promise<FormDto> {
    const form = await this.get(formId);
    return toFormDto(form, standingOf(form, (await this.newestOf([form.series])).get(form.series)));
  }

  async list(query: FormQueryDto): Promise<Page<FormSummaryDto>> {
    await this.ensureCatalog();
    const size = pageSize(query);
    const after = decodeCursor(query.cursor);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (sql: string, ...values: unknown[]) => conditions.push(sql.replace(/\?/g, () => `$${params.push(values.shift())}`));
    if (query.kind) where('kind = ?', query.kind);
    if (query.audience) where('audience = ?', query.audience);
    if (query.fiscalYear !== undefined) where('fiscal_year = ?', query.fiscalYear);
    if (query.series) where('series = ?', query.series);
    if (after) where('(created_at, id) > (?::timestamptz, ?)', after.createdAt, after.id);
    const rows: FormRow[] = await this.db.query(
      `SELECT id, definition, created_at FROM forms ${conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : ''}
        ORDER BY created_at, id LIMIT $${params.push(size + 1)}`,
      params,
    );
    const newest = await this.newestOf([...new Set(rows.map((row) => row.definition.series))]);
    return toPage(
      rows,
      size,
      (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }),
      (row) => toSummaryDto(canonicalForm(row.definition), standingOf(row.definition, newest.get(row.definition.series))),
    );
  }

  /** The operator adds a form version: validated, never edited afterwards. */
  async register(principal: Principal, input: RegisterFormDto): Promise<FormDto> {
    assertFormRegistrar(principal);
    const form = canonicalForm(JSON.parse(JSON.stringify(input)) as FormDefinition);
    const problems = formDefinitionProblems(form);
    if (problems.length > 0) throw AppError.invalid(problems, 'The form definition is invalid.');
    await this.ensureCatalog();
    await this.db.transaction(async (manager) => {
      // The catalog loader takes the same lock: a registration never interleaves with a file load.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [FORMS_LOCK]);
      await this.assertRegistrable(form, manager);
      await manager.query(
        `INSERT INTO forms (id, kind, audience, series, fiscal_year, revision, definition, origin, registered_by) VALUES ($1, $2, $3, $4, $5, $6, $7, 'api', $8)`,
        [form.id, form.kind, form.audience, form.series, form.fiscalYear, form.revision, JSON.stringify(form), principal.type === 'user' ? principal.userId : null],
      );
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'form.register',
          target: { type: 'form', id: form.id },
          details: { series: form.series, fiscalYear: form.fiscalYear, revision: form.revision, itemCount: form.items.length },
        },
        manager,
      );
    });
    return this.describe(form.id);
  }

  /**
   * What registering a valid definition checks against the stored catalog: a new id and rank, and
   * counterparts that exist. A preview (dryRun) runs it outside the registration's lock and writes nothing.
   */
  async assertRegistrable(form: FormDefinition, manager: EntityManager = this.db.manager): Promise<void> {
    await this.ensureCatalog();
    await this.assertNewVersion(manager, form);
    const gaps = await this.counterpartGaps(manager, form);
    if (gaps.length > 0) throw AppError.invalid(gaps, 'The form definition is invalid.');
  }

  private async assertNewVersion(manager: EntityManager, form: FormDefinition): Promise<void> {
    const [existing]: unknown[] = await manager.query('SELECT 1 FROM forms WHERE id = $1', [form.id]);
    if (existing) {
      throw AppError.conflict(
        'form_exists',
        `様式ID「${form.id}」はすでに登録されています。登録済みの版は変更できないため、新しい様式IDで登録してください (Form ${form.id} exists; form versions are never edited: register the change under a new id).`,
      );
    }
    const [sameRank]: { id: string }[] = await manager.query('SELECT id FROM forms WHERE series = $1 AND fiscal_year IS NOT DISTINCT FROM $2 AND revision = $3', [
      form.series,
      form.fiscalYear,
      form.revision,
    ]);
    if (sameRank) {
      throw AppError.conflict(
        'form_version_exists',
        `系列・年度・改訂番号が同じ版（${sameRank.id}）がすでに登録されています。改訂番号を上げてください (${sameRank.id} already has this series, fiscal year and revision; give the new version a higher revision).`,
      );
    }
  }

  /** Counterparts must name a stored form and one of its items. */
  private async counterpartGaps(manager: EntityManager, form: FormDefinition): Promise<FieldError[]> {
    const named = [...new Set(form.items.flatMap((item) => (item.counterpart ? [item.counterpart.formId] : [])))];
    if (named.length === 0) return [];
    const rows: Pick<FormRow, 'id' | 'definition'>[] = await manager.query('SELECT id, definition FROM forms WHERE id = ANY($1)', [named]);
    const itemsOf = new Map(rows.map((row) => [row.id, new Set(row.definition.items.map((item) => item.id))]));
    return form.items.flatMap((item, index): FieldError[] => {
      if (!item.counterpart) return [];
      const items = itemsOf.get(item.counterpart.formId);
      if (!items) return [{ field: `items[${index}].counterpart.formId`, message: `names no stored form (${item.counterpart.formId})` }];
      if (!items.has(item.counterpart.itemId)) return [{ field: `items[${index}].counterpart.itemId`, message: `${item.counterpart.formId} has no item ${item.counterpart.itemId}` }];
      return [];
    });
  }

  /** The newest version of each series. */
  private async newestOf(series: string[]): Promise<Map<string, VersionKey>> {
    if (series.length === 0) return new Map();
    const rows: { series: string; id: string; fiscal_year: number | null; revision: number }[] = await this.db.query(
      `SELECT DISTINCT ON (series) series, id, fiscal_year, revision FROM forms WHERE series = ANY($1) ORDER BY series, ${NEWEST_FIRST}`,
      [series],
    );
    return new Map(rows.map((row) => [row.series, { id: row.id, fiscalYear: row.fiscal_year, revision: row.revision }]));
  }
}
