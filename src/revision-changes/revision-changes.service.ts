import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { queryPrepared } from '../common/prepared-statements';
import { FormsService } from '../forms/forms.service';
import { diffChecklistAnswers, diffDisclosureAnswers } from './answer-changes';
import type { RevisionChangesDto } from './revision-changes.dto';
import {
  CHECKLIST_ANSWERS,
  ChecklistAnswerDbRow,
  ChecklistRevisionRow,
  checklistRevisionsStatement,
  comparableChecklistAnswer,
  DISCLOSURE_ANSWERS,
  DisclosureAnswerDbRow,
  DisclosureRevisionRow,
  disclosureRevisionStatement,
  previousDisclosureStatement,
} from './revision-changes.sql';
import { SuppliedItems, toChangesDto } from './revision-changes.view';

/**
 * The diff routes: what changed from the previous revision of a checklist or a disclosure. Each
 * reads the two revisions with the document's own visibility (src/access/visibility.ts) and
 * diffs them (answer-changes.ts); nothing is stored.
 */
@Injectable()
export class RevisionChangesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * A revision of a contract's checklist for a 年度 against the latest submitted revision before
   * it. By default the latest submitted revision (the vendor's draft, where nothing was submitted
   * yet); the vendor may name its draft. A first revision answers firstRevision, with no changes.
   */
  async checklist(principal: Principal, contractId: string, fiscalYear: number, revision?: number): Promise<RevisionChangesDto> {
    const revisions = await queryPrepared<ChecklistRevisionRow>(this.db.manager, checklistRevisionsStatement(principal, contractId, fiscalYear));
    if (revisions.length === 0) throw AppError.notFound('checklist');
    const submitted = revisions.filter((row) => row.status === 'submitted');
    const to = revision === undefined ? (submitted[0] ?? revisions[0]) : revisions.find((row) => row.revision === revision);
    if (!to) throw notFoundRevision(revision as number);
    const from = submitted.find((row) => row.revision < to.revision) ?? null;
    const answers: ChecklistAnswerDbRow[] = await this.db.query(CHECKLIST_ANSWERS, [[to.id, ...(from ? [from.id] : [])]]);
    const of = (id: string) => answers.filter((a) => a.checklist_id === id).map(comparableChecklistAnswer);
    const changes = from ? diffChecklistAnswers(of(from.id), of(to.id), fiscalYear) : [];
    const side = async (row: ChecklistRevisionRow) => ({
      ref: { id: row.id, revision: row.revision, status: row.status, date: row.submitted_at?.toISOString() ?? null, formId: row.form_id },
      form: await this.forms.get(row.form_id),
    });
    const dto = toChangesDto('checklist', await side(to), from && (await side(from)), changes);
    // A customer's read of a protected document is audited, the diff as the document itself.
    if (principal.organizationId !== to.vendor_id) {
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'checklist.read', target: { type: 'checklist', id: to.id }, details: { view: 'changes', fromRevision: from?.revision ?? null } });
    }
    return dto;
  }

  /** A disclosure against the previous revision of the same product version and kind that left draft and that the caller may read. */
  async disclosure(principal: Principal, id: string): Promise<RevisionChangesDto> {
    const [to] = await queryPrepared<DisclosureRevisionRow>(this.db.manager, disclosureRevisionStatement(principal, id));
    if (!to) throw AppError.notFound('disclosure');
    const [from] = await queryPrepared<DisclosureRevisionRow>(this.db.manager, previousDisclosureStatement(principal, to));
    const answers: DisclosureAnswerDbRow[] = await this.db.query(DISCLOSURE_ANSWERS, [[to.id, ...(from ? [from.id] : [])]]);
    const of = (disclosureId: string) => answers.filter((a) => a.disclosure_id === disclosureId).map((a) => ({ itemId: a.item_id, answer: a.answer, remarks: a.remarks }));
    const changes = from ? diffDisclosureAnswers(of(from.id), of(to.id)) : [];
    // Uncatalogued items of a partial form keep the vendor's wording; the newer revision's wins.
    const supplied: SuppliedItems = new Map();
    for (const a of [...answers.filter((x) => x.disclosure_id !== to.id), ...answers.filter((x) => x.disclosure_id === to.id)]) {
      if (a.item_text !== null) supplied.set(a.item_id, { section: a.section, text: a.item_text });
    }
    const side = async (row: DisclosureRevisionRow) => ({
      ref: { id: row.id, revision: row.revision, status: row.status, date: row.published_at?.toISOString() ?? null, formId: row.form_id },
      form: await this.forms.get(row.form_id),
    });
    const dto = toChangesDto('disclosure', await side(to), from ? await side(from) : null, changes, supplied);
    if (principal.organizationId !== to.author_id && principal.organizationId !== to.vendor_id) {
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.read', target: { type: 'disclosure', id }, details: { view: 'changes', fromRevision: from?.revision ?? null } });
    }
    return dto;
  }
}

function notFoundRevision(revision: number): AppError {
  return new AppError(404, 'not_found', 'Not found', `第${revision}版はありません (no revision ${revision} of this checklist).`);
}
