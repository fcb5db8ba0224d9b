import fc from 'fast-check';
import type { Response as AgentResponse } from 'superagent';
import type { Response } from 'supertest';
import type { DataSource } from 'typeorm';
import { bearer } from './support/factories';
import { describeRequest, FuzzRequest, hostileRequests, RawBody } from './support/fuzz-requests';
import { rmBody } from './support/pharmacy-setup';
import { FuzzTarget, FuzzWorld, startFuzzApp } from './support/fuzz-world';
import { apiOperations, ApiOperation } from './support/openapi-routes';
import type { TestApp } from './support/test-app';

/**
 * Every operation of the committed OpenAPI document, attacked with generated hostile input by the
 * principal that owns its records: never a 5xx, every 4xx an RFC 9457 problem document, nothing
 * written by a refused request, no prototype polluted. A route added to the document is fuzzed
 * without a change here; one that cannot be must be listed in SKIPPED with its reason.
 */

/** Routes not fuzzed, with why. The suite fails if one of them is no longer in the document. */
const SKIPPED: Record<string, string> = {};

type Regression = { pathValues?: Record<string, string>; query?: string; body?: (hints: Record<string, unknown>) => RawBody };
const json = (value: unknown): RawBody => ({ contentType: 'application/json', payload: typeof value === 'string' ? value : JSON.stringify(value) });

/**
 * Inputs that once answered 500, a plain-JSON error, or wrote on a refusal: each route runs its
 * own first, whatever the seed.
 */
const REGRESSIONS: Record<string, Regression[]> = {
  // class-transformer overflowed its stack on a body nested 20,000 deep (now 400 before validation).
  'POST /v1/organizations': [{ body: () => json(`{"kind":"vendor","name":${'['.repeat(20_000)}${']'.repeat(20_000)}}`) }],
  // null passed @IsOptional and reached a NOT NULL column.
  'PATCH /v1/organizations/{id}': [{ body: () => json({ name: null }) }, { body: () => json({ requireTwoFactor: null }) }],
  // validator.js's isEmail threw URIError on a lone surrogate.
  'POST /v1/auth/login': [{ body: () => json('{"email":"\\ud800x@example.test","password":"x"}') }],
  // The chain read was audited and its snapshot computed before the cursor was refused.
  'GET /v1/chains/{id}/store-summary': [{ query: 'cursor=undefined' }],
  'GET /v1/chains/{id}/matrix': [{ query: 'cursor=undefined' }],
  // Fastify's router answered these in its own JSON, not problem+json.
  'GET /v1/products/{id}': [{ pathValues: { id: '%E0%A4%A' } }, { pathValues: { id: 'x'.repeat(200) } }],
  // A null gateway passed @IsOptional and the rules read its lastPatchedOn.
  'PUT /v1/contracts/{id}/remote-maintenance': [{ body: (hints) => json({ ...rmBody(hints.productId as string), gateway: null, sourceRestricted: null }) }],
};

/** Runs per route; FUZZ_RUNS raises it for a longer soak. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
/** Fixed so a failure reproduces; FUZZ_SEED explores other inputs. Each route derives its own from it. */
const SEED = Number(process.env.FUZZ_SEED ?? 7_2025);

/** FUZZ_REPORT=1 prints, per route, how many requests ended in each status: a check that the attacks get past the access checks. */
const REPORT = process.env.FUZZ_REPORT === '1';

const operations = apiOperations();
const fuzzed = operations.filter((operation) => !(operation.key in SKIPPED));

describe('fuzzing every route of the OpenAPI document', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  let world: FuzzWorld;
  let tables: string[];
  const statuses = new Map<string, Map<number, number>>();
  const prototypeMembers = Object.getOwnPropertyNames(Object.prototype).sort().join();

  beforeAll(async () => {
    ({ t, stop } = await startFuzzApp());
    world = await FuzzWorld.build(t);
    const rows = await t.db.query<{ tablename: string }[]>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
    tables = rows.map((row) => row.tablename);
  }, 120_000);
  afterAll(async () => {
    if (REPORT) process.stdout.write(`${[...statuses].map(([key, counts]) => `${key.padEnd(62)} ${[...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`).join('\n')}\n`);
    jest.restoreAllMocks();
    await stop?.();
  });

  it('skips only routes that exist, each for a stated reason', () => {
    const keys = new Set(operations.map((operation) => operation.key));
    expect(Object.keys(SKIPPED).filter((key) => !keys.has(key))).toEqual([]);
    expect(Object.entries(SKIPPED).filter(([, reason]) => reason.trim().length < 10)).toEqual([]);
    expect(Object.keys(REGRESSIONS).filter((key) => !keys.has(key) || key in SKIPPED)).toEqual([]);
    expect(fuzzed.length).toBeGreaterThan(80);
  });

  it.each(fuzzed.map((operation) => [operation.key, operation] as const))(
    '%s',
    async (_key, operation) => {
      const target = world.targetFor(operation);
      const examples = (REGRESSIONS[operation.key] ?? []).map((regression): [FuzzRequest] => [
        { attack: 'regression', pathValues: { ...target.pathValues, ...regression.pathValues }, query: regression.query ?? '', body: regression.body?.(target.hints) },
      ]);
      let baseline = await fingerprint(t.db, tables);
      await fc.assert(
        fc.asyncProperty(hostileRequests(operation, target), async (request) => {
          const url = urlOf(operation, request);
          const response = await send(t, operation, target, request, url);
          const counts = statuses.get(operation.key) ?? new Map<number, number>();
          statuses.set(operation.key, counts.set(response.status, (counts.get(response.status) ?? 0) + 1));
          const after = await fingerprint(t.db, tables);
          const failures = [...(target.oauthErrors ? oauthResponseFailures(response) : responseFailures(response)), ...writeFailures(response.status, baseline, after, target), ...pollutionFailures(prototypeMembers)];
          baseline = after;
          if (failures.length > 0) {
            throw new Error(`${failures.join('; ')}\n  request: ${describeRequest(request, url)}\n  response: ${response.status} ${preview(response)}\n  reproduce: FUZZ_SEED=${SEED} (route seed ${routeSeed(operation.key)})`);
          }
        }),
        { numRuns: RUNS, seed: routeSeed(operation.key), endOnFailure: true, examples },
      );
    },
    60_000,
  );
});

function routeSeed(key: string): number {
  let hash = SEED;
  for (const char of key) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

function urlOf(operation: ApiOperation, request: FuzzRequest): string {
  const path = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => request.pathValues[name] ?? '');
  return request.query ? `${path}?${request.query}` : path;
}

async function send(t: TestApp, operation: ApiOperation, target: FuzzTarget, request: FuzzRequest, url: string): Promise<Response> {
  let call = t.http[operation.method](url).buffer(true).parse(tolerantParser);
  if (target.token) call = call.set(bearer(target.token));
  if (request.body) call = call.set('Content-Type', request.body.contentType).send(request.body.payload);
  return call;
}

/** Keeps any body: JSON when it parses, else the raw bytes (a malformed problem document must fail the property, not the parser). */
function tolerantParser(response: AgentResponse, callback: (error: Error | null, body: unknown) => void): void {
  const res = response as unknown as NodeJS.ReadableStream & { headers: Record<string, string | undefined> };
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => {
    const body = Buffer.concat(chunks);
    if (!/json/.test(res.headers['content-type'] ?? '')) return callback(null, body);
    try {
      callback(null, JSON.parse(body.toString('utf8')));
    } catch {
      callback(null, body);
    }
  });
}

function responseFailures(response: Response): string[] {
  if (response.status >= 500) return [`answered ${response.status}`];
  if (response.status < 400) return [];
  const failures: string[] = [];
  const contentType = response.headers['content-type'] ?? '';
  if (!/^application\/problem\+json/.test(contentType)) failures.push(`content-type ${contentType || '(none)'} instead of application/problem+json`);
  const body = response.body as { status?: unknown; title?: unknown; type?: unknown } | Buffer;
  if (Buffer.isBuffer(body) || typeof body !== 'object' || body === null) return [...failures, 'body is not a JSON problem document'];
  if (body.status !== response.status) failures.push(`problem status ${String(body.status)} differs from ${response.status}`);
  if (typeof body.title !== 'string' || body.title.length === 0) failures.push('problem has no title');
  if (typeof body.type !== 'string' || body.type.length === 0) failures.push('problem has no type');
  return failures;
}

/** The token route's refusals: RFC 6749 §5.2 JSON for 400 and 401, problem+json for the rest (429). */
function oauthResponseFailures(response: Response): string[] {
  if (response.status !== 400 && response.status !== 401) return responseFailures(response);
  const body = response.body as { error?: unknown; error_description?: unknown } | Buffer;
  if (!/^application\/json/.test(response.headers['content-type'] ?? '')) return [`content-type ${response.headers['content-type'] ?? '(none)'} instead of application/json (OAuth error)`];
  if (Buffer.isBuffer(body) || typeof body !== 'object' || body === null || typeof body.error !== 'string' || typeof body.error_description !== 'string') return ['body is not an RFC 6749 §5.2 error'];
  return response.headers['cache-control'] === 'no-store' ? [] : ['OAuth error without Cache-Control: no-store'];
}

/**
 * Row count and newest row version (max xmin) of every table: an insert or delete changes the
 * count, an update the newest version. Rolled-back work changes neither.
 */
async function fingerprint(db: DataSource, tables: string[]): Promise<Map<string, string>> {
  const sql = tables.map((name) => `SELECT '${name}' AS name, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) AS mark FROM "${name}"`).join(' UNION ALL ');
  const rows: { name: string; mark: string }[] = await db.query(sql);
  return new Map(rows.map((row) => [row.name, row.mark]));
}

function writeFailures(status: number, before: Map<string, string>, after: Map<string, string>, target: FuzzTarget): string[] {
  if (status < 400) return [];
  const changed = [...after].filter(([name, mark]) => before.get(name) !== mark && !target.refusalWrites.includes(name)).map(([name]) => name);
  return changed.length > 0 ? [`a refused request (${status}) wrote to ${changed.join(', ')}`] : [];
}

function pollutionFailures(members: string): string[] {
  const now = Object.getOwnPropertyNames(Object.prototype).sort().join();
  return now === members ? [] : [`Object.prototype was polluted: ${now}`];
}

function preview(response: Response): string {
  const body: unknown = response.body;
  const text = Buffer.isBuffer(body) ? body.toString('utf8', 0, 300) : JSON.stringify(body);
  return `${response.headers['content-type'] ?? ''} ${text.slice(0, 300)}`;
}
