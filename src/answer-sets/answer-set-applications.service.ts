import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError, FieldError } from '../common/app-error';
import { fiscalYearLabel } from '../common/fiscal-year';
import { decodeCursor, Page, pageSize, PageQueryDto, toPage } from '../common/pagination';
import { missingChecklistItems } from '../checklists/checklist-answers';
import { ChecklistBatchService } from '../checklists/checklist-batch.service';
import type { ChecklistBatchEntryDto } from '../checklists/checklist-batch.dto';
import type { CustomerKind, FormDefinition } from '../forms/form-definition';
import { FormsService, noFormForYear } from '../forms/forms.service';
import { ApplicationRow, toApplicationDto } from './answer-set-application-row';
import { overrideChecks, setProblems } from './answer-set-checks';
import type { AnswerSetApplicationDto, ApplicationFailureDto } from './answer-set-responses.dto';
import { AnswerSetTargets, customerNames, hasCriterion } from './answer-set-targets';
import type { AnswerSetOverrideDto, ApplyAnswerSetDto } from './answer-sets.dto';
import { AnswerSetsService, assertAnswerSetKeeper } from './answer-sets.service';

/**
 * Customers written per chunk: each chunk is one call of the bulk path (at most 2,000 entries; one
 * transaction, each customer whole or not at all), and the application's record is brought up to
 * date after each, so its progress can be read while it runs.
 */
export const APPLY_CHUNK = 1_000;
/**
 * Chunks written at once: one chunk's checks overlap another's writes (the bulk benchmark sends two
 * requests at a time for the same reason). Chunks hold distinct contracts, so they never wait on each other's locks.
 */
const APPLY_CONCURRENCY = 2;
/** Customers a preview lists. */
const PREVIEW_CUSTOMERS = 50;
/** Failures an application's record keeps with their errors (all are counted). */
const MAX_RECORDED_FAILURES = 1_000;

/**
 * Applying an answer set: a preview (dryRun) that writes nothing, or a real application that
 * creates one checklist revision per customer through the bulk path (ChecklistBatchService, entries
 * naming the set), synchronously, chunk by chunk, recording its progress in answer_set_applications.
 * Nothing runs unattended: the request that started it is the one doing the work. Applying again is
 * safe: customers whose latest submission already says the same answer `unchanged`.
 */
@Injectable()
export class AnswerSetApplicationsService {
  private readonly logger = new Logger('AnswerSetApplications');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sets: AnswerSetsService,
    private readonly forms: FormsService,
    private readonly batch: ChecklistBatchService,
    private readonly audit: AuditService,
  ) {}

  async apply(principal: Principal, setId: string, input: ApplyAnswerSetDto): Promise<AnswerSetApplicationDto> {
    assertAnswerSetKeeper(principal);
    const set = await this.sets.find(this.db.manager, principal, setId);
    if (!hasCriterion(input)) {
      throw AppError.invalid([
        { field: 'productId', message: '対象の顧客を productId・chainId・contractKind・contractIds・owing のいずれかで選んでください (choose the customers: productId, chainId, contractKind, contractIds or owing)' },
      ]);
    }
    if (input.customerQuery !== undefined && !input.dryRun) {
      throw AppError.invalid([
        { field: 'customerQuery', message: 'customerQuery は確認（dryRun）の顧客一覧を絞るときだけ使えます。提出先は条件で選んでください (customerQuery only narrows a preview’s list; choose the customers with the criteria)' },
      ]);
    }
    if (set.archived_at) throw AppError.conflict('answer_set_archived', 'アーカイブ済みの回答セットは適用できません (an archived answer set cannot be applied).');
    const form = await this.forms.get(set.form_id);
    const targets = new AnswerSetTargets(this.db.manager, principal, input.fiscalYear, await this.servedKinds(form, input.fiscalYear));
    await this.assertSelectionRecords(principal, input);

    const problems = setProblems(form, input.fiscalYear, set.answers);
    if (input.contractIds) {
      const targeted = new Set(await targets.contractIds(input));
      input.contractIds.forEach((id, index) => {
        if (!targeted.has(id)) problems.push({ field: `contractIds[${index}]`, message: '対象にできない契約です（御社の有効な保守・運用契約でないか、ほかの条件に合いません） (is not a contract of yours in force that owes a checklist and meets the other criteria)' });
      });
    }
    const overrides = input.overrides ?? [];
    const overrideIds = [...new Set(overrides.map((o) => o.contractId))];
    const overridden = new Map((overrideIds.length > 0 ? await targets.customers(input, overrideIds.length, overrideIds) : []).map((c) => [c.contractId, c]));
    const checks = overrideChecks(form, input.fiscalYear, set.answers, overrides, overridden);

    if (input.dryRun) {
      return {
        ...emptyApplication(set.id, input.fiscalYear, overrides.length),
        total: await targets.count(input),
        customers: await targets.customers(input, PREVIEW_CUSTOMERS, undefined, input.customerQuery),
        chains: await targets.chains(input),
        overrides: checks,
        problems,
      };
    }
    const missing = missingChecklistItems(
      form,
      set.answers.map((answer) => answer.itemId),
    );
    if (missing.length > 0) {
      throw AppError.unprocessable('answer_set_incomplete', '回答セットに未回答の項目があります。すべての項目に回答してから適用してください (answer every item of the set before applying it).', {
        errors: problems,
      });
    }
    const refused = [...problems, ...checks.flatMap((check) => check.errors)];
    if (refused.length > 0) throw AppError.invalid(refused, 'この内容では適用できません。何も書き込んでいません (the application cannot run as asked; nothing was written).');
    return this.run(principal, set.id, input, await targets.contractIds(input));
  }

  async get(principal: Principal, setId: string, applicationId: string): Promise<AnswerSetApplicationDto> {
    await this.sets.find(this.db.manager, principal, setId);
    const [row]: ApplicationRow[] = await this.db.query('SELECT * FROM answer_set_applications WHERE id = $1 AND answer_set_id = $2 AND vendor_id = $3', [
      applicationId,
      setId,
      principal.organizationId,
    ]);
    if (!row) throw AppError.notFound('application');
    return toApplicationDto(row);
  }

  /** The set's applications, newest first (a running one shows its progress). */
  async list(principal: Principal, setId: string, query: PageQueryDto): Promise<Page<AnswerSetApplicationDto>> {
    await this.sets.find(this.db.manager, principal, setId);
    const size = pageSize(query);
    const before = decodeCursor(query.cursor);
    const rows: ApplicationRow[] = await this.db.query(
      `SELECT * FROM answer_set_applications
        WHERE answer_set_id = $1 AND vendor_id = $2 AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
        ORDER BY created_at DESC, id DESC LIMIT $5`,
      [setId, principal.organizationId, before?.createdAt ?? null, before?.id ?? null, size + 1],
    );
    return toPage(rows, size, (row) => ({ createdAt: row.created_at.toISOString(), id: row.id }), (row) => ({ ...toApplicationDto(row), failures: [] }));
  }

  /** Writes chunk by chunk, each through the bulk path, bringing the record up to date after each. */
  private async run(principal: Principal, setId: string, input: ApplyAnswerSetDto, contractIds: string[]): Promise<AnswerSetApplicationDto> {
    const overrides = new Map((input.overrides ?? []).map((o) => [o.contractId, o]));
    const selection = { productId: input.productId, chainId: input.chainId, contractKind: input.contractKind, contractIds: input.contractIds?.length, owing: input.owing };
    const applicationId = await this.db.transaction(async (manager) => {
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO answer_set_applications (answer_set_id, vendor_id, fiscal_year, selection, override_count, status, total, created_by)
         VALUES ($1, $2, $3, $4, $5, 'running', $6, $7) RETURNING id`,
        [setId, principal.organizationId, input.fiscalYear, JSON.stringify(selection), overrides.size, contractIds.length, actorId(principal)],
      );
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'answer_set.apply',
          target: { type: 'answer_set', id: setId },
          details: { applicationId: row.id, fiscalYear: input.fiscalYear, selection, total: contractIds.length, overrides: [...overrides.keys()] },
        },
        manager,
      );
      return row.id;
    });
    try {
      let next = 0;
      let failing = false;
      const worker = async () => {
        while (next < contractIds.length && !failing) {
          const chunk = contractIds.slice(next, (next += APPLY_CHUNK));
          await this.writeChunk(principal, setId, input.fiscalYear, applicationId, chunk, overrides).catch((error: unknown) => {
            failing = true;
            throw error;
          });
        }
      };
      // Both workers are waited for, so that none still writes once the record says the application stopped.
      const settled = await Promise.allSettled(Array.from({ length: APPLY_CONCURRENCY }, worker));
      const stopped = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (stopped) throw stopped.reason;
      await this.db.query(`UPDATE answer_set_applications SET status = 'completed', finished_at = now(), updated_at = now() WHERE id = $1`, [applicationId]);
    } catch (error) {
      // What committed stays (each chunk is whole); the record says where it stopped. Applying again resumes: done customers answer unchanged.
      this.logger.error({ err: error, applicationId }, 'answer set application stopped');
      await this.db.query(`UPDATE answer_set_applications SET status = 'failed', finished_at = now(), updated_at = now() WHERE id = $1`, [applicationId]).catch(() => undefined);
      throw error;
    }
    return this.get(principal, setId, applicationId);
  }

  /** One chunk through the bulk path, then the record brought up to date (counters and the failures, up to MAX_RECORDED_FAILURES). */
  private async writeChunk(principal: Principal, setId: string, fiscalYear: number, applicationId: string, chunk: string[], overrides: Map<string, AnswerSetOverrideDto>): Promise<void> {
    const entries = chunk.map((contractId): ChecklistBatchEntryDto => {
      const override = overrides.get(contractId);
      return { contractId, answerSetId: setId, ...(override ? { overrides: override.answers, managerName: override.managerName } : {}) };
    });
    const outcome = await this.batch.submit(principal, { fiscalYear, entries });
    const failed = outcome.results.filter((r) => r.status === 'error');
    const names = await customerNames(this.db.manager, failed.flatMap((r) => (r.contractId ? [r.contractId] : [])));
    const failures: ApplicationFailureDto[] = failed.map((r) => ({
      contractId: r.contractId ?? chunk[r.index],
      customerName: names.get(r.contractId ?? chunk[r.index]) ?? null,
      errors: (r.errors ?? []).map((e: FieldError) => ({ ...e, field: e.field.replace(/^entries\[\d+\]\.?/, '') })),
    }));
    await this.db.query(
      `UPDATE answer_set_applications
          SET done = done + $2, created = created + $3, unchanged = unchanged + $4, failed = failed + $5,
              failures = CASE WHEN jsonb_array_length(failures) >= $7 THEN failures
                              ELSE failures || (SELECT coalesce(jsonb_agg(f), '[]') FROM (SELECT f FROM jsonb_array_elements($6::jsonb) f LIMIT $7 - jsonb_array_length(failures)) x) END,
              updated_at = now()
        WHERE id = $1`,
      [applicationId, chunk.length, outcome.created, outcome.unchanged, outcome.failed, JSON.stringify(failures), MAX_RECORDED_FAILURES],
    );
  }

  /**
   * The kinds of customer the set's form is the applicable version for in the 年度 (carried forward
   * or its own): the answers are given on the version a checklist of that 年度 must use.
   */
  private async servedKinds(form: FormDefinition, fiscalYear: number): Promise<CustomerKind[]> {
    const candidates: CustomerKind[] = form.audience === 'any' ? ['pharmacy', 'medical'] : [form.audience];
    const served: CustomerKind[] = [];
    for (const kind of candidates) {
      const applicable = await this.forms.vendorChecklistFor(kind, fiscalYear).catch(noFormForYear);
      if (applicable?.id === form.id) served.push(kind);
    }
    if (served.length > 0) return served;
    throw AppError.unprocessable(
      'answer_set_form_not_applicable',
      `回答セットの様式（${form.versionLabel}）は${fiscalYearLabel(fiscalYear)}に適用される様式ではありません。適用される様式で回答セットを作ってください (the set's form ${form.id} is not the version that applies to fiscal year ${fiscalYear}).`,
    );
  }

  /** A product named must be the caller's, a chain named must be a chain: otherwise the selection is the caller's mistake. */
  private async assertSelectionRecords(principal: Principal, input: ApplyAnswerSetDto): Promise<void> {
    const errors: FieldError[] = [];
    if (input.productId) {
      const [product]: unknown[] = await this.db.query('SELECT 1 FROM products WHERE id = $1 AND vendor_id = $2', [input.productId, principal.organizationId]);
      if (!product) errors.push({ field: 'productId', message: '御社の製品ではありません (is not a product of yours)' });
    }
    if (input.chainId) {
      const [chain]: unknown[] = await this.db.query(`SELECT 1 FROM organizations WHERE id = $1 AND kind = 'chain'`, [input.chainId]);
      if (!chain) errors.push({ field: 'chainId', message: '法人本部（チェーン）ではありません (is not a chain)' });
    }
    if (errors.length > 0) throw AppError.invalid(errors);
  }
}

function emptyApplication(answerSetId: string, fiscalYear: number, overrideCount: number): AnswerSetApplicationDto {
  return {
    id: null,
    answerSetId,
    dryRun: true,
    status: 'preview',
    fiscalYear,
    fiscalYearLabel: fiscalYearLabel(fiscalYear),
    total: 0,
    done: 0,
    created: 0,
    unchanged: 0,
    failed: 0,
    overrideCount,
    customers: [],
    chains: [],
    overrides: [],
    problems: [],
    failures: [],
    createdAt: null,
    finishedAt: null,
  };
}
