import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_OPERATOR, DEMO_PASSWORD } from './api';
import { enrolOperator } from './operator-totp';

const ROOT = join(__dirname, '..', '..', '..');
/** Where the built app is (default: this checkout); another build may be named to test it. */
const APP_ROOT = process.env.KAIJI_BROWSER_APP_ROOT ?? ROOT;
const ARTIFACTS = join(ROOT, 'test', 'artifacts', 'browser');

interface Running {
  child: ChildProcess;
  dataDir: string;
}

/**
 * Starts the real built app (`node dist/src/main.js --demo`) on a fresh embedded database in a
 * throw-away folder and a free loopback port, and waits for /health. Its URL reaches the test
 * workers through the environment; the teardown stops it with SIGTERM.
 */
export default async function globalSetup(): Promise<void> {
  for (const built of ['dist/src/main.js', 'dist/portal/index.html']) {
    if (!existsSync(join(APP_ROOT, built))) throw new Error(`${built} is missing: run \`npm run build\` first (npm run test:browser does)`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiji-browser-'));
  // As root the embedded server runs as the postgres user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KAIJI_DATA_DIR: join(dataDir, 'data'),
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    // Every scenario logs in from 127.0.0.1 (browser and API calls): the per-address limit of
    // /v1/auth/* (30 a minute) would make the suite's speed decide whether it passes.
    KAIJI_AUTH_RATE_LIMIT: '1000',
  };
  delete env.DATABASE_URL; // always the fresh embedded database, also on CI where DATABASE_URL is set
  const log = createWriteStream(join(ARTIFACTS, 'app.log'));
  const child = spawn(process.execPath, ['dist/src/main.js', '--demo'], { cwd: APP_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('exit', () => log.end());
  (globalThis as { kaijiBrowserApp?: Running }).kaijiBrowserApp = { child, dataDir };

  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForHealth(baseUrl, child, 90_000);
  process.env.KAIJI_BROWSER_BASE_URL = baseUrl;
  // Where spec files keep the seeds of TOTP accounts they enrolled themselves (support/operator.ts).
  process.env.KAIJI_BROWSER_STATE_DIR = dataDir;
  // The demo operator's logins use 2FA (as every operator's do): enrolled once here, its seed shared with the test files.
  const operatorTotp = join(dataDir, 'operator-totp.json');
  await enrolOperator(baseUrl, DEMO_OPERATOR, DEMO_PASSWORD, operatorTotp);
  process.env.KAIJI_BROWSER_OPERATOR_TOTP = operatorTotp;
  process.stdout.write(`\nbrowser tests run against ${baseUrl} (embedded database in ${dataDir})\n`);
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode} before answering /health (see test/artifacts/browser/app.log)`);
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGTERM');
  throw new Error(`the app did not answer ${baseUrl}/health within ${timeoutMs / 1000} s (see test/artifacts/browser/app.log)`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
