// Builds the portal with Vite. Vite 8's bundler (rolldown, a native addon) was seen to crash once
// with SIGSEGV on a fresh CI clone and never again on rerun; one retry keeps CI from failing on it,
// while a real build error (exit code 1) fails at once.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const vite = join('node_modules', 'vite', 'bin', 'vite.js');
const build = () => spawnSync(process.execPath, [vite, 'build', 'src/portal/web', '--logLevel', 'warn'], { stdio: 'inherit' });

let result = build();
if (result.signal === 'SIGSEGV') {
  process.stderr.write('vite crashed (SIGSEGV); building once more\n');
  result = build();
}
if (result.status === 0) assertNoInlineScript(join('dist', 'portal', 'index.html'));
process.exit(result.status ?? 1);

/**
 * The API serves the portal under a CSP whose script-src is 'self' alone (src/app.setup.ts): an
 * inline <script> or on* handler in the page would simply not run. Fail the build instead of
 * shipping a portal that breaks in the browser.
 */
function assertNoInlineScript(file) {
  const html = readFileSync(file, 'utf8');
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)].filter(([, attributes, body]) => !/\bsrc\s*=/.test(attributes) || body.trim() !== '');
  const handlers = html.match(/\son[a-z]+\s*=/gi) ?? [];
  if (inline.length > 0 || handlers.length > 0) {
    process.stderr.write(`${file} has ${inline.length} inline script(s) and ${handlers.length} event handler attribute(s): the CSP (script-src 'self') would block them\n`);
    process.exit(1);
  }
}
