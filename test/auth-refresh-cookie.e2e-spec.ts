import type { Response } from 'supertest';
import { bearer, Factory, type TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

const COOKIE = 'kaiji_refresh';
const PATH = '/v1/auth/refresh';

interface SetCookie {
  value: string;
  attributes: Record<string, string | true>;
}

/** The refresh cookie of a response's Set-Cookie headers, its attributes keyed in lower case. */
function refreshCookie(response: Response): SetCookie | undefined {
  const raw = response.headers['set-cookie'] as unknown as string[] | string | undefined;
  const lines = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  const line = lines.filter((candidate) => candidate.startsWith(`${COOKIE}=`)).pop();
  if (!line) return undefined;
  const [pair, ...parts] = line.split(';').map((part) => part.trim());
  const attributes: Record<string, string | true> = {};
  for (const part of parts) {
    const [key, ...rest] = part.split('=');
    attributes[key.toLowerCase()] = rest.length > 0 ? rest.join('=') : true;
  }
  return { value: decodeURIComponent(pair.slice(COOKIE.length + 1)), attributes };
}

const withCookie = (value: string) => ({ Cookie: `${COOKIE}=${encodeURIComponent(value)}` });

/**
 * Issue 13, Low 14: the portal's 14-day refresh token lives in an HttpOnly, SameSite=Strict cookie
 * scoped to the refresh route, not in the page's storage; API clients keep the JSON token.
 */
describe('the portal refresh token as an HttpOnly cookie', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function portalLogin(user: TestUser): Promise<{ response: Response; cookie: SetCookie }> {
    const response = await t.http.post('/v1/auth/login').send({ email: user.email, password: user.password, tokenDelivery: 'cookie' });
    expect(response.status).toBe(200);
    const cookie = refreshCookie(response);
    if (!cookie) throw new Error(`no ${COOKIE} cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
    return { response, cookie };
  }

  const refreshWith = (cookie?: string) => {
    const call = t.http.post(PATH).set('Content-Type', 'application/json');
    return (cookie === undefined ? call : call.set(withCookie(cookie))).send({ tokenDelivery: 'cookie' });
  };

  it('login sets the cookie HttpOnly, SameSite=Strict, for the refresh path only, for the session’s lifetime, and keeps the token out of the JSON', async () => {
    const { admin } = await f.tenant('pharmacy');
    const { response, cookie } = await portalLogin(admin);
    expect(response.body).toEqual({ accessToken: expect.any(String), expiresIn: expect.any(Number), tokenType: 'Bearer' });
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(cookie.attributes).toEqual({
      httponly: true,
      samesite: 'Strict',
      path: PATH,
      'max-age': String(t.config.jwt.refreshTokenDays * 24 * 60 * 60),
    });
    // Over plain http (the loopback demo) the cookie cannot be Secure: browsers would drop it.
    expect(cookie.attributes.secure).toBeUndefined();
    expect(response.headers['cache-control']).toBe('no-store');
    expect((await t.http.get('/v1/me').set(bearer(response.body.accessToken as string))).status).toBe(200);
  });

  it('API clients and integrators keep the JSON refresh token, and no cookie is set for them', async () => {
    const { admin } = await f.tenant('vendor');
    const login = await t.http.post('/v1/auth/login').send({ email: admin.email, password: admin.password });
    expect(login.status).toBe(200);
    expect(login.body.refreshToken).toEqual(expect.any(String));
    expect(refreshCookie(login)).toBeUndefined();
    const refreshed = await t.http.post(PATH).send({ refreshToken: login.body.refreshToken as string });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toEqual(expect.any(String));
    expect(refreshCookie(refreshed)).toBeUndefined();
  });

  it('refreshes from the cookie, rotating it; the old cookie presented again ends the whole session', async () => {
    const { admin } = await f.tenant('chain');
    const { cookie: first } = await portalLogin(admin);

    const refreshed = await refreshWith(first.value);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBeUndefined();
    const second = refreshCookie(refreshed);
    expect(second?.value).toBeDefined();
    expect(second?.value).not.toBe(first.value);
    expect(second?.attributes).toMatchObject({ httponly: true, samesite: 'Strict', path: PATH });
    const access = refreshed.body.accessToken as string;
    expect((await t.http.get('/v1/me').set(bearer(access))).status).toBe(200);

    // The first cookie again (stolen and replayed): refused, the cookie dropped, the session revoked.
    const replay = await refreshWith(first.value);
    expect(replay.status).toBe(401);
    expect(replay.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(replay.body.code).toBe('invalid_refresh_token');
    expect(refreshCookie(replay)).toMatchObject({ value: '', attributes: { 'max-age': '0', path: PATH } });
    expect((await refreshWith(second?.value ?? '')).status).toBe(401);
    expect((await t.http.get('/v1/me').set(bearer(access))).status).toBe(401);
  });

  it('a request without the cookie (as a cross-site one arrives under SameSite=Strict) gets no tokens', async () => {
    const { admin } = await f.tenant('pharmacy');
    await portalLogin(admin);
    const crossSite = await t.http.post(PATH).set('Content-Type', 'application/json').set('Origin', 'https://attacker.example').send({ tokenDelivery: 'cookie' });
    expect(crossSite.status).toBe(401);
    expect(crossSite.body.code).toBe('invalid_refresh_token');
    expect(crossSite.body.accessToken).toBeUndefined();
    // Nor does a body token stand in for the cookie when the cookie is asked for.
    const bodyInstead = await t.http.post(PATH).send({ tokenDelivery: 'cookie', refreshToken: 'x'.repeat(43) });
    expect(bodyInstead.status).toBe(401);
  });

  it('a form post (what another site can send without a preflight) cannot use the cookie, and leaves it working', async () => {
    const { admin } = await f.tenant('vendor');
    const { cookie } = await portalLogin(admin);
    const form = await t.http.post(PATH).type('form').set(withCookie(cookie.value)).send('tokenDelivery=cookie');
    expect(form.status).toBe(415);
    expect(form.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(form.body.accessToken).toBeUndefined();
    // Nothing was used up: the cookie still refreshes once.
    expect((await refreshWith(cookie.value)).status).toBe(200);
  });

  it('logout ends the session and clears the cookie on its path', async () => {
    const { admin } = await f.tenant('pharmacy');
    const { response, cookie } = await portalLogin(admin);
    const logout = await t.http.post('/v1/auth/logout').set(bearer(response.body.accessToken as string));
    expect(logout.status).toBe(204);
    expect(refreshCookie(logout)).toEqual({ value: '', attributes: { httponly: true, samesite: 'Strict', path: PATH, 'max-age': '0' } });
    const after = await refreshWith(cookie.value);
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('invalid_refresh_token');
  });

  it('is Secure when the request came over https through a trusted proxy', async () => {
    const behindProxy = await startTestApp({ KAIJI_TRUST_PROXY: '1' });
    try {
      const user = await new Factory(behindProxy).tenant('pharmacy');
      const login = await behindProxy.http
        .post('/v1/auth/login')
        .set('X-Forwarded-Proto', 'https')
        .send({ email: user.admin.email, password: user.admin.password, tokenDelivery: 'cookie' });
      expect(login.status).toBe(200);
      expect(refreshCookie(login)?.attributes).toMatchObject({ secure: true, httponly: true, samesite: 'Strict', path: PATH });
    } finally {
      await behindProxy.close();
    }
  });
});
