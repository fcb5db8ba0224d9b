import { spawn, ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';

/** Shared helpers for the benchmarks: a throw-away database and the API as a separate process. */

export const ROOT = join(__dirname, '..', '..');
export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function freshDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `kaiji_bench_${label}_${Date.now()}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * The options node runs the API with in `npm start` (package.json): the heap sizes that bound its
 * resident size. Benchmarks and load scripts start it the same way, so they measure what runs.
 */
export const API_NODE_ARGS: string[] = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start
  .split(/\s+/)
  .filter((token) => token.startsWith('--'));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RunningApi {
  baseUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `node dist/src/main.js` on loopback against the given database and waits for /ready;
 * `nodeArgs` go to node itself (e.g. --cpu-prof or --trace-gc, which NODE_OPTIONS does not take).
 */
export async function startApi(databaseUrl: string, env: Record<string, string> = {}, nodeArgs: string[] = [], options: { stdout?: 'ignore' | 'pipe' } = {}): Promise<RunningApi> {
  const port = await freePort();
  const child = spawn(process.execPath, [...API_NODE_ARGS, ...nodeArgs, join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      KAIJI_JWT_SECRET: 'bench-signing-key-that-is-long-enough-0123456789',
      KAIJI_TOTP_KEY: 'b2'.repeat(32),
      KAIJI_AUTH_RATE_LIMIT: '100000',
      ...env,
    },
    // stdout piped for a caller that reads what node prints there (--trace-gc lines).
    stdio: ['ignore', options.stdout ?? 'ignore', 'inherit'],
  });
  killOnExit(child);
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    const ready = await fetch(`${baseUrl}/ready`).then((r) => r.ok).catch(() => false);
    if (ready) {
      return {
        baseUrl,
        process: child,
        stop: () =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error('the API did not become ready');
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Kills a child process when this one exits, however it exits (an error, process.exit from a
 * watchdog or a signal handler), so that no server of a benchmark outlives it.
 */
export function killOnExit(child: ChildProcess): void {
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  child.once('exit', () => process.removeListener('exit', kill));
}

/** Ends this process (and so, through killOnExit, its servers) on Ctrl-C, SIGTERM or after `limitMs`. */
export function boundRun(limitMs: number): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  setTimeout(() => {
    process.stderr.write(`gave up after ${Math.round(limitMs / 1000)} s\n`);
    process.exit(1);
  }, limitMs).unref();
}
