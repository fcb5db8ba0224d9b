import 'reflect-metadata';
import { createApp } from './app.setup';
import { AppConfig, ConfigError, loadConfig } from './config/app-config';
import { openDatabase } from './database/open-database';
import { EmbeddedMailbox } from './mail/embedded-mailbox';
import { DemoApiClient } from './startup/demo-api-client';
import { DemoData } from './startup/demo-data';
import { OperatorBootstrap } from './startup/operator-bootstrap';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  let config: AppConfig = loadConfig();
  const demo = config.demo;
  // As the owner: migrations, the job queue's tables, the API role's grants. Then the API connects
  // as its own role, and the owner's URL goes no further than this.
  const database = await openDatabase(config, say);
  const embedded = database.embedded;
  config = { ...config, databaseUrl: database.runtimeUrl, migrationDatabaseUrl: undefined };
  try {
    if (database.applied.length > 0) say(`applied migrations: ${database.applied.join(', ')}`);
    const app = await createApp(config);
    await app.init(); // bootstrap hooks first: the form catalog is loaded before demo data refers to it
    await app.get(OperatorBootstrap).ensureOperator();
    const loaded = demo ? await app.get(DemoData).loadIfEmpty() : false;
    const sandbox = demo ? await app.get(DemoApiClient).ensure() : false;
    await app.listen({ port: config.port, host: config.host });

    stopGracefullyOn(['SIGTERM', 'SIGINT'], async () => {
      await app.close(); // stops accepting, lets in-flight requests finish, closes the pool
      await embedded?.stop();
    });

    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
    say(`Kaiji is listening on ${url}  (API ${url}/v1${config.docs ? `, API docs ${url}/docs` : ''})`);
    say(`database: ${database.description}`);
    say(describeMail(config, app.get(EmbeddedMailbox), url));
    if (demo) {
      say(loaded ? 'demo data loaded.' : 'demo data already present.');
      say('demo logins (email / password):');
      for (const login of app.get(DemoData).logins()) say(`  ${login.role.padEnd(34)} ${login.email} / ${login.password}`);
      if (sandbox) for (const line of app.get(DemoApiClient).describe(url)) say(line);
    }
  } catch (error) {
    await embedded?.stop().catch(() => undefined);
    throw error;
  }
}

/** Where Kaiji's mail goes: the embedded server's mailbox to read it in (development, demo), the SMTP server, or nowhere yet. */
function describeMail(config: AppConfig, mailbox: EmbeddedMailbox, url: string): string {
  switch (config.mail.transport) {
    case 'embedded':
      return `mail: embedded SMTP server on 127.0.0.1:${mailbox.port}; read the mail Kaiji sends at ${url}/dev/mailbox`;
    case 'smtp':
      return `mail: via ${new URL(config.mail.smtpUrl as string).host} (links point to ${config.mail.publicUrl})`;
    case 'none':
      return 'mail: KAIJI_SMTP_URL is not set: e-mail (password reset links, notices) is recorded and waits queued until an instance with KAIJI_SMTP_URL sends it';
  }
}

function stopGracefullyOn(signals: NodeJS.Signals[], stop: () => Promise<void>): void {
  let stopping = false;
  for (const signal of signals) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      say(`${signal} received: shutting down`);
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          process.stderr.write(`shutdown failed: ${String(error)}\n`);
          process.exit(1);
        },
      );
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Kaiji failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
