import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOpenApiDocument, createApp } from '../app.setup';
import { loadConfig } from '../config/app-config';

/**
 * Writes (--write) or checks (--check) openapi/openapi.json from the code, without a database:
 * Nest's preview mode builds the module graph without instantiating providers.
 */
async function main(): Promise<void> {
  const target = join(__dirname, '..', '..', '..', 'openapi', 'openapi.json');
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://openapi@127.0.0.1/none', KAIJI_JWT_SECRET: 'x'.repeat(32), KAIJI_TOTP_KEY: '0'.repeat(64) });
  const app = await createApp(config, { preview: true, scheduler: false });
  const generated = `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`;
  await app.close();
  if (process.argv.includes('--write')) {
    writeFileSync(target, generated);
    process.stdout.write(`wrote ${target}\n`);
    return;
  }
  const committed = readFileSync(target, 'utf8');
  if (committed !== generated) {
    process.stderr.write('openapi/openapi.json is out of date: run `npm run openapi:generate` and commit the result.\n');
    process.exit(1);
  }
  process.stdout.write('openapi/openapi.json matches the code.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
