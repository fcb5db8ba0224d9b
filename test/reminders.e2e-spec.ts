import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import passport from 'passport';
import { JwtStrategy } from '../src/auth/jwt.strategy';
import { CATALOG_DIRECTORY } from '../src/forms/form-catalog.loader';
import { bearer, Factory } from './support/factories';
import { japanDate } from './support/checklist-setup';
import { startIsolatedTestApp } from './support/isolated-app';
import { RequestSetup } from './support/request-setup';
import { RiskSetup } from './support/risk-setup';
import { startTestApp, type TestApp } from './support/test-app';
import { EVENT_TYPES } from '../src/events/events.service';
import { RemindersService } from '../src/reminders/reminders.service';

const REMINDER_TYPES = EVENT_TYPES.filter((type) => type.startsWith('reminder.'));

/**
 * Reminders: the daily pass with "today" injected. Each kind reaches the right organizations,
 * fires once whether the pass runs again or twice at once (two instances), and says nothing about
 * ended contracts. On a database of its own: a pass reminds about everything due in the database,
 * which would put notifications into other suites' accounts.
 */
describe('reminders', () => {
  let t: TestApp & { databaseUrl: string };
  let f: Factory;
  let risk: RiskSetup;
  let requests: RequestSetup;
  let reminders: RemindersService;
  beforeAll(async () => {
    t = await startIsolatedTestApp('reminders', { KAIJI_WEBHOOK_ALLOW_PRIVATE: 'true' });
    f = new Factory(t);
    risk = new RiskSetup(t, f);
    requests = new RequestSetup(t, f);
    reminders = t.app.get(RemindersService);
  });
  afterAll(() => t.close());

  const eventsAbout = async (subjectId: string, type?: string): Promise<{ type: string; recipients: string[]; payload: Record<string, unknown> }[]> =>
    t.db.query(`SELECT type, recipients, payload FROM domain_events WHERE subject_id = $1 AND type LIKE 'reminder.%' AND ($2::text IS NULL OR type = $2) ORDER BY created_at`, [subjectId, type ?? null]);
  const notificationsOf = (userId: string, type: string): Promise<{ title: string; body: string; link: string }[]> =>
    t.db.query('SELECT title, body, link FROM notifications WHERE user_id = $1 AND type = $2 ORDER BY created_at', [userId, type]);

  it('目標日: 30 days ahead, 7 days ahead and passed, each once, to the vendor and the pharmacy, naming both and the date', async () => {
    const w = await risk.world();
    // 2-① いいえ with 目標日 2025-12-31; 2-⑤ with 2025-09-30 (long past on these days: not reminded).
    const checklist = await risk.submitChecklist(w.vendor.admin, w.contractId);

    await reminders.run('2025-12-01');
    await reminders.run('2025-12-01');
    let events = await eventsAbout(checklist.id, 'reminder.target_date_due');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ payload: { threshold: '30d', targetOn: '2025-12-31', itemIds: ['2-①'] } });
    expect([...events[0].recipients].sort()).toEqual([w.vendor.org.id, w.pharmacy.org.id].sort());
    for (const user of [w.vendor.admin, w.pharmacy.admin]) {
      const [notification] = await notificationsOf(user.id, 'reminder.target_date_due');
      expect(notification.title).toContain('2025-12-31');
      expect(notification.title).toContain(w.vendor.org.name);
      expect(notification.title).toContain(w.pharmacy.org.name);
      expect(notification.body).toContain('2-①');
      expect(notification.link).toBe(`/contracts/${w.contractId}/checklists/2025`);
    }

    await reminders.run('2025-12-10'); // still in the 30-day band: nothing new
    expect(await eventsAbout(checklist.id)).toHaveLength(1);
    await reminders.run('2025-12-24');
    await reminders.run('2026-01-02');
    await reminders.run('2026-01-03');
    events = await eventsAbout(checklist.id);
    expect(events.map((e) => e.payload.threshold)).toEqual(['30d', '7d', 'overdue']);
    expect(await notificationsOf(w.pharmacy.admin.id, 'reminder.target_date_due')).toHaveLength(3);
  });

  it('fires once when two passes run at the same time in one app', async () => {
    const w = await risk.world();
    const checklist = await risk.submitChecklist(w.vendor.admin, w.contractId);
    await Promise.all([reminders.run('2025-12-25'), reminders.run('2025-12-25')]);
    expect(await eventsAbout(checklist.id)).toHaveLength(1);
    expect(await notificationsOf(w.vendor.admin.id, 'reminder.target_date_due')).toHaveLength(1);
  });

  it('fires once each with two app instances on the same database, passing at the same time', async () => {
    // A second process as production runs it: its own pool and its own RemindersService.
    const second = await startTestApp({ DATABASE_URL: t.databaseUrl, KAIJI_WEBHOOK_ALLOW_PRIVATE: 'true' });
    try {
      const other = second.app.get(RemindersService);
      const w = await risk.world();
      const checklist = await risk.submitChecklist(w.vendor.admin, w.contractId);
      const thread = await risk.opened(w.pharmacy.admin.token, w.disclosure.id);
      const r = await requests.world();
      const request = await requests.open(r.pharmacy.admin.token, { contractId: r.contract.id, kind: 'SDS', productId: r.products[0].id, dueOn: japanDate(10) });

      await Promise.all([reminders.run('2025-12-01'), other.run('2025-12-01')]); // 目標日 2025-12-31: 30 days ahead
      await Promise.all([reminders.run(japanDate(8)), other.run(japanDate(8))]); // thread 8 days waiting; request due in 2 days
      expect((await eventsAbout(checklist.id)).map((e) => e.type)).toEqual(['reminder.target_date_due']);
      expect((await eventsAbout(thread.id)).map((e) => e.type)).toEqual(['reminder.thread_waiting']);
      expect((await eventsAbout(request.id)).map((e) => e.type)).toEqual(['reminder.request_due']);
      expect(await notificationsOf(w.pharmacy.admin.id, 'reminder.target_date_due')).toHaveLength(1);
      expect(await notificationsOf(w.vendor.admin.id, 'reminder.thread_waiting')).toHaveLength(1);
      expect(await notificationsOf(r.vendor.admin.id, 'reminder.request_due')).toHaveLength(1);
    } finally {
      await second.close();
      // passport keeps one 'jwt' strategy per process, the last app's (see test/auth-tokens.e2e-spec.ts):
      // give it back to this suite's app, whose tokens the other tests present.
      passport.use('jwt', t.app.get(JwtStrategy));
    }
  });

  it('document requests: due within 3 days and overdue, to the vendor asked and the pharmacy that asked', async () => {
    const w = await requests.world({ products: 2 });
    const request = await requests.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'SDS', productId: w.products[0].id, dueOn: japanDate(10) });

    await reminders.run(japanDate(5)); // not yet
    expect(await eventsAbout(request.id)).toHaveLength(0);
    await Promise.all([reminders.run(japanDate(8)), reminders.run(japanDate(8))]);
    await reminders.run(japanDate(9));
    const due = await eventsAbout(request.id, 'reminder.request_due');
    expect(due).toHaveLength(1);
    expect([...due[0].recipients].sort()).toEqual([w.vendor.org.id, w.pharmacy.org.id].sort());
    const [notification] = await notificationsOf(w.vendor.admin.id, 'reminder.request_due');
    expect(notification.title).toContain(japanDate(10));
    expect(notification.body).toContain(w.pharmacy.org.name);
    expect(notification.link).toBe(`/requests/${request.id}`);

    await reminders.run(japanDate(11));
    await reminders.run(japanDate(12));
    expect(await eventsAbout(request.id, 'reminder.request_overdue')).toHaveLength(1);
    expect(await notificationsOf(w.pharmacy.admin.id, 'reminder.request_overdue')).toHaveLength(1);

    // Fulfilled or declined requests are not chased.
    const declined = await requests.open(w.pharmacy.admin.token, { contractId: w.contract.id, kind: 'SDS', productId: w.products[1].id, dueOn: japanDate(10) });
    expect((await requests.decline(w.vendor.admin.token, declined.id, { reason: '提供できません' })).status).toBe(200);
    await reminders.run(japanDate(11));
    expect(await eventsAbout(declined.id)).toHaveLength(0);
  });

  it('a thread waiting on the vendor for 7 days reminds the vendor only, once', async () => {
    const w = await risk.world();
    const thread = await risk.opened(w.pharmacy.admin.token, w.disclosure.id);
    await reminders.run(japanDate(6));
    expect(await eventsAbout(thread.id)).toHaveLength(0);
    await Promise.all([reminders.run(japanDate(7)), reminders.run(japanDate(7))]);
    await reminders.run(japanDate(8));
    const events = await eventsAbout(thread.id, 'reminder.thread_waiting');
    expect(events).toHaveLength(1);
    expect(events[0].recipients).toEqual([w.vendor.org.id]);
    expect(await notificationsOf(w.vendor.admin.id, 'reminder.thread_waiting')).toHaveLength(1);
    expect(await notificationsOf(w.pharmacy.admin.id, 'reminder.thread_waiting')).toHaveLength(0);
  });

  it('at the start of a 年度: the checklists now owed, once per contract and 年度; none where submitted or sale-only', async () => {
    const owing = await requests.world();
    const saleOnly = await requests.world({ kind: 'sale_only' });
    const submitted = await requests.world();
    await requests.submitChecklist(submitted.vendor.admin, submitted.contract.id, 2025);

    await reminders.run('2025-05-15'); // 45 days in: too late for a "year started" reminder
    expect(await eventsAbout(owing.contract.id)).toHaveLength(0);
    await Promise.all([reminders.run('2025-04-01'), reminders.run('2025-04-01')]);
    await reminders.run('2025-04-02');
    const events = await eventsAbout(owing.contract.id, 'reminder.fiscal_year_started');
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({ contractId: owing.contract.id, fiscalYear: 2025 });
    expect([...events[0].recipients].sort()).toEqual([owing.vendor.org.id, owing.pharmacy.org.id].sort());
    const [notification] = await notificationsOf(owing.pharmacy.admin.id, 'reminder.fiscal_year_started');
    expect(notification.title).toContain('令和7年度');
    expect(notification.title).toContain(owing.vendor.org.name);
    expect(await eventsAbout(saleOnly.contract.id)).toHaveLength(0);
    expect(await eventsAbout(submitted.contract.id)).toHaveLength(0);
  });

  it('says nothing about an ended contract', async () => {
    const w = await risk.world();
    const thread = await risk.opened(w.pharmacy.admin.token, w.disclosure.id);
    const request = await requests.open(w.pharmacy.admin.token, { contractId: w.contractId, kind: 'SDS', productId: w.product.id, dueOn: japanDate(10) });
    // Ended today: in force until the end of today, so nothing from tomorrow on.
    expect((await t.http.post(`/v1/contracts/${w.contractId}/end`).set(bearer(w.pharmacy.admin.token)).send({ reason: '他社システムへ移行するため' })).status).toBe(200);
    for (const day of [7, 8, 11]) await reminders.run(japanDate(day));
    await reminders.run(`${Number(japanDate(0).slice(0, 4)) + 1}-04-01`);
    expect(await eventsAbout(thread.id)).toHaveLength(0);
    expect(await eventsAbout(request.id)).toHaveLength(0);
    expect(await eventsAbout(w.contractId)).toHaveLength(0);
  });

  it('webhook subscriptions take the reminder types, and the committed OpenAPI lists them', async () => {
    // A loopback receiver (private targets allowed in this suite's app): no name to resolve.
    const { admin } = await f.tenant('vendor');
    const types = REMINDER_TYPES;
    const created = await t.http.post('/v1/webhooks').set(bearer(admin.token)).send({ url: 'http://127.0.0.1:9/kaiji', events: types });
    expect(created.status).toBe(201);
    expect(created.body.events).toEqual(expect.arrayContaining(types));
    expect((await t.http.post('/v1/webhooks').set(bearer(admin.token)).send({ url: 'http://127.0.0.1:9/kaiji', events: ['reminder.unknown'] })).status).toBe(400);
    const openapi = readFileSync(join(__dirname, '..', 'openapi', 'openapi.json'), 'utf8');
    for (const type of types) expect(openapi).toContain(`"${type}"`);
  });

  // Last: the new form version makes every 令和7年度 checklist of this database outdated.
  it('a new form version: everyone whose checklist became outdated (旧様式) is told once; ended contracts are not', async () => {
    const DAY = '2026-03-30'; // in 令和7年度, the 年度 of the checklists
    const w = await risk.world();
    const checklist = await risk.submitChecklist(w.vendor.admin, w.contractId);
    const ended = await risk.world();
    const endedChecklist = await risk.submitChecklist(ended.vendor.admin, ended.contractId);
    expect((await t.http.post(`/v1/contracts/${ended.contractId}/end`).set(bearer(ended.pharmacy.admin.token)).send({ reason: '契約満了のため' })).status).toBe(200);
    // Its last day before DAY (the API ends a contract today, and DAY lies before today).
    await t.db.query(`UPDATE contracts SET ends_on = '2026-01-31' WHERE id = $1`, [ended.contractId]);

    await reminders.run(DAY);
    expect(await eventsAbout(checklist.id, 'reminder.form_outdated')).toHaveLength(0);

    const r7 = JSON.parse(readFileSync(join(CATALOG_DIRECTORY, 'vendor-checklist-pharmacy-r7.json'), 'utf8')) as Record<string, unknown>;
    const revised = { ...r7, id: 'vendor-checklist-pharmacy-r7-revised', revision: 2, versionLabel: '令和7年度改訂版' };
    expect((await t.http.post('/v1/forms').set(bearer(await f.operator())).send(revised)).status).toBe(201);
    await Promise.all([reminders.run(DAY), reminders.run(DAY)]);
    await reminders.run(DAY);

    const events = await eventsAbout(checklist.id, 'reminder.form_outdated');
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ newerFormId: revised.id, fiscalYear: 2025 });
    expect([...events[0].recipients].sort()).toEqual([w.vendor.org.id, w.pharmacy.org.id].sort());
    const [notification] = await notificationsOf(w.vendor.admin.id, 'reminder.form_outdated');
    expect(notification.title).toContain(w.pharmacy.org.name);
    expect(notification.body).toContain('令和7年度改訂版');
    expect(await eventsAbout(endedChecklist.id, 'reminder.form_outdated')).toHaveLength(0);
  });
});
