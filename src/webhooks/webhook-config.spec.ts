import { ConfigError, loadConfig } from '../config/app-config';

/** KAIJI_WEBHOOK_ALLOW_LOOPBACK: a local receiver in development and the demo, never in production. */
const BASE = {
  DATABASE_URL: 'postgres://kaiji@127.0.0.1:5432/kaiji',
  KAIJI_JWT_SECRET: 'olcjB3ScLEfPylbjzlYN/GgL7x4L4+4hUS+XsRQoL2kM',
  KAIJI_TOTP_KEY: '3f0c9a7e5b1d2468ace13579bdf02468fedcba9876543210c0ffee15bada55e1',
  KAIJI_AUDIT_ANCHOR_KEY: 'Wm3kR8vT1qZ6yB0nF4hJ9cL2xP7sD5gA1eU8iO3tN6rV0bM4wK9zQ2jH7fY5uC1a',
};

describe('webhook loopback targets (configuration)', () => {
  it('are on by default in the demo, off otherwise, and can be set either way outside production', () => {
    expect(loadConfig(BASE, '/nonexistent', ['node', 'main.js', '--demo']).webhooks.allowLoopback).toBe(true);
    expect(loadConfig(BASE, '/nonexistent', ['node', 'main.js']).webhooks.allowLoopback).toBe(false);
    expect(loadConfig({ ...BASE, KAIJI_WEBHOOK_ALLOW_LOOPBACK: 'true' }, '/nonexistent', ['node', 'main.js']).webhooks.allowLoopback).toBe(true);
    expect(loadConfig({ ...BASE, KAIJI_WEBHOOK_ALLOW_LOOPBACK: 'false' }, '/nonexistent', ['node', 'main.js', '--demo']).webhooks.allowLoopback).toBe(false);
    // Loopback does not open private ranges.
    expect(loadConfig({ ...BASE, KAIJI_WEBHOOK_ALLOW_LOOPBACK: 'true' }, '/nonexistent', ['node', 'main.js']).webhooks.allowPrivateAddresses).toBe(false);
  });

  it('are refused in production', () => {
    expect(() => loadConfig({ ...BASE, NODE_ENV: 'production', KAIJI_WEBHOOK_ALLOW_LOOPBACK: 'true' }, '/nonexistent', ['node', 'main.js'])).toThrow(ConfigError);
    expect(() => loadConfig({ ...BASE, NODE_ENV: 'production', KAIJI_WEBHOOK_ALLOW_LOOPBACK: 'true' }, '/nonexistent', ['node', 'main.js'])).toThrow(/KAIJI_WEBHOOK_ALLOW_LOOPBACK .*production/);
    expect(loadConfig({ ...BASE, NODE_ENV: 'production' }, '/nonexistent', ['node', 'main.js']).webhooks.allowLoopback).toBe(false);
  });

  it('must be true or false', () => {
    expect(() => loadConfig({ ...BASE, KAIJI_WEBHOOK_ALLOW_LOOPBACK: 'sure' }, '/nonexistent', ['node', 'main.js'])).toThrow(/KAIJI_WEBHOOK_ALLOW_LOOPBACK must be true or false/);
  });
});
