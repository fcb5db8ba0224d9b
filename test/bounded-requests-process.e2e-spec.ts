import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { batchBody, clientToken, formItemIds, fullEntry, hostileEntry, malformedEntry, residentMemory, seedBatchWorld, wellFormedEntry } from '../bench/batch-world';
import { BATCH_BODY_LIMIT_BYTES, MAX_BATCH_ANSWERS, MAX_BATCH_ENTRIES } from '../src/checklists/checklist-batch.dto';
import { adminQuery, withDatabase } from './support/test-database';

/**
 * Finding 1, as it runs: the built API (dist/src/main.js, built by `npm test`'s pretest) as its own
 * process with the node flags of `npm start` (its 384 MB old space), on a database of its own, sent
 * bulk submissions at the documented maxima — the heaviest well-formed one, one wrong in every
 * answer, one of the wrong types, three at once — and just past them. Each is answered as the
 * limits say and the process stays up; its resident size is printed. Before the limits, the
 * reviewer's request (2,000 × 200 wrong answers) killed it: JavaScript heap out of memory.
 */
const ROOT = join(__dirname, '..');
/** The node flags of `npm start` (package.json), as the benchmarks and load scripts read them. */
const API_NODE_ARGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/).filter((token) => token.startsWith('--'));

interface RunningApi {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** `node <npm start's flags> dist/src/main.js` on loopback, ready once /ready answers. */
async function startApi(databaseUrl: string): Promise<RunningApi> {
  const port = await freePort();
  const child = spawn(process.execPath, [...API_NODE_ARGS, join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      KAIJI_JWT_SECRET: 'process-test-signing-key-that-is-long-enough-0123',
      KAIJI_TOTP_KEY: 'd4'.repeat(32),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // However this worker ends, the API does not outlive it.
  const killNow = () => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL');
  process.once('exit', killNow);
  child.once('exit', () => process.removeListener('exit', killNow));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => (clearTimeout(killer), resolve()));
      child.kill('SIGTERM');
    });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 150; attempt++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    if (await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)) return { baseUrl, process: child, stop };
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await stop();
  throw new Error('the API did not become ready');
}

describe('the API process under the largest requests it takes', () => {
  const perEntry = Math.floor(MAX_BATCH_ANSWERS / MAX_BATCH_ENTRIES);
  let api: RunningApi;
  let token: string;
  let contractIds: string[];
  let itemIds: string[];
  let drop: () => Promise<void>;
  const seen: string[] = [];

  beforeAll(async () => {
    const main = join(ROOT, 'dist', 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (npm run build, as npm test does)`);
    const serverUrl = process.env.KAIJI_TEST_SERVER_URL as string;
    const database = `kaiji_process_${Date.now()}_${process.pid}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
    drop = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    const url = withDatabase(serverUrl, database);
    // The API prepares its database itself at start (migrations, job queue), as in production.
    api = await startApi(url);
    const world = await seedBatchWorld(url, MAX_BATCH_ENTRIES);
    contractIds = world.contractIds;
    token = await clientToken(api.baseUrl, world);
    itemIds = await formItemIds(api.baseUrl, token);
  }, 60_000);

  afterAll(async () => {
    process.stdout.write(`API process (node ${API_NODE_ARGS.join(' ')}), resident size after each request:\n${seen.join('\n')}\n`);
    await api?.stop();
    await drop?.();
  }, 30_000);

  const alive = () => api.process.exitCode === null && api.process.signalCode === null;

  async function send(label: string, bodies: string[]): Promise<string[]> {
    const answers = await Promise.all(
      bodies.map(async (body) => {
        const response = await fetch(`${api.baseUrl}/v1/checklists/batch`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
        const text = await response.text();
        if (response.status !== 200) expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        if (response.status === 200) return `200 created ${(JSON.parse(text) as { created: number }).created}`;
        return `${response.status} ${(JSON.parse(text) as { code: string }).code}`;
      }),
    );
    expect(alive()).toBe(true);
    const memory = residentMemory(api.process.pid as number);
    seen.push(`  ${label}: ${answers.join(', ')}; RSS ${memory.rssMiB.toFixed(0)} MiB, peak so far ${memory.peakMiB.toFixed(0)} MiB`);
    return answers;
  }

  /** Every field filled, remarks as long as the body limit allows at the cap. */
  const heaviest = () => {
    const probe = Buffer.byteLength(batchBody(contractIds.map((id, n) => fullEntry(id, itemIds, perEntry, n, 0))));
    const remarkLength = Math.floor((0.97 * BATCH_BODY_LIMIT_BYTES - probe) / (MAX_BATCH_ENTRIES * perEntry) / 3);
    return batchBody(contractIds.map((id, n) => fullEntry(id, itemIds, perEntry, n, remarkLength)));
  };

  it(`answers the heaviest bulk submission at the cap (${MAX_BATCH_ENTRIES} × ${perEntry} answers, every field, the body limit filled), alone and three at once`, async () => {
    const body = heaviest();
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(BATCH_BODY_LIMIT_BYTES);
    // Items past the form's 14 are answered twice: every entry is refused with its errors, none written.
    expect(await send('heaviest at the cap', [body])).toEqual(['200 created 0']);
    expect(await send('heaviest at the cap, three at once', [body, body, body])).toEqual(['200 created 0', '200 created 0', '200 created 0']);
  }, 60_000);

  it(`writes the largest well-formed submission of the 事業者確認用 (${MAX_BATCH_ENTRIES} × its items)`, async () => {
    expect(await send('well-formed, every entry written', [batchBody(contractIds.map((id, n) => wellFormedEntry(id, itemIds, n)))])).toEqual([`200 created ${MAX_BATCH_ENTRIES}`]);
  }, 60_000);

  it('answers a submission wrong in every answer, and one of the wrong types, at the cap', async () => {
    expect(await send('wrong item in every answer', [batchBody(contractIds.map((id) => hostileEntry(id, perEntry)))])).toEqual(['200 created 0']);
    expect(await send('wrong type in every answer', [batchBody(contractIds.map((id) => malformedEntry(id, perEntry)))])).toEqual(['400 validation_failed']);
  }, 60_000);

  it("refuses what goes past the limits, the reviewer's request included, and stays up", async () => {
    expect(await send('one answer per entry over the cap', [batchBody(contractIds.map((id) => hostileEntry(id, perEntry + 1)))])).toEqual(['413 batch_too_large']);
    expect(await send("the reviewer's request (2,000 × 200 wrong answers)", [batchBody(contractIds.map((id) => hostileEntry(id, 200)))])).toEqual(['413 payload_too_large']);
    const ready = await fetch(`${api.baseUrl}/ready`);
    expect(ready.status).toBe(200);
  }, 60_000);
});
