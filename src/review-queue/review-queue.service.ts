import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { Page, pageSize } from '../common/pagination';
import type { FormDefinition, FormItem } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { checklistLabel, disclosureLabel } from '../risk-threads/document-labels';
import { RiskThreadDocuments } from '../risk-threads/risk-thread-documents.service';
import { AnswerReviewDto, MarkReviewedDto, ReviewQueueEntryDto, ReviewQueueQueryDto } from './review-queue.dto';
import { encodeQueueKey, QueueRow, reviewQueueSql } from './review-queue.query';

/** Answers that call for review: MDS/SDS いいえ and 対象外; checklist いいえ. */
const REVIEW_ANSWERS = { disclosure: ['いいえ', '対象外'], checklist: ['いいえ'] } as const;

/**
 * The review queue: every いいえ/対象外 answer a pharmacy has received (current disclosures, the
 * latest submitted checklist of each contract) that it has neither reviewed nor opened a thread on.
 */
@Injectable()
export class ReviewQueueService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly documents: RiskThreadDocuments,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal, query: ReviewQueueQueryDto): Promise<Page<ReviewQueueEntryDto>> {
    if (principal.organizationKind !== 'pharmacy' && principal.organizationKind !== 'chain') {
      throw AppError.forbidden('The review queue is for pharmacies and their chains.', 'customer_required');
    }
    const size = pageSize(query);
    const { sql, values } = reviewQueueSql(principal, query, size);
    const rows: QueueRow[] = await this.db.query(sql, values);
    const visible = rows.slice(0, size);
    const forms = new Map<string, FormDefinition>();
    for (const formId of new Set(visible.map((row) => row.form_id))) forms.set(formId, await this.forms.get(formId));
    await this.auditList(principal, query, visible);
    const last = visible[visible.length - 1];
    return {
      items: visible.map((row) => toEntry(row, forms.get(row.form_id) as FormDefinition)),
      nextCursor: rows.length > size && last ? encodeQueueKey(last) : null,
    };
  }

  /**
   * A page of the queue quotes answers of protected documents, as a single read does: it is audited
   * like one (checklist 2-⑪), naming the filters and each document the page showed.
   */
  private async auditList(principal: Principal, query: ReviewQueueQueryDto, shown: QueueRow[]): Promise<void> {
    const documents = new Map(shown.map((row) => [`${row.document_type}:${row.document_id}`, { type: row.document_type, id: row.document_id }]));
    await this.audit.record({
      actor: principal,
      organizationId: principal.organizationId,
      action: 'review_queue.list',
      target: { type: 'organization', id: query.pharmacyId ?? principal.organizationId },
      details: {
        filters: { pharmacyId: query.pharmacyId ?? null, documentType: query.documentType ?? null, vendorId: query.vendorId ?? null, cursor: query.cursor !== undefined },
        entries: shown.length,
        documents: [...documents.values()],
      },
    });
  }

  /** Marks an いいえ/対象外 answer reviewed for the facility: it leaves the queue. */
  async markReviewed(principal: Principal, input: MarkReviewedDto): Promise<AnswerReviewDto> {
    const facility = await this.documents.facility(principal, input.pharmacyId, input.documentType);
    const document = await this.documents.find(principal, facility, input.documentType, input.documentId, input.itemId);
    const answer = document.snapshot.answer;
    if (!(REVIEW_ANSWERS[input.documentType] as readonly string[]).includes(answer)) {
      throw AppError.unprocessable('not_a_risk_answer', `Only ${REVIEW_ANSWERS[input.documentType].join('/')} answers are reviewed; item ${input.itemId} is answered ${answer}.`);
    }
    return this.db.transaction(async (manager) => {
      const [review]: { reviewed_by: string | null; note: string | null; reviewed_at: Date }[] = await manager.query(
        `INSERT INTO answer_reviews (customer_id, document_type, document_id, item_id, reviewed_by, note) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING RETURNING reviewed_by, note, reviewed_at`,
        [document.customerId, input.documentType, input.documentId, input.itemId, actorId(principal), input.note ?? null],
      );
      if (!review) throw AppError.conflict('already_reviewed', `Item ${input.itemId} of this document is reviewed already for this pharmacy.`);
      await this.audit.record(
        {
          actor: principal,
          organizationId: principal.organizationId,
          action: 'answer.review',
          target: { type: input.documentType, id: input.documentId },
          details: { itemId: input.itemId, customerId: document.customerId, answer },
        },
        manager,
      );
      return {
        pharmacyId: document.customerId,
        documentType: input.documentType,
        documentId: input.documentId,
        itemId: input.itemId,
        answer,
        note: review.note,
        reviewedBy: review.reviewed_by,
        reviewedAt: review.reviewed_at.toISOString(),
      };
    });
  }
}

function toEntry(row: QueueRow, form: FormDefinition): ReviewQueueEntryDto {
  const item: FormItem | undefined = form.items.find((candidate) => candidate.id === row.item_id);
  const section = item ? (form.sections.find((s) => s.id === item.sectionId)?.title ?? null) : row.section;
  const disclosure = row.document_type === 'disclosure';
  return {
    documentType: row.document_type,
    documentId: row.document_id,
    documentKind: row.document_kind,
    documentLabel: disclosure ? disclosureLabel(row.document_kind, row.product_name, row.product_version, row.revision) : checklistLabel(row.fiscal_year as number, row.revision),
    documentRevision: row.revision,
    itemId: row.item_id,
    itemText: item?.text ?? row.item_text ?? row.item_id,
    itemTextEn: item?.textEn ?? null,
    section,
    scope: item?.scope ?? null,
    answer: row.answer,
    remarks: row.remarks,
    confirmedOn: row.confirmed_on,
    targetOn: row.target_on,
    counterpartItemId: !disclosure && item?.counterpart && item.counterpart.itemId !== row.item_id ? item.counterpart.itemId : null,
    pharmacy: { id: row.facility_id, name: row.facility_name },
    vendor: { id: row.vendor_id, name: row.vendor_name },
    author: { id: row.author_id, name: row.author_name },
    product: disclosure && row.product_id ? { id: row.product_id, name: row.product_name ?? '', version: row.product_version ?? '' } : null,
    productNames: row.product_names,
    contractId: row.contract_id,
    fiscalYear: row.fiscal_year,
    issuedAt: row.sort_at.toISOString(),
  };
}
