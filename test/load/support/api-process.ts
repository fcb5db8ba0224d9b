import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_NODE_ARGS, freePort, ROOT } from '../../../bench/bench-support';
import type { Cleanup } from './harness';
import { sleep } from './harness';

export const OPERATOR = { email: 'operator@kaiji-load.test', password: 'Kaiji-load-2025!' };

export interface ApiOptions {
  databaseUrl: string;
  /** Its log (stdout and stderr) goes here, so the script's own output stays readable. */
  logFile: string;
  /** Reuse a port (a restart); a free one otherwise. */
  port?: number;
  env?: Record<string, string>;
}

/**
 * The built API (`dist/src/main.js`) as its own process on loopback, as it runs in production:
 * the scripts kill it with SIGKILL, watch its resident size and check it was never restarted.
 */
export class ApiProcess {
  private maxRssBytes = 0;
  private sampler?: NodeJS.Timeout;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static async start(options: ApiOptions, cleanup: Cleanup): Promise<ApiProcess> {
    const main = join(ROOT, 'dist', 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run npx nest build (or npm run build) first`);
    const port = options.port ?? (await freePort());
    const log = openSync(options.logFile, 'a');
    const child = spawn(process.execPath, [...API_NODE_ARGS, main], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: options.databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        KAIJI_JWT_SECRET: 'load-test-signing-key-that-is-long-enough-0123456789',
        KAIJI_TOTP_KEY: 'c3'.repeat(32),
        KAIJI_AUTH_RATE_LIMIT: '100000',
        KAIJI_OPERATOR_EMAIL: OPERATOR.email,
        KAIJI_OPERATOR_PASSWORD: OPERATOR.password,
        // A dead request's Idempotency-Key can be taken over after 30 s instead of 120 s (still longer
        // than any request here), so the retries after a kill or an outage finish sooner.
        KAIJI_IDEMPOTENCY_LEASE_SECONDS: '30',
        ...options.env,
      },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    const api = new ApiProcess(child, port, options.logFile);
    cleanup.add(`API pid ${child.pid}`, () => api.stop(), () => api.killNow());
    await api.waitReady(60_000);
    return api;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child.pid as number;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.alive) throw new Error(`the API exited before it was ready (${this.child.exitCode ?? this.child.signalCode}); log: ${this.logTail()}`);
      const ready = await fetch(`${this.baseUrl}/ready`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.ok, () => false);
      if (ready) return;
      await sleep(200);
    }
    throw new Error(`the API was not ready within ${timeoutMs / 1000} s; log: ${this.logTail()}`);
  }

  /** Samples the resident set size every 250 ms until `stopSampling` (from /proc; Linux only). */
  startSampling(): void {
    this.sampler ??= setInterval(() => {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
        if (match) this.maxRssBytes = Math.max(this.maxRssBytes, Number(match[1]) * 1024);
      } catch {
        // the process is gone
      }
    }, 250);
  }

  stopSampling(): void {
    clearInterval(this.sampler);
    this.sampler = undefined;
  }

  get maxRssMb(): number {
    return this.maxRssBytes / 1024 / 1024;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (!this.alive) return;
    this.child.kill(signal);
    await this.exited;
  }

  /** SIGTERM (graceful: in-flight requests finish, the pool closes), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    this.stopSampling();
    if (!this.alive) return;
    this.child.kill('SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!stopped) await this.kill('SIGKILL');
  }

  killNow(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }

  /** The log's error lines (pino level 50 and above), distinct messages first seen, with counts. */
  errorSummary(max = 5): { count: number; first: string[] } {
    let text = '';
    try {
      text = readFileSync(this.logFile, 'utf8');
    } catch {
      return { count: 0, first: [] };
    }
    const seen = new Map<string, number>();
    let count = 0;
    for (const line of text.split('\n')) {
      if (!/"level":(50|60)/.test(line)) continue;
      count += 1;
      const message = /"msg":"([^"]*)"/.exec(line)?.[1] ?? '';
      const cause = /"message":"([^"]{0,200})/.exec(line)?.[1] ?? '';
      const key = `${message}: ${cause}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return { count, first: [...seen.entries()].slice(0, max).map(([key, n]) => `${n}× ${key}`) };
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
