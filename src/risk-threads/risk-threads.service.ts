import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { actorId, Principal } from '../access/principal';
import { riskThreadVisible, SqlParams } from '../access/visibility';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/app-error';
import { EventsService } from '../events/events.service';
import { RiskThreadDocuments, ThreadDocument } from './risk-thread-documents.service';
import { RiskThreadReader } from './risk-thread-reader.service';
import { sideOf } from './risk-thread-row';
import { assertNotPast, assertResolution } from './risk-thread-rules';
import { history, LOCKED_THREAD_COLUMNS, LockedThread, lockItem, openThreadOn, otherParties } from './risk-thread-writes';
import { assertIfMatch } from '../sync/entity-tag';
import {
  OpenRiskThreadDto,
  ReopenRiskThreadDto,
  ResolveRiskThreadDto,
  RISK_OUTCOME_LABELS,
  RiskThreadDetailDto,
  RiskThreadMessageInputDto,
  RiskThreadStatus,
  UpdateRiskThreadDto,
} from './risk-threads.dto';

/**
 * Risk communication on one answered item: a pharmacy (or its chain) opens a thread, both sides
 * write messages, the pharmacy side decides the outcome. Every change leaves a history row and an
 * audit event; nothing is deleted (the database refuses DELETE).
 *
 * The pharmacy side decides the outcome, since it is the pharmacy that accepts (or not) the risk
 * for its own 立入検査 and checklist; the vendor proposes in messages.
 */
@Injectable()
export class RiskThreadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly documents: RiskThreadDocuments,
    private readonly reader: RiskThreadReader,
    private readonly audit: AuditService,
    private readonly events: EventsService,
  ) {}

  async open(principal: Principal, input: OpenRiskThreadDto): Promise<RiskThreadDetailDto> {
    const facility = await this.documents.facility(principal, input.pharmacyId, input.documentType);
    if (input.dueOn !== undefined) assertNotPast([{ field: 'dueOn', value: input.dueOn }]);
    const document = await this.documents.find(principal, facility, input.documentType, input.documentId, input.itemId);
    const label = await this.actorLabel(principal);
    const id = await this.db.transaction(async (manager) => {
      const opened = await this.openIn(manager, principal, label, document, input);
      if (opened.alreadyOpen) throw AppError.conflict('thread_already_open', `A thread on this item is open already (${opened.id}): continue it there.`);
      return opened.id;
    });
    return this.view(principal, id);
  }

  async message(principal: Principal, id: string, input: RiskThreadMessageInputDto): Promise<RiskThreadDetailDto> {
    const label = await this.actorLabel(principal);
    await this.db.transaction(async (manager) => {
      const thread = await this.lock(manager, principal, id);
      assertOpen(thread, 'Post no messages on a resolved thread: reopen it first.');
      await this.postMessage(manager, principal, label, thread, input.body);
    });
    return this.view(principal, id);
  }

  /** The author changes the text of their own message; the previous text stays in the history. */
  async editMessage(principal: Principal, id: string, messageId: string, input: RiskThreadMessageInputDto): Promise<RiskThreadDetailDto> {
    const label = await this.actorLabel(principal);
    await this.db.transaction(async (manager) => {
      const thread = await this.lock(manager, principal, id);
      const [message]: { author_type: string; author_id: string; body: string }[] = await manager.query(
        'SELECT author_type, author_id, body FROM risk_thread_messages WHERE id = $1 AND thread_id = $2 FOR UPDATE',
        [messageId, id],
      );
      if (!message) throw AppError.notFound('message');
      if (message.author_type !== principal.type || message.author_id !== actorId(principal)) {
        throw AppError.forbidden('Only the author of a message can change it.', 'not_your_message');
      }
      assertOpen(thread, 'Messages of a resolved thread no longer change: reopen it first.');
      if (message.body === input.body) return;
      await manager.query('UPDATE risk_thread_messages SET body = $2, edited_at = now() WHERE id = $1', [messageId, input.body]);
      await manager.query('UPDATE risk_threads SET updated_at = now() WHERE id = $1', [id]);
      await history(manager, principal, label, id, 'message_edited', { messageId, previousBody: message.body });
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'risk_thread.message_edit', target: { type: 'risk_thread', id }, details: { messageId } }, manager);
    });
    return this.view(principal, id);
  }

  /** The pharmacy side sets or clears the due date; `ifMatch`: only over the thread as read (else 412). */
  async update(principal: Principal, id: string, input: UpdateRiskThreadDto, ifMatch?: string): Promise<RiskThreadDetailDto> {
    if (input.dueOn !== null) assertNotPast([{ field: 'dueOn', value: input.dueOn }]);
    const label = await this.actorLabel(principal);
    await this.db.transaction(async (manager) => {
      const thread = await this.lock(manager, principal, id);
      assertPharmacySide(principal, 'The pharmacy side sets the due date.');
      assertIfMatch(ifMatch, { id, updatedAt: thread.updated_at });
      assertOpen(thread, 'A resolved thread has no due date to change: reopen it first.');
      if (thread.due_on === input.dueOn) return;
      await manager.query('UPDATE risk_threads SET due_on = $2, updated_at = now() WHERE id = $1', [id, input.dueOn]);
      await history(manager, principal, label, id, 'due_date_changed', { from: thread.due_on, to: input.dueOn });
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'risk_thread.update', target: { type: 'risk_thread', id }, details: { dueOn: input.dueOn } }, manager);
    });
    return this.view(principal, id);
  }

  /** The pharmacy side records the outcome and who decided it. */
  async resolve(principal: Principal, id: string, input: ResolveRiskThreadDto): Promise<RiskThreadDetailDto> {
    assertResolution(input);
    const label = await this.actorLabel(principal);
    await this.db.transaction(async (manager) => {
      const thread = await this.lock(manager, principal, id);
      assertPharmacySide(principal, 'The pharmacy side decides the outcome: it is the pharmacy that accepts the risk. Propose it in a message.');
      assertOpen(thread, 'The thread is resolved already.');
      const note = input.note ?? null;
      const fixDueOn = input.fixDueOn ?? null;
      await manager.query(
        `UPDATE risk_threads SET status = 'resolved', outcome = $2, outcome_note = $3, fix_due_on = $4, resolved_by = $5, resolved_by_org = $6, resolved_at = now(), updated_at = now()
          WHERE id = $1`,
        [id, input.outcome, note, fixDueOn, actorId(principal), principal.organizationId],
      );
      await history(manager, principal, label, id, 'resolved', { from: thread.status, outcome: input.outcome, note, fixDueOn });
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'risk_thread.resolve', target: { type: 'risk_thread', id }, details: { outcome: input.outcome, fixDueOn } }, manager);
      await this.events.publish(manager, {
        type: 'risk_thread.resolved',
        recipients: otherParties(principal, thread.customer_id, thread.vendor_id),
        subject: { type: 'risk_thread', id },
        payload: { threadId: id, outcome: input.outcome, fixDueOn },
        notification: { title: `リスクコミュニケーションが解決されました（${RISK_OUTCOME_LABELS[input.outcome]}）`, body: `項目 ${thread.item_id}`, link: `/risk-threads/${id}` },
      });
    });
    return this.view(principal, id);
  }

  /** The pharmacy side opens a resolved thread again; the previous resolution stays in the history. */
  async reopen(principal: Principal, id: string, input: ReopenRiskThreadDto): Promise<RiskThreadDetailDto> {
    const label = await this.actorLabel(principal);
    await this.db.transaction(async (manager) => {
      const thread = await this.lock(manager, principal, id);
      assertPharmacySide(principal, 'The pharmacy side reopens a thread.');
      if (thread.status !== 'resolved') throw AppError.conflict('thread_not_resolved', 'The thread is open already.');
      await lockItem(manager, thread.customer_id, thread.document_type, thread.document_id, thread.item_id);
      await assertNoOpenThread(manager, thread.customer_id, thread.document_type, thread.document_id, thread.item_id);
      await manager.query(
        `UPDATE risk_threads SET status = 'waiting_vendor', outcome = NULL, outcome_note = NULL, fix_due_on = NULL, resolved_by = NULL, resolved_by_org = NULL, resolved_at = NULL, updated_at = now()
          WHERE id = $1`,
        [id],
      );
      const previous = { outcome: thread.outcome, note: thread.outcome_note, fixDueOn: thread.fix_due_on, resolvedBy: thread.resolved_by, resolvedByOrg: thread.resolved_by_org, resolvedAt: thread.resolved_at?.toISOString() ?? null };
      await history(manager, principal, label, id, 'reopened', { reason: input.reason ?? null, previous });
      await this.audit.record({ actor: principal, organizationId: principal.organizationId, action: 'risk_thread.reopen', target: { type: 'risk_thread', id }, details: { reason: input.reason ?? null } }, manager);
      await this.events.publish(manager, {
        type: 'risk_thread.opened',
        recipients: otherParties(principal, thread.customer_id, thread.vendor_id),
        subject: { type: 'risk_thread', id },
        payload: { threadId: id, reopened: true, documentType: thread.document_type, documentId: thread.document_id, itemId: thread.item_id },
        notification: { title: 'リスクコミュニケーションが再開されました', body: `項目 ${thread.item_id}`, link: `/risk-threads/${id}` },
      });
    });
    return this.view(principal, id);
  }

  /**
   * Opens a thread on the document's item for its customer inside the caller's transaction (the
   * document found beforehand with RiskThreadDocuments): the thread with its snapshot, the first
   * message, history, audit and the `risk_thread.opened` event. When a thread is open on that item
   * already nothing is written and its id comes back with `alreadyOpen`. `followupId` ties the
   * thread to a chain-wide follow-up.
   */
  async openIn(
    manager: EntityManager,
    principal: Principal,
    label: string,
    document: ThreadDocument & { customerId: string },
    input: Pick<OpenRiskThreadDto, 'documentType' | 'documentId' | 'itemId' | 'message' | 'dueOn'>,
    followupId: string | null = null,
  ): Promise<{ id: string; alreadyOpen: boolean }> {
    const documentId = document.disclosureId ?? document.checklistId;
    if (documentId === null) throw new Error('a thread is opened on a disclosure or a checklist');
    await lockItem(manager, document.customerId, input.documentType, documentId, input.itemId);
    const existing = await openThreadOn(manager, document.customerId, input.documentType, documentId, input.itemId);
    if (existing) return { id: existing, alreadyOpen: true };
    const [thread]: { id: string }[] = await manager.query(
      `INSERT INTO risk_threads (customer_id, vendor_id, opened_by_org, opened_by, document_type, disclosure_id, checklist_id, item_id, snapshot, status, due_on, followup_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'waiting_vendor', $10, $11) RETURNING id`,
      [document.customerId, document.vendorId, principal.organizationId, actorId(principal), input.documentType, document.disclosureId, document.checklistId, input.itemId, JSON.stringify(document.snapshot), input.dueOn ?? null, followupId],
    );
    await this.insertMessage(manager, principal, label, thread.id, input.message);
    await history(manager, principal, label, thread.id, 'opened', { status: 'waiting_vendor', dueOn: input.dueOn ?? null, answer: document.snapshot.answer, ...(followupId ? { followupId } : {}) });
    await this.audit.record(
      {
        actor: principal,
        organizationId: principal.organizationId,
        action: 'risk_thread.open',
        target: { type: 'risk_thread', id: thread.id },
        details: { documentType: input.documentType, documentId, itemId: input.itemId, customerId: document.customerId, ...(followupId ? { followupId } : {}) },
      },
      manager,
    );
    await this.events.publish(manager, {
      type: 'risk_thread.opened',
      recipients: otherParties(principal, document.customerId, document.vendorId),
      subject: { type: 'risk_thread', id: thread.id },
      payload: { threadId: thread.id, documentType: input.documentType, documentId, itemId: input.itemId, customerId: document.customerId, vendorId: document.vendorId, dueOn: input.dueOn ?? null },
      notification: { title: 'リスクコミュニケーションの問い合わせが届きました', body: `${document.snapshot.documentLabel} 項目 ${input.itemId}（${document.snapshot.answer}）`, link: `/risk-threads/${thread.id}` },
    });
    return { id: thread.id, alreadyOpen: false };
  }

  /**
   * A message on an open thread (locked by the caller): a vendor message waits for the pharmacy, a
   * pharmacy message for the vendor; history on a status change, audit, `risk_thread.message`.
   */
  async postMessage(manager: EntityManager, principal: Principal, label: string, thread: LockedThread, body: string, followupId: string | null = null): Promise<string> {
    const id = thread.id;
    const messageId = await this.insertMessage(manager, principal, label, id, body);
    const status: RiskThreadStatus = sideOf(principal) === 'vendor' ? 'waiting_pharmacy' : 'waiting_vendor';
    await manager.query('UPDATE risk_threads SET status = $2, updated_at = now() WHERE id = $1', [id, status]);
    if (status !== thread.status) await history(manager, principal, label, id, 'status_changed', { from: thread.status, to: status });
    await this.audit.record(
      { actor: principal, organizationId: principal.organizationId, action: 'risk_thread.message', target: { type: 'risk_thread', id }, details: { messageId, status, ...(followupId ? { followupId } : {}) } },
      manager,
    );
    await this.events.publish(manager, {
      type: 'risk_thread.message',
      recipients: otherParties(principal, thread.customer_id, thread.vendor_id),
      subject: { type: 'risk_thread', id },
      payload: { threadId: id, messageId, status, from: sideOf(principal) },
      notification: { title: 'リスクコミュニケーションに新しいメッセージがあります', body: `項目 ${thread.item_id}`, link: `/risk-threads/${id}` },
    });
    return messageId;
  }

  /** Read after commit (reads inside the transaction would take a second pooled connection). */
  private view(principal: Principal, id: string): Promise<RiskThreadDetailDto> {
    return this.reader.load(this.db.manager, principal, id);
  }

  private async lock(manager: EntityManager, principal: Principal, id: string): Promise<LockedThread> {
    const params = new SqlParams([id]);
    const [thread]: LockedThread[] = await manager.query(
      `SELECT ${LOCKED_THREAD_COLUMNS}
         FROM risk_threads t WHERE t.id = $1 AND ${riskThreadVisible(principal, 't', params)} FOR UPDATE`,
      params.values,
    );
    if (!thread) throw AppError.notFound('risk thread');
    return thread;
  }

  private async insertMessage(manager: EntityManager, principal: Principal, label: string, threadId: string, body: string): Promise<string> {
    const [message]: { id: string }[] = await manager.query(
      `INSERT INTO risk_thread_messages (thread_id, author_org, author_type, author_id, author_label, body) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [threadId, principal.organizationId, principal.type, actorId(principal), label, body],
    );
    return message.id;
  }

  /** A user's display name, or the API client's name: how the other side sees the author. */
  async actorLabel(principal: Principal): Promise<string> {
    if (principal.type === 'client') return principal.clientName;
    const [user]: { display_name: string }[] = await this.db.query('SELECT display_name FROM users WHERE id = $1', [principal.userId]);
    return user?.display_name ?? principal.email;
  }
}

async function assertNoOpenThread(manager: EntityManager, customerId: string, documentType: string, documentId: string, itemId: string): Promise<void> {
  const open = await openThreadOn(manager, customerId, documentType, documentId, itemId);
  if (open) throw AppError.conflict('thread_already_open', `A thread on this item is open already (${open}): continue it there.`);
}

function assertOpen(thread: LockedThread, detail: string): void {
  if (thread.status === 'resolved') throw AppError.conflict('thread_resolved', detail);
}

function assertPharmacySide(principal: Principal, detail: string): void {
  if (sideOf(principal) !== 'pharmacy') throw AppError.forbidden(detail, 'pharmacy_side_only');
}
