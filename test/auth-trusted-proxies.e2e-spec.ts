import { ConfigError, loadConfig } from '../src/config/app-config';
import { expectProblem } from './support/auth-helpers';
import { expectOAuthError } from './support/oauth-errors';
import { bearer, Factory, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 13, High 2: behind load balancers the client's address comes from X-Forwarded-For, but only
 * from the hops the trusted proxies added. Everything runs over loopback: 127.0.0.1 plays the load
 * balancer where it is trusted; other ranges are only configured, never contacted.
 */
const RESTRICTED = ['192.0.2.0/24'];

async function restrictedClient(t: TestApp, f: Factory): Promise<{ admin: TestUser; clientId: string; clientSecret: string; id: string }> {
  const { admin } = await f.tenant('vendor');
  return { admin, ...(await f.apiClient(admin, { scopes: ['products:write'], allowedCidrs: RESTRICTED })) };
}

function tokenFrom(t: TestApp, client: { clientId: string; clientSecret: string }, forwardedFor?: string) {
  const request = t.http.post('/v1/auth/token').type('form');
  if (forwardedFor !== undefined) void request.set('X-Forwarded-For', forwardedFor);
  return request.send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
}

/** Where the audit log says each token request of the client came from. */
const tokenAuditSources = async (t: TestApp, clientUuid: string): Promise<[string, string][]> =>
  (await t.db.query<{ outcome: string; source_ip: string }[]>(`SELECT outcome, source_ip FROM audit_events WHERE action = 'auth.token' AND target_id = $1 ORDER BY id`, [clientUuid])).map(
    (row) => [row.outcome, row.source_ip],
  );

describe('trusted proxies', () => {
  describe('behind a load balancer trusted by address (127.0.0.1)', () => {
    let t: TestApp;
    let f: Factory;
    beforeAll(async () => {
      t = await startTestApp({ KAIJI_TRUST_PROXY: '127.0.0.1,::1' });
      f = new Factory(t);
    });
    afterAll(() => t.close());

    it('takes the client address from the right-most hop no trusted proxy added', async () => {
      const client = await restrictedClient(t, f);
      // The load balancer appends the address it saw: 192.0.2.7 is inside the client's range.
      const issued = await tokenFrom(t, client, '192.0.2.7');
      expect(issued.status).toBe(200);
      // A client at 198.51.100.9 writing an allowed address into the header itself: the load balancer appends the real one.
      const forged = await tokenFrom(t, client, '192.0.2.7, 198.51.100.9');
      expect(expectOAuthError(forged, 400, 'unauthorized_client').error_description).toContain('198.51.100.9');
      // Straight from the load balancer's own address, with no hop: the proxy itself is the client.
      expectOAuthError(await tokenFrom(t, client), 400, 'unauthorized_client');

      // The token works from inside the range only, whichever address the header claims further left.
      const token = issued.body.access_token as string;
      await t.http.get('/v1/me').set(bearer(token)).set('X-Forwarded-For', '192.0.2.8').expect(200);
      expectProblem(await t.http.get('/v1/me').set(bearer(token)).set('X-Forwarded-For', '192.0.2.8, 198.51.100.9'), 403, 'source_not_allowed');

      expect(await tokenAuditSources(t, client.id)).toEqual([
        ['success', '192.0.2.7'],
        ['failure', '198.51.100.9'],
        ['failure', expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$|^::1$/)],
      ]);
    });

    it('counts the audit source of a failed login as the real client, not as the header’s claim', async () => {
      const { admin } = await f.tenant('pharmacy');
      await t.http.post('/v1/auth/login').set('X-Forwarded-For', '203.0.113.50, 198.51.100.20').send({ email: admin.email, password: 'Wrong-password-7' }).expect(401);
      const [row]: { source_ip: string }[] = await t.db.query(
        `SELECT source_ip FROM audit_events WHERE action = 'auth.login' AND outcome = 'failure' AND actor_label = $1`,
        [admin.email.toLowerCase()],
      );
      expect(row.source_ip).toBe('198.51.100.20');
    });
  });

  describe('with the load balancers elsewhere (10.0.0.0/8, never contacted)', () => {
    let t: TestApp;
    let f: Factory;
    beforeAll(async () => {
      t = await startTestApp({ KAIJI_TRUST_PROXY: '10.0.0.0/8' });
      f = new Factory(t);
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For from a caller that is not a trusted proxy', async () => {
      const client = await restrictedClient(t, f);
      for (const header of ['192.0.2.7', '198.51.100.1, 192.0.2.7', '192.0.2.7, 10.0.0.1']) {
        const refused = await tokenFrom(t, client, header);
        expect(expectOAuthError(refused, 400, 'unauthorized_client').error_description).toMatch(/127\.0\.0\.1|::1/);
      }
      const [{ count }]: { count: string }[] = await t.db.query('SELECT count(*) FROM api_clients WHERE client_id = $1 AND last_used_at IS NOT NULL', [client.clientId]);
      expect(Number(count)).toBe(0);
    });
  });

  describe('rate limits with the load balancers elsewhere (10.0.0.0/8)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ KAIJI_TRUST_PROXY: '10.0.0.0/8', KAIJI_AUTH_RATE_LIMIT: '3' });
    });
    afterAll(() => t.close());

    it('counts a caller that rotates X-Forwarded-For as the one source it is', async () => {
      const attempt = (n: number) => t.http.post('/v1/auth/refresh').set('X-Forwarded-For', `198.51.100.${n}`).send({ refreshToken: 'x'.repeat(40) });
      for (let n = 1; n <= 3; n++) expectProblem(await attempt(n), 401, 'invalid_refresh_token');
      expectProblem(await attempt(4), 429, 'rate_limited');
    });
  });

  describe('with a number of proxy hops (1)', () => {
    let t: TestApp;
    let f: Factory;
    beforeAll(async () => {
      t = await startTestApp({ KAIJI_TRUST_PROXY: '1' });
      f = new Factory(t);
    });
    afterAll(() => t.close());

    it('believes the one hop its load balancer adds, and nothing further left', async () => {
      const client = await restrictedClient(t, f);
      expect((await tokenFrom(t, client, '198.51.100.1, 192.0.2.7')).status).toBe(200);
      expectOAuthError(await tokenFrom(t, client, '192.0.2.7, 198.51.100.1'), 400, 'unauthorized_client');
    });
  });

  describe('at boot', () => {
    const refusal = (value: string): ConfigError => {
      try {
        loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://kaiji@127.0.0.1:5432/kaiji', KAIJI_JWT_SECRET: 'x'.repeat(40), KAIJI_TOTP_KEY: 'c'.repeat(64), KAIJI_TRUST_PROXY: value });
      } catch (error) {
        if (error instanceof ConfigError) return error;
        throw error;
      }
      throw new Error(`KAIJI_TRUST_PROXY=${value} was accepted`);
    };

    it.each(['true', 'TRUE', '0.0.0.0/0', '::/0', '10.0.0.0/8,0.0.0.0/0', 'proxy.internal', '10.0.0.0/33', '11'])('refuses %s with one line naming the variable', (value) => {
      const error = refusal(value);
      expect(error.variable).toBe('KAIJI_TRUST_PROXY');
      expect(error.message).toMatch(/^Configuration error: KAIJI_TRUST_PROXY \S/);
      expect(error.message).not.toContain('\n');
    });

    it('says why true is refused', () => {
      expect(refusal('true').message).toMatch(/addresses or CIDR ranges.*hops.*X-Forwarded-For/);
    });
  });
});
