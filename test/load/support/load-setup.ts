import { join } from 'node:path';
import { ApiProcess } from './api-process';
import { ScriptContext, secondsFromEnv } from './harness';
import { HttpClient } from './http';
import { OwnPostgres } from './own-postgres';
import { seedWorld, World } from './world';

export interface LoadSettings {
  seconds: number;
  connections: number;
  vendors: number;
  pharmacies: number;
  threadsPerPharmacy: number;
  bulkEntries: number;
}

/** The load's shape, each figure overridable from the environment (LOAD_SECONDS, LOAD_CONNECTIONS, …). */
export function loadSettings(defaultSeconds: number): LoadSettings {
  return {
    seconds: secondsFromEnv('LOAD_SECONDS', defaultSeconds),
    connections: secondsFromEnv('LOAD_CONNECTIONS', 200),
    vendors: secondsFromEnv('LOAD_VENDORS', 5),
    pharmacies: secondsFromEnv('LOAD_PHARMACIES', 30),
    threadsPerPharmacy: secondsFromEnv('LOAD_THREADS_PER_PHARMACY', 3),
    bulkEntries: secondsFromEnv('LOAD_BULK_ENTRIES', 10),
  };
}

export interface LoadSetup {
  postgres: OwnPostgres;
  databaseUrl: string;
  api: ApiProcess;
  http: HttpClient;
  world: World;
}

/** Its own PostgreSQL in a temp folder, the API against it, and a world seeded through the API. */
export async function setUpLoad(context: ScriptContext, label: string, settings: LoadSettings): Promise<LoadSetup> {
  const folder = context.tempDir(label);
  const postgres = await OwnPostgres.start(folder, context.cleanup);
  const databaseUrl = await postgres.createDatabase('kaiji');
  context.log(`PostgreSQL 15 (embedded) on 127.0.0.1:${postgres.port}, data in ${folder}`);
  const api = await ApiProcess.start({ databaseUrl, logFile: join(folder, 'api.log') }, context.cleanup);
  context.log(`API pid ${api.pid} on ${api.baseUrl} (log: ${api.logFile})`);
  const http = new HttpClient(api.baseUrl, settings.connections);
  context.cleanup.add('HTTP client', async () => http.close());
  const seeding = Date.now();
  const world = await seedWorld(http, settings);
  context.log(
    `seeded through the API in ${((Date.now() - seeding) / 1000).toFixed(1)} s: ${world.vendors.length} vendors (product, API client, published SDS), ` +
      `${world.pharmacies.length} pharmacies, ${world.vendors.length * world.pharmacies.length} active contracts, ${world.threads.length} risk threads`,
  );
  return { postgres, databaseUrl, api, http, world };
}
