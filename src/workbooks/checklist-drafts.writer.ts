import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../access/principal';
import type { AuditService } from '../audit/audit.service';
import type { ChecklistAnswerRow } from '../checklists/checklist-answers';
import { actorIdOf, insertAnswers } from '../checklists/checklists.service';

export interface DraftWrite {
  contractId: string;
  formId: string;
  managerName: string | null;
  rows: ChecklistAnswerRow[];
  hash: string;
}

/**
 * Saves many customers' drafts in one transaction, set-based, as PUT /v1/contracts/{id}/checklists
 * saves one: a draft in progress has its answers replaced; otherwise a new draft revision follows
 * the latest. Either every draft is saved or none is (the caller runs this in a transaction).
 * Answers the checklist id and revision of each contract.
 */
export async function saveDrafts(manager: EntityManager, audit: AuditService, principal: Principal, fiscalYear: number, writes: DraftWrite[]): Promise<Map<string, { id: string; revision: number }>> {
  const contractIds = writes.map((w) => w.contractId);
  // Locked in a fixed order, as the bulk path locks them, so the two cannot deadlock.
  await manager.query('SELECT id FROM contracts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE', [contractIds]);
  const heads: { contract_id: string; draft_id: string | null; max_revision: number }[] = await manager.query(
    `SELECT contract_id, (array_agg(id) FILTER (WHERE status = 'draft'))[1] AS draft_id, max(revision) AS max_revision
       FROM vendor_checklists WHERE contract_id = ANY($1::uuid[]) AND fiscal_year = $2 GROUP BY contract_id`,
    [contractIds, fiscalYear],
  );
  const state = new Map(heads.map((head) => [head.contract_id, head]));
  const saved = new Map<string, { id: string; revision: number }>();
  const replaced = writes.filter((w) => state.get(w.contractId)?.draft_id);
  const created = writes.filter((w) => !state.get(w.contractId)?.draft_id);
  if (replaced.length > 0) {
    const ids = replaced.map((w) => state.get(w.contractId)?.draft_id as string);
    await manager.query('DELETE FROM vendor_checklist_answers WHERE checklist_id = ANY($1::uuid[])', [ids]);
    await manager.query(
      `UPDATE vendor_checklists v SET form_id = t.form_id, manager_name = t.manager_name, content_hash = t.content_hash, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, form_id, manager_name, content_hash) WHERE v.id = t.id`,
      [ids, replaced.map((w) => w.formId), replaced.map((w) => w.managerName), replaced.map((w) => w.hash)],
    );
    replaced.forEach((w, index) => saved.set(w.contractId, { id: ids[index], revision: Number(state.get(w.contractId)?.max_revision) }));
  }
  if (created.length > 0) {
    const ids = created.map(() => randomUUID());
    const revisions = created.map((w) => Number(state.get(w.contractId)?.max_revision ?? 0) + 1);
    await manager.query(
      `INSERT INTO vendor_checklists (id, contract_id, fiscal_year, revision, status, form_id, manager_name, content_hash)
       SELECT id, contract_id, $1, revision, 'draft', form_id, manager_name, content_hash
         FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[]) AS t(id, contract_id, revision, form_id, manager_name, content_hash)`,
      [fiscalYear, ids, created.map((w) => w.contractId), revisions, created.map((w) => w.formId), created.map((w) => w.managerName), created.map((w) => w.hash)],
    );
    created.forEach((w, index) => saved.set(w.contractId, { id: ids[index], revision: revisions[index] }));
  }
  await insertAnswers(manager, writes.map((w) => saved.get(w.contractId)?.id as string), writes.map((w) => w.rows));
  // One audit event for the upload, naming every draft it saved (as the bulk path records one per batch).
  await audit.record(
    {
      actor: principal,
      organizationId: principal.organizationId,
      action: 'checklist.workbook_save',
      target: { type: 'checklist_batch', id: String(fiscalYear) },
      details: { fiscalYear, saved: writes.map((w) => ({ contractId: w.contractId, ...saved.get(w.contractId) })), by: actorIdOf(principal) },
    },
    manager,
  );
  return saved;
}
