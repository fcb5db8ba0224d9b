// Builds the portal with Vite. Vite 8's bundler (rolldown, a native addon) was seen to crash once
// with SIGSEGV on a fresh CI clone and never again on rerun; one retry keeps CI from failing on it,
// while a real build error (exit code 1) fails at once.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const vite = join('node_modules', 'vite', 'bin', 'vite.js');
const build = () => spawnSync(process.execPath, [vite, 'build', 'src/portal/web', '--logLevel', 'warn'], { stdio: 'inherit' });

let result = build();
if (result.signal === 'SIGSEGV') {
  process.stderr.write('vite crashed (SIGSEGV); building once more\n');
  result = build();
}
process.exit(result.status ?? 1);
