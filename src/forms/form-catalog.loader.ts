import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalForm } from './form-canonical';
import type { FormDefinition } from './form-definition';
import { counterpartProblems, validateFormDefinition } from './form-validation';

/**
 * One JSON file per form version. Resolved from this file so that it works under ts-jest
 * (src/forms/catalog) and in the build (dist/src/forms/catalog, copied by nest-cli.json assets).
 */
export const CATALOG_DIRECTORY = join(__dirname, 'catalog');

/** Arbitrary constant: serializes catalog loading and API registrations across instances. */
export const FORMS_LOCK = 7_263_103;

export interface CatalogLoadResult {
  inserted: string[];
  updated: string[];
  unchanged: string[];
  /** Files that differ from a stored version answers already refer to: the stored one stays. */
  kept: string[];
}

/** Reads and validates every catalog file of a directory; any bad file fails the whole catalog. */
export function readCatalog(directory: string): FormDefinition[] {
  const files = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort();
  const problems: string[] = [];
  const forms: FormDefinition[] = [];
  for (const file of files) {
    const path = join(directory, file);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      problems.push(`${path}: not JSON (${(error as Error).message})`);
      continue;
    }
    const fileProblems = validateFormDefinition(parsed);
    problems.push(...fileProblems.map((problem) => `${path}: ${problem}`));
    if (fileProblems.length > 0) continue;
    const form = parsed as FormDefinition;
    // The file name is the id, so a directory listing shows what is catalogued and ids cannot clash.
    if (basename(file, '.json') !== form.id) problems.push(`${path}: the file must be named ${form.id}.json`);
    forms.push(canonicalForm(form));
  }
  if (problems.length > 0) throw new Error(`invalid form catalog:\n  ${problems.join('\n  ')}`);
  return forms;
}

interface StoredForm {
  id: string;
  definition: FormDefinition;
  referenced: boolean;
}

/**
 * Whether a changed catalog file leaves every answer given on the stored version as valid as it was:
 * the same place in the catalog, the same items with the same allowed answers and obligations. Such a
 * change (an item's role or plan rule, a note, a gloss, a reading of the printed text) may replace a
 * version answers refer to; anything else must become a new version.
 */
export function keepsAnswersValid(stored: FormDefinition, file: FormDefinition): boolean {
  const shape = (form: FormDefinition) =>
    JSON.stringify([form.kind, form.audience, form.series, form.fiscalYear, form.revision, form.items.map((item) => [item.id, item.answers, item.required, item.targetFiscalYear ?? null])]);
  return shape(canonicalForm(stored)) === shape(file);
}

/**
 * Brings the forms table in line with the catalog files: new files are inserted, changed files
 * replace their stored version while no disclosure or checklist refers to it, or when the change
 * keeps those answers valid (keepsAnswersValid); otherwise the stored version stays and the change
 * must become a new file.
 */
@Injectable()
export class FormCatalogLoader {
  private readonly logger = new Logger(FormCatalogLoader.name);

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async load(directory = CATALOG_DIRECTORY): Promise<CatalogLoadResult> {
    const forms = readCatalog(directory);
    // Counterparts may name forms registered through the API, so a loose end is worth a warning only.
    for (const problem of counterpartProblems(forms)) this.logger.warn(`form catalog ${directory}: ${problem}`);
    const result = await this.db.transaction((manager) => this.store(manager, forms));
    for (const id of result.kept) {
      this.logger.warn(`form catalog: ${id}.json differs from the stored version, which answers refer to; the stored version is kept. Add the change as a new form version instead.`);
    }
    if (result.inserted.length + result.updated.length > 0) this.logger.log(`form catalog: inserted ${result.inserted.join(', ') || 'none'}; updated ${result.updated.join(', ') || 'none'}`);
    return result;
  }

  private async store(manager: EntityManager, forms: FormDefinition[]): Promise<CatalogLoadResult> {
    // Instances starting together take turns: the first inserts, the others find the rows in place.
    await manager.query('SELECT pg_advisory_xact_lock($1)', [FORMS_LOCK]);
    const stored: StoredForm[] = await manager.query(
      `SELECT f.id, f.definition,
              EXISTS (SELECT 1 FROM disclosures d WHERE d.form_id = f.id) OR EXISTS (SELECT 1 FROM vendor_checklists c WHERE c.form_id = f.id) AS referenced
         FROM forms f WHERE f.id = ANY($1)`,
      [forms.map((form) => form.id)],
    );
    const byId = new Map(stored.map((row) => [row.id, row]));
    const result: CatalogLoadResult = { inserted: [], updated: [], unchanged: [], kept: [] };
    for (const form of forms) {
      const existing = byId.get(form.id);
      if (!existing) {
        await manager.query(
          `INSERT INTO forms (id, kind, audience, series, fiscal_year, revision, definition, origin) VALUES ($1, $2, $3, $4, $5, $6, $7, 'catalog_file')`,
          [form.id, form.kind, form.audience, form.series, form.fiscalYear, form.revision, JSON.stringify(form)],
        );
        result.inserted.push(form.id);
      } else if (isDeepStrictEqual(existing.definition, form)) {
        result.unchanged.push(form.id);
      } else if (existing.referenced && !keepsAnswersValid(existing.definition, form)) {
        result.kept.push(form.id);
      } else {
        await manager.query(
          `UPDATE forms SET kind = $2, audience = $3, series = $4, fiscal_year = $5, revision = $6, definition = $7, origin = 'catalog_file', registered_by = NULL
            WHERE id = $1`,
          [form.id, form.kind, form.audience, form.series, form.fiscalYear, form.revision, JSON.stringify(form)],
        );
        result.updated.push(form.id);
      }
    }
    return result;
  }
}
