import type { OpenAPIObject } from '@nestjs/swagger';
import { API_SCOPES } from '../auth/scopes';
import { webhookDocumentation } from '../webhooks/webhook-openapi';
import { accessDescription, API_SCOPE_DESCRIPTIONS } from './access-description';
import { OPENAPI_TAGS } from './openapi-tags';
import { toJsonSchema2020 } from './openapi-31';
import { PROBLEM_MEDIA_TYPE, PROBLEM_REF, problemSchemas } from './problem-schema';
import { DtoClass, integerProperties, RouteFacts } from './route-facts';

/** The document as served and committed: OpenAPI 3.1 (Nest's scanner writes 3.0). */
export type OpenApi31Document = Omit<OpenAPIObject, 'openapi'> & { openapi: '3.1.0'; webhooks?: Record<string, unknown> };

// An OpenAPI document is walked here as the plain JSON it is; its shapes are checked by the linters and tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const READ_METHODS = new Set(['get', 'head']);
/** The server's token endpoint (src/auth/auth.controller.ts), relative to the server URL. */
export const TOKEN_URL = '/v1/auth/token';

/** Shared answers, referenced by operations as #/components/responses/<name>. */
const SHARED_RESPONSES: Record<number, { name: string; description: string; retryAfter?: boolean }> = {
  400: { name: 'BadRequest', description: 'The request is malformed or has invalid fields; `errors` lists them (validation_failed, malformed_body, …).' },
  401: { name: 'Unauthorized', description: 'Missing, expired or revoked token (invalid_token).' },
  403: { name: 'Forbidden', description: 'Authenticated, but the role or scope does not allow this (role_required, read_only_role, insufficient_scope, users_only, …).' },
  404: { name: 'NotFound', description: 'No such record, or not visible to the caller: both look the same (not_found).' },
  413: { name: 'PayloadTooLarge', description: 'The body is larger than this operation accepts (payload_too_large).' },
  415: { name: 'UnsupportedMediaType', description: 'The body’s media type is not one this operation takes (unsupported_media_type).' },
  503: { name: 'ServiceUnavailable', description: 'Temporarily unavailable (the database is unreachable, or the server is busy or shutting down): retry after Retry-After seconds.', retryAfter: true },
};

const IDEMPOTENCY_409 = 'Idempotency-Key: a request with this key is still being processed (request_in_progress; retry after Retry-After), or it completed with an answer that held a secret and cannot be replayed (idempotent_answer_withheld).';
const IDEMPOTENCY_422 = 'Idempotency-Key: the key was used for a different request (idempotency_key_reused).';

/**
 * Turns the document Nest's scanner wrote into the contract: OpenAPI 3.1 schemas, servers, declared
 * tags, the oauth2 scheme, `security: []` on public operations, a description on every operation
 * saying who may call it, the errors each can answer as problem+json, the Idempotency-Key
 * headers, integer and uuid parameters, and the webhooks. Facts come from the decorators'
 * metadata (route-facts.ts), never from names.
 */
export function finalizeOpenApiDocument(generated: OpenAPIObject, facts: Map<string, RouteFacts>): OpenApi31Document {
  const document = structuredClone(generated) as unknown as Json;
  const components = (document.components ??= {}) as Json;
  const schemas = (components.schemas ??= {}) as Json;
  const webhooks = webhookDocumentation();

  applyIntegerBodies(schemas, facts);
  Object.assign(schemas, webhooks.schemas, problemSchemas());
  components.headers = { ...components.headers, ...sharedHeaders() };
  components.parameters = { ...components.parameters, IdempotencyKey: idempotencyKeyParameter() };
  components.responses = { ...components.responses, ...sharedResponses() };
  components.securitySchemes = { ...components.securitySchemes, oauth2: oauth2Scheme() };

  const usedTags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const method of METHODS) {
      const operation = (item as Json)[method] as Json | undefined;
      if (!operation) continue;
      const fact = facts.get(operation.operationId as string);
      if (!fact?.rule) throw new Error(`${method.toUpperCase()} ${path}: no auth rule found for operation ${String(operation.operationId)}`);
      for (const tag of (operation.tags as string[] | undefined) ?? []) usedTags.add(tag);
      finalizeOperation(path, method, operation, fact);
    }
  }

  document.openapi = '3.1.0';
  // Not open source (package.json: UNLICENSED); vulnerability reports go to /.well-known/security.txt.
  document.info = { ...document.info, license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' }, contact: { name: 'Kaiji (see /.well-known/security.txt for security reports)' } };
  document.servers = [{ url: '/', description: 'The server that serves this document (GET /openapi.json): paths are relative to its origin.' }];
  document.tags = declaredTags(usedTags);
  if (Object.keys(webhooks.webhooks).length > 0) document.webhooks = webhooks.webhooks;
  toJsonSchema2020(document);
  return document as OpenApi31Document;
}

function finalizeOperation(path: string, method: string, operation: Json, fact: RouteFacts): void {
  const rule = fact.rule!;
  const writing = !READ_METHODS.has(method);
  const parameters = (operation.parameters ??= []) as Json[];
  const hasBody = operation.requestBody !== undefined;

  for (const parameter of parameters) {
    if (parameter.in === 'path' && fact.uuidParams.has(parameter.name)) parameter.schema = { ...parameter.schema, type: 'string', format: 'uuid' };
    if (parameter.in === 'path' && fact.integerParams.has(parameter.name)) parameter.schema = { ...parameter.schema, type: 'integer' };
    if (parameter.in === 'query' && fact.integerQuery.has(parameter.name) && parameter.schema?.type === 'number') parameter.schema = { ...parameter.schema, type: 'integer' };
  }

  if (rule.public) {
    operation.security = [];
  } else if (operation.security) {
    // Reads need no scope (src/auth/auth.guard.ts): an API client's token is enough.
    operation.security = (operation.security as Json[]).map((requirement) => (requirement.oauth2 && !writing ? { oauth2: [] } : requirement));
  }

  const summary = typeof operation.summary === 'string' ? operation.summary : '';
  const lead = typeof operation.description === 'string' && operation.description ? operation.description : summary ? `${summary.replace(/[.。]$/, '')}.` : '';
  operation.description = [lead, accessDescription(rule, writing)].filter(Boolean).join('\n\n');

  const responses = (operation.responses ??= {}) as Json;
  const idempotent = method === 'post' && !rule.public;
  const shared = new Set<number>([503]);
  if (!rule.public) shared.add(401).add(403);
  if (parameters.some((parameter) => parameter.in === 'path')) shared.add(404);
  const validated = parameters.some((parameter) => parameter.in === 'query' || (parameter.in === 'path' && !fact.uuidParams.has(parameter.name)));
  if (validated || hasBody || idempotent) shared.add(400);
  if (hasBody) shared.add(413).add(415);
  for (const status of shared) {
    const key = String(status);
    if (!responses[key]) responses[key] = { $ref: `#/components/responses/${SHARED_RESPONSES[status].name}` };
  }

  if (idempotent) {
    parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    for (const [status, response] of Object.entries(responses)) {
      if (/^2\d\d$/.test(status) && !response.$ref) response.headers = { ...response.headers, 'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' } };
    }
    responses['409'] = mergedProblem(responses['409'], IDEMPOTENCY_409);
    responses['409'].headers = { ...responses['409'].headers, 'Retry-After': { $ref: '#/components/headers/Retry-After' } };
    responses['422'] = mergedProblem(responses['422'], IDEMPOTENCY_422);
  }
  if (parameters.length === 0) delete operation.parameters;

  for (const [status, response] of Object.entries(responses)) {
    if (/^[45]\d\d$/.test(status) && !response.$ref) asProblem(response as Json, Number(status));
  }
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** An error answer with the shared body and headers, unless it declares another body (OAuth's RFC 6749 errors). */
function asProblem(response: Json, status: number): void {
  const content = response.content as Json | undefined;
  if (!content || Object.keys(content).length === 0) {
    response.content = { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } };
  } else if (content[PROBLEM_MEDIA_TYPE]) {
    content[PROBLEM_MEDIA_TYPE] = { ...content[PROBLEM_MEDIA_TYPE], schema: { $ref: PROBLEM_REF } };
  }
  response.headers = { ...response.headers, 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
  if (status === 429 || status === 503) response.headers['Retry-After'] = { $ref: '#/components/headers/Retry-After' };
  if (!response.description) response.description = 'Error (problem+json).';
}

function mergedProblem(existing: Json | undefined, description: string): Json {
  if (!existing || existing.$ref) return { description, content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } } };
  return { ...existing, description: existing.description ? `${existing.description} Or ${description}` : description };
}

/** Request bodies' integer fields, as their DTO validates them (@IsInt), in the schemas named after the DTO classes. */
function applyIntegerBodies(schemas: Json, facts: Map<string, RouteFacts>): void {
  const seen = new Set<DtoClass>();
  for (const fact of facts.values()) {
    for (const type of fact.bodyTypes) {
      if (seen.has(type)) continue;
      seen.add(type);
      const properties = (schemas[type.name] as Json | undefined)?.properties as Json | undefined;
      if (!properties) continue;
      for (const name of integerProperties(type)) if (properties[name]?.type === 'number') properties[name].type = 'integer';
      for (const name of integerProperties(type, true)) if (properties[name]?.items?.type === 'number') properties[name].items.type = 'integer';
    }
  }
}

function declaredTags(used: Set<string>): { name: string; description?: string }[] {
  const known = OPENAPI_TAGS.filter((tag) => used.has(tag.name));
  const unknown = [...used].filter((name) => !OPENAPI_TAGS.some((tag) => tag.name === name)).sort();
  return [...known, ...unknown.map((name) => ({ name }))];
}

function oauth2Scheme(): Json {
  return {
    type: 'oauth2',
    description:
      'API clients of vendor systems: OAuth 2.0 client credentials (RFC 6749 §4.4) at the token URL, with HTTP Basic or client_secret_post. ' +
      'Reads need no scope; each kind of write needs the scope its operation names. The token is sent as `Authorization: Bearer`.',
    flows: { clientCredentials: { tokenUrl: TOKEN_URL, scopes: Object.fromEntries(API_SCOPES.map((scope) => [scope, API_SCOPE_DESCRIPTIONS[scope]])) } },
  };
}

function sharedHeaders(): Json {
  return {
    'X-Request-Id': { description: 'The request id (the caller’s own X-Request-Id when sane, else a new one); also `requestId` in problem bodies.', schema: { type: 'string' } },
    'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer', minimum: 0 } },
    'Idempotent-Replayed': { description: '`true` when this is the recorded answer to an earlier request with the same Idempotency-Key (nothing was done again).', schema: { type: 'string', enum: ['true'] } },
  };
}

function idempotencyKeyParameter(): Json {
  return {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description:
      'Makes a retry safe: a retry with the same key and body answers the first result (with Idempotent-Replayed: true) and does nothing twice; ' +
      'the same key with another body is refused (422). Keys are kept for 24 hours by default.',
    schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
  };
}

function sharedResponses(): Json {
  return Object.fromEntries(
    Object.values(SHARED_RESPONSES).map(({ name, description, retryAfter }) => [
      name,
      {
        description,
        headers: { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' }, ...(retryAfter ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}) },
        content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: PROBLEM_REF } } },
      },
    ]),
  );
}
