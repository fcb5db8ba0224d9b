import { loadConfig } from '../src/config/app-config';
import { expectProblem } from './support/assertions';
import { startTestApp, TestApp } from './support/test-app';

/** /.well-known/security.txt (RFC 9116): where to report a vulnerability, outside the /v1 API. */
describe('/.well-known/security.txt', () => {
  let t: TestApp;
  let unset: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KAIJI_SECURITY_CONTACT: 'mailto:security@kaiji.example, https://kaiji.example/security' });
    unset = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
    await unset.close();
  });

  it('names the contacts from KAIJI_SECURITY_CONTACT, an Expires within a year and the preferred languages, as plain text', async () => {
    const response = await t.http.get('/.well-known/security.txt').expect(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = response.text.split('\n');
    expect(lines.filter((line) => line.startsWith('Contact: '))).toEqual(['Contact: mailto:security@kaiji.example', 'Contact: https://kaiji.example/security']);
    expect(lines).toContain('Preferred-Languages: ja, en');
    const expires = lines.filter((line) => line.startsWith('Expires: '));
    expect(expires).toHaveLength(1);
    const at = Date.parse(expires[0].slice('Expires: '.length));
    expect(expires[0]).toMatch(/^Expires: \d{4}-\d{2}-\d{2}T00:00:00\.000Z$/);
    expect(at - Date.now()).toBeGreaterThan(150 * 86_400_000);
    expect(at - Date.now()).toBeLessThan(365 * 86_400_000);
    // RFC 9116 §2.4: every line is a comment, a field or empty; no field but Expires and Preferred-Languages once.
    for (const line of lines) expect(line).toMatch(/^(#.*|Contact: \S+|Expires: \S+|Preferred-Languages: ja, en|)$/);
    expect(response.text.endsWith('\n')).toBe(true);
    // Anyone may read it: no token, and a bad one is ignored.
    await t.http.get('/.well-known/security.txt').set('Authorization', 'Bearer not-a-token').expect(200);
  });

  it('is outside the /v1 prefix and the OpenAPI document', async () => {
    expectProblem(await t.http.get('/v1/.well-known/security.txt'), 404);
    const document = (await t.http.get('/docs/openapi.json').expect(200)).body as { paths: Record<string, unknown> };
    // The OAuth metadata beside it is an API operation (RFC 8414, for integrators' tools); security.txt is not.
    expect(Object.keys(document.paths).filter((path) => path.includes('well-known'))).toEqual(['/.well-known/oauth-authorization-server']);
  });

  it('answers 404 problem+json when no contact is configured (a security.txt without Contact is invalid)', async () => {
    expectProblem(await unset.http.get('/.well-known/security.txt'), 404);
  });

  it('refuses a contact that is not a mailto:, https:// or tel: URI at start-up', () => {
    for (const bad of ['security@kaiji.example', 'http://kaiji.example/security', 'mailto:', 'https://ok.example, ftp://x']) {
      expect(() => loadConfig({ NODE_ENV: 'test', KAIJI_JWT_SECRET: 'x'.repeat(40), KAIJI_TOTP_KEY: 'a1'.repeat(32), KAIJI_SECURITY_CONTACT: bad }, '/nonexistent')).toThrow(
        /KAIJI_SECURITY_CONTACT/,
      );
    }
  });
});
