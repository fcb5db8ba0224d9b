import { countRows, expectProblem, invalidFields } from './support/assertions';
import { bearer, Factory, TestUser } from './support/factories';
import { Publishing, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

interface Notification {
  id: string;
  type: string;
  title: string;
  body: string | null;
  link: string | null;
  eventId: string;
  subject: { type: string; id: string } | null;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
  unreadCount: number;
}

describe('notifications', () => {
  let t: TestApp;
  let f: Factory;
  let p: Publishing;

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    p = new Publishing(t, f);
  });
  afterAll(async () => {
    await t?.close();
  });

  const list = async (user: TestUser, query = ''): Promise<NotificationPage> => {
    const response = await t.http.get(`/v1/notifications${query}`).set(bearer(user.token));
    if (response.status !== 200) throw new Error(`listing failed: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as NotificationPage;
  };

  /** A vendor proposes two contracts to a pharmacy (with a member), which accepts the second: three notifications each. */
  async function scenario(pharmacy?: Tenant) {
    const vendor = await p.vendor();
    const product = await p.product(vendor.admin);
    const store = pharmacy ?? (await p.pharmacy());
    const member = await f.user(store.org.id, 'member');
    const first = await p.contract(vendor.admin, store, [product.id], { accept: false });
    const second = await p.contract(vendor.admin, store, [product.id], { kind: 'operation' });
    return { vendor, store, member, first, second };
  }

  it("lists the caller's own notifications, newest first, with the unread count on every page", async () => {
    const { vendor, store, first, second } = await scenario();
    const page = await list(store.admin);
    expect(page.unreadCount).toBe(3);
    expect(page.items.map((n) => [n.type, n.subject?.id])).toEqual([
      ['contract.accepted', second.id],
      ['contract.proposed', second.id],
      ['contract.proposed', first.id],
    ]);
    expect(page.items[2]).toEqual({
      id: expect.any(String),
      type: 'contract.proposed',
      title: '契約の承認依頼が届きました',
      body: '保守契約',
      link: `/contracts/${first.id}`,
      eventId: expect.any(String),
      subject: { type: 'contract', id: first.id },
      read: false,
      readAt: null,
      createdAt: expect.any(String),
    });
    // The vendor hears only of the acceptance.
    expect((await list(vendor.admin)).items.map((n) => n.type)).toEqual(['contract.accepted']);

    const one = await list(store.admin, '?limit=2');
    expect(one.items.map((n) => n.id)).toEqual(page.items.slice(0, 2).map((n) => n.id));
    expect(one.unreadCount).toBe(3);
    const two = await list(store.admin, `?limit=2&cursor=${one.nextCursor}`);
    expect(two).toEqual({ items: [page.items[2]], nextCursor: null, unreadCount: 3 });
  });

  it('marks one read (keeping the first reading time), then all; other users are not affected', async () => {
    const { store, member } = await scenario();
    const [newest, , oldest] = (await list(store.admin)).items;

    const marked = await t.http.post(`/v1/notifications/${oldest.id}/read`).set(bearer(store.admin.token));
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ ...oldest, read: true, readAt: expect.any(String) });
    const again = await t.http.post(`/v1/notifications/${oldest.id}/read`).set(bearer(store.admin.token));
    expect(again.body.readAt).toBe(marked.body.readAt);

    const unread = await list(store.admin, '?unreadOnly=true');
    expect(unread.unreadCount).toBe(2);
    expect(unread.items.map((n) => n.id)).not.toContain(oldest.id);
    expect((await list(store.admin, '?unreadOnly=false')).items).toHaveLength(3);
    expect((await list(member)).unreadCount).toBe(3);

    const all = await t.http.post('/v1/notifications/read-all').set(bearer(store.admin.token));
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ marked: 2, unreadCount: 0 });
    expect((await t.http.post('/v1/notifications/read-all').set(bearer(store.admin.token))).body).toEqual({ marked: 0, unreadCount: 0 });
    const after = await list(store.admin);
    expect(after.items.every((n) => n.read)).toBe(true);
    expect(after.items.find((n) => n.id === newest.id)?.readAt).toEqual(expect.any(String));
    expect((await list(member)).unreadCount).toBe(3);
  });

  it("lets viewers read and mark their own; a chain's users hear what their stores hear", async () => {
    const chain = await f.tenant('chain');
    const chainUser = await f.user(chain.org.id, 'viewer');
    const store = await p.pharmacy({ chainId: chain.org.id });
    const viewer = await f.user(store.org.id, 'viewer');
    await scenario(store);

    const own = await list(viewer);
    expect(own.unreadCount).toBe(3);
    expect((await t.http.post(`/v1/notifications/${own.items[0].id}/read`).set(bearer(viewer.token))).status).toBe(200);
    expect((await t.http.post('/v1/notifications/read-all').set(bearer(viewer.token))).body).toEqual({ marked: 2, unreadCount: 0 });
    expect((await list(chainUser)).items.map((n) => n.type)).toEqual(['contract.accepted', 'contract.proposed', 'contract.proposed']);
    expect((await list(chain.admin)).unreadCount).toBe(3);
  });

  it("answers 404 for another user's notification and changes nothing; API clients are refused", async () => {
    const { vendor, store, member } = await scenario();
    const [target] = (await list(store.admin)).items;
    const outsiders = [member, vendor.admin, (await p.pharmacy()).admin];
    for (const user of outsiders) {
      expectProblem(await t.http.post(`/v1/notifications/${target.id}/read`).set(bearer(user.token)), 404, 'not_found');
      expect((await list(user)).items.map((n) => n.id)).not.toContain(target.id);
    }
    expectProblem(await t.http.post(`/v1/notifications/${target.id}/read`).set(bearer(await f.operator())), 404, 'not_found');
    expectProblem(await t.http.post('/v1/notifications/00000000-0000-4000-8000-000000000000/read').set(bearer(store.admin.token)), 404, 'not_found');
    expectProblem(await t.http.post('/v1/notifications/not-a-uuid/read').set(bearer(store.admin.token)), 404, 'not_found');
    await t.http.post('/v1/notifications/read-all').set(bearer(member.token));
    expect(await countRows(t.db, 'notifications WHERE id = $1 AND read_at IS NULL', [target.id])).toBe(1);
    expect((await list(store.admin)).unreadCount).toBe(3);

    const client = await p.clientToken(store.admin, ['webhooks:manage']);
    expectProblem(await t.http.get('/v1/notifications').set(bearer(client)), 403, 'users_only');
    expectProblem(await t.http.post(`/v1/notifications/${target.id}/read`).set(bearer(client)), 403, 'users_only');
    expectProblem(await t.http.post('/v1/notifications/read-all').set(bearer(client)), 403, 'users_only');
    expectProblem(await t.http.get('/v1/notifications'), 401);
  });

  it('refuses bad list parameters', async () => {
    const { admin } = await f.tenant('pharmacy');
    expect(invalidFields(await t.http.get('/v1/notifications?unreadOnly=maybe').set(bearer(admin.token)))).toEqual(['unreadOnly']);
    expect(invalidFields(await t.http.get('/v1/notifications?limit=0').set(bearer(admin.token)))).toEqual(['limit']);
    expect(invalidFields(await t.http.get('/v1/notifications?cursor=garbage').set(bearer(admin.token)))).toEqual(['cursor']);
    expect(invalidFields(await t.http.get('/v1/notifications?since=yesterday').set(bearer(admin.token)))).toEqual(['since']);
  });
});
