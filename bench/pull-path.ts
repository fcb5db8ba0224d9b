/**
 * The pull path against its ceiling, in one run on one fresh database: a pharmacy listing its
 * latest disclosures (GET /v1/disclosures?latestOnly=true, first page) and reading one with its
 * answers (GET /v1/disclosures/{id}), through Kaiji (the API as a separate process, a signed-in
 * pharmacy user's token) and through a bare Fastify + `pg` server running the same SQL for the
 * same pharmacy (bench/bare-pull-server.ts; no authentication: the pharmacy is fixed). Both answer
 * the same JSON (checked first). Each is loaded by autocannon at the same concurrency, every
 * connection alternating list and read, after a warm-up; the API's resident size is sampled.
 * Targets (issue 7): Kaiji ≥ 0.6 of the bare throughput, p99 < 50 ms at 100 connections, RSS < 300 MB.
 * Saturated (closed loop), 100 connections queue behind two cores, so latency is the queue: the
 * run then loads Kaiji open loop too (evenly spaced requests over up to 100 connections) at a
 * quarter and at half the rate it sustained saturated: its latency when busy but not overrun.
 *
 *   npm run bench:pull   (DATABASE_URL or the local server on 127.0.0.1:5432)
 *
 * BENCH_PULL_SECONDS, BENCH_PULL_CONNECTIONS and BENCH_PULL_WARMUP change the load;
 * BENCH_PULL_MODE=list or get loads one of the two requests alone; BENCH_PULL_PROFILE=DIR writes
 * CPU profiles of both servers there; BENCH_PULL_API_NODE_ARGS go to node for the API (e.g.
 * --max-old-space-size=192).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { boundRun, freePort, freshDatabase, killOnExit, startApi } from './bench-support';
import { backendCpuMs, backendCpuSince, cpuMs, LoadFigures, runLoad, runOpenLoop, sampleResidentSize } from './load-support';
import { PullWorldSize, seedPullWorld } from './pull-seed';
import { fetchCall, operatorAccessToken } from '../test/load/support/operator-login';

const CONNECTIONS = Number(process.env.BENCH_PULL_CONNECTIONS ?? 100);
const SECONDS = Number(process.env.BENCH_PULL_SECONDS ?? 15);
const WARM_UP_SECONDS = Number(process.env.BENCH_PULL_WARMUP ?? 3);
/** Kaiji's default KAIJI_DB_POOL_SIZE; the bare server gets the same number of connections. */
const POOL_SIZE = 10;
const SIZE: PullWorldSize = { subjectVendors: 15, noiseVendors: 185, productsPerVendor: 4, otherPharmacies: 600, extraItems: 36 };
const OPERATOR = { email: 'operator@bench.test', password: 'Kaiji-bench-ops-2025!' };
const USER_PASSWORD = 'Str0ng-bench-pass!word';
export const PULL_TARGETS = { ratio: 0.6, p99Ms: 50, rssMB: 300 };
/** The open-loop rates, as shares of the saturated throughput. */
const OPEN_LOOP_SHARES = [0.25, 0.5];
const DRAIN_MS = 3_000;

export interface ServerFigures extends LoadFigures {
  /**
   * CPU time per request of the server itself and of the PostgreSQL backends serving the database
   * during the measured run: what each side costs, whatever else the machine is doing meanwhile.
   */
  cpuMsPerRequest: number;
  databaseCpuMsPerRequest: number;
  rssMaxMiB: number;
}

export interface PullPathFigures {
  /** What each connection requests, in turn. */
  paths: string[];
  connections: number;
  seconds: number;
  kaiji: ServerFigures;
  bare: ServerFigures;
  /** Kaiji open loop over up to 100 connections at shares of the rate it sustained saturated. */
  kaijiOpenLoop: (LoadFigures & { share: number; rate: number })[];
  ratio: number;
  counts: Record<string, number>;
}

/** CPU profiles of both servers, written when they stop, when BENCH_PULL_PROFILE names a folder. */
function profileArgs(): string[] {
  const folder = process.env.BENCH_PULL_PROFILE;
  return folder ? ['--cpu-prof', `--cpu-prof-dir=${folder}`] : [];
}

async function postJson<T>(url: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`POST ${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

/** The pharmacy's first admin (the only account the operator may create in it), signed in through the API. */
async function pharmacyUser(baseUrl: string, pharmacyId: string): Promise<{ id: string; email: string; token: string }> {
  // The operator's logins use 2FA: its first one enrols it.
  const operator = { accessToken: await operatorAccessToken(fetchCall(baseUrl), OPERATOR.email, OPERATOR.password) };
  const email = 'pharmacist@bench.test';
  const user = await postJson<{ id: string }>(
    `${baseUrl}/v1/organizations/${pharmacyId}/users`,
    { email, displayName: 'ベンチ 薬剤師', role: 'admin', password: USER_PASSWORD },
    operator.accessToken,
  );
  const tokens = await postJson<{ accessToken: string }>(`${baseUrl}/v1/auth/login`, { email, password: USER_PASSWORD });
  return { id: user.id, email, token: tokens.accessToken };
}

async function startBare(databaseUrl: string, env: Record<string, string>): Promise<{ baseUrl: string; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...profileArgs(), join(__dirname, 'bare-pull-server.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), BARE_POOL_SIZE: String(POOL_SIZE), ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  killOnExit(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`the bare server exited with ${child.exitCode}`);
    if (await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)) return { baseUrl, pid: child.pid as number, stop };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await stop();
  throw new Error('the bare server did not become ready');
}

async function getJson(url: string, token?: string): Promise<unknown> {
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** Both sides must answer the same bodies, or the comparison says nothing. */
async function assertSameAnswers(kaijiUrl: string, bareUrl: string, token: string, paths: string[]): Promise<void> {
  for (const path of paths) {
    const [kaiji, bare] = [await getJson(`${kaijiUrl}${path}`, token), await getJson(`${bareUrl}${path}`)];
    if (!isDeepStrictEqual(kaiji, bare)) throw new Error(`Kaiji and the bare server answer ${path} differently`);
  }
  const page = (await getJson(`${kaijiUrl}${paths[0]}`, token)) as { items: unknown[]; nextCursor: string | null };
  if (page.items.length !== 50 || !page.nextCursor) throw new Error(`the first page has ${page.items.length} items: the world is too small`);
}

async function loadWithWarmUp(databaseUrl: string, baseUrl: string, pid: number, paths: string[], headers?: Record<string, string>): Promise<ServerFigures> {
  await runLoad({ baseUrl, connections: CONNECTIONS, seconds: WARM_UP_SECONDS, headers, paths });
  const rss = sampleResidentSize(pid);
  const cpuBefore = cpuMs(pid);
  const backendsBefore = await backendCpuMs(databaseUrl);
  const figures = await runLoad({ baseUrl, connections: CONNECTIONS, seconds: SECONDS, headers, paths });
  const requests = Math.max(1, figures.total);
  const databaseCpu = backendCpuSince(backendsBefore, await backendCpuMs(databaseUrl));
  return { ...figures, cpuMsPerRequest: (cpuMs(pid) - cpuBefore) / requests, databaseCpuMsPerRequest: databaseCpu / requests, rssMaxMiB: rss.stop() };
}

export async function runPullPath(log: (line: string) => void = () => undefined): Promise<PullPathFigures> {
  const database = await freshDatabase('pull');
  const stops: (() => Promise<void>)[] = [() => database.drop()];
  try {
    const env = {
      KAIJI_OPERATOR_EMAIL: OPERATOR.email,
      KAIJI_OPERATOR_PASSWORD: OPERATOR.password,
      // The longest the API allows: the token outlives the run.
      KAIJI_ACCESS_TOKEN_TTL: '900',
      KAIJI_DB_POOL_SIZE: String(POOL_SIZE),
    };
    const api = await startApi(database.url, env, [...profileArgs(), ...(process.env.BENCH_PULL_API_NODE_ARGS ?? '').split(' ').filter(Boolean)]);
    stops.unshift(() => api.stop());
    const seeded = performance.now();
    const world = await seedPullWorld(database.url, SIZE);
    log(`seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s: ${JSON.stringify(world.counts)}`);
    const user = await pharmacyUser(api.baseUrl, world.pharmacyId);
    const bare = await startBare(database.url, {
      BARE_ORGANIZATION_ID: world.pharmacyId,
      BARE_ORGANIZATION_KIND: 'pharmacy',
      BARE_USER_ID: user.id,
      BARE_USER_EMAIL: user.email,
    });
    stops.unshift(() => bare.stop());
    const both = ['/v1/disclosures?latestOnly=true', `/v1/disclosures/${world.disclosureId}`];
    await assertSameAnswers(api.baseUrl, bare.baseUrl, user.token, both);
    const mode = process.env.BENCH_PULL_MODE;
    const paths = mode === 'list' ? both.slice(0, 1) : mode === 'get' ? both.slice(1) : both;
    log('Kaiji and the bare server answer both requests with the same JSON');

    const bareFigures = await loadWithWarmUp(database.url, bare.baseUrl, bare.pid, paths);
    const headers = { authorization: `Bearer ${user.token}` };
    const kaijiFigures = await loadWithWarmUp(database.url, api.baseUrl, api.process.pid as number, paths, headers);
    const openLoop: PullPathFigures['kaijiOpenLoop'] = [];
    for (const share of OPEN_LOOP_SHARES) {
      // The requests the closed loop left queued are still being answered when it returns: they would
      // be counted against the open loop's first second.
      await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
      const rate = Math.max(1, Math.round(kaijiFigures.requestsPerSecond * share));
      openLoop.push({ share, rate, ...(await runOpenLoop({ baseUrl: api.baseUrl, connections: CONNECTIONS, seconds: SECONDS, headers, paths, rate })) });
    }
    return {
      paths: paths.map((path) => path.replace(world.disclosureId, '{id}')),
      connections: CONNECTIONS,
      seconds: SECONDS,
      kaiji: kaijiFigures,
      bare: bareFigures,
      kaijiOpenLoop: openLoop,
      ratio: kaijiFigures.requestsPerSecond / bareFigures.requestsPerSecond,
      counts: world.counts,
    };
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

export function pullPathReport(figures: PullPathFigures): string {
  const line = (label: string, f: ServerFigures) =>
    `  ${label.padEnd(30)} ${f.requestsPerSecond.toFixed(0).padStart(6)} req/s   p50 ${f.p50Ms.toFixed(1).padStart(6)} ms   p99 ${f.p99Ms.toFixed(1).padStart(6)} ms   ` +
    `CPU ${f.cpuMsPerRequest.toFixed(2)} ms/request (PostgreSQL ${f.databaseCpuMsPerRequest.toFixed(2)})   RSS max ${f.rssMaxMiB.toFixed(0)} MiB   ${f.total} requests, ${f.errors} errors, ${f.non2xx} non-2xx`;
  const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
  const { kaiji } = figures;
  return [
    `pull path: ${figures.connections} connections, ${figures.seconds} s after ${WARM_UP_SECONDS} s warm-up, each connection requesting in turn`,
    `  ${figures.paths.map((path) => `GET ${path}`).join(', ')} (the list's first page of 50; one disclosure with its answers, an audited read)`,
    line('Kaiji (pharmacy user token)', kaiji),
    line('bare Fastify + pg (same SQL)', figures.bare),
    `  the bare server has the pharmacy's organization and user fixed: no token check, no session lookup, no logging`,
    `  ratio Kaiji / bare:             ${figures.ratio.toFixed(2)}   (target ≥ ${PULL_TARGETS.ratio}: ${met(figures.ratio >= PULL_TARGETS.ratio)})`,
    `  Kaiji p99:                      ${kaiji.p99Ms.toFixed(1)} ms   (target < ${PULL_TARGETS.p99Ms} ms: ${met(kaiji.p99Ms < PULL_TARGETS.p99Ms)}; the bare server's ${figures.bare.p99Ms.toFixed(1)} ms)`,
    ...figures.kaijiOpenLoop.map(
      (open) =>
        `  Kaiji open loop, ${open.rate} req/s (${open.share} of saturated) evenly spaced over up to ${figures.connections} connections: ` +
        `p50 ${open.p50Ms.toFixed(1)} ms, p99 ${open.p99Ms.toFixed(1)} ms, ${open.total} requests, ${open.errors} errors, ${open.non2xx} non-2xx`,
    ),
    `  Kaiji RSS max under load:       ${kaiji.rssMaxMiB.toFixed(0)} MiB   (target < ${PULL_TARGETS.rssMB} MB: ${met(kaiji.rssMaxMiB * 1.048576 < PULL_TARGETS.rssMB)})`,
  ].join('\n');
}

if (require.main === module) {
  boundRun(10 * 60_000);
  runPullPath((line) => process.stdout.write(`${line}\n`)).then(
    (figures) => process.stdout.write(`${pullPathReport(figures)}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
