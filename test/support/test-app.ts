import { createHmac, randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { OperatorBootstrap } from '../../src/startup/operator-bootstrap';

/**
 * The operator of this test file's apps. Its logins need 2FA and each TOTP time step is accepted
 * once per account, so every test file (each has its own module registry) has an operator of its
 * own: files running in parallel never compete for one account's codes.
 */
export const TEST_OPERATOR = { email: `operator-${randomUUID().slice(0, 8)}@kaiji.test`, password: 'Kaiji-ops-2025!' };
export const TEST_JWT_SECRET = 'test-signing-key-that-is-long-enough-0123456789';
/**
 * One anchor key for every test app, whatever signing key a test sets: they share the run's
 * database, and each verifies the others' anchors. (The key loadConfig derives from TEST_JWT_SECRET
 * outside production, so that apps configured without it agree too.)
 */
export const TEST_AUDIT_ANCHOR_KEY = createHmac('sha256', TEST_JWT_SECRET).update('kaiji audit anchor key').digest('base64url');

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
    KAIJI_AUDIT_ANCHOR_KEY: TEST_AUDIT_ANCHOR_KEY,
    KAIJI_OPERATOR_EMAIL: TEST_OPERATOR.email,
    KAIJI_OPERATOR_PASSWORD: TEST_OPERATOR.password,
    KAIJI_AUTH_RATE_LIMIT: '100000',
    KAIJI_CONTRACT_PROPOSALS_PER_HOUR: '10000',
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
