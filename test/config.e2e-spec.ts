import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/app-config';
import { startTestApp } from './support/test-app';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
/** Secrets as `openssl rand` makes them (published here, so only ever for these tests). */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://kaiji@127.0.0.1:5432/kaiji',
  KAIJI_JWT_SECRET: 'Ot+3zZFcDMTDPx7ndyRKv1HvxcETC2EW2V9s6xjpgzyrbAg5R6vtjdj232ZmMmVw',
  KAIJI_TOTP_KEY: 'e596d801699fd2e617e099ac5b5e9f5bbbcf7dbdefc11f426f6b38ad07edf6ef',
  KAIJI_AUDIT_ANCHOR_KEY: 'p5YJ0nq2Wc8rKXb7LrA1vM4dTg9sHfE3uZ6oN0iQyB2xC7kV8aD1mR5tS3wF9hGj',
};

/** Configuration is validated at start-up; a bad value stops the process with one line naming it. */
describe('configuration', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'kaiji-config-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  /** The ConfigError loadConfig throws for this environment. */
  const failure = (env: Record<string, string>): ConfigError => {
    try {
      loadConfig({ KAIJI_DATA_DIR: dataDir, ...env }, dataDir);
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
    throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
  };

  it('accepts a complete production environment, with defaults', () => {
    const config = loadConfig({ ...PRODUCTION }, dataDir);
    expect(config).toEqual(expect.objectContaining({ production: true, port: 3000, host: '0.0.0.0', databaseUrl: PRODUCTION.DATABASE_URL, inactiveDays: 90 }));
    expect(config.jwt.accessTokenTtlSeconds).toBeLessThanOrEqual(900);
    expect(config.totpKey).toHaveLength(32);
  });

  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '0' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['DATABASE_URL', { DATABASE_URL: 'mysql://localhost/kaiji' }],
    ['KAIJI_JWT_SECRET', { KAIJI_JWT_SECRET: 'short' }],
    ['KAIJI_TOTP_KEY', { KAIJI_TOTP_KEY: 'not-hex' }],
    ['KAIJI_TOTP_KEY', { KAIJI_TOTP_KEY: 'ab'.repeat(16) }],
    ['KAIJI_ACCESS_TOKEN_TTL', { KAIJI_ACCESS_TOKEN_TTL: '3600' }],
    ['KAIJI_ACCESS_TOKEN_TTL', { KAIJI_ACCESS_TOKEN_TTL: 'soon' }],
    ['KAIJI_INACTIVE_DAYS', { KAIJI_INACTIVE_DAYS: '-1' }],
    ['KAIJI_TRUST_PROXY', { KAIJI_TRUST_PROXY: 'maybe' }],
    ['KAIJI_OPERATOR_EMAIL', { KAIJI_OPERATOR_EMAIL: 'not-an-email', KAIJI_OPERATOR_PASSWORD: 'Kaiji-ops-2025!' }],
    ['KAIJI_OPERATOR_PASSWORD', { KAIJI_OPERATOR_EMAIL: 'ops@example.test' }],
    ['KAIJI_OPERATOR_EMAIL', { KAIJI_OPERATOR_PASSWORD: 'Kaiji-ops-2025!' }],
    ['KAIJI_JWT_PREVIOUS_SECRETS', { KAIJI_JWT_PREVIOUS_SECRETS: `${'y'.repeat(40)},short` }],
    ['KAIJI_TRUST_PROXY', { KAIJI_TRUST_PROXY: 'true' }],
    ['KAIJI_DOCS', { KAIJI_DOCS: 'sometimes' }],
    // Issue 13, Medium 10: what docker-compose.yml, the README and the demo publish never runs production.
    ['KAIJI_JWT_SECRET', { KAIJI_JWT_SECRET: 'change-me-change-me-change-me-change-me-48chars' }],
    ['KAIJI_JWT_SECRET', { KAIJI_JWT_SECRET: 'CHANGEME-please-0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c' }],
    ['KAIJI_JWT_SECRET', { KAIJI_JWT_SECRET: 'x'.repeat(40) }],
    ['KAIJI_JWT_SECRET', { KAIJI_JWT_SECRET: 'k3y-'.repeat(12) }],
    ['KAIJI_JWT_SECRET', { KAIJI_JWT_SECRET: 'abcdefghijklmnopqrstuvwxyz0123456789' }],
    ['KAIJI_JWT_SECRET', { KAIJI_JWT_SECRET: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab' }],
    ['KAIJI_TOTP_KEY', { KAIJI_TOTP_KEY: '0'.repeat(64) }],
    ['KAIJI_TOTP_KEY', { KAIJI_TOTP_KEY: 'ab'.repeat(32) }],
    ['KAIJI_TOTP_KEY', { KAIJI_TOTP_KEY: '0123456789abcdef'.repeat(4) }],
    ['KAIJI_TOTP_KEY', { KAIJI_TOTP_KEY: `${'0'.repeat(56)}deadbeef` }],
    ['KAIJI_OPERATOR_PASSWORD', { KAIJI_OPERATOR_EMAIL: 'ops@example.test', KAIJI_OPERATOR_PASSWORD: 'Change-me-2025!' }],
    ['KAIJI_OPERATOR_PASSWORD', { KAIJI_OPERATOR_EMAIL: 'ops@example.test', KAIJI_OPERATOR_PASSWORD: 'Kaiji-demo-2025!' }],
    ['KAIJI_JWT_PREVIOUS_SECRETS', { KAIJI_JWT_PREVIOUS_SECRETS: 'change-me-change-me-change-me-change-me-48chars' }],
  ])('names %s when it is wrong (%j)', (variable, env) => {
    const error = failure({ ...PRODUCTION, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} \\S`));
    expect(error.message).not.toContain('\n');
  });

  it('says why a placeholder or a regular key is refused, and how to make one', () => {
    expect(failure({ ...PRODUCTION, KAIJI_JWT_SECRET: 'change-me-change-me-change-me-change-me-48chars' }).message).toBe(
      'Configuration error: KAIJI_JWT_SECRET is a value published with Kaiji (docker-compose.yml, the README or the demo), not a secret: generate one with `openssl rand -base64 48`',
    );
    expect(failure({ ...PRODUCTION, KAIJI_TOTP_KEY: 'ab'.repeat(32) }).message).toMatch(/^Configuration error: KAIJI_TOTP_KEY repeats a short pattern: it is not random: generate one with `openssl rand -hex 32`/);
  });

  it('accepts the same placeholders outside production (tests and development use fixed keys)', () => {
    const config = loadConfig({ ...PRODUCTION, NODE_ENV: 'development', KAIJI_JWT_SECRET: 'x'.repeat(40), KAIJI_TOTP_KEY: '0'.repeat(64) }, dataDir);
    expect(config.production).toBe(false);
  });

  it('refuses --demo in production, with one line', () => {
    const error = (() => {
      try {
        loadConfig({ ...PRODUCTION }, dataDir, ['node', 'main.js', '--demo']);
      } catch (caught) {
        return caught as ConfigError;
      }
      throw new Error('--demo was accepted in production');
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe('Configuration error: --demo loads sample accounts whose passwords are published and cannot be used with NODE_ENV=production');
    expect(loadConfig({ ...PRODUCTION, NODE_ENV: 'development' }, dataDir, ['node', 'main.js', '--demo']).demo).toBe(true);
  });

  it('serves /docs by default outside production only, and as KAIJI_DOCS says', () => {
    expect(loadConfig({ ...PRODUCTION }, dataDir).docs).toBe(false);
    expect(loadConfig({ ...PRODUCTION, KAIJI_DOCS: 'true' }, dataDir).docs).toBe(true);
    expect(loadConfig({ ...PRODUCTION, NODE_ENV: 'development' }, dataDir).docs).toBe(true);
    expect(loadConfig({ ...PRODUCTION, NODE_ENV: 'development', KAIJI_DOCS: 'false' }, dataDir).docs).toBe(false);
  });

  it.each(['DATABASE_URL', 'KAIJI_JWT_SECRET', 'KAIJI_TOTP_KEY', 'KAIJI_AUDIT_ANCHOR_KEY'])('requires %s in production', (variable) => {
    const env: Record<string, string> = { ...PRODUCTION };
    delete env[variable];
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} .*production`));
  });

  it('generates secrets once and keeps them in the data folder outside production', () => {
    const first = loadConfig({ KAIJI_DATA_DIR: dataDir }, dataDir);
    expect(readdirSync(dataDir)).toContain('secrets.json');
    expect(statSync(join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    const second = loadConfig({ KAIJI_DATA_DIR: dataDir }, dataDir);
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(second.totpKey.equals(first.totpKey)).toBe(true);
    expect(first.jwt.secret.length).toBeGreaterThanOrEqual(32);
  });

  describe('the real process', () => {
    beforeAll(() => {
      if (existsSync(MAIN)) return;
      const build = spawnSync('npx', ['nest', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
      if (build.status !== 0) throw new Error(`nest build failed: ${build.stderr}${build.stdout}`);
    }, 130_000);

    it.each([
      ['PORT', { PORT: 'abc' }, []],
      ['KAIJI_JWT_SECRET', { NODE_ENV: 'production', DATABASE_URL: PRODUCTION.DATABASE_URL }, []],
      ['KAIJI_TRUST_PROXY', { KAIJI_TRUST_PROXY: 'true' }, []],
      ['KAIJI_TOTP_KEY', { ...PRODUCTION, KAIJI_TOTP_KEY: '0'.repeat(64) }, []],
      ['--demo', { ...PRODUCTION }, ['--demo']],
    ])('stops with exit code 1 and one line naming %s', (variable, env, args) => {
      const child = spawnSync(process.execPath, [MAIN, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 20_000,
        // Only what the case sets: nothing from the developer's shell or the test run leaks in.
        env: { PATH: process.env.PATH ?? '', KAIJI_DATA_DIR: dataDir, ...env },
      });
      expect(child.error).toBeUndefined();
      expect(child.status).toBe(1);
      const lines = child.stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^Configuration error: ${variable} `));
      expect(readdirSync(dataDir)).toEqual([]);
    }, 25_000);
  });
});

/** Issue 13, Medium 10: Swagger UI and the OpenAPI document at /docs can be switched off (KAIJI_DOCS). */
describe('/docs', () => {
  it('is served by default outside production', async () => {
    const t = await startTestApp();
    try {
      expect((await t.http.get('/docs/openapi.json')).status).toBe(200);
      expect((await t.http.get('/docs')).status).toBeLessThan(400);
    } finally {
      await t.close();
    }
  });

  it('answers 404 with KAIJI_DOCS=false, like any route that does not exist', async () => {
    const t = await startTestApp({ KAIJI_DOCS: 'false' });
    try {
      for (const path of ['/docs', '/docs/', '/docs/openapi.json']) {
        const response = await t.http.get(path);
        expect({ path, status: response.status, type: response.headers['content-type'] }).toEqual({ path, status: 404, type: expect.stringMatching(/^application\/problem\+json/) });
      }
      await t.http.get('/health').expect(200);
    } finally {
      await t.close();
    }
  });
});
