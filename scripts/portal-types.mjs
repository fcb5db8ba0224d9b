// Writes the portal's API types from the committed OpenAPI document: openapi-typescript's output,
// plus one alias per schema so screens can `import type { DisclosureDto } from '../api/schema'`.
// Run by `npm run portal:types` before the portal is linted, type-checked or built; not committed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const document = join(root, 'openapi', 'openapi.json');
const out = join(root, 'src', 'portal', 'web', 'api', 'generated');
mkdirSync(out, { recursive: true });

execFileSync(process.execPath, [join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), document, '-o', join(out, 'openapi.ts')], { stdio: 'ignore' });

const names = Object.keys(JSON.parse(readFileSync(document, 'utf8')).components.schemas).sort();
const aliases = names.map((name) => `export type ${name} = Schemas['${name}'];`).join('\n');
writeFileSync(join(out, 'schemas.ts'), `import type { components } from './openapi';\n\ntype Schemas = components['schemas'];\n\n${aliases}\n`);
