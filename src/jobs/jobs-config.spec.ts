import { ConfigError, loadConfig } from '../config/app-config';

/** The job queue's and webhooks' configuration variables (secrets given, so nothing is written to disk). */
// Random-looking keys: production refuses placeholders and repetitive keys (issue 13).
const BASE = {
  DATABASE_URL: 'postgres://kaiji@127.0.0.1:5432/kaiji',
  KAIJI_JWT_SECRET: 'olcjB3ScLEfPylbjzlYN/GgL7x4L4+4hUS+XsRQoL2kM',
  KAIJI_TOTP_KEY: '3f0c9a7e5b1d2468ace13579bdf02468fedcba9876543210c0ffee15bada55e1',
  KAIJI_AUDIT_ANCHOR_KEY: 'Wm3kR8vT1qZ6yB0nF4hJ9cL2xP7sD5gA1eU8iO3tN6rV0bM4wK9zQ2jH7fY5uC1a',
};

const failure = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig({ ...BASE, ...env }, '/nonexistent');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
};

describe('job queue and webhook configuration', () => {
  it('runs workers by default, except under tests, which enqueue only unless KAIJI_JOBS=on', () => {
    expect(loadConfig({ ...BASE, NODE_ENV: 'production' }, '/nonexistent').jobs).toEqual({ workers: true, pollSeconds: 2, maintenanceSeconds: 120 });
    expect(loadConfig({ ...BASE }, '/nonexistent').jobs.workers).toBe(true);
    expect(loadConfig({ ...BASE, NODE_ENV: 'test' }, '/nonexistent').jobs.workers).toBe(false);
    expect(loadConfig({ ...BASE, NODE_ENV: 'test', KAIJI_JOBS: 'on', KAIJI_JOBS_POLL_SECONDS: '0.5', KAIJI_JOBS_MAINTENANCE_SECONDS: '5' }, '/nonexistent').jobs).toEqual({
      workers: true,
      pollSeconds: 0.5,
      maintenanceSeconds: 5,
    });
    expect(loadConfig({ ...BASE, NODE_ENV: 'production', KAIJI_JOBS: 'off' }, '/nonexistent').jobs.workers).toBe(false);
  });

  it('keeps Idempotency-Keys for 120 s unless told, never less than 15 s, and refuses a maintenance interval of 0', () => {
    expect(loadConfig({ ...BASE }, '/nonexistent').idempotencyLeaseSeconds).toBe(120);
    expect(loadConfig({ ...BASE, KAIJI_IDEMPOTENCY_LEASE_SECONDS: '20' }, '/nonexistent').idempotencyLeaseSeconds).toBe(20);
    expect(() => loadConfig({ ...BASE, KAIJI_IDEMPOTENCY_LEASE_SECONDS: '5' }, '/nonexistent')).toThrow(/KAIJI_IDEMPOTENCY_LEASE_SECONDS/);
    expect(() => loadConfig({ ...BASE, KAIJI_JOBS_MAINTENANCE_SECONDS: '0' }, '/nonexistent')).toThrow(/KAIJI_JOBS_MAINTENANCE_SECONDS/);
  });

  it('retries webhooks 8 times from 30 s by default, and refuses private targets', () => {
    expect(loadConfig({ ...BASE, NODE_ENV: 'production' }, '/nonexistent').webhooks).toEqual({ allowPrivateAddresses: false, allowLoopback: false, retryLimit: 8, retryDelaySeconds: 30 });
    expect(loadConfig({ ...BASE, KAIJI_WEBHOOK_ALLOW_PRIVATE: 'true', KAIJI_WEBHOOK_RETRY_LIMIT: '0', KAIJI_WEBHOOK_RETRY_DELAY_SECONDS: '1' }, '/nonexistent').webhooks).toEqual({
      allowPrivateAddresses: true,
      allowLoopback: false,
      retryLimit: 0,
      retryDelaySeconds: 1,
    });
  });

  it('never lets production send webhooks to private addresses', () => {
    const error = failure({ NODE_ENV: 'production', KAIJI_WEBHOOK_ALLOW_PRIVATE: 'true' });
    expect(error.variable).toBe('KAIJI_WEBHOOK_ALLOW_PRIVATE');
    expect(error.message).toMatch(/^Configuration error: KAIJI_WEBHOOK_ALLOW_PRIVATE .*production/);
  });

  it.each([
    ['KAIJI_JOBS', { KAIJI_JOBS: 'sometimes' }],
    ['KAIJI_JOBS_POLL_SECONDS', { KAIJI_JOBS_POLL_SECONDS: '0.1' }],
    ['KAIJI_JOBS_POLL_SECONDS', { KAIJI_JOBS_POLL_SECONDS: 'often' }],
    ['KAIJI_WEBHOOK_ALLOW_PRIVATE', { KAIJI_WEBHOOK_ALLOW_PRIVATE: 'yes please' }],
    ['KAIJI_WEBHOOK_RETRY_LIMIT', { KAIJI_WEBHOOK_RETRY_LIMIT: '21' }],
    ['KAIJI_WEBHOOK_RETRY_LIMIT', { KAIJI_WEBHOOK_RETRY_LIMIT: '2.5' }],
    ['KAIJI_WEBHOOK_RETRY_DELAY_SECONDS', { KAIJI_WEBHOOK_RETRY_DELAY_SECONDS: '0' }],
  ])('names %s when it is wrong (%j)', (variable, env) => {
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} \\S`));
  });
});
