import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import type { Principal } from '../access/principal';
import { AuditService } from '../audit/audit.service';
import { EventsService } from '../events/events.service';
import { AppError } from '../common/app-error';
import type { FormDefinition } from '../forms/form-definition';
import { FormsService } from '../forms/forms.service';
import { checkDisclosureAnswers, DisclosureAnswerRow, missingRequiredItems } from './disclosure-answers';
import { DisclosureReader } from './disclosure-reader.service';
import { carriedAnswers, previousRevision, withOverrides } from './disclosure-copy';
import { CreateDisclosureDto, DisclosureAnswerInputDto, DisclosureAudience, DisclosureDto, DisclosureKind, UpdateDisclosureDto } from './disclosures.dto';
import { assertIfMatch } from '../sync/entity-tag';

interface Authoring {
  vendorId: string;
  authorId: string;
}

/**
 * Writing MDS/SDS/RM-SDS disclosures: draft → published (every required item answered) →
 * superseded by the next published revision, or withdrawn. Published revisions never change.
 */
@Injectable()
export class DisclosuresService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly forms: FormsService,
    private readonly reader: DisclosureReader,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  async create(principal: Principal, input: CreateDisclosureDto): Promise<DisclosureDto> {
    const authoring = await this.authoring(principal, input.productId, input.kind);
    const { form, answers, audience, contractIds, copiedFrom } = await this.startingPoint(authoring, input);
    const rows = this.checkedAnswers(form, answers);
    const id = await this.db.transaction(async (manager) => {
      const [draft]: { id: string }[] = await manager.query(
        `SELECT id FROM disclosures WHERE product_id = $1 AND product_version = $2 AND kind = $3 AND author_id = $4 AND status = 'draft'`,
        [input.productId, input.productVersion, input.kind, authoring.authorId],
      );
      if (draft) throw AppError.conflict('draft_exists', `A draft of this disclosure exists already (${draft.id}); change it instead.`);
      const [created]: { id: string }[] = await manager.query(
        `INSERT INTO disclosures (vendor_id, author_id, product_id, product_version, kind, form_id, revision, status, audience, created_by)
         SELECT $1, $2, $3, $4, $5, $6, coalesce(max(revision), 0) + 1, 'draft', $7, $8
           FROM disclosures WHERE product_id = $3 AND product_version = $4 AND kind = $5 AND author_id = $2
         RETURNING id`,
        [authoring.vendorId, authoring.authorId, input.productId, input.productVersion, input.kind, form.id, audience, actorIdOf(principal)],
      );
      await this.writeAnswers(manager, created.id, rows);
      await this.writeAudience(manager, created.id, audience, contractIds);
      const details = { kind: input.kind, productId: input.productId, productVersion: input.productVersion, ...(copiedFrom ? { copiedFrom } : {}) };
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.create', target: { type: 'disclosure', id: created.id }, details }, manager);
      return created.id;
    }).catch(draftConflict);
    return this.view(principal, id);
  }

  /** `ifMatch`: the ETag the caller read; a stale one is refused with 412 before anything is written. */
  async update(principal: Principal, id: string, input: UpdateDisclosureDto, ifMatch?: string): Promise<DisclosureDto> {
    const form = await this.formOfOwn(principal, id);
    await this.db.transaction(async (manager) => {
      const draft = await this.lockOwnDisclosure(manager, principal, id);
      assertIfMatch(ifMatch, { id, revision: draft.revision, updatedAt: draft.updated_at });
      if (draft.status !== 'draft') throw AppError.conflict('disclosure_not_draft', 'Published revisions cannot change: create a new revision instead.');
      const audience = input.audience ?? draft.audience;
      if (input.audience || input.contractIds) {
        await this.assertAudience({ vendorId: draft.vendor_id, authorId: draft.author_id }, draft.product_id, audience, input.contractIds);
        await this.writeAudience(manager, id, audience, input.contractIds ?? []);
      }
      if (input.answers) {
        const rows = this.checkedAnswers(form, input.answers);
        await manager.query('DELETE FROM disclosure_answers WHERE disclosure_id = $1', [id]);
        await this.writeAnswers(manager, id, rows);
      }
      await manager.query('UPDATE disclosures SET audience = $2, updated_at = now() WHERE id = $1', [id, audience]);
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.update', target: { type: 'disclosure', id } }, manager);
    });
    return this.view(principal, id);
  }

  async publish(principal: Principal, id: string): Promise<DisclosureDto> {
    const form = await this.formOfOwn(principal, id);
    await this.db.transaction(async (manager) => {
      const draft = await this.lockOwnDisclosure(manager, principal, id);
      if (draft.status !== 'draft') throw AppError.conflict('disclosure_not_draft', `The disclosure is already ${draft.status}.`);
      const answered: { item_id: string }[] = await manager.query('SELECT item_id FROM disclosure_answers WHERE disclosure_id = $1', [id]);
      const missing = missingRequiredItems(form, answered.map((a) => a.item_id));
      if (missing.length > 0) {
        throw AppError.unprocessable('required_items_missing', `公開する前に必須の項目すべてに回答してください。未回答: ${missing.join(', ')} (answer every required item before publishing: ${missing.join(', ')}).`, { missingItems: missing });
      }
      if (draft.audience === 'selected_contracts') {
        const [audience]: { count: string }[] = await manager.query('SELECT count(*) FROM disclosure_audience WHERE disclosure_id = $1', [id]);
        if (Number(audience.count) === 0) throw AppError.unprocessable('audience_empty', 'Select at least one contract, or address all customers of the product.');
      }
      await manager.query(
        `UPDATE disclosures SET status = 'superseded', superseded_at = now(), superseded_by = $1, updated_at = now()
          WHERE product_id = $2 AND product_version = $3 AND kind = $4 AND author_id = $5 AND status = 'published'`,
        [id, draft.product_id, draft.product_version, draft.kind, draft.author_id],
      );
      await manager.query(`UPDATE disclosures SET status = 'published', published_at = now(), updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.publish', target: { type: 'disclosure', id } }, manager);
      const audience: { customer_id: string }[] = await manager.query(
        `SELECT DISTINCT c.customer_id FROM contracts c JOIN contract_products cp ON cp.contract_id = c.id AND cp.product_id = $2
          WHERE c.status = 'active' AND c.vendor_id = $3 AND ($4::uuid = c.vendor_id OR c.agent_id = $4)
            AND ($5 = 'all_customers' OR EXISTS (SELECT 1 FROM disclosure_audience da WHERE da.disclosure_id = $1 AND da.contract_id = c.id))`,
        [id, draft.product_id, draft.vendor_id, draft.author_id, draft.audience],
      );
      await this.events.publish(manager, {
        type: 'disclosure.published',
        recipients: [draft.author_id, ...audience.map((a) => a.customer_id)],
        subject: { type: 'disclosure', id },
        payload: { disclosureId: id, kind: draft.kind, productId: draft.product_id, productVersion: draft.product_version, vendorId: draft.vendor_id, authorId: draft.author_id },
        notification: { title: `${draft.kind} が公開されました`, body: `製品バージョン ${draft.product_version}`, link: `/disclosures/${id}` },
      });
    });
    return this.view(principal, id);
  }

  async withdraw(principal: Principal, id: string, reason: string): Promise<DisclosureDto> {
    await this.db.transaction(async (manager) => {
      const disclosure = await this.lockOwnDisclosure(manager, principal, id);
      if (disclosure.status !== 'published') throw AppError.conflict('disclosure_not_published', 'Only the published revision can be withdrawn.');
      await manager.query(`UPDATE disclosures SET status = 'withdrawn', withdrawn_at = now(), withdrawn_reason = $2, updated_at = now() WHERE id = $1`, [id, reason]);
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'disclosure.withdraw', target: { type: 'disclosure', id }, details: { reason } }, manager);
    });
    return this.view(principal, id);
  }

  /**
   * The disclosure as its author sees it, read after the transaction has committed: reading it
   * inside would take a second pooled connection (form lookups) while holding the first, which
   * starves the pool when simultaneous writers wait on each other's locks.
   */
  private async view(principal: Principal, id: string): Promise<DisclosureDto> {
    return (await this.reader.load(this.db.manager, principal, id)).dto;
  }

  /** The form of a disclosure the principal wrote (it never changes), fetched before any lock is taken. */
  private async formOfOwn(principal: Principal, id: string): Promise<FormDefinition> {
    const [row]: { form_id: string }[] = await this.db.query('SELECT form_id FROM disclosures WHERE id = $1 AND author_id = $2', [id, principal.organizationId]);
    if (!row) throw AppError.notFound('disclosure');
    return this.forms.get(row.form_id);
  }

  /** A disclosure the principal wrote, locked for change; anyone else's is not found. */
  async lockOwnDisclosure(manager: EntityManager, principal: Principal, id: string) {
    const [row]: {
      status: string;
      form_id: string;
      vendor_id: string;
      author_id: string;
      product_id: string;
      product_version: string;
      kind: DisclosureKind;
      audience: DisclosureAudience;
      revision: number;
      updated_at: Date;
    }[] = await manager.query(
        `SELECT status, form_id, vendor_id, author_id, product_id, product_version, kind, audience, revision, updated_at FROM disclosures WHERE id = $1 AND author_id = $2 FOR UPDATE`,
        [id, principal.organizationId],
      );
    if (!row) throw AppError.notFound('disclosure');
    return row;
  }

  /**
   * The product's vendor writes any kind; an agent (代理店) writes the RM-SDS of a product it
   * maintains under an active contract.
   */
  private async authoring(principal: Principal, productId: string, kind: DisclosureKind): Promise<Authoring> {
    if (principal.organizationKind !== 'vendor') throw AppError.forbidden('Disclosures are written by vendors and their agents.', 'vendor_required');
    const [product]: { vendor_id: string; agent_of: boolean }[] = await this.db.query(
      `SELECT p.vendor_id, EXISTS (SELECT 1 FROM contract_products cp JOIN contracts c ON c.id = cp.contract_id
                                    WHERE cp.product_id = p.id AND c.agent_id = $2 AND c.status = 'active') AS agent_of
         FROM products p WHERE p.id = $1`,
      [productId, principal.organizationId],
    );
    if (product?.vendor_id === principal.organizationId) return { vendorId: product.vendor_id, authorId: principal.organizationId };
    if (product?.agent_of && kind === 'RM-SDS') return { vendorId: product.vendor_id, authorId: principal.organizationId };
    if (product?.agent_of) throw AppError.forbidden('An agent writes only the RM-SDS of the remote maintenance it performs.', 'agent_rm_sds_only');
    throw AppError.invalid([{ field: 'productId', message: 'is not one of your products' }]);
  }

  /**
   * What a new draft starts from: the form and the caller's answers and audience; with copyFrom
   * 'previous', the latest revision's answers (those that fit the form), its form unless another is
   * named, and its audience unless one is given — its selected contracts that still cover the
   * product, so that an ended contract does not make the copy fail (publishing asks for one at least).
   */
  private async startingPoint(authoring: Authoring, input: CreateDisclosureDto) {
    if (!input.copyFrom) {
      if (!input.audience || !input.answers) {
        throw AppError.invalid([...(input.audience ? [] : [{ field: 'audience', message: 'is required unless copyFrom is given' }]), ...(input.answers ? [] : [{ field: 'answers', message: 'is required unless copyFrom is given' }])]);
      }
      const form = input.formId ? await this.disclosureForm(input.formId) : await this.forms.latestDisclosureForm();
      await this.assertAudience(authoring, input.productId, input.audience, input.contractIds);
      return { form, answers: input.answers, audience: input.audience, contractIds: input.contractIds, copiedFrom: undefined };
    }
    const named = input.formId ? await this.disclosureForm(input.formId) : undefined;
    const previous = await previousRevision(this.db.manager, { authorId: authoring.authorId, productId: input.productId, productVersion: input.productVersion, kind: input.kind });
    const form = named ?? (await this.forms.get(previous.formId));
    // The caller's answers are checked as sent first, so that an error names their own index.
    if (input.answers) this.checkedAnswers(form, input.answers);
    const answers = withOverrides(carriedAnswers(form, previous.answers), input.answers ?? []);
    const copiedFrom = { id: previous.id, revision: previous.revision };
    if (input.audience) {
      await this.assertAudience(authoring, input.productId, input.audience, input.contractIds);
      return { form, answers, audience: input.audience, contractIds: input.contractIds, copiedFrom };
    }
    if (input.contractIds) throw AppError.invalid([{ field: 'contractIds', message: 'give audience with contractIds' }]);
    const contractIds = previous.audience === 'selected_contracts' ? await this.coveringContracts(authoring, input.productId, previous.contractIds) : [];
    return { form, answers, audience: previous.audience, contractIds, copiedFrom };
  }

  private async disclosureForm(formId: string): Promise<FormDefinition> {
    const form = await this.forms.get(formId).catch(() => undefined);
    if (!form || form.kind !== 'security_disclosure') throw AppError.invalid([{ field: 'formId', message: 'must be an MDS/SDS form (GET /v1/forms?kind=security_disclosure)' }]);
    return form;
  }

  private checkedAnswers(form: FormDefinition, answers: DisclosureAnswerInputDto[]): DisclosureAnswerRow[] {
    const { rows, errors } = checkDisclosureAnswers(form, answers);
    if (errors.length > 0) throw AppError.invalid(errors, 'Some answers do not fit the form.');
    return rows;
  }

  private async assertAudience(authoring: Authoring, productId: string, audience: DisclosureAudience, contractIds: string[] | undefined): Promise<void> {
    if (audience === 'all_customers') {
      if (contractIds?.length) throw AppError.invalid([{ field: 'contractIds', message: 'is only for audience selected_contracts' }]);
      return;
    }
    if (!contractIds?.length) throw AppError.invalid([{ field: 'contractIds', message: 'select at least one contract for audience selected_contracts' }]);
    const covering = await this.coveringContracts(authoring, productId, contractIds);
    if (covering.length !== contractIds.length) {
      throw AppError.invalid([{ field: 'contractIds', message: 'must be your active contracts that cover this product' }]);
    }
  }

  /** Those of the contracts that are the author's active contracts covering the product. */
  private async coveringContracts(authoring: Authoring, productId: string, contractIds: string[]): Promise<string[]> {
    if (contractIds.length === 0) return [];
    const rows: { id: string }[] = await this.db.query(
      `SELECT c.id FROM contracts c JOIN contract_products cp ON cp.contract_id = c.id AND cp.product_id = $2
        WHERE c.id = ANY($1::uuid[]) AND c.vendor_id = $3 AND ($4::uuid = c.vendor_id OR c.agent_id = $4) AND c.status = 'active'`,
      [contractIds, productId, authoring.vendorId, authoring.authorId],
    );
    return rows.map((row) => row.id);
  }

  private async writeAnswers(manager: EntityManager, id: string, rows: DisclosureAnswerRow[]): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO disclosure_answers (disclosure_id, item_id, ordinal, answer, remarks, item_text, section)
       SELECT $1, * FROM unnest($2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [id, rows.map((r) => r.itemId), rows.map((r) => r.ordinal), rows.map((r) => r.answer), rows.map((r) => r.remarks), rows.map((r) => r.itemText), rows.map((r) => r.section)],
    );
  }

  private async writeAudience(manager: EntityManager, id: string, audience: DisclosureAudience, contractIds: string[] | undefined): Promise<void> {
    await manager.query('DELETE FROM disclosure_audience WHERE disclosure_id = $1', [id]);
    if (audience === 'selected_contracts' && contractIds?.length) {
      await manager.query('INSERT INTO disclosure_audience (disclosure_id, contract_id) SELECT $1, unnest($2::uuid[])', [id, contractIds]);
    }
  }
}

/** Unique indexes a simultaneous second draft of the same disclosure runs into. */
const DRAFT_KEYS = new Set(['disclosures_one_draft_key', 'disclosures_revision_key']);

/** A simultaneous request created the draft between the check and the insert: the same 409 as the check's. */
function draftConflict(error: unknown): never {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : undefined;
  if (driverError?.code === '23505' && DRAFT_KEYS.has(driverError.constraint ?? '')) {
    throw AppError.conflict('draft_exists', 'この製品バージョンの同じ種類の下書きがすでにあります。その下書きを編集してください (a draft of this disclosure exists already: change it instead).');
  }
  throw error;
}

function actorIdOf(principal: Principal): string {
  return principal.type === 'user' ? principal.userId : principal.clientId;
}
