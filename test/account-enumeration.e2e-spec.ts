import { REFUSED_EMAILS_PER_HOUR } from '../src/accounts/email-availability';
import { countRows, expectProblem } from './support/assertions';
import { bearer, Factory, STRONG_PASSWORD, TestUser, uniqueEmail } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

/**
 * Issue 13, finding 11: e-mail addresses are unique across Kaiji (they are the login), and account
 * creation must not become a way to learn who uses Kaiji. Its own accounts an admin may know about
 * (email_taken); an address used elsewhere answers only that it cannot be registered
 * (email_unavailable), and after a few such refusals account creation pauses for every address.
 */
describe('account creation does not reveal other tenants’ accounts', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const createUser = (admin: TestUser, email: string) =>
    t.http.post(`/v1/organizations/${admin.organizationId}/users`).set(bearer(admin.token)).send({ email, displayName: '検査', role: 'member', password: STRONG_PASSWORD });
  const accountsWith = (email: string) => countRows(t.db, 'users WHERE lower(email) = lower($1)', [email]);

  it('answers email_taken for its own account, and for another tenant’s only that the address cannot be registered', async () => {
    const own = await f.tenant('vendor');
    const other = await f.tenant('pharmacy');
    const mine = (await f.user(own.org.id, 'member')).email;
    const theirs = (await f.user(other.org.id, 'member')).email;

    const taken = expectProblem(await createUser(own.admin, mine.toUpperCase()), 409, 'email_taken');
    expect(taken.detail).toMatch(/この組織/);
    const unavailable = expectProblem(await createUser(own.admin, theirs), 409, 'email_unavailable');
    expect(unavailable.detail).toBe('このメールアドレスは登録できません。別のアドレスを指定してください (this e-mail address cannot be registered: use another one).');
    // Nothing in the answer tells whose it is or that an account exists.
    expect(JSON.stringify([unavailable.title, unavailable.detail, unavailable.code])).not.toMatch(/exist|already|taken|in use|organization|tenant|アカウント|組織/i);
    expect(await accountsWith(theirs)).toBe(1);
    expect(await countRows(t.db, `audit_events WHERE action = 'user.create' AND organization_id = $1 AND lower(details->>'email') = lower($2)`, [own.org.id, theirs])).toBe(0);
  });

  it(`pauses account creation for every address after ${REFUSED_EMAILS_PER_HOUR} refused ones in an hour (429), creating nothing`, async () => {
    const prober = await f.tenant('vendor');
    const victims = await f.tenant('pharmacy');
    const known: string[] = [];
    for (let i = 0; i < REFUSED_EMAILS_PER_HOUR; i++) known.push(uniqueEmail('victim'));
    await t.db.query(
      `INSERT INTO users (organization_id, email, display_name, role, password_hash) SELECT $1, e, 'v', 'member', 'x' FROM unnest($2::text[]) AS e`,
      [victims.org.id, known],
    );
    for (const email of known) expectProblem(await createUser(prober.admin, email), 409, 'email_unavailable');

    // Now an address in use and a fresh one are answered alike: the pause itself tells nothing.
    const fresh = uniqueEmail('fresh');
    for (const email of [uniqueEmail('unknown-victim'), fresh, known[0]]) {
      const response = await createUser(prober.admin, email);
      const problem = expectProblem(response, 429, 'account_creation_paused');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(problem.detail).toMatch(/try again later/);
    }
    expect(await accountsWith(fresh)).toBe(0);
    // Another organization is not paused.
    await createUser(victims.admin, uniqueEmail('colleague')).expect(201);
  });
});
