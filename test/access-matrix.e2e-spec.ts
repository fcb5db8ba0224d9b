import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { AccessRule, CallContext, Outcome, RULES } from './support/access-rules';
import { AccessWorld, buildAccessWorld, paramsFor, PrincipalName, PRINCIPALS } from './support/access-world';
import { ApiOperation, apiOperations, fillPath } from './support/openapi-routes';
import { startTestApp, TestApp } from './support/test-app';
import { fenceOutboundConnections } from './support/webhook-receiver';

/**
 * Every operation of the committed OpenAPI document × every kind of principal, on one seeded
 * world: each cell asserts the status the rule table (support/access-rules.ts) expects, that a
 * refusal is problem+json and wrote nothing, and that lists show the world's record to exactly
 * those allowed to see it. A route added without a rule fails the first test.
 */

const operations = apiOperations();
const ALLOWED: Outcome[] = ['ok', 'blind', 'inert'];
/** Outsiders to the world's records: a 403 they get must not depend on the record existing. */
const OUTSIDERS: PrincipalName[] = ['otherVendor', 'otherPharmacy', 'siblingPharmacy', 'otherChain'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const label = (outcome: Outcome) => (outcome === 'ok' ? '2xx' : outcome === 'blind' ? '2xx without the record' : outcome === 'inert' ? '2xx, nothing written' : String(outcome));

/** Refused calls first, so that the allowed ones (which may use a record up) come after them. */
function cellsOf(rule: AccessRule): [PrincipalName, string, Outcome][] {
  const cells = PRINCIPALS.map((name) => [name, label(rule.expect[name]), rule.expect[name]] as [PrincipalName, string, Outcome]);
  return [...cells.filter(([, , outcome]) => !ALLOWED.includes(outcome)), ...cells.filter(([, , outcome]) => ALLOWED.includes(outcome))];
}

describe('access matrix', () => {
  let t: TestApp;
  let w: AccessWorld;
  let fence: ReturnType<typeof fenceOutboundConnections>;

  beforeAll(async () => {
    fence = fenceOutboundConnections();
    t = await startTestApp();
    w = await buildAccessWorld(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    fence?.restore();
    expect(fence?.attempts ?? []).toEqual([]);
  });

  it('has a rule for every operation of the committed OpenAPI document, and an operation for every rule', () => {
    const keys = operations.map((op) => op.key);
    expect({ withoutRule: keys.filter((key) => !RULES[key]), withoutOperation: Object.keys(RULES).filter((key) => !keys.includes(key)) }).toEqual({
      withoutRule: [],
      withoutOperation: [],
    });
  });

  it('notices a write to the world’s records, so that “nothing written” means something', async () => {
    const before = await w.fingerprint.take();
    const vendor = w.principals.vendorAdmin.token as string;
    await t.http.patch(`/v1/products/${w.ids.products.main}`).set('Authorization', `Bearer ${vendor}`).send({ description: 'fingerprint check' }).expect(200);
    expect(await w.fingerprint.take()).not.toEqual(before);
  });

  describe.each(operations.filter((op) => RULES[op.key]).map((op) => [op.key, op] as const))('%s', (_key, op) => {
    const rule = RULES[op.key];
    it.each(cellsOf(rule))('as %s → %s', async (name, _label, outcome) => {
      await cell(w, op, rule, name, outcome);
    });
  });
});

async function cell(w: AccessWorld, op: ApiOperation, rule: AccessRule, name: PrincipalName, outcome: Outcome): Promise<void> {
  const allowed = ALLOWED.includes(outcome);
  const params = outcome === 'ok' && rule.fresh ? await rule.fresh(w) : paramsFor(w, op.key, op.path);
  const ctx: CallContext = { w, as: w.principals[name], params };
  const sent = rule.body ? await rule.body(ctx) : undefined;
  const token = rule.token ? await rule.token(ctx) : ctx.as.token;
  const path = `${fillPath(op.path, params)}${rule.query?.(w) ?? ''}`;
  const before = allowed && outcome !== 'inert' ? undefined : await w.fingerprint.take();

  const response = await send(w, op, rule, path, token, sent);
  expectOutcome(response, outcome, rule);
  if (before) expect(await w.fingerprint.take()).toEqual(before);
  if (rule.listed && (outcome === 'ok' || outcome === 'blind')) {
    expect({ listed: JSON.stringify(response.body).includes(rule.listed(w)) }).toEqual({ listed: outcome === 'ok' });
  }
  if (rule.onlyFor && allowed) {
    expect({ [rule.onlyFor.record(w)]: JSON.stringify(response.body).includes(rule.onlyFor.record(w)) }).toEqual({ [rule.onlyFor.record(w)]: rule.onlyFor.principals.includes(name) });
  }
  if (allowed) rule.after?.(ctx, response.body as Record<string, unknown>, sent);
  if (outcome === 403 && OUTSIDERS.includes(name)) await expectSameWithoutRecord(w, op, rule, params, token, sent, response);
}

/** A 403 an outsider gets on the world's record is the answer for a record that does not exist. */
async function expectSameWithoutRecord(
  w: AccessWorld,
  op: ApiOperation,
  rule: AccessRule,
  params: Record<string, string | number>,
  token: string | undefined,
  sent: unknown,
  refused: Response,
): Promise<void> {
  const missing = Object.fromEntries(Object.entries(params).map(([key, value]) => [key, UUID.test(String(value)) ? randomUUID() : value]));
  if (Object.values(params).every((value) => !UUID.test(String(value)))) return;
  const response = await send(w, op, rule, `${fillPath(op.path, missing)}${rule.query?.(w) ?? ''}`, token, sent);
  expect({ status: response.status, code: codeOf(response) }).toEqual({ status: refused.status, code: codeOf(refused) });
}

function send(w: AccessWorld, op: ApiOperation, rule: AccessRule, path: string, token: string | undefined, body: unknown): Promise<Response> {
  let request = w.t.http[op.method](path).buffer(true).parse(parseBody);
  if (token) request = request.set('Authorization', `Bearer ${token}`);
  if (body === undefined) return request;
  if (rule.encoding === 'pdf') return request.set('Content-Type', 'application/pdf').send(body as Buffer);
  if (rule.encoding === 'form') return request.type('form').send(body as Record<string, string>);
  return request.send(body as Record<string, unknown>);
}

function expectOutcome(response: Response, outcome: Outcome, rule: AccessRule): void {
  const status = response.status;
  const wanted = typeof outcome === 'number' ? status === outcome : status >= 200 && status < 300;
  if (!wanted) throw new Error(`expected ${label(outcome)}, got ${status} ${summary(response)}`);
  if (rule.oauthErrors && (status === 400 || status === 401)) {
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: expect.any(String), error_description: expect.any(String) });
  } else if (status >= 400 && status < 500) {
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status }));
  }
}

const codeOf = (response: Response) => (response.body as { code?: unknown } | undefined)?.code;

function summary(response: Response): string {
  const body = response.body as unknown;
  return Buffer.isBuffer(body) ? `(${body.length} bytes of ${response.headers['content-type']})` : JSON.stringify(body).slice(0, 400);
}

/** Keeps bodies as bytes, except JSON (problem documents included), which is parsed. */
function parseBody(res: Response, callback: (error: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream & { headers: Record<string, string | undefined> };
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const json = /json/.test(stream.headers['content-type'] ?? '') && bytes.length > 0;
    try {
      callback(null, json ? (JSON.parse(bytes.toString('utf8')) as unknown) : bytes);
    } catch (error) {
      callback(error as Error, bytes);
    }
  });
}
