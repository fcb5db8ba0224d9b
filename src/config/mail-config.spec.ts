import { ConfigError, loadConfig } from './app-config';

/** Issue 15: where mail goes, and what production insists on. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://kaiji_app:app-password@127.0.0.1:5432/kaiji',
  KAIJI_JWT_SECRET: 'Ot+3zZFcDMTDPx7ndyRKv1HvxcETC2EW2V9s6xjpgzyrbAg5R6vtjdj232ZmMmVw',
  KAIJI_TOTP_KEY: 'e596d801699fd2e617e099ac5b5e9f5bbbcf7dbdefc11f426f6b38ad07edf6ef',
  KAIJI_AUDIT_ANCHOR_KEY: 'ni2z+9idS2FiYqyjle569iJVFMCbOEjtO7FWOIO02G1/jShXa0zlpLfTPS5JRXnH',
};
const SECRETS = { KAIJI_JWT_SECRET: PRODUCTION.KAIJI_JWT_SECRET, KAIJI_TOTP_KEY: PRODUCTION.KAIJI_TOTP_KEY };

const failure = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig(env, '/nonexistent');
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
};

describe('mail configuration', () => {
  it('sends through KAIJI_SMTP_URL, with links to KAIJI_PUBLIC_URL', () => {
    const { mail } = loadConfig({ ...PRODUCTION, KAIJI_SMTP_URL: 'smtps://kaiji:pw@smtp.example.jp:465', KAIJI_PUBLIC_URL: 'https://kaiji.example.jp/', KAIJI_MAIL_FROM: 'Kaiji <no-reply@example.jp>' }, '/nonexistent');
    expect(mail).toMatchObject({ transport: 'smtp', smtpUrl: 'smtps://kaiji:pw@smtp.example.jp:465', publicUrl: 'https://kaiji.example.jp', from: 'Kaiji <no-reply@example.jp>' });
  });

  it('starts the embedded server in development, nothing under test or in production without KAIJI_SMTP_URL', () => {
    expect(loadConfig({ NODE_ENV: 'development', PORT: '4100', ...SECRETS }, '/nonexistent').mail).toMatchObject({ transport: 'embedded', publicUrl: 'http://127.0.0.1:4100' });
    expect(loadConfig({ NODE_ENV: 'test', ...SECRETS }, '/nonexistent').mail.transport).toBe('none');
    expect(loadConfig({ ...PRODUCTION }, '/nonexistent').mail.transport).toBe('none');
  });

  it.each([
    ['KAIJI_PUBLIC_URL', { ...PRODUCTION, KAIJI_SMTP_URL: 'smtp://smtp.example.jp:587' }, /required in production with KAIJI_SMTP_URL/],
    ['KAIJI_SMTP_URL', { ...PRODUCTION, KAIJI_SMTP_URL: 'https://smtp.example.jp' }, /smtp:\/\/ or smtps:\/\//],
    ['KAIJI_PUBLIC_URL', { ...PRODUCTION, KAIJI_SMTP_URL: 'smtp://smtp.example.jp', KAIJI_PUBLIC_URL: 'https://kaiji.example.jp/?next=evil' }, /without query/],
    ['KAIJI_MAIL_FROM', { ...PRODUCTION, KAIJI_MAIL_FROM: 'Kaiji\r\nBcc: x@example.jp' }, /one line/],
    ['KAIJI_MAIL_RETRY_LIMIT', { ...PRODUCTION, KAIJI_MAIL_RETRY_LIMIT: '50' }, /between 0 and 20/],
  ])('refuses a bad %s', (variable, env, message) => {
    const error = failure(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });
});
