/**
 * Runs the load and fault scripts one after the other (each in its own process, with its own
 * PostgreSQL and API), then prints one summary; exits non-zero if any failed.
 * Usage: npm run faults
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { table } from './support/report';

const SCRIPTS = ['mixed-load', 'pg-restart', 'kill-during-bulk', 'two-instances'];

interface Outcome {
  script: string;
  ok: boolean;
  seconds: number;
  figures: Record<string, string | number>;
  failed: string[];
}

let current: ChildProcess | undefined;
let interrupted = false;
// The scripts bound their own time; Ctrl-C is passed on so the running one cleans up, and no other starts.
process.on('SIGINT', () => {
  interrupted = true;
  current?.kill('SIGINT');
});

function run(script: string): Promise<Outcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, `${script}.js`)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let result: Outcome | undefined;
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('RESULT ')) result = JSON.parse(line.slice('RESULT '.length)) as Outcome;
    });
    current = child;
    child.on('exit', (code) => {
      current = undefined;
      const seconds = Math.round((Date.now() - started) / 1000);
      resolve(result && code === 0 ? result : { script, ok: false, seconds, figures: result?.figures ?? {}, failed: result?.failed.length ? result.failed : [`exited with ${code}`] });
    });
  });
}

async function main(): Promise<void> {
  const outcomes: Outcome[] = [];
  for (const script of SCRIPTS) {
    if (interrupted) break;
    process.stdout.write(`\n=== ${script} ===\n`);
    outcomes.push(await run(script));
  }
  const rows: (string | number)[][] = [['script', 'result', 'seconds', 'figures']];
  for (const outcome of outcomes) {
    const figures = Object.entries(outcome.figures)
      .map(([name, value]) => `${name}: ${value}`)
      .join('; ');
    rows.push([outcome.script, outcome.ok ? 'PASS' : `FAIL (${outcome.failed.join('; ')})`, outcome.seconds, figures]);
  }
  process.stdout.write(`\n=== load and faults: summary ===\n${table(rows)}\n`);
  process.exit(!interrupted && outcomes.every((o) => o.ok) ? 0 : 1);
}

void main();
