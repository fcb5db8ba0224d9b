import { fiscalYearLabel } from '../common/fiscal-year';
import type { DomainEvent } from '../events/events.service';
import { AnswerChange, describeChange } from './answer-changes';

/*
 * The events a resubmission or republication publishes when it changes something that matters
 * (change-significance.ts): pure builders, data in, event out, so the wording is testable without
 * a database. Nothing is published when no change is significant.
 */

/** Changes carried in a webhook payload: enough for a receiver to act without reading the document. */
const MAX_PAYLOAD_CHANGES = 200;
/** Significant changes named in a notification's body. */
const MAX_BODY_CHANGES = 5;

export interface ChecklistChangeFacts {
  checklistId: string;
  contractId: string;
  fiscalYear: number;
  vendorId: string;
  vendorName: string;
  customerId: string;
  fromChecklistId: string;
  fromRevision: number;
  toRevision: number;
}

export interface DisclosureChangeFacts {
  disclosureId: string;
  fromDisclosureId: string;
  kind: string;
  productId: string;
  productName: string;
  productVersion: string;
  vendorId: string;
  vendorName: string;
  authorId: string;
  fromRevision: number;
  toRevision: number;
  /** The customers the new revision reaches that the previous one reached too. */
  customerIds: string[];
}

/**
 * The changes as a webhook carries them: answers and dates, which the receiver acts on, but not the
 * text of 備考 (free text may say more than a webhook should carry): a remarks change is named with
 * its values left out (valuesOmitted), to be read over the API.
 */
function payloadChanges(changes: AnswerChange[]) {
  return changes.slice(0, MAX_PAYLOAD_CHANGES).map(({ itemId, kind, field, before, after, significant, reason }) =>
    field === 'remarks' ? { itemId, kind, field, before: null, after: null, valuesOmitted: true, significant, reason } : { itemId, kind, field, before, after, significant, reason },
  );
}

/** 「… で 2-③ が はい→いいえ に変わりました（ほか1件）」 and the body naming up to five significant changes. */
function notificationText(subject: string, significant: AnswerChange[]): { title: string; body: string } {
  const [first, ...rest] = significant;
  const more = rest.length > 0 ? `（ほか${rest.length}件）` : '';
  const listed = significant.slice(0, MAX_BODY_CHANGES).map(describeChange);
  const unlisted = significant.length - listed.length;
  return {
    title: `${subject}で ${describeChange(first)}${more}`,
    body: `${listed.join('。')}。${unlisted > 0 ? `ほか${unlisted}件の重要な変更があります。` : ''}前回の版との違いを確認してください。`,
  };
}

export function checklistChanged(facts: ChecklistChangeFacts, changes: AnswerChange[]): DomainEvent | null {
  const significant = changes.filter((change) => change.significant);
  if (significant.length === 0) return null;
  const subject = `${facts.vendorName}の事業者確認用（${fiscalYearLabel(facts.fiscalYear)}）`;
  return {
    type: 'checklist.changed',
    recipients: [facts.customerId],
    subject: { type: 'checklist', id: facts.checklistId },
    payload: {
      checklistId: facts.checklistId,
      contractId: facts.contractId,
      fiscalYear: facts.fiscalYear,
      vendorId: facts.vendorId,
      fromChecklistId: facts.fromChecklistId,
      fromRevision: facts.fromRevision,
      toRevision: facts.toRevision,
      significantCount: significant.length,
      changeCount: changes.length,
      changes: payloadChanges(changes),
    },
    notification: { ...notificationText(subject, significant), link: `/contracts/${facts.contractId}/checklists/${facts.fiscalYear}` },
  };
}

export function disclosureChanged(facts: DisclosureChangeFacts, changes: AnswerChange[]): DomainEvent | null {
  const significant = changes.filter((change) => change.significant);
  if (significant.length === 0 || facts.customerIds.length === 0) return null;
  const subject = `${facts.vendorName}の${facts.kind}（${facts.productName} ${facts.productVersion}）`;
  return {
    type: 'disclosure.changed',
    recipients: facts.customerIds,
    subject: { type: 'disclosure', id: facts.disclosureId },
    payload: {
      disclosureId: facts.disclosureId,
      fromDisclosureId: facts.fromDisclosureId,
      kind: facts.kind,
      productId: facts.productId,
      productVersion: facts.productVersion,
      vendorId: facts.vendorId,
      authorId: facts.authorId,
      fromRevision: facts.fromRevision,
      toRevision: facts.toRevision,
      significantCount: significant.length,
      changeCount: changes.length,
      changes: payloadChanges(changes),
    },
    notification: { ...notificationText(subject, significant), link: `/disclosures/${facts.disclosureId}` },
  };
}
