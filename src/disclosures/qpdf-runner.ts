import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * qpdf (Debian package `qpdf`) run as a child process: it reads a PDF as readers do (through the
 * cross-reference table, names decoded, object streams expanded), and a hostile file then costs
 * the child, never this process's heap or event loop. Each run is bounded: address space and CPU
 * time by prlimit (util-linux), wall time by a deadline shared by the runs of one inspection, and
 * output by a byte cap; a run past any of them is killed.
 */

/** At most this many inspections at once (the machines have 2 cores); others wait their turn. */
const MAX_CONCURRENT = 2;
/** Memory of one qpdf run: what it expands to read objects (object and cross-reference streams) must fit. */
export const QPDF_MEMORY_BYTES = 256 * 1024 * 1024;
const STDERR_KEPT_BYTES = 8 * 1024;

export type QpdfLimit = 'time' | 'memory' | 'output';

/** A run stopped at one of its limits. */
export class QpdfLimitExceeded extends Error {
  constructor(readonly limit: QpdfLimit) {
    super(`qpdf stopped at its ${limit} limit`);
  }
}

/** qpdf or prlimit is not installed: uploads cannot be inspected, so none are taken. */
export class QpdfUnavailable extends Error {}

/** qpdf crashed on the file (ended by a signal other than the limits'): the file cannot be read. */
export class QpdfCrashed extends Error {}

export interface QpdfResult {
  exitCode: number;
  /** Empty when the output went to `onLine`. */
  stdout: string;
  stderr: string;
}

export interface QpdfRunOptions {
  maxOutputBytes: number;
  /** Each line of output as it arrives (processing it while qpdf writes the next); throw to stop the run. */
  onLine?: (line: string) => void;
}

/** The runs of one inspection: the file they read and the deadline they share. */
export interface QpdfSession {
  /** The private copy qpdf reads (removed when the session ends). */
  readonly file: string;
  run(args: string[], options: QpdfRunOptions): Promise<QpdfResult>;
}

class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  async enter(): Promise<void> {
    if (this.active < MAX_CONCURRENT) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

const gate = new Gate();

/**
 * Writes the bytes to a private temporary file (qpdf reads files, not pipes), lets `use` run qpdf
 * on it until `budgetMs` has passed, then removes it. The wait for a free slot is not counted.
 */
export async function withQpdf<T>(content: Buffer, budgetMs: number, use: (session: QpdfSession) => Promise<T>): Promise<T> {
  await gate.enter();
  let folder: string | undefined;
  try {
    folder = await mkdtemp(join(tmpdir(), 'kaiji-qpdf-'));
    const file = join(folder, 'upload.pdf');
    await writeFile(file, content, { mode: 0o600 });
    const deadline = Date.now() + budgetMs;
    return await use({ file, run: (args, options) => runQpdf([...args, file], deadline, options) });
  } finally {
    gate.leave();
    if (folder) await rm(folder, { recursive: true, force: true });
  }
}

function runQpdf(args: string[], deadline: number, options: QpdfRunOptions): Promise<QpdfResult> {
  const remainingMs = deadline - Date.now();
  if (remainingMs <= 0) return Promise.reject(new QpdfLimitExceeded('time'));
  const limits = [`--as=${QPDF_MEMORY_BYTES}`, `--cpu=${Math.max(1, Math.ceil(remainingMs / 1000))}`, '--fsize=0', '--core=0'];
  return new Promise<QpdfResult>((resolve, reject) => {
    const child = spawn('prlimit', [...limits, '--', 'qpdf', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stopped: Error | undefined;
    const stop = (error: Error) => {
      if (stopped) return;
      stopped = error;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => stop(new QpdfLimitExceeded('time')), remainingMs);
    let outputBytes = 0;
    let partial = '';
    const chunks: string[] = [];
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      if (stopped) return;
      outputBytes += Buffer.byteLength(text);
      if (outputBytes > options.maxOutputBytes) return stop(new QpdfLimitExceeded('output'));
      if (!options.onLine) return void chunks.push(text);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      try {
        for (const line of lines) options.onLine(line);
      } catch (error) {
        stop(error instanceof Error ? error : new Error(String(error)));
      }
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < STDERR_KEPT_BYTES) stderr += text.slice(0, STDERR_KEPT_BYTES - stderr.length);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new QpdfUnavailable('prlimit (util-linux) or qpdf is not installed') : error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (stopped) return reject(stopped);
      // The CPU limit ends the run with SIGXCPU (soft) or SIGKILL (hard); memory exhaustion surfaces as std::bad_alloc.
      if (signal === 'SIGXCPU' || signal === 'SIGKILL') return reject(new QpdfLimitExceeded('time'));
      if (/bad_alloc|out of memory/i.test(stderr)) return reject(new QpdfLimitExceeded('memory'));
      if (code === 127 && /qpdf/.test(stderr)) return reject(new QpdfUnavailable('qpdf is not installed'));
      if (signal) return reject(new QpdfCrashed(`qpdf ended by ${signal}`));
      try {
        if (options.onLine && partial) options.onLine(partial);
      } catch (error) {
        return reject(error instanceof Error ? error : new Error(String(error)));
      }
      resolve({ exitCode: code ?? 2, stdout: chunks.join(''), stderr });
    });
  });
}
