import { startTestApp, TestApp } from './support/test-app';

/** The directives of a Content-Security-Policy header, each with its sources. */
function directives(header: string | undefined): Record<string, string[]> {
  const parsed: Record<string, string[]> = {};
  for (const directive of (header ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/);
    if (name) parsed[name] = sources;
  }
  return parsed;
}

/**
 * Issue 13, Low 14: the portal runs no inline script, so its CSP allows scripts from its own origin
 * only; an injected <script> or event handler attribute does not run.
 */
describe('the content security policy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(['/portal/', '/portal/login', '/health', '/v1/me'])('%s allows scripts from the origin alone, never inline', async (path) => {
    const response = await t.http.get(path);
    const policy = directives(response.headers['content-security-policy']);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['script-src-attr']).toEqual(["'none'"]);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
  });
});
