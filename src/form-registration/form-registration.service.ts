import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AppError, type FieldError } from '../common/app-error';
import { canonicalForm } from '../forms/form-canonical';
import type { FormDefinition } from '../forms/form-definition';
import { formDefinitionProblems } from '../forms/form-validation';
import { NEWEST_FIRST, standingOf, toFormDto, type VersionKey } from '../forms/form-versions';
import type { FormDto } from '../forms/forms.dto';
import type { FormPreviewDto } from './form-registration.dto';
import { assertFormRegistrar, FormsService } from '../forms/forms.service';
import { placeFieldErrors } from './definition-problem-messages';
import { diffForms } from './form-diff';
import { formUploadOf, type FormUpload } from './form-upload';
import { readFormWorkbook } from './form-workbook-reader';
import { formWorkbook, workbookFilename } from './form-workbook-writer';
import type { WorkbookLocator } from './workbook-locator';
import { workbookInvalid } from './workbook-problems';

interface Candidate {
  form: FormDefinition;
  /** Where the workbook's cells are, to place problems found after reading; none for JSON. */
  locator?: WorkbookLocator;
}

/**
 * New form versions from a workbook (or JSON): download a version in the workbook layout, preview
 * an upload as the version it would be with its diff against the version it follows, and register
 * it. The checks and the insert are FormsService's, the same for both bodies; this adds reading the
 * workbook and placing every problem at its sheet, row and column.
 */
@Injectable()
export class FormRegistrationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
  ) {}

  /** A version as an XLSX; anyone who may read forms may download it. */
  async download(formId: string): Promise<{ filename: string; content: Buffer }> {
    const form = await this.forms.get(formId);
    return { filename: workbookFilename(form), content: await formWorkbook(form) };
  }

  /** What registering would store and change, without writing anything. */
  async preview(principal: Principal, body: unknown): Promise<FormPreviewDto> {
    assertFormRegistrar(principal);
    const { form, locator } = await this.checkedCandidate(await formUploadOf(body));
    const stored = await this.storedVersion(form.id);
    // A download uploaded back unchanged previews as itself (an empty diff); any other use of a taken id is a collision.
    const alreadyRegistered = stored !== null && isDeepStrictEqual(stored, form);
    if (!alreadyRegistered) await this.placed(this.forms.assertRegistrable(form), locator);
    const previous = alreadyRegistered ? stored : await this.previousVersion(form);
    return {
      form: toFormDto(form, standingOf(form, await this.newestOfSeries(form))),
      previousFormId: previous?.id ?? null,
      diff: diffForms(previous?.items ?? [], form.items),
      alreadyRegistered,
    };
  }

  /** Registers the upload as JSON registration does (same checks, lock, audit), problems placed in the workbook. */
  async register(principal: Principal, body: unknown): Promise<FormDto> {
    assertFormRegistrar(principal);
    const { form, locator } = await this.checkedCandidate(await formUploadOf(body));
    return this.placed(this.forms.register(principal, form), locator);
  }

  /** The upload read (a workbook) and checked field by field, in canonical form; problems as JSON registration words them, or placed in the workbook. */
  private async checkedCandidate(upload: FormUpload): Promise<Candidate> {
    const { form: read, locator } = Buffer.isBuffer(upload) ? await readFormWorkbook(upload) : { form: JSON.parse(JSON.stringify(upload)) as FormDefinition, locator: undefined };
    const form = canonicalForm(read);
    const problems = formDefinitionProblems(form);
    if (problems.length > 0) throw locator ? workbookInvalid(placeFieldErrors(problems, locator)) : AppError.invalid(problems, 'The form definition is invalid.');
    return { form, locator };
  }

  /** Runs a check or the registration, and places the field errors and collisions it raises in the workbook. */
  private async placed<T>(work: Promise<T>, locator: WorkbookLocator | undefined): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (!locator || !(error instanceof AppError)) throw error;
      const errors = error.extensions.errors as FieldError[] | undefined;
      if (error.code === 'validation_failed' && errors) throw workbookInvalid(placeFieldErrors(errors, locator));
      const fields = error.code === 'form_exists' ? ['id'] : error.code === 'form_version_exists' ? ['series', 'fiscalYear', 'revision'] : [];
      if (fields.length === 0) throw error;
      const places = fields.map((field) => ({ ...locator.locate(field), message: error.detail ?? error.title }));
      throw new AppError(error.status, error.code, error.title, error.detail, { ...error.extensions, errors: places });
    }
  }

  private async storedVersion(formId: string): Promise<FormDefinition | null> {
    return this.forms.get(formId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') return null;
      throw error;
    });
  }

  /**
   * The version a new one follows: the newest older version (an earlier 年度, or the same 年度 with
   * a lower revision) of its series, or of its kind serving an overlapping audience — a combined
   * 令和8年度 「医療機関・薬局確認用」 follows the 令和7年度 薬局確認用 though its series is new.
   */
  private async previousVersion(form: FormDefinition): Promise<FormDefinition | null> {
    const [row]: { id: string }[] = await this.db.query(
      `SELECT id FROM forms
        WHERE id <> $1
          AND (series = $2 OR (kind = $3 AND (audience = $4 OR audience = 'any' OR $4 = 'any')))
          AND (coalesce(fiscal_year, 0), revision) < (coalesce($5::int, 0), $6::int)
        ORDER BY fiscal_year DESC NULLS LAST, revision DESC, (series = $2) DESC, created_at DESC, id DESC LIMIT 1`,
      [form.id, form.series, form.kind, form.audience, form.fiscalYear, form.revision],
    );
    return row ? this.forms.get(row.id) : null;
  }

  private async newestOfSeries(form: FormDefinition): Promise<VersionKey | undefined> {
    const [row]: { id: string; fiscal_year: number | null; revision: number }[] = await this.db.query(
      `SELECT id, fiscal_year, revision FROM forms WHERE series = $1 ORDER BY ${NEWEST_FIRST} LIMIT 1`,
      [form.series],
    );
    return row ? { id: row.id, fiscalYear: row.fiscal_year, revision: row.revision } : undefined;
  }
}
