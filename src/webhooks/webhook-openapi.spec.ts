import { randomUUID } from 'node:crypto';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { checklistSubmitted } from '../checklists/checklists.service';
import { requestCreated, requestDeclined, requestFulfilled } from '../document-requests/document-request-row';
import { DomainEvent, EVENT_TYPES } from '../events/events.service';
import { requestEvent, targetDateEvent, threadEvent } from '../reminders/reminder-messages';
import { checklistChanged } from '../revision-changes/change-events';
import { webhookDocumentation, webhookSchemaName } from './webhook-openapi';

const { webhooks, schemas } = webhookDocumentation();

/** The envelope the worker sends for an event (webhook-delivery.worker.ts). */
const envelope = (event: DomainEvent) => ({ id: randomUUID(), type: event.type, createdAt: new Date().toISOString(), data: JSON.parse(JSON.stringify(event.payload)) as unknown });

describe('webhook payload documentation (OpenAPI 3.1 webhooks)', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'https://kaiji.test/openapi', components: { schemas } });
  const errorsOf = (body: { type: string; [member: string]: unknown }) => {
    const validate = ajv.getSchema(`https://kaiji.test/openapi#/components/schemas/${webhookSchemaName(body.type)}`);
    if (!validate) throw new Error(`no schema for ${body.type}`);
    return validate(body) ? [] : validate.errors;
  };

  it('documents every event type and the ping, each with the Standard Webhooks headers and its own envelope', () => {
    expect(Object.keys(webhooks).sort()).toEqual([...EVENT_TYPES, 'webhook.ping'].sort());
    for (const [type, item] of Object.entries(webhooks) as [string, { post: { parameters: { name: string; in: string; required: boolean }[]; requestBody: { content: Record<string, { schema: { $ref: string } }> } } }][]) {
      expect(item.post.parameters.map((p) => [p.name, p.in, p.required])).toEqual([
        ['webhook-id', 'header', true],
        ['webhook-timestamp', 'header', true],
        ['webhook-signature', 'header', true],
      ]);
      const ref = item.post.requestBody.content['application/json'].schema.$ref;
      expect(ref).toBe(`#/components/schemas/${webhookSchemaName(type)}`);
      expect(schemas).toHaveProperty(webhookSchemaName(type));
    }
  });

  it('accepts what the publishers really send, and refuses a wrong type or a missing field', () => {
    const [contract, customer, vendor, checklist] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const request = { id: randomUUID(), contract_id: contract, customer_id: customer, addressee_id: vendor, kind: 'SDS' as const, product_id: randomUUID(), fiscal_year: null };
    const events: (DomainEvent | null)[] = [
      checklistSubmitted(checklist, { id: contract, customer_id: customer }, 2026, vendor),
      requestCreated({ ...request, due_on: '2026-06-30' }, '試験薬局'),
      requestCreated({ ...request, kind: 'checklist', product_id: null, fiscal_year: 2026, due_on: null }, '試験薬局'),
      requestFulfilled(request, { type: 'disclosure', id: randomUUID() }, true),
      requestDeclined(request, '対象外です'),
      targetDateEvent({ checklist_id: checklist, contract_id: contract, fiscal_year: 2026, target_on: '2026-12-31', threshold: '30d', items: ['2-①'], vendor_id: vendor, customer_id: customer, vendor_name: 'v', customer_name: 'c' }),
      requestEvent({ id: randomUUID(), threshold: 'overdue', kind: 'MDS', fiscal_year: null, due_on: '2026-05-01', addressee_id: vendor, customer_id: customer, addressee_name: 'v', customer_name: 'c', product_name: null }),
      threadEvent({ id: randomUUID(), status: 'waiting_vendor', item_id: '3', since: '2026-05-01', vendor_id: vendor, customer_id: customer, vendor_name: 'v', customer_name: 'c' }),
      checklistChanged(
        { checklistId: checklist, contractId: contract, fiscalYear: 2026, vendorId: vendor, vendorName: 'v', customerId: customer, fromChecklistId: randomUUID(), fromRevision: 1, toRevision: 2 },
        [
          { itemId: '2-③', kind: 'changed', field: 'answer', before: 'はい', after: 'いいえ', significant: true, reason: '「いいえ」になりました' },
          { itemId: '2-③', kind: 'changed', field: 'remarks', before: 'a', after: 'b', significant: false, reason: null },
        ],
      ),
    ];
    for (const event of events) {
      if (!event) throw new Error('the builder published nothing');
      const body = envelope(event);
      expect([event.type, errorsOf(body)]).toEqual([event.type, []]);
    }
    const submitted = envelope(checklistSubmitted(checklist, { id: contract, customer_id: customer }, 2026, vendor));
    expect(errorsOf({ ...submitted, type: 'checklist.changed' })).not.toEqual([]);
    expect(errorsOf({ ...submitted, data: { checklistId: checklist } })).not.toEqual([]);
    expect(errorsOf({ id: randomUUID(), type: 'webhook.ping', createdAt: new Date().toISOString(), data: { subscriptionId: randomUUID() } })).toEqual([]);
  });
});
