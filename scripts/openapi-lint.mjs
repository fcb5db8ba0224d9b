// `npm run openapi:lint`: the committed document through two linters nobody here wrote.
// Redocly CLI (recommended ruleset, redocly.yaml; waivers with reasons in .redocly.lint-ignore.yaml)
// fails only on errors by itself, so its warnings are counted here and fail the run too; Spectral
// (spectral:oas plus the project rules of .spectral.yaml) fails on warnings with -F warn.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const document = process.argv[2] ?? 'openapi/openapi.json';
const bin = (name) => join(root, 'node_modules', '.bin', name);
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };

const redocly = spawnSync(bin('redocly'), ['lint', document, '--format=json', '--max-problems=1000'], { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
let report;
try {
  report = JSON.parse(redocly.stdout);
} catch {
  process.stderr.write(`redocly lint did not answer JSON:\n${redocly.stdout}\n${redocly.stderr}\n`);
  process.exit(1);
}
for (const problem of report.problems) {
  const [where] = problem.location ?? [];
  process.stdout.write(`${problem.severity}\t${problem.ruleId}\t${where?.pointer ?? ''}\t${problem.message}\n`);
}
const { errors, warnings, ignored } = report.totals;
process.stdout.write(`Redocly (recommended): ${errors} error(s), ${warnings} warning(s), ${ignored} waived in .redocly.lint-ignore.yaml\n`);

const spectral = spawnSync(bin('spectral'), ['lint', '-F', 'warn', '--ruleset', '.spectral.yaml', document], { cwd: root, env, stdio: 'inherit' });
process.stdout.write(`Spectral (spectral:oas + .spectral.yaml): ${spectral.status === 0 ? 'no warnings or errors' : 'failed'}\n`);
process.exit(errors + warnings > 0 || spectral.status !== 0 ? 1 : 0);
