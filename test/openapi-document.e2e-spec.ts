import type { INestApplication } from '@nestjs/common';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../src/app.setup';
import { API_SCOPES } from '../src/auth/scopes';
import { PROBLEM_CODES } from '../src/common/problem-codes';
import { loadConfig } from '../src/config/app-config';
import { collectRouteFacts, RouteFacts } from '../src/openapi/route-facts';
import { RULES } from './support/access-rules';
import { OPENAPI_PATH } from './support/openapi-routes';
import { startTestApp, TestApp } from './support/test-app';

/**
 * The committed document (openapi/openapi.json; `npm run openapi:check` holds it equal to the code)
 * is the contract integrators' tools read: OpenAPI 3.1 that a schema validator accepts, with the
 * security, descriptions, errors and headers the server really has. Security is checked against
 * the rules the guard enforces, read from the app's own decorators.
 */
// The document is read as the plain JSON it is.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const raw = readFileSync(OPENAPI_PATH, 'utf8');
const document = JSON.parse(raw) as Json;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
  METHODS.filter((method) => (item as Json)[method]).map((method) => ({ key: `${method.toUpperCase()} ${path}`, path, method, operation: (item as Json)[method] as Json })),
);
/** RFC 6749 §5.2: the token endpoint's refusals are OAuth JSON, not problem documents. */
const OAUTH_ERROR_ANSWERS = new Set(['POST /v1/auth/token 400', 'POST /v1/auth/token 401', 'POST /v1/auth/token 403']);

function resolve(node: Json): Json {
  if (typeof node.$ref !== 'string') return node;
  const target = node.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<Json | undefined>((at, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  if (!target) throw new Error(`unresolved ${node.$ref}`);
  return resolve(target);
}

function everyObject(node: unknown, visit: (object: Json, path: string) => void, path = '#'): void {
  if (Array.isArray(node)) node.forEach((item, index) => everyObject(item, visit, `${path}/${index}`));
  else if (node && typeof node === 'object') {
    visit(node, path);
    for (const [key, value] of Object.entries(node)) everyObject(value, visit, `${path}/${key}`);
  }
}

describe('the OpenAPI document', () => {
  let preview: INestApplication;
  let facts: Map<string, RouteFacts>;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://openapi@127.0.0.1/none', KAIJI_JWT_SECRET: 'x'.repeat(32), KAIJI_TOTP_KEY: '0'.repeat(64) });
    preview = await createApp(config, { preview: true, scheduler: false });
    facts = collectRouteFacts(preview);
  });
  afterAll(() => preview?.close());

  it('is OpenAPI 3.1 that a JSON Schema validator of the specification accepts', () => {
    expect(document.openapi).toBe('3.1.0');
    const cli = require.resolve('@seriousme/openapi-schema-validator/package.json').replace('package.json', 'bin/validate-api-cli.js');
    // The validator is an ES module: run it as node would, outside jest's CommonJS runtime.
    const result = JSON.parse(execFileSync(process.execPath, [cli, OPENAPI_PATH], { encoding: 'utf8' })) as { valid: boolean; errors?: unknown };
    expect(result).toEqual({ valid: true });
  });

  it('has a server, and declares every tag it uses, each with a description', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    const declared = new Map((document.tags as Json[]).map((tag) => [tag.name as string, tag.description as string | undefined]));
    const used = new Set(operations.flatMap(({ operation }) => (operation.tags as string[]) ?? []));
    expect([...used].filter((tag) => !declared.get(tag))).toEqual([]);
    expect([...declared.keys()].filter((tag) => !used.has(tag))).toEqual([]);
  });

  it('describes every operation, saying who may call it', () => {
    expect(operations.length).toBeGreaterThan(100);
    const undescribed = operations.filter(({ operation }) => typeof operation.description !== 'string' || !operation.description.includes('呼び出せる人 (who may call)'));
    expect(undescribed.map(({ key }) => key)).toEqual([]);
  });

  it('names, per operation, the security the guard enforces: none for public ones, the scope API clients need for writes', () => {
    const wrong: string[] = [];
    for (const { key, method, operation } of operations) {
      const rule = facts.get(operation.operationId as string)?.rule;
      if (!rule) {
        wrong.push(`${key}: no rule`);
        continue;
      }
      const writing = method !== 'get';
      const expected = rule.public ? [] : [{ bearer: [] }, ...(rule.clients ? [{ oauth2: writing && rule.scope ? [rule.scope] : [] }] : [])];
      if (JSON.stringify(operation.security) !== JSON.stringify(expected)) wrong.push(`${key}: ${JSON.stringify(operation.security)} ≠ ${JSON.stringify(expected)}`);
    }
    expect(wrong).toEqual([]);
    expect(operations.find(({ key }) => key === 'POST /v1/auth/login')?.operation.security).toEqual([]);
    expect(operations.find(({ key }) => key === 'GET /health')?.operation.security).toEqual([]);
  });

  it('has an oauth2 client-credentials scheme with every scope described', () => {
    const scheme = document.components.securitySchemes.oauth2 as Json;
    expect(scheme.flows.clientCredentials.tokenUrl).toBe('/v1/auth/token');
    expect(Object.keys(scheme.flows.clientCredentials.scopes as Json).sort()).toEqual([...API_SCOPES].sort());
    for (const description of Object.values(scheme.flows.clientCredentials.scopes as Json)) expect(String(description).length).toBeGreaterThan(10);
  });

  it('answers every error as application/problem+json with the shared Problem schema', () => {
    const wrong: string[] = [];
    for (const { key, operation } of operations) {
      const statuses = Object.keys(operation.responses as Json);
      if (!statuses.some((status) => /^4/.test(status)) && !['GET /health', 'GET /ready', 'GET /openapi.json', 'GET /.well-known/oauth-authorization-server'].includes(key)) wrong.push(`${key}: no 4xx`);
      for (const status of statuses.filter((code) => /^[45]/.test(code))) {
        if (OAUTH_ERROR_ANSWERS.has(`${key} ${status}`)) continue;
        const response = resolve(operation.responses[status] as Json);
        const content = response.content as Json | undefined;
        if (content?.['application/problem+json']?.schema?.$ref !== '#/components/schemas/Problem') wrong.push(`${key} ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lists every problem code of the catalogue in the Problem schema', () => {
    const codes = document.components.schemas.ProblemCode as Json;
    expect(codes.enum).toEqual(Object.keys(PROBLEM_CODES));
    expect(document.components.schemas.Problem.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'code']));
  });

  it('declares the shared errors by rule: 401/403 when authenticated, 404 with path parameters, 413/415 with a body', () => {
    const missing: string[] = [];
    for (const { key, operation } of operations) {
      const statuses = new Set(Object.keys(operation.responses as Json));
      const authenticated = (operation.security as unknown[]).length > 0;
      const expected = [...(authenticated ? ['401', '403'] : []), ...(key.includes('{') ? ['404'] : []), ...(operation.requestBody ? ['400', '413', '415'] : []), '503'];
      for (const status of expected) if (!statuses.has(status)) missing.push(`${key} ${status}`);
    }
    expect(missing).toEqual([]);
  });

  it('declares every refusal the access matrix expects of an operation (test/support/access-rules.ts)', () => {
    const undeclared: string[] = [];
    for (const [key, rule] of Object.entries(RULES)) {
      const operation = operations.find((candidate) => candidate.key === key)?.operation;
      const statuses = new Set(Object.values(rule.expect).filter((outcome) => typeof outcome === 'number'));
      for (const status of statuses) if (!operation?.responses[String(status)]) undeclared.push(`${key} ${String(status)}`);
    }
    expect(undeclared).toEqual([]);
  });

  it('declares Idempotency-Key, Idempotent-Replayed and the 409/422 answers on the operations that honour the key', () => {
    const missing: string[] = [];
    for (const { key, method, operation } of operations) {
      if (method !== 'post' || (operation.security as unknown[]).length === 0) continue;
      const parameters = ((operation.parameters as Json[]) ?? []).map(resolve);
      if (!parameters.some((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key')) missing.push(`${key}: Idempotency-Key`);
      const success = Object.entries(operation.responses as Json).filter(([status]) => /^2/.test(status));
      if (!success.every(([, response]) => resolve(response as Json).headers?.['Idempotent-Replayed'])) missing.push(`${key}: Idempotent-Replayed`);
      if (!resolve(operation.responses['409'] as Json).headers?.['Retry-After']) missing.push(`${key}: 409 with Retry-After`);
      if (!operation.responses['422']) missing.push(`${key}: 422`);
    }
    expect(missing).toEqual([]);
  });

  it('types path ids parsed as UUIDs as uuid, and integer parameters as integer', () => {
    const wrong: string[] = [];
    for (const { key, operation } of operations) {
      const fact = facts.get(operation.operationId as string)!;
      for (const parameter of ((operation.parameters as Json[]) ?? []).map(resolve)) {
        if (parameter.in === 'path' && fact.uuidParams.has(parameter.name) && parameter.schema.format !== 'uuid') wrong.push(`${key} ${parameter.name}`);
        if (parameter.in === 'path' && fact.integerParams.has(parameter.name) && parameter.schema.type !== 'integer') wrong.push(`${key} ${parameter.name}`);
        if (parameter.in === 'query' && fact.integerQuery.has(parameter.name) && parameter.schema.type !== 'integer') wrong.push(`${key} ${parameter.name}`);
      }
    }
    expect(wrong).toEqual([]);
    const fiscalYears = operations.flatMap(({ operation }) => ((operation.parameters as Json[]) ?? []).filter((parameter) => parameter.name === 'fiscalYear' || parameter.name === 'limit'));
    expect(fiscalYears.length).toBeGreaterThan(20);
    expect(fiscalYears.filter((parameter) => parameter.schema.type !== 'integer')).toEqual([]);
  });

  it('has no OpenAPI 3.0 nullable left: nullable references are oneOf with null', () => {
    const left: string[] = [];
    everyObject(document, (object, path) => {
      if ('nullable' in object && typeof object.nullable === 'boolean') left.push(path);
      if (typeof object.exclusiveMinimum === 'boolean' || typeof object.exclusiveMaximum === 'boolean') left.push(path);
    });
    expect(left).toEqual([]);
    let nullableReferences = 0;
    everyObject(document.components.schemas, (object) => {
      const options = object.oneOf as Json[] | undefined;
      if (options?.some((option) => option.type === 'null') && options.some((option) => typeof option.$ref === 'string')) nullableReferences++;
    });
    expect(nullableReferences).toBeGreaterThan(10);
  });
});

describe('GET /openapi.json', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves the committed document to anyone, without a token, outside /v1', async () => {
    const response = await t.http.get('/openapi.json').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect((response.body as Buffer).equals(readFileSync(join(__dirname, '..', 'openapi', 'openapi.json')))).toBe(true);
    await t.http.get('/v1/openapi.json').expect(404);
  });

  it('ignores a bad token: the document is public', async () => {
    await t.http.get('/openapi.json').set('Authorization', 'Bearer not-a-token').expect(200);
  });
});
