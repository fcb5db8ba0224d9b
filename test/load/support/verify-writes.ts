import { Client } from 'pg';
import type { AckedBulk, AckedMessage } from './traffic';

export interface WriteVerification {
  checklistsAcknowledged: number;
  checklistsFound: number;
  bulkKeysAcknowledged: number;
  bulkKeysCompleted: number;
  messagesAcknowledged: number;
  messagesFound: number;
  /** A few of the missing or different ones, to show. */
  missing: string[];
}

/**
 * Looks for every acknowledged write straight in the database: each checklist revision by id
 * (same contract, revision, submitted, with its 管理責任者 and every answer), each bulk's
 * Idempotency-Key completed, each message by id with its text.
 */
export async function verifyAcknowledgedWrites(databaseUrl: string, bulks: AckedBulk[], messages: AckedMessage[], answersPerChecklist: number): Promise<WriteVerification> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const missing: string[] = [];
    const checklists = bulks.flatMap((bulk) => bulk.checklists.map((c) => ({ ...c, managerName: bulk.managerName })));
    const { rows: found } = await db.query<{ id: string; contract_id: string; revision: number; status: string; manager_name: string; answers: number }>(
      `SELECT vc.id, vc.contract_id, vc.revision, vc.status, vc.manager_name, (SELECT count(*)::int FROM vendor_checklist_answers a WHERE a.checklist_id = vc.id) AS answers
         FROM vendor_checklists vc WHERE vc.id = ANY($1::uuid[])`,
      [checklists.map((c) => c.checklistId)],
    );
    const byId = new Map(found.map((row) => [row.id, row]));
    let checklistsFound = 0;
    for (const expected of checklists) {
      const row = byId.get(expected.checklistId);
      const same =
        row && row.contract_id === expected.contractId && row.revision === expected.revision && row.status === 'submitted' && row.manager_name === expected.managerName && row.answers === answersPerChecklist;
      if (same) checklistsFound += 1;
      else if (missing.length < 10) missing.push(`checklist ${expected.checklistId}: ${row ? JSON.stringify(row) : 'absent'}`);
    }

    const { rows: keys } = await db.query<{ key: string }>(`SELECT key FROM idempotency_keys WHERE key = ANY($1::text[]) AND status = 'completed' AND response_status = 200`, [bulks.map((b) => b.key)]);
    const completedKeys = new Set(keys.map((k) => k.key));
    for (const bulk of bulks) if (!completedKeys.has(bulk.key) && missing.length < 10) missing.push(`idempotency key ${bulk.key} not completed`);

    const { rows: messageRows } = await db.query<{ id: string; thread_id: string; body: string }>('SELECT id, thread_id, body FROM risk_thread_messages WHERE id = ANY($1::uuid[])', [messages.map((m) => m.id)]);
    const messageById = new Map(messageRows.map((row) => [row.id, row]));
    let messagesFound = 0;
    for (const expected of messages) {
      const row = messageById.get(expected.id);
      if (row && row.thread_id === expected.threadId && row.body === expected.body) messagesFound += 1;
      else if (missing.length < 10) missing.push(`message ${expected.id}: ${row ? 'different' : 'absent'}`);
    }
    return {
      checklistsAcknowledged: checklists.length,
      checklistsFound,
      bulkKeysAcknowledged: bulks.length,
      bulkKeysCompleted: completedKeys.size,
      messagesAcknowledged: messages.length,
      messagesFound,
      missing,
    };
  } finally {
    await db.end();
  }
}

export function allFound(v: WriteVerification): boolean {
  return v.checklistsFound === v.checklistsAcknowledged && v.bulkKeysCompleted === v.bulkKeysAcknowledged && v.messagesFound === v.messagesAcknowledged;
}

export function describeVerification(v: WriteVerification): string {
  return `checklists ${v.checklistsFound}/${v.checklistsAcknowledged}, bulk keys completed ${v.bulkKeysCompleted}/${v.bulkKeysAcknowledged}, messages ${v.messagesFound}/${v.messagesAcknowledged}`;
}
