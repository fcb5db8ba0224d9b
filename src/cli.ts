import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { createAdapter } from './app.setup';
import { AuditAnchorService } from './audit/audit-anchors.service';
import { AuditVerificationService } from './audit/audit-verification.service';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { openDatabase } from './database/open-database';
import { OperatorBootstrap } from './startup/operator-bootstrap';

const USAGE = `usage: npm run cli -- <command>
  audit:verify                          verify every audit hash chain and its anchors; exit 1 if any is broken
  audit:anchor                          sign the audit chains' heads now (the job queue does it every 5 minutes)
  create-operator <email> <password>    create the operator account (as KAIJI_OPERATOR_* do at start)`;

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'audit:verify' && command !== 'audit:anchor' && command !== 'create-operator') {
    say(USAGE);
    return 2;
  }
  // A one-off command runs no queue workers: it must not pick up webhook deliveries.
  let config: AppConfig = loadConfig({ ...process.env, KAIJI_JOBS: 'off' });
  const database = await openDatabase(config);
  const embedded = database.embedded;
  config = { ...config, databaseUrl: database.runtimeUrl, migrationDatabaseUrl: undefined };
  try {
    // The whole application, never listening: some modules (the portal) register on the HTTP server.
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, { scheduler: false }), createAdapter(config), { logger: ['error'] });
    await app.init();
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
      if (command === 'audit:anchor') {
        const pass = await app.get(AuditAnchorService).anchorPass();
        say(pass ? `anchor pass ${pass.passNo} at ${pass.anchoredAt}: ${pass.chains} chain(s) signed, MAC ${pass.mac}` : 'no chain moved since its last anchor');
        return 0;
      }
      const verification = app.get(AuditVerificationService);
      const results = await verification.verifyAll();
      for (const result of results) {
        const where = result.firstBroken ? ` — first broken at sequence ${result.firstBroken.sequence} (${result.firstBroken.reason}, event ${result.firstBroken.eventId ?? 'removed'})` : '';
        const anchored = result.anchoredThrough === null ? 'not anchored yet' : `anchored through ${result.anchoredThrough}`;
        say(`${result.valid ? 'ok    ' : 'BROKEN'} ${result.chain}: ${result.checked} events, ${anchored}${where}`);
      }
      // The newest pass: compare with the last one the API logged ("audit anchor pass"); an older one here means passes were removed.
      const latest = await verification.latestPass();
      say(latest ? `latest anchor pass: ${latest.passNo} at ${latest.anchoredAt}, MAC ${latest.mac}` : 'no anchor pass yet');
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
