import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from './app-config';

/** Issue 13, Medium 9: the owner's URL for migrations, and the key that signs the audit chain's heads. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://kaiji_app:app-password@127.0.0.1:5432/kaiji',
  KAIJI_JWT_SECRET: 'Ot+3zZFcDMTDPx7ndyRKv1HvxcETC2EW2V9s6xjpgzyrbAg5R6vtjdj232ZmMmVw',
  KAIJI_TOTP_KEY: 'e596d801699fd2e617e099ac5b5e9f5bbbcf7dbdefc11f426f6b38ad07edf6ef',
  KAIJI_AUDIT_ANCHOR_KEY: 'ni2z+9idS2FiYqyjle569iJVFMCbOEjtO7FWOIO02G1/jShXa0zlpLfTPS5JRXnH',
};

const failure = (env: Record<string, string>, dir = '/nonexistent'): ConfigError => {
  try {
    loadConfig(env, dir);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
};

describe('database roles and audit anchor configuration', () => {
  it('takes the owner\'s URL for migrations beside the API\'s own role', () => {
    const config = loadConfig({ ...PRODUCTION, KAIJI_MIGRATION_DATABASE_URL: 'postgres://kaiji:owner-password@127.0.0.1:5432/kaiji' }, '/nonexistent');
    expect(config.migrationDatabaseUrl).toBe('postgres://kaiji:owner-password@127.0.0.1:5432/kaiji');
    expect(config.databaseUrl).toBe(PRODUCTION.DATABASE_URL);
    expect(loadConfig({ ...PRODUCTION }, '/nonexistent').migrationDatabaseUrl).toBeUndefined();
  });

  it.each([
    ['DATABASE_URL', { DATABASE_URL: '', KAIJI_MIGRATION_DATABASE_URL: 'postgres://kaiji@127.0.0.1/kaiji', NODE_ENV: 'development' }, /must be set with KAIJI_MIGRATION_DATABASE_URL/],
    ['DATABASE_URL', { DATABASE_URL: 'postgres://127.0.0.1/kaiji', KAIJI_MIGRATION_DATABASE_URL: 'postgres://kaiji@127.0.0.1/kaiji' }, /must name its user/],
    ['KAIJI_MIGRATION_DATABASE_URL', { KAIJI_MIGRATION_DATABASE_URL: 'postgres://kaiji_app:other@127.0.0.1/kaiji' }, /same role as DATABASE_URL/],
    ['KAIJI_MIGRATION_DATABASE_URL', { KAIJI_MIGRATION_DATABASE_URL: 'mysql://kaiji@127.0.0.1/kaiji' }, /postgres:\/\//],
    ['KAIJI_AUDIT_ANCHOR_KEY', { KAIJI_AUDIT_ANCHOR_KEY: '' }, /is required in production/],
    ['KAIJI_AUDIT_ANCHOR_KEY', { KAIJI_AUDIT_ANCHOR_KEY: 'short' }, /at least 32 characters/],
    ['KAIJI_AUDIT_ANCHOR_KEY', { KAIJI_AUDIT_ANCHOR_KEY: 'change-me-change-me-change-me-change-me-48chars' }, /openssl rand -base64 48/],
    ['KAIJI_AUDIT_ANCHOR_KEY', { KAIJI_AUDIT_ANCHOR_KEY: 'a'.repeat(48) }, /not random/],
    ['KAIJI_AUDIT_ANCHOR_PREVIOUS_KEYS', { KAIJI_AUDIT_ANCHOR_PREVIOUS_KEYS: 'too-short' }, /at least 32 characters/],
  ])('names %s when it is wrong (%j)', (variable, env, problem) => {
    const error = failure({ ...PRODUCTION, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} \\S`));
    expect(error.message).toMatch(problem);
  });

  it('uses the given anchor key and keeps earlier ones for verification', () => {
    const previous = 'WAJaEIssPBZS8o+je7XTmifD5NNdHN9kSHLEv9trgQLt2cZbBMzaB2iZSWf8vqM/';
    expect(loadConfig({ ...PRODUCTION, KAIJI_AUDIT_ANCHOR_PREVIOUS_KEYS: ` ${previous} ` }, '/nonexistent').auditAnchorKeys).toEqual({ current: PRODUCTION.KAIJI_AUDIT_ANCHOR_KEY, previous: [previous] });
  });

  describe('outside production', () => {
    let dataDir: string;
    beforeEach(() => {
      dataDir = mkdtempSync(join(tmpdir(), 'kaiji-anchor-config-'));
    });
    afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

    it('generates the anchor key into the data folder with the other secrets, and adds it to a folder made before it', () => {
      const first = loadConfig({ KAIJI_DATA_DIR: dataDir }, dataDir);
      const stored = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
      expect(first.auditAnchorKeys).toEqual({ current: stored.auditAnchorKey, previous: [] });
      expect(stored.auditAnchorKey.length).toBeGreaterThanOrEqual(48);
      expect(loadConfig({ KAIJI_DATA_DIR: dataDir }, dataDir).auditAnchorKeys.current).toBe(stored.auditAnchorKey);

      writeFileSync(join(dataDir, 'secrets.json'), JSON.stringify({ jwtSecret: stored.jwtSecret, totpKey: stored.totpKey }), { mode: 0o600 });
      const upgraded = loadConfig({ KAIJI_DATA_DIR: dataDir }, dataDir);
      const after = JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
      expect(after).toEqual({ jwtSecret: stored.jwtSecret, totpKey: stored.totpKey, auditAnchorKey: expect.any(String) });
      expect(upgraded.jwt.secret).toBe(stored.jwtSecret);
      expect(upgraded.auditAnchorKeys.current).toBe(after.auditAnchorKey);
      expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    });

    it('derives it from the signing key when the other secrets are given, writing nothing', () => {
      const env = { KAIJI_DATA_DIR: dataDir, KAIJI_JWT_SECRET: 'x'.repeat(40), KAIJI_TOTP_KEY: 'a1'.repeat(32) };
      const first = loadConfig(env, dataDir);
      expect(readdirSync(dataDir)).toEqual([]);
      expect(first.auditAnchorKeys.current).toBe(loadConfig(env, dataDir).auditAnchorKeys.current);
      expect(first.auditAnchorKeys.current).not.toBe(loadConfig({ ...env, KAIJI_JWT_SECRET: 'y'.repeat(40) }, dataDir).auditAnchorKeys.current);
    });
  });
});
