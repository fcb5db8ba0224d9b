import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

/** Stops the app with SIGTERM (it stops its embedded PostgreSQL) and removes its data folder. */
export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as { kaijiBrowserApp?: { child: ChildProcess; dataDir: string } }).kaijiBrowserApp;
  if (!running) return;
  const { child, dataDir } = running;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), 30_000);
    });
    const outcome = await Promise.race([exited, timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      process.stderr.write('the app did not stop within 30 s of SIGTERM: killing it\n');
      child.kill('SIGKILL');
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}
