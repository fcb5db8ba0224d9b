import { bearer, Factory, TestUser } from './support/factories';
import { claimsOf, expectProblem, forgeToken, kidOf, TEST_KID, unsignedToken } from './support/auth-helpers';
import { startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

/** Access tokens (RFC 8725), refresh-token rotation with reuse detection, logout and revocation. */
describe('tokens', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const meStatus = async (token: string) => (await t.http.get('/v1/me').set(bearer(token))).status;
  const refresh = (refreshToken: string) => t.http.post('/v1/auth/refresh').send({ refreshToken });
  const expectInvalidToken = async (token: string) => {
    const response = await t.http.get('/v1/me').set(bearer(token));
    expectProblem(response, 401, 'invalid_token');
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
  };

  async function member(): Promise<TestUser> {
    const { org } = await f.tenant('vendor');
    return f.user(org.id, 'member');
  }

  describe('access tokens', () => {
    it('are short-lived HS256 JWTs naming their key, issuer and audience', async () => {
      const user = await member();
      const login = await t.http.post('/v1/auth/login').send({ email: user.email, password: user.password }).expect(200);
      expect(login.body).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) });
      expect(login.body.expiresIn).toBeLessThanOrEqual(900);
      const [header] = (login.body.accessToken as string).split('.');
      expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT', kid: TEST_KID });
      const claims = claimsOf(login.body.accessToken as string);
      expect(claims).toMatchObject({ sub: user.id, typ: 'user', iss: 'kaiji', aud: 'kaiji-api' });
      expect((claims.exp as number) - (claims.iat as number)).toBe(login.body.expiresIn);
    });

    it('accepts a token signed with the right key and claims (the baseline for the tampering cases)', async () => {
      const user = await member();
      expect(await meStatus(forgeToken(claimsOf(user.token)))).toBe(200);
    });

    it('refuses tampered, expired and misdirected tokens', async () => {
      const user = await member();
      const { sub, typ, sid } = claimsOf(user.token);
      const claims = { sub, typ, sid };
      const now = Math.floor(Date.now() / 1000);
      const [header, payload, signature] = user.token.split('.');
      const other = await member();
      const otherPayload = other.token.split('.')[1];

      const tampered: Record<string, string> = {
        'alg none': unsignedToken({ ...claims, iss: 'kaiji', aud: 'kaiji-api', iat: now, exp: now + 300 }),
        'alg none, no kid': unsignedToken({ ...claims, iss: 'kaiji', aud: 'kaiji-api', iat: now, exp: now + 300 }, null),
        'another algorithm with the right key (HS512)': forgeToken(claims, { algorithm: 'HS512' }),
        'the wrong key, claiming the right kid': forgeToken(claims, { key: 'an-attacker-key-that-is-long-enough-000000000' }),
        'the wrong key under its own kid': forgeToken(claims, { key: 'an-attacker-key-that-is-long-enough-000000000', kid: 'attackerkid00000' }),
        'the right key under an unknown kid': forgeToken(claims, { kid: 'unknown-key-id00' }),
        'no kid': forgeToken(claims, { kid: null }),
        expired: forgeToken({ ...claims, iat: now - 1_000 }, { expiresIn: -60 }),
        'no expiry': forgeToken(claims, { expiresIn: null }),
        'wrong audience': forgeToken(claims, { audience: 'another-api' }),
        'wrong issuer': forgeToken(claims, { issuer: 'someone-else' }),
        'payload swapped under the signature': `${header}.${otherPayload}.${signature}`,
        'signature stripped': `${header}.${payload}.`,
        'not a JWT': 'not-a-token',
      };
      for (const [name, token] of Object.entries(tampered)) {
        const response = await t.http.get('/v1/me').set(bearer(token));
        expect({ name, status: response.status, code: response.body.code }).toEqual({ name, status: 401, code: 'invalid_token' });
      }
      expect(await meStatus(user.token)).toBe(200);
    });

    it('refuses a missing or malformed Authorization header', async () => {
      expectProblem(await t.http.get('/v1/me'), 401, 'invalid_token');
      const user = await member();
      expectProblem(await t.http.get('/v1/me').set('Authorization', `Basic ${user.token}`), 401, 'invalid_token');
      expectProblem(await t.http.get('/v1/me').set('Authorization', user.token), 401, 'invalid_token');
    });

    it('refuses a signed user token without a session, or for a session of another user', async () => {
      const user = await member();
      const other = await member();
      expect(await meStatus(forgeToken({ sub: user.id, typ: 'user' }))).toBe(401);
      expect(await meStatus(forgeToken({ sub: user.id, typ: 'user', sid: claimsOf(other.token).sid }))).toBe(401);
      expect(await meStatus(forgeToken({ sub: user.id, typ: 'admin', sid: claimsOf(user.token).sid }))).toBe(401);
    });

    it("stop at once when the user is disabled, and work again when re-enabled only after a new login", async () => {
      const { org, admin } = await f.tenant('pharmacy');
      const user = await f.user(org.id, 'member');
      await t.http.get('/v1/me').set(bearer(user.token)).expect(200);
      await t.http.patch(`/v1/organizations/${org.id}/users/${user.id}`).set(bearer(admin.token)).send({ disabled: true }).expect(200);
      await expectInvalidToken(user.token);
      expectProblem(await refresh(user.refreshToken), 401, 'invalid_refresh_token');
      expectProblem(await t.http.post('/v1/auth/login').send({ email: user.email, password: user.password }), 401, 'invalid_credentials');

      await t.http.patch(`/v1/organizations/${org.id}/users/${user.id}`).set(bearer(admin.token)).send({ disabled: false }).expect(200);
      await expectInvalidToken(user.token); // its session was ended, not paused
      const fresh = await f.login(user.email, user.password);
      expect(await meStatus(fresh.accessToken)).toBe(200);
    });

    it("of a revoked API client stop at once", async () => {
      const { admin } = await f.tenant('vendor');
      const client = await f.apiClient(admin);
      const issued = await t.http.post('/v1/auth/token').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }).expect(200);
      const token = issued.body.access_token as string;
      expect(await meStatus(token)).toBe(200);
      await t.http.post(`/v1/organizations/${admin.organizationId}/api-clients/${client.id}/revoke`).set(bearer(admin.token)).expect(200);
      await expectInvalidToken(token);
    });
  });

  describe('refresh tokens', () => {
    it('rotate: a refresh returns a new working pair', async () => {
      const user = await member();
      const response = await refresh(user.refreshToken).expect(200);
      const { accessToken, refreshToken, expiresIn, tokenType } = response.body as Record<string, unknown>;
      expect({ expiresIn, tokenType }).toEqual({ expiresIn: expect.any(Number), tokenType: 'Bearer' });
      expect(refreshToken).not.toBe(user.refreshToken);
      expect(claimsOf(accessToken as string).sid).toBe(claimsOf(user.token).sid);
      expect(await meStatus(accessToken as string)).toBe(200);
      await refresh(refreshToken as string).expect(200);
    });

    it('used twice revoke the whole session: the newest refresh token and every access token stop', async () => {
      const user = await member();
      const second = await f.login(user.email, user.password); // another session of the same user
      const first = (await refresh(user.refreshToken).expect(200)).body as { accessToken: string; refreshToken: string };
      const latest = (await refresh(first.refreshToken).expect(200)).body as { accessToken: string; refreshToken: string };

      expectProblem(await refresh(user.refreshToken), 401, 'invalid_refresh_token'); // the reuse
      expectProblem(await refresh(latest.refreshToken), 401, 'invalid_refresh_token');
      for (const token of [user.token, first.accessToken, latest.accessToken]) await expectInvalidToken(token);
      // Only that login's family: the other session lives on.
      expect(await meStatus(second.accessToken)).toBe(200);
      await refresh(second.refreshToken).expect(200);

      const [session] = await t.db.query('SELECT revoked_reason FROM sessions WHERE id = $1', [claimsOf(user.token).sid]);
      expect(session.revoked_reason).toBe('refresh_token_reused');
      const audit = await t.db.query(`SELECT organization_id, outcome, target_id FROM audit_events WHERE action = 'auth.refresh_token_reuse' AND target_id = $1`, [
        claimsOf(user.token).sid,
      ]);
      expect(audit).toEqual([{ organization_id: user.organizationId, outcome: 'failure', target_id: claimsOf(user.token).sid }]);
    });

    it('are refused when unknown, malformed or expired', async () => {
      expectProblem(await refresh('x'.repeat(43)), 401, 'invalid_refresh_token');
      expectProblem(await t.http.post('/v1/auth/refresh').send({}), 400, 'validation_failed');
      expectProblem(await t.http.post('/v1/auth/refresh').send({ refreshToken: 'short' }), 400, 'validation_failed');
      const user = await member();
      await t.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [claimsOf(user.token).sid]);
      expectProblem(await refresh(user.refreshToken), 401, 'invalid_refresh_token');
      await expectInvalidToken(user.token);
    });

    it('are stored hashed', async () => {
      const user = await member();
      const rows: { token_hash: string }[] = await t.db.query('SELECT token_hash FROM refresh_tokens WHERE session_id = $1', [claimsOf(user.token).sid]);
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).not.toBe(user.refreshToken);
    });
  });

  describe('logout', () => {
    it('ends the session: its access and refresh tokens stop, other sessions do not', async () => {
      const user = await member();
      const other = await f.login(user.email, user.password);
      await t.http.post('/v1/auth/logout').set(bearer(user.token)).expect(204);
      await expectInvalidToken(user.token);
      expectProblem(await refresh(user.refreshToken), 401, 'invalid_refresh_token');
      expectProblem(await t.http.post('/v1/auth/logout').set(bearer(user.token)), 401, 'invalid_token');
      expect(await meStatus(other.accessToken)).toBe(200);
      const audit = await t.db.query(`SELECT actor_id FROM audit_events WHERE action = 'auth.logout' AND target_id = $1`, [user.id]);
      expect(audit).toEqual([{ actor_id: user.id }]);
    });
  });
});

/**
 * Apps run one at a time here: passport keeps one 'jwt' strategy per process, so two apps open
 * together would both verify with the last one's keys.
 */
describe('signing-key rotation', () => {
  const NEW_SECRET = 'the-next-signing-key-that-is-long-enough-98765';
  const withApp = async <T>(env: Record<string, string>, use: (app: TestApp) => Promise<T>): Promise<T> => {
    const app = await startTestApp(env);
    try {
      return await use(app);
    } finally {
      await app.close();
    }
  };

  it('signs with the new key and still accepts tokens of the previous one, each by its kid', async () => {
    const admin = await withApp({}, async (app) => (await new Factory(app).tenant('vendor')).admin);
    const claims = claimsOf(admin.token);

    await withApp({ KAIJI_JWT_SECRET: NEW_SECRET, KAIJI_JWT_PREVIOUS_SECRETS: TEST_JWT_SECRET }, async (app) => {
      await app.http.get('/v1/me').set(bearer(admin.token)).expect(200);
      const fresh = await new Factory(app).login(admin.email, admin.password);
      expect(JSON.parse(Buffer.from(fresh.accessToken.split('.')[0], 'base64url').toString()).kid).toBe(kidOf(NEW_SECRET));
      await app.http.get('/v1/me').set(bearer(fresh.accessToken)).expect(200);
      // A kid must match its key: the old key's signature under the new kid is refused.
      const mislabelled = forgeToken({ sub: claims.sub, typ: 'user', sid: claims.sid }, { kid: kidOf(NEW_SECRET) });
      expectProblem(await app.http.get('/v1/me').set(bearer(mislabelled)), 401, 'invalid_token');
    });

    // Once the previous key is dropped, its tokens stop.
    await withApp({ KAIJI_JWT_SECRET: NEW_SECRET }, async (app) => {
      expectProblem(await app.http.get('/v1/me').set(bearer(admin.token)), 401, 'invalid_token');
    });
  });
});
