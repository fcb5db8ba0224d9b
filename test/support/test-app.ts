import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { OperatorBootstrap } from '../../src/startup/operator-bootstrap';

export const TEST_OPERATOR = { email: 'operator@kaiji.test', password: 'Kaiji-ops-2025!' };
export const TEST_JWT_SECRET = 'test-signing-key-that-is-long-enough-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  db: DataSource;
  config: AppConfig;
  close(): Promise<void>;
}

/**
 * The real application (same module graph, same setup as main) on the run's test database.
 * `env` overrides configuration variables, as an operator would set them.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = process.env.KAIJI_TEST_DATABASE_URL;
  if (!databaseUrl) throw new Error('KAIJI_TEST_DATABASE_URL is not set: run the tests through jest (globalSetup)');
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    KAIJI_DB_POOL_SIZE: '4',
    KAIJI_JWT_SECRET: TEST_JWT_SECRET,
    KAIJI_TOTP_KEY: 'a1'.repeat(32),
    KAIJI_OPERATOR_EMAIL: TEST_OPERATOR.email,
    KAIJI_OPERATOR_PASSWORD: TEST_OPERATOR.password,
    KAIJI_AUTH_RATE_LIMIT: '100000',
    ...env,
  });
  const app = await createApp(config, { scheduler: false });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  await app.get(OperatorBootstrap).ensureOperator();
  return {
    app,
    http: request(app.getHttpServer()),
    db: app.get(DataSource),
    config,
    close: () => app.close(),
  };
}
