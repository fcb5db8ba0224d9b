import { CONTRACT_KINDS } from '../contracts/contracts.dto';
import { DISCLOSURE_KINDS } from '../disclosures/disclosures.dto';
import { REQUEST_KINDS } from '../document-requests/document-requests.dto';
import { CHANGE_FIELDS, CHANGE_KINDS } from '../revision-changes/answer-changes';
import { RISK_DOCUMENT_TYPES, RISK_OUTCOMES, RISK_THREAD_STATUSES } from '../risk-threads/risk-threads.dto';
import { DeliveredType, DELIVERED_TYPES, PING_EVENT_TYPE } from './webhooks.dto';

/**
 * The webhook deliveries as the OpenAPI document describes them (OpenAPI 3.1 `webhooks`): one entry
 * per event type, with the payload schema each delivery's body follows. src/openapi reads this;
 * src/webhooks owns it.
 */
export interface WebhookDocumentation {
  /** OpenAPI 3.1 `webhooks`: event type → path item (a POST whose requestBody is the payload). */
  webhooks: Record<string, unknown>;
  /** Schemas the webhook path items reference as #/components/schemas/<name>. */
  schemas: Record<string, unknown>;
}

type Schema = Record<string, unknown>;

const uuid = (description?: string): Schema => ({ type: 'string', format: 'uuid', ...(description ? { description } : {}) });
const nullableUuid = (description?: string): Schema => ({ type: ['string', 'null'], format: 'uuid', ...(description ? { description } : {}) });
const date = (description?: string): Schema => ({ type: 'string', format: 'date', ...(description ? { description } : {}) });
const nullableDate = (description?: string): Schema => ({ type: ['string', 'null'], format: 'date', ...(description ? { description } : {}) });
const integer = (description?: string): Schema => ({ type: 'integer', ...(description ? { description } : {}) });
const oneOf = (values: readonly string[], description?: string): Schema => ({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const FISCAL_YEAR = integer('年度 (the April–March year, e.g. 2026 for 令和8年度)');

/** Every key given is always sent (null where the schema allows it). */
const object = (properties: Record<string, Schema>): Schema => ({ type: 'object', required: Object.keys(properties), properties });

const ANSWER_CHANGES: Schema = {
  type: 'array',
  description: 'The changes from the previous revision (at most 200; changeCount says how many there are). 備考 (remarks) changes are named with their values left out (valuesOmitted): read them over the API.',
  items: { $ref: '#/components/schemas/WebhookAnswerChange' },
};
const REVISION_CHANGE = {
  fromRevision: integer('The revision compared against.'),
  toRevision: integer('The revision published now.'),
  significantCount: integer('Changes that matter to the pharmacy (significant: true).'),
  changeCount: integer('All changes, including those the changes array leaves out.'),
  changes: ANSWER_CHANGES,
};
const REQUEST = {
  requestId: uuid(),
  contractId: uuid(),
  customerId: uuid('The pharmacy (or chain) that asked.'),
  addresseeId: uuid('The vendor asked.'),
  kind: oneOf(REQUEST_KINDS),
  productId: nullableUuid('The product, for a disclosure request.'),
  fiscalYear: { type: ['integer', 'null'], description: '年度, for a checklist request.' },
};
const SIDE = ['vendor', 'customer'] as const;

/** What each event's `data` holds: ids and facts, no document contents (as src/events publishes them). */
interface EventDocumentation {
  summary: string;
  description?: string;
  data: Schema;
}

const DATA: Record<DeliveredType, EventDocumentation> = {
  'contract.proposed': { summary: 'A contract was proposed to you', data: object({ contractId: uuid(), kind: oneOf(CONTRACT_KINDS), proposedBy: oneOf(SIDE) }) },
  'contract.accepted': { summary: 'A contract you are party to became active', data: object({ contractId: uuid() }) },
  'contract.ended': { summary: 'The other party ended a contract', data: object({ contractId: uuid(), endsOn: date('The last day of the contract.'), endedBy: oneOf(SIDE) }) },
  'contract.withdrawn': { summary: 'A proposal to you was withdrawn', data: object({ contractId: uuid(), withdrawnBy: oneOf(SIDE) }) },
  'disclosure.published': {
    summary: 'A disclosure (MDS/SDS/RM-SDS) was published',
    data: object({ disclosureId: uuid(), kind: oneOf(DISCLOSURE_KINDS), productId: uuid(), productVersion: { type: 'string' }, vendorId: uuid(), authorId: uuid('The vendor or agent that published it.') }),
  },
  'disclosure.changed': {
    summary: 'A new revision of a disclosure you received changes significant answers',
    data: object({
      disclosureId: uuid(),
      fromDisclosureId: uuid(),
      kind: oneOf(DISCLOSURE_KINDS),
      productId: uuid(),
      productVersion: { type: 'string' },
      vendorId: uuid(),
      authorId: uuid(),
      ...REVISION_CHANGE,
    }),
  },
  'checklist.submitted': { summary: 'A 事業者確認用チェックリスト was submitted', data: object({ checklistId: uuid(), contractId: uuid(), fiscalYear: FISCAL_YEAR, vendorId: uuid() }) },
  'checklist.changed': {
    summary: 'A resubmitted checklist changes significant answers',
    data: object({ checklistId: uuid(), contractId: uuid(), fiscalYear: FISCAL_YEAR, vendorId: uuid(), fromChecklistId: uuid(), ...REVISION_CHANGE }),
  },
  'document_request.created': { summary: 'A pharmacy asked you for a document', data: object({ ...REQUEST, dueOn: nullableDate() }) },
  'document_request.fulfilled': {
    summary: 'A document you asked for was provided',
    data: object({
      ...REQUEST,
      document: object({ type: oneOf(['disclosure', 'checklist']), id: uuid() }),
      automatically: { type: 'boolean', description: 'true when publishing or submitting the matching document fulfilled it.' },
    }),
  },
  'document_request.declined': { summary: 'The vendor declined your request', data: object(REQUEST) },
  'risk_thread.opened': {
    summary: 'A risk communication thread was opened (or reopened) with you',
    description:
      'Two shapes: a new thread (customerId, vendorId, dueOn present), or a reopened one (reopened: true).',
    data: {
      oneOf: [
        object({ threadId: uuid(), documentType: oneOf(RISK_DOCUMENT_TYPES), documentId: uuid(), itemId: { type: 'string' }, customerId: uuid(), vendorId: uuid(), dueOn: nullableDate() }),
        object({ threadId: uuid(), reopened: { const: true }, documentType: oneOf(RISK_DOCUMENT_TYPES), documentId: uuid(), itemId: { type: 'string' } }),
      ],
    },
  },
  'risk_thread.message': {
    summary: 'A new message in a risk communication thread',
    data: object({ threadId: uuid(), messageId: uuid(), status: oneOf(RISK_THREAD_STATUSES, "The thread's status after the message."), from: oneOf(['vendor', 'pharmacy']) }),
  },
  'risk_thread.resolved': { summary: 'A risk communication thread was resolved', data: object({ threadId: uuid(), outcome: oneOf(RISK_OUTCOMES), fixDueOn: nullableDate() }) },
  'remote_maintenance.disclosed': {
    summary: 'A vendor disclosed remote maintenance to you',
    data: object({ disclosureId: uuid(), contractId: uuid(), productId: uuid(), revision: integer(), authorId: uuid() }),
  },
  'remote_maintenance.confirmed': {
    summary: 'The pharmacy confirmed your remote maintenance disclosure',
    data: object({ disclosureId: uuid(), contractId: uuid(), productId: uuid(), revision: integer(), confirmedBy: uuid() }),
  },
  'organization.operator_action': {
    summary: "Kaiji's operator acted on your organization (admins only)",
    data: object({
      organizationId: uuid(),
      action: { type: 'string', description: 'The audited action, e.g. organization.update or organization.identity_change_approved.' },
      target: object({ type: { type: 'string' }, id: uuid() }),
      changed: { type: 'array', items: { type: 'string' }, description: 'The fields changed.' },
      operatorId: uuid(),
    }),
  },
  'user.credentials_reset': {
    summary: "An admin reset a user's password and/or two-factor authentication",
    data: object({ userId: uuid(), passwordReset: { type: 'boolean' }, twoFactorReset: { type: 'boolean' } }),
  },
  'pending_pharmacy.approved': { summary: 'A pharmacy you invited was approved by the operator', data: object({ pendingPharmacyId: uuid(), pharmacyCode: { type: 'string' } }) },
  'pending_pharmacy.rejected': {
    summary: 'A pharmacy you invited was rejected by the operator (its proposals are declined)',
    data: object({ pendingPharmacyId: uuid(), pharmacyCode: { type: 'string' }, reason: { type: 'string' }, declinedContractIds: { type: 'array', items: uuid() } }),
  },
  'reminder.target_date_due': {
    summary: "A checklist's 目標日 is near or past",
    data: object({ checklistId: uuid(), contractId: uuid(), fiscalYear: FISCAL_YEAR, targetOn: date(), threshold: oneOf(['30d', '7d', 'overdue']), itemIds: { type: 'array', items: { type: 'string' } } }),
  },
  'reminder.request_due': { summary: "A document request's due date is near", data: object({ requestId: uuid(), kind: oneOf(REQUEST_KINDS), dueOn: date(), threshold: { const: 'due' } }) },
  'reminder.request_overdue': { summary: 'A document request is overdue', data: object({ requestId: uuid(), kind: oneOf(REQUEST_KINDS), dueOn: date(), threshold: { const: 'overdue' } }) },
  'reminder.thread_waiting': {
    summary: 'A risk communication thread has waited on you for 7 days',
    data: object({ threadId: uuid(), status: oneOf(RISK_THREAD_STATUSES), waitingSince: { type: 'string', description: 'Since when it waits.' } }),
  },
  'reminder.fiscal_year_started': { summary: 'A new 年度 began: a checklist is due for the contract', data: object({ contractId: uuid(), fiscalYear: FISCAL_YEAR }) },
  'reminder.form_outdated': {
    summary: 'A checklist was answered on a form version since replaced',
    data: object({ checklistId: uuid(), contractId: uuid(), fiscalYear: FISCAL_YEAR, newerFormId: { type: 'string' } }),
  },
  [PING_EVENT_TYPE]: {
    summary: 'A test delivery (POST /v1/webhooks/{id}/ping); not subscribable',
    data: object({ subscriptionId: uuid('The subscription pinged.') }),
  },
};

/** webhook.ping → WebhookEvent_webhook_ping */
export function webhookSchemaName(type: string): string {
  return `WebhookEvent_${type.replace(/\./g, '_')}`;
}

const HEADERS = [
  {
    name: 'webhook-id',
    in: 'header',
    required: true,
    description: 'The event id (the body\'s `id`): the same on every retry and redelivery. Deduplicate on it.',
    schema: { type: 'string', format: 'uuid' },
  },
  {
    name: 'webhook-timestamp',
    in: 'header',
    required: true,
    description: 'Unix seconds when this attempt was signed. Refuse deliveries too far from your clock (the standardwebhooks library allows 5 minutes).',
    schema: { type: 'string', pattern: '^[0-9]+$' },
  },
  {
    name: 'webhook-signature',
    in: 'header',
    required: true,
    description:
      'Standard Webhooks signatures: `v1,<base64 HMAC-SHA256>` over `<webhook-id>.<webhook-timestamp>.<body>`, keyed by the base64-decoded part of your `whsec_…` secret. During a rotation overlap there are two, separated by a space; one valid signature suffices.',
    schema: { type: 'string', pattern: '^v1,[A-Za-z0-9+/=]+( v1,[A-Za-z0-9+/=]+)*$' },
  },
];

function pathItem(type: string, summary: string, description?: string): Record<string, unknown> {
  return {
    post: {
      operationId: `webhook_${type.replace(/\./g, '_')}`,
      summary,
      description: [
        description,
        `Sent to subscriptions of \`${type}\`${type === PING_EVENT_TYPE ? ' (only the one pinged)' : ''}, signed per Standard Webhooks. Verify with \`new Webhook(secret).verify(rawBody, headers)\` (npm standardwebhooks) before trusting it.`,
      ]
        .filter(Boolean)
        .join('\n\n'),
      tags: ['webhooks'],
      // The receiver authenticates Kaiji by the signature headers, not by an API credential.
      security: [],
      parameters: HEADERS,
      requestBody: { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${webhookSchemaName(type)}` } } } },
      responses: {
        '2XX': { description: 'Acknowledged: the delivery is logged as succeeded (the body is not read).' },
        '4XX': { description: 'Not acknowledged: logged as failed; an event is retried with exponential backoff, a ping or redelivery is not.' },
        '5XX': { description: 'Not acknowledged: logged as failed and retried as for 4XX. No answer within 10 s counts the same.' },
      },
    },
  };
}

function envelope(type: string, summary: string, data: Schema): Schema {
  return {
    type: 'object',
    description: `The body of a \`${type}\` delivery: ${summary.charAt(0).toLowerCase()}${summary.slice(1)}.`,
    required: ['id', 'type', 'createdAt', 'data'],
    additionalProperties: false,
    properties: {
      id: { type: 'string', format: 'uuid', description: 'The event id, also sent as webhook-id.' },
      type: { type: 'string', const: type },
      createdAt: { type: 'string', format: 'date-time', description: 'When the event happened (not when this attempt was made).' },
      data,
    },
  };
}

export function webhookDocumentation(): WebhookDocumentation {
  const webhooks: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {
    WebhookAnswerChange: {
      type: 'object',
      required: ['itemId', 'kind', 'field', 'before', 'after', 'significant', 'reason'],
      properties: {
        itemId: { type: 'string', description: 'The form item, e.g. 2-③.' },
        kind: { type: 'string', enum: [...CHANGE_KINDS] },
        field: { type: 'string', enum: [...CHANGE_FIELDS] },
        before: { type: ['string', 'null'] },
        after: { type: ['string', 'null'] },
        valuesOmitted: { type: 'boolean', const: true, description: 'Present on remarks changes, whose values are not sent.' },
        significant: { type: 'boolean' },
        reason: { type: ['string', 'null'], description: 'Why the change matters, in Japanese.' },
      },
    },
  };
  for (const type of DELIVERED_TYPES) {
    const { summary, data, description } = DATA[type];
    webhooks[type] = pathItem(type, summary, description);
    schemas[webhookSchemaName(type)] = envelope(type, summary, data);
  }
  return { webhooks, schemas };
}
