import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainEvent, EventsService } from '../events/events.service';
import { diffChecklistAnswers, diffDisclosureAnswers } from './answer-changes';
import { checklistChanged, disclosureChanged } from './change-events';
import {
  CHECKLIST_ANSWERS,
  ChecklistAnswerDbRow,
  comparableChecklistAnswer,
  CUSTOMERS_OF_BOTH,
  DISCLOSURE_ANSWERS,
  DisclosureAnswerDbRow,
  PUBLISHED_PAIRS,
  PublishedPairRow,
  SUBMITTED_PAIRS,
  SubmittedPairRow,
} from './revision-changes.sql';

type Published = DomainEvent & { id: string };

/**
 * Tells customers when a resubmitted checklist or a republished disclosure changed something that
 * matters. It listens to checklist.submitted and disclosure.published inside the publishing
 * transaction (EventsService handlers), so the submit paths — single and bulk — need no change
 * and the change events commit with the revision or not at all. Set-based: a bulk submission of
 * 2,000 checklists costs two statements here (first submissions drop out in the first one).
 * The events it publishes (checklist.changed, disclosure.changed) have no handlers: no recursion.
 */
@Injectable()
export class ChangeNotifier implements OnModuleInit {
  constructor(private readonly events: EventsService) {}

  onModuleInit(): void {
    this.events.subscribe('checklist.submitted', (manager, events) => this.onChecklistsSubmitted(manager, events));
    this.events.subscribe('disclosure.published', (manager, events) => this.onDisclosuresPublished(manager, events));
  }

  private async onChecklistsSubmitted(manager: EntityManager, submitted: Published[]): Promise<void> {
    const pairs: SubmittedPairRow[] = await manager.query(SUBMITTED_PAIRS, [submitted.map((event) => event.subject.id)]);
    if (pairs.length === 0) return;
    const answers: ChecklistAnswerDbRow[] = await manager.query(CHECKLIST_ANSWERS, [pairs.flatMap((pair) => [pair.to_id, pair.from_id])]);
    const byChecklist = groupBy(answers, (a) => a.checklist_id);
    const of = (id: string) => (byChecklist.get(id) ?? []).map(comparableChecklistAnswer);
    const changed = pairs.flatMap((pair) => {
      const event = checklistChanged(
        {
          checklistId: pair.to_id,
          contractId: pair.contract_id,
          fiscalYear: pair.fiscal_year,
          vendorId: pair.vendor_id,
          vendorName: pair.vendor_name,
          customerId: pair.customer_id,
          fromChecklistId: pair.from_id,
          fromRevision: pair.from_revision,
          toRevision: pair.to_revision,
        },
        diffChecklistAnswers(of(pair.from_id), of(pair.to_id), pair.fiscal_year),
      );
      return event ? [event] : [];
    });
    await this.events.publishMany(manager, changed);
  }

  private async onDisclosuresPublished(manager: EntityManager, published: Published[]): Promise<void> {
    const pairs: PublishedPairRow[] = await manager.query(PUBLISHED_PAIRS, [published.map((event) => event.subject.id)]);
    if (pairs.length === 0) return;
    const answers: DisclosureAnswerDbRow[] = await manager.query(DISCLOSURE_ANSWERS, [pairs.flatMap((pair) => [pair.to_id, pair.from_id])]);
    const byDisclosure = groupBy(answers, (a) => a.disclosure_id);
    const of = (id: string) => (byDisclosure.get(id) ?? []).map((a) => ({ itemId: a.item_id, answer: a.answer, remarks: a.remarks }));
    const changed: DomainEvent[] = [];
    for (const pair of pairs) {
      const changes = diffDisclosureAnswers(of(pair.from_id), of(pair.to_id));
      if (!changes.some((change) => change.significant)) continue;
      const customers: { customer_id: string }[] = await manager.query(CUSTOMERS_OF_BOTH, [pair.to_id, pair.from_id]);
      const event = disclosureChanged(
        {
          disclosureId: pair.to_id,
          fromDisclosureId: pair.from_id,
          kind: pair.kind,
          productId: pair.product_id,
          productName: pair.product_name,
          productVersion: pair.product_version,
          vendorId: pair.vendor_id,
          vendorName: pair.vendor_name,
          authorId: pair.author_id,
          fromRevision: pair.from_revision,
          toRevision: pair.to_revision,
          customerIds: customers.map((c) => c.customer_id),
        },
        changes,
      );
      if (event) changed.push(event);
    }
    await this.events.publishMany(manager, changed);
  }
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
