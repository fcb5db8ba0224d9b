/**
 * Memory of the bulk submission (POST /v1/checklists/batch), the API's largest JSON body, measured
 * on the built API as its own process with the node flags of `npm start` (384 MB old space), so that
 * the batch limits come from figures rather than guesses. Each request is sent alone (then several
 * at once); for each: the answer, the time, the peak of the heap as V8's own GC trace reports it
 * (`--trace-gc`: used after each collection, the closest to live data, and before, garbage included)
 * and the peak resident size (VmHWM, reset before each request). From the worst request at the cap
 * it derives heap per answer and the largest cap that leaves room for the other traffic with
 * HEAVY_SLOTS such requests at once, and prints it beside the cap in force (MAX_BATCH_ANSWERS).
 * Usage: npm run bench:batch-memory   (DATABASE_URL or the local server on 127.0.0.1:5432; ~1 minute; also in npm run bench)
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { MAX_BATCH_ANSWERS, MAX_BATCH_ENTRIES, MAX_BATCH_JSON_VALUES, BATCH_BODY_LIMIT_BYTES } from '../src/checklists/checklist-batch.dto';
import { HEAVY_REQUEST_GATE } from '../src/common/heavy-request-gate';
import { API_NODE_ARGS, boundRun, freshDatabase, startApi } from './bench-support';
import { batchBody, clientToken, formItemIds, fullEntry, hostileEntry, malformedEntry, residentMemory, resetPeakRss, seedBatchWorld, wellFormedEntry } from './batch-world';

/** The old space of `npm start`, the heavy requests processed at once (app.setup.ts), and what is kept for everything else. */
const OLD_SPACE_MB = Number(/--max-old-space-size=(\d+)/.exec(API_NODE_ARGS.join(' '))?.[1] ?? 384);
const HEAVY_SLOTS = HEAVY_REQUEST_GATE.slots;
const RESERVED_FOR_OTHER_TRAFFIC_MB = 96;
/** Of the old space, what the derivation lets itself plan for (the rest is headroom for fragmentation and estimates). */
const PLANNED_SHARE = 0.75;

const say = (text: string) => process.stdout.write(`${text}\n`);
const MiB = 1024 * 1024;

/** Heap figures from V8's `--trace-gc` lines: `Scavenge 120.3 (130.1) -> 118.2 (131.1) MB`. */
class GcTrace {
  lastAfter = 0;
  peakAfter = 0;
  peakBefore = 0;

  read(line: string): void {
    const match = /: (?:Scavenge|Mark-Compact|Minor Mark-Sweep|Mark-sweep)[^\d]*([\d.]+) \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/.exec(line);
    if (!match) return;
    const before = Number(match[1]);
    this.lastAfter = Number(match[2]);
    this.peakBefore = Math.max(this.peakBefore, before);
    this.peakAfter = Math.max(this.peakAfter, this.lastAfter);
  }

  reset(): number {
    this.peakAfter = this.lastAfter;
    this.peakBefore = this.lastAfter;
    return this.lastAfter;
  }
}

interface TracedApi {
  baseUrl: string;
  pid: number;
  gc: GcTrace;
  alive(): boolean;
  stop(): Promise<void>;
}

/** The built API with `npm start`'s node flags and --trace-gc, its GC lines read as they come. */
async function startTracedApi(databaseUrl: string): Promise<TracedApi> {
  // GC lines printed before /ready answered wait in the pipe until the reader below takes them.
  const api = await startApi(databaseUrl, {}, ['--trace-gc'], { stdout: 'pipe' });
  const child = api.process;
  const gc = new GcTrace();
  createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => gc.read(line));
  const alive = () => child.exitCode === null && child.signalCode === null;
  return { baseUrl: api.baseUrl, pid: child.pid as number, gc, alive, stop: () => (alive() ? api.stop() : Promise.resolve()) };
}

export interface BatchCase {
  label: string;
  answers: number;
  bodies: string[];
  /** Sent with an Idempotency-Key each (the key's answer is then kept too). */
  idempotent?: boolean;
  /** The statuses (and problem codes) that mean the API did what its limits say. */
  expected: string;
}

export interface BatchOutcome {
  label: string;
  answers: number;
  bodyMiB: number;
  answered: string[];
  expected: string;
  seconds: number;
  heapBeforeMiB: number;
  peakHeapMiB: number;
  peakHeapWithGarbageMiB: number;
  peakRssMiB: number;
  alive: boolean;
}

async function send(baseUrl: string, token: string, body: string, idempotent = false): Promise<string> {
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    if (idempotent) headers['idempotency-key'] = randomUUID();
    const response = await fetch(`${baseUrl}/v1/checklists/batch`, { method: 'POST', headers, body });
    const text = await response.text();
    const code = response.status === 200 ? '' : ` ${String((JSON.parse(text) as { code?: string }).code)}`;
    return `${response.status}${code}`;
  } catch {
    return 'no answer';
  }
}

/** The requests measured: the documented maxima, well-formed and hostile, just over them, and several at once. */
export function batchCases(contractIds: string[], itemIds: string[]): BatchCase[] {
  const perEntryAtCap = Math.floor(MAX_BATCH_ANSWERS / MAX_BATCH_ENTRIES);
  const ids = contractIds.slice(0, MAX_BATCH_ENTRIES);
  const atCap = MAX_BATCH_ENTRIES * perEntryAtCap;
  // Every field filled, remarks as long as the body limit allows at the cap (Japanese text of their own).
  const heaviestWith = (remarkLength: number) => batchBody(ids.map((id, n) => fullEntry(id, itemIds, perEntryAtCap, n, remarkLength)));
  const probe = Buffer.byteLength(heaviestWith(0));
  const heaviest = heaviestWith(Math.floor((0.97 * BATCH_BODY_LIMIT_BYTES - probe) / atCap / 3));
  // Remarks at their longest (2,000 characters), ASCII but for one Japanese character: the text of
  // the body, held as UTF-16 once decoded, weighs twice its bytes.
  const longRemarks = Math.floor((0.97 * BATCH_BODY_LIMIT_BYTES) / 2_100);
  const longest = batchBody(
    ids.map((id, n) => ({
      ...fullEntry(id, itemIds, Math.ceil(longRemarks / ids.length), n, 0),
      answers: Array.from({ length: Math.ceil(longRemarks / ids.length) }, (_, i) => ({ itemId: itemIds[i % itemIds.length], answer: 'はい', remarks: `${n}-${i}`.padEnd(2_000, 'x') })),
    })),
  );
  const emptyObjects = `{"fiscalYear":2025,"entries":[${'{},'.repeat(Math.floor(BATCH_BODY_LIMIT_BYTES / 3) - 20)}{}]}`;
  return [
    { label: `well-formed: ${ids.length} entries × ${itemIds.length} answers`, answers: ids.length * itemIds.length, bodies: [batchBody(ids.map((id, n) => wellFormedEntry(id, itemIds, n)))], expected: '200' },
    { label: `heaviest at the cap: ${ids.length} × ${perEntryAtCap} answers, every field, remarks filling the body limit`, answers: atCap, bodies: [heaviest], expected: '200' },
    { label: 'heaviest at the cap, with an Idempotency-Key', answers: atCap, bodies: [heaviest], idempotent: true, expected: '200' },
    { label: `longest text: ${ids.length} × ${Math.ceil(longRemarks / ids.length)} answers with 2,000-character remarks`, answers: ids.length * Math.ceil(longRemarks / ids.length), bodies: [longest], expected: '200' },
    { label: `wrong item in every answer, at the cap (${ids.length} × ${perEntryAtCap})`, answers: atCap, bodies: [batchBody(ids.map((id) => hostileEntry(id, perEntryAtCap)))], expected: '200' },
    { label: `wrong type in every answer, at the cap (${ids.length} × ${perEntryAtCap})`, answers: atCap, bodies: [batchBody(ids.map((id) => malformedEntry(id, perEntryAtCap)))], expected: '400 validation_failed' },
    { label: `one answer per entry over the cap (${ids.length} × ${perEntryAtCap + 1})`, answers: ids.length * (perEntryAtCap + 1), bodies: [batchBody(ids.map((id) => hostileEntry(id, perEntryAtCap + 1)))], expected: '413 batch_too_large' },
    { label: `the reviewer's request: ${ids.length} × 200 wrong answers`, answers: ids.length * 200, bodies: [batchBody(ids.map((id) => hostileEntry(id, 200)))], expected: '413 payload_too_large' },
    { label: `${(emptyObjects.length / MiB).toFixed(0)} MiB of empty objects`, answers: 0, bodies: [emptyObjects], expected: '413 payload_too_large' },
    { label: 'the heaviest at the cap, 3 at once', answers: 3 * atCap, bodies: [heaviest, heaviest, heaviest], expected: '200' },
    { label: 'the longest text, 3 at once', answers: 3 * atCap, bodies: [longest, longest, longest], expected: '200' },
    { label: `the heaviest at the cap, 4 at once (${HEAVY_SLOTS} processed at a time)`, answers: 4 * atCap, bodies: Array.from({ length: 4 }, () => heaviest), expected: '200' },
  ];
}

export async function runBatchMemory(log: (line: string) => void = say): Promise<BatchOutcome[]> {
  const database = await freshDatabase('batchmem');
  const api = await startTracedApi(database.url);
  const outcomes: BatchOutcome[] = [];
  try {
    const world = await seedBatchWorld(database.url, MAX_BATCH_ENTRIES);
    const token = await clientToken(api.baseUrl, world);
    const items = await formItemIds(api.baseUrl, token);
    for (const batch of batchCases(world.contractIds, items)) {
      if (!api.alive()) break;
      // Let the previous request's garbage go and its answer be written before the next starts.
      await new Promise((resolve) => setTimeout(resolve, 500));
      resetPeakRss(api.pid);
      const heapBefore = api.gc.reset();
      const started = performance.now();
      const answered = await Promise.all(batch.bodies.map((body) => send(api.baseUrl, token, body, batch.idempotent)));
      const seconds = (performance.now() - started) / 1000;
      const alive = api.alive();
      const outcome: BatchOutcome = {
        label: batch.label,
        answers: batch.answers,
        bodyMiB: Buffer.byteLength(batch.bodies[0]) / MiB,
        answered,
        expected: batch.expected,
        seconds,
        heapBeforeMiB: heapBefore,
        peakHeapMiB: api.gc.peakAfter,
        peakHeapWithGarbageMiB: api.gc.peakBefore,
        peakRssMiB: alive ? residentMemory(api.pid).peakMiB : NaN,
        alive,
      };
      outcomes.push(outcome);
      log(describe(outcome));
    }
  } finally {
    await api.stop();
    await database.drop();
  }
  return outcomes;
}

function describe(o: BatchOutcome): string {
  const statuses = [...new Set(o.answered)].map((s) => `${o.answered.filter((a) => a === s).length}× ${s}`).join(', ');
  const ok = o.alive && o.answered.every((a) => a === o.expected);
  return (
    `${o.label} (${o.bodyMiB.toFixed(1)} MiB): ${statuses} in ${o.seconds.toFixed(1)} s${ok ? '' : `  ← expected ${o.expected}`}\n` +
    `    heap ${o.heapBeforeMiB.toFixed(0)} → peak ${o.peakHeapMiB.toFixed(0)} MB after GC (${o.peakHeapWithGarbageMiB.toFixed(0)} with garbage), peak RSS ${o.peakRssMiB.toFixed(0)} MiB, ${o.alive ? 'up' : 'DIED'}`
  );
}

/**
 * Heap per answer of the worst single request at the cap, and the cap it allows. The growth is
 * taken with the garbage not yet collected (the peak before a collection): an upper bound of what
 * the request held, as V8 collects lazily and the peak after a collection depends on when it ran.
 */
export function derivedCap(outcomes: BatchOutcome[]): { bytesPerAnswer: number; worstMB: number; worstLiveMB: number; baselineMB: number; budgetPerRequestMB: number; cap: number } {
  const single = outcomes.filter((o) => o.answers === MAX_BATCH_ANSWERS && o.answered.length === 1);
  const worstMB = Math.max(...single.map((o) => o.peakHeapWithGarbageMiB - o.heapBeforeMiB));
  const worstLiveMB = Math.max(...single.map((o) => o.peakHeapMiB - o.heapBeforeMiB));
  const baselineMB = Math.min(...outcomes.map((o) => o.heapBeforeMiB));
  const bytesPerAnswer = (worstMB * 1e6) / MAX_BATCH_ANSWERS;
  const budgetPerRequestMB = (OLD_SPACE_MB * PLANNED_SHARE - baselineMB - RESERVED_FOR_OTHER_TRAFFIC_MB) / HEAVY_SLOTS;
  return { bytesPerAnswer, worstMB, worstLiveMB, baselineMB, budgetPerRequestMB, cap: Math.floor((budgetPerRequestMB * 1e6) / bytesPerAnswer) };
}

/** Every request answered as the limits say, and the process up after each. */
export function asExpected(outcomes: BatchOutcome[]): boolean {
  return outcomes.length > 0 && outcomes.every((o) => o.alive && o.answered.every((a) => a === o.expected));
}

export function batchMemoryReport(outcomes: BatchOutcome[]): string {
  const d = derivedCap(outcomes);
  const failed = outcomes.filter((o) => !o.alive || o.answered.some((a) => a !== o.expected));
  return [
    `limits in force: ${MAX_BATCH_ENTRIES} entries, ${MAX_BATCH_ANSWERS} answers in all, ${BATCH_BODY_LIMIT_BYTES / MiB} MiB, ${MAX_BATCH_JSON_VALUES} JSON values; ${HEAVY_SLOTS} heavy requests at once; old space ${OLD_SPACE_MB} MB`,
    `worst single request at the cap: +${d.worstMB.toFixed(0)} MB of heap, garbage included (+${d.worstLiveMB.toFixed(0)} MB after GC) = ${d.bytesPerAnswer.toFixed(0)} bytes per answer; idle heap ${d.baselineMB.toFixed(0)} MB`,
    `budget per heavy request: (${OLD_SPACE_MB} × ${PLANNED_SHARE} − ${d.baselineMB.toFixed(0)} idle − ${RESERVED_FOR_OTHER_TRAFFIC_MB} other traffic) / ${HEAVY_SLOTS} = ${d.budgetPerRequestMB.toFixed(0)} MB → at most ${d.cap} answers per request (cap in force ${MAX_BATCH_ANSWERS}: ${MAX_BATCH_ANSWERS <= d.cap ? 'within' : 'OVER'})`,
    failed.length === 0 ? 'every request answered as the limits say; the API stayed up' : `NOT as expected: ${failed.map((o) => o.label).join('; ')}`,
  ].join('\n');
}

if (require.main === module) {
  boundRun(10 * 60_000);
  say(`node flags of npm start: ${API_NODE_ARGS.join(' ')}`);
  runBatchMemory().then(
    (outcomes) => {
      say(batchMemoryReport(outcomes));
      process.exit(asExpected(outcomes) ? 0 : 1);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
