import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { AuditLogService } from './audit/audit-log.service';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './database/embedded-postgres';
import { runMigrations } from './database/migrate';
import { OperatorBootstrap } from './startup/operator-bootstrap';

const USAGE = `usage: npm run cli -- <command>
  audit:verify                          verify every audit hash chain; exit 1 at the first broken link
  create-operator <email> <password>    create the operator account (as KAIJI_OPERATOR_* do at start)`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'audit:verify' && command !== 'create-operator') {
    say(USAGE);
    return 2;
  }
  // A one-off command runs no queue workers: it must not pick up webhook deliveries.
  let config: AppConfig = loadConfig({ ...process.env, KAIJI_JOBS: 'off' });
  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir);
    config = { ...config, databaseUrl: embedded.url };
  }
  try {
    await runMigrations(config.databaseUrl as string);
    const app = await NestFactory.createApplicationContext(AppModule.register(config, { scheduler: false }), { logger: ['error'] });
    try {
      if (command === 'create-operator') {
        const [email, password] = args;
        if (!email || !password) {
          say(USAGE);
          return 2;
        }
        await app.get(OperatorBootstrap).ensureOperator({ email, password });
        say(`operator ${email} is ready`);
        return 0;
      }
      const results = await app.get(AuditLogService).verifyAll();
      for (const result of results) {
        const where = result.firstBroken ? ` — first broken at sequence ${result.firstBroken.sequence} (${result.firstBroken.reason}, event ${result.firstBroken.eventId ?? 'removed'})` : '';
        say(`${result.valid ? 'ok    ' : 'BROKEN'} ${result.chain}: ${result.checked} events${where}`);
      }
      return results.every((result) => result.valid) ? 0 : 1;
    } finally {
      await app.close();
    }
  } finally {
    await embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
