import { randomUUID } from 'node:crypto';
import { sleep } from './harness';
import { HttpClient, HttpResult, isProblemJson } from './http';
import { checklistEntry, FISCAL_YEAR, World } from './world';

/**
 * Mixed traffic at a fixed number of connections: pharmacies pulling disclosures and standing,
 * vendor systems submitting checklists in bulk (with an Idempotency-Key), both sides writing
 * thread messages. Every acknowledged write is recorded so it can be looked for afterwards.
 */

export const KINDS = ['pull: list disclosures', 'pull: one disclosure', 'pull: standing', 'bulk submission', 'thread message'] as const;
export type Kind = (typeof KINDS)[number];
const WEIGHTS: Record<Kind, number> = { 'pull: list disclosures': 0.26, 'pull: one disclosure': 0.26, 'pull: standing': 0.2, 'bulk submission': 0.08, 'thread message': 0.2 };
/** Backing off briefly after a 503 or a refused connection, as a well-behaved client does. */
const BACKOFF_MS = 300;

export interface AckedBulk {
  key: string;
  managerName: string;
  checklists: { contractId: string; checklistId: string; revision: number }[];
}

export interface AckedMessage {
  id: string;
  threadId: string;
  body: string;
}

/** A bulk submission that got no 2xx: kept with its key and body to be retried. */
export interface UnacknowledgedBulk {
  key: string;
  managerName: string;
  token: string;
  body: { fiscalYear: number; entries: ReturnType<typeof checklistEntry>[] };
  status: number;
  at: number;
}

export interface OddAnswer {
  kind: Kind;
  at: number;
  status: number;
  detail: string;
}

export class TrafficLog {
  readonly latencies = new Map<Kind, number[]>(KINDS.map((k) => [k, []]));
  readonly statuses = new Map<Kind, Map<number, number>>(KINDS.map((k) => [k, new Map()]));
  /** Per second since the start: answers by status (0 = no answer). */
  readonly timeline: Map<number, number>[] = [];
  /** Per second since the start: when its first 2xx answer arrived. */
  readonly firstSuccess: number[] = [];
  readonly bulks: AckedBulk[] = [];
  readonly messages: AckedMessage[] = [];
  readonly unacknowledgedBulks: UnacknowledgedBulk[] = [];
  readonly odd: OddAnswer[] = [];
  /** 503 answers that were not problem+json. */
  unavailableNotProblem = 0;
  readonly started = Date.now();
  elapsedSeconds = 0;

  at(): number {
    return (Date.now() - this.started) / 1000;
  }

  record(kind: Kind, result: HttpResult): void {
    this.latencies.get(kind)?.push(result.ms);
    const byStatus = this.statuses.get(kind) as Map<number, number>;
    byStatus.set(result.status, (byStatus.get(result.status) ?? 0) + 1);
    const second = Math.floor(this.at());
    this.timeline[second] ??= new Map();
    this.timeline[second].set(result.status, (this.timeline[second].get(result.status) ?? 0) + 1);
    if (result.status === 503 && !isProblemJson(result)) this.unavailableNotProblem += 1;
    const expected = result.status >= 200 && result.status < 300;
    if (expected) this.firstSuccess[second] ??= this.at();
    if (!expected && result.status !== 503 && this.odd.length < 50) {
      this.odd.push({ kind, at: this.at(), status: result.status, detail: (result.error ?? result.body).slice(0, 300) });
    }
  }

  /** Seconds from `at` to the first 2xx answer after it. */
  successAfter(at: number): number {
    const first = this.firstSuccess.slice(Math.floor(at)).find((t) => t !== undefined && t >= at);
    return first === undefined ? Infinity : first - at;
  }

  count(predicate: (status: number) => boolean): number {
    let total = 0;
    for (const byStatus of this.statuses.values()) for (const [status, n] of byStatus) if (predicate(status)) total += n;
    return total;
  }
}

export interface TrafficOptions {
  http: HttpClient;
  world: World;
  connections: number;
  seconds: number;
  bulkEntries: number;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** `count` distinct items, at random. */
function sample<T>(items: readonly T[], count: number): T[] {
  const copy = [...items];
  for (let i = 0; i < Math.min(count, copy.length); i++) {
    const j = i + Math.floor(Math.random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

function pickKind(): Kind {
  let roll = Math.random();
  for (const kind of KINDS) {
    roll -= WEIGHTS[kind];
    if (roll <= 0) return kind;
  }
  return KINDS[0];
}

let bulkCounter = 0;

async function bulkSubmission(options: TrafficOptions, log: TrafficLog): Promise<HttpResult> {
  const vendor = pick(options.world.vendors);
  const contracts = sample(vendor.contractIds, options.bulkEntries);
  bulkCounter += 1;
  // A name of its own makes every submission new content, so each entry creates a revision.
  const managerName = `負荷 ${process.pid}-${bulkCounter}`;
  const body = { fiscalYear: FISCAL_YEAR, entries: contracts.map((id) => checklistEntry(id, managerName, options.world.checklistItemIds)) };
  const key = randomUUID();
  const result = await options.http.send('POST', '/v1/checklists/batch', { token: vendor.clientToken, body, headers: { 'idempotency-key': key } });
  if (result.status === 200) {
    const answer = JSON.parse(result.body) as { results: { status: string; contractId: string; checklistId: string; revision: number }[] };
    const created = answer.results.filter((r) => r.status === 'created');
    if (created.length !== contracts.length) log.odd.push({ kind: 'bulk submission', at: log.at(), status: 200, detail: `not all created: ${result.body.slice(0, 300)}` });
    log.bulks.push({ key, managerName, checklists: created.map((r) => ({ contractId: r.contractId, checklistId: r.checklistId, revision: r.revision })) });
  } else {
    log.unacknowledgedBulks.push({ key, managerName, token: vendor.clientToken, body, status: result.status, at: log.at() });
  }
  return result;
}

async function threadMessage(options: TrafficOptions, log: TrafficLog): Promise<HttpResult> {
  const thread = pick(options.world.threads);
  const fromPharmacy = Math.random() < 0.5;
  const token = fromPharmacy ? options.world.pharmacies[thread.pharmacy].token : options.world.vendors[thread.vendor].clientToken;
  const body = `${fromPharmacy ? '確認させてください' : '回答します'} ${randomUUID()}`;
  const result = await options.http.send('POST', `/v1/risk-threads/${thread.id}/messages`, { token, body: { body } });
  if (result.status === 201) {
    const detail = JSON.parse(result.body) as { messages: { id: string; body: string }[] };
    const mine = detail.messages.find((m) => m.body === body);
    if (mine) log.messages.push({ id: mine.id, threadId: thread.id, body });
    else log.odd.push({ kind: 'thread message', at: log.at(), status: 201, detail: 'the answer does not list the message just written' });
  }
  return result;
}

/** How each kind of request is made. */
const REQUESTS: Record<Kind, (options: TrafficOptions, log: TrafficLog) => Promise<HttpResult>> = {
  'pull: list disclosures': ({ http, world }) => http.send('GET', '/v1/disclosures?limit=20', { token: pick(world.pharmacies).token }),
  'pull: one disclosure': ({ http, world }) => http.send('GET', `/v1/disclosures/${pick(world.vendors).disclosureId}`, { token: pick(world.pharmacies).token }),
  'pull: standing': ({ http, world }) => {
    const pharmacy = pick(world.pharmacies);
    return http.send('GET', `/v1/pharmacies/${pharmacy.id}/standing?fiscalYear=${FISCAL_YEAR}`, { token: pharmacy.token });
  },
  'bulk submission': bulkSubmission,
  'thread message': threadMessage,
};

/** Runs the mix for `seconds` on `connections` concurrent loops; `log` may be read while it runs. */
export async function runTraffic(options: TrafficOptions, log = new TrafficLog()): Promise<TrafficLog> {
  const end = log.started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (Date.now() < end) {
        const kind = pickKind();
        const result = await REQUESTS[kind](options, log);
        log.record(kind, result);
        if (result.status === 503 || result.status === 0) await sleep(BACKOFF_MS);
      }
    }),
  );
  log.elapsedSeconds = log.at();
  return log;
}
