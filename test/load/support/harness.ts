import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The frame of every load and fault script: a hard time limit, cleanup of everything the script
 * started (on success, failure, timeout or Ctrl-C), a list of checks and one machine-readable
 * RESULT line that run-all collects.
 */

interface CleanupStep {
  label: string;
  run: () => Promise<void>;
  /** Synchronous, for the `exit` event: the last chance to stop a child when everything else failed. */
  lastResort?: () => void;
}

export class Cleanup {
  private readonly steps: CleanupStep[] = [];

  add(label: string, run: () => Promise<void>, lastResort?: () => void): void {
    this.steps.push({ label, run, lastResort });
  }

  /** Runs every step once, newest first, each bounded so one stuck step cannot hold the others. */
  async runAll(log: (line: string) => void): Promise<void> {
    while (this.steps.length > 0) {
      const step = this.steps.pop() as CleanupStep;
      try {
        await withTimeout(step.run(), 20_000, `cleanup: ${step.label}`);
      } catch (error) {
        log(`cleanup of ${step.label} failed: ${describe(error)}`);
        step.lastResort?.();
      }
    }
  }

  lastResort(): void {
    for (const step of [...this.steps].reverse()) {
      try {
        step.lastResort?.();
      } catch {
        // exiting anyway
      }
    }
  }
}

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export class Checks {
  readonly list: Check[] = [];

  check(name: string, ok: boolean, detail = ''): boolean {
    this.list.push({ name, ok, detail });
    return ok;
  }

  get failed(): Check[] {
    return this.list.filter((c) => !c.ok);
  }
}

export interface ScriptContext {
  cleanup: Cleanup;
  checks: Checks;
  log(line: string): void;
  /** A fresh folder under the system temp folder, enterable by the `postgres` user, removed at the end. */
  tempDir(label: string): string;
  /** Figures for run-all's summary (short strings). */
  figures: Record<string, string | number>;
}

/** Seconds from an environment variable, or the default. */
export function secondsFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export function runScript(name: string, limitSeconds: number, body: (context: ScriptContext) => Promise<void>): void {
  const started = Date.now();
  const log = (line: string) => process.stdout.write(`[${name} ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${line}\n`);
  const cleanup = new Cleanup();
  const checks = new Checks();
  const figures: Record<string, string | number> = {};
  let finished = false;

  const finish = async (code: number, reason?: string): Promise<void> => {
    if (finished) return;
    finished = true;
    clearTimeout(limit);
    if (reason) log(reason);
    await cleanup.runAll(log);
    printChecks(checks);
    const ok = code === 0 && checks.failed.length === 0 && checks.list.length > 0;
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`${ok ? 'PASS' : 'FAIL'} ${name} in ${seconds.toFixed(0)} s\n`);
    process.stdout.write(`RESULT ${JSON.stringify({ script: name, ok, seconds: Math.round(seconds), figures, failed: checks.failed.map((c) => c.name) })}\n`);
    process.exit(ok ? 0 : code === 0 ? 1 : code);
  };

  const limit = setTimeout(() => void finish(2, `hard time limit of ${limitSeconds} s reached: stopping everything`), limitSeconds * 1000);
  process.on('exit', () => cleanup.lastResort());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void finish(130, `${signal} received: stopping everything`));

  const context: ScriptContext = {
    cleanup,
    checks,
    log,
    figures,
    tempDir: (label) => {
      const folder = mkdtempSync(join(tmpdir(), `kaiji-${label}-`));
      chmodSync(folder, 0o755);
      // KAIJI_LOAD_KEEP=1 keeps the folder (database files, API log) to look into after a failure.
      if (process.env.KAIJI_LOAD_KEEP === '1') return folder;
      cleanup.add(`temp folder ${folder}`, async () => rmSync(folder, { recursive: true, force: true, maxRetries: 3 }), () => rmSync(folder, { recursive: true, force: true }));
      return folder;
    },
  };
  body(context).then(
    () => finish(0),
    (error: unknown) => {
      checks.check('script ran to the end', false, describe(error));
      return finish(1, `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    },
  );
}

function printChecks(checks: Checks): void {
  process.stdout.write('\nchecks:\n');
  for (const check of checks.list) process.stdout.write(`  ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}${check.detail ? ` — ${check.detail}` : ''}\n`);
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `work` over `items`, at most `limit` at a time, in order of the items. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}
