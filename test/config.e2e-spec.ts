import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/app-config';

const ROOT = join(__dirname, '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://kaiji@127.0.0.1:5432/kaiji',
  KAIJI_JWT_SECRET: 'x'.repeat(40),
  KAIJI_TOTP_KEY: 'ab'.repeat(32),
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
  ])('names %s when it is wrong (%j)', (variable, env) => {
    const error = failure({ ...PRODUCTION, ...env });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(new RegExp(`^Configuration error: ${variable} \\S`));
    expect(error.message).not.toContain('\n');
  });

  it.each(['DATABASE_URL', 'KAIJI_JWT_SECRET', 'KAIJI_TOTP_KEY'])('requires %s in production', (variable) => {
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
      ['PORT', { PORT: 'abc' }],
      ['KAIJI_JWT_SECRET', { NODE_ENV: 'production', DATABASE_URL: PRODUCTION.DATABASE_URL }],
    ])('stops with exit code 1 and one line naming %s', (variable, env) => {
      const child = spawnSync(process.execPath, [MAIN], {
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
