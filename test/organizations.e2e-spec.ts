import { randomUUID } from 'node:crypto';
import { countRows, expectProblem, invalidFields, walkPages } from './support/assertions';
import { bearer, Factory, uniquePharmacyCode } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

describe('organizations', () => {
  let t: TestApp;
  let f: Factory;
  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
  });
  afterAll(() => t.close());

  const uniqueName = (label: string) => `${label} ${randomUUID()}`;
  const create = async (body: Record<string, unknown>, token?: string) =>
    t.http.post('/v1/organizations').set(bearer(token ?? (await f.operator()))).send(body);
  const created = async (body: Record<string, unknown>) => {
    const response = await create(body);
    if (response.status !== 201) throw new Error(`expected 201, got ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as Record<string, string>;
  };
  /** Rows (and audit events) an organization of that name left behind. */
  const written = async (name: string) => ({
    organizations: await countRows(t.db, 'organizations WHERE name = $1', [name]),
    audit: await countRows(t.db, `audit_events WHERE action = 'organization.create' AND details->>'name' = $1`, [name]),
  });

  it('lets the operator register a vendor, a chain and a pharmacy of that chain, audited', async () => {
    const vendor = await created({ kind: 'vendor', name: '  株式会社テスト  ', corporateNumber: '7000012050002' });
    expect(vendor).toEqual(
      expect.objectContaining({ kind: 'vendor', kindLabel: '事業者', name: '株式会社テスト', corporateNumber: '7000012050002', pharmacyCode: null, chainId: null }),
    );
    expect(vendor.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(vendor.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const chain = await created({ kind: 'chain', name: uniqueName('本部') });
    expect(chain.kindLabel).toBe('法人本部');
    const code = uniquePharmacyCode();
    const pharmacy = await created({ kind: 'pharmacy', name: uniqueName('薬局'), pharmacyCode: code, chainId: chain.id });
    expect(pharmacy).toEqual(expect.objectContaining({ kind: 'pharmacy', kindLabel: '薬局', pharmacyCode: code, chainId: chain.id }));

    const [row] = await t.db.query('SELECT kind, pharmacy_code, chain_id FROM organizations WHERE id = $1', [pharmacy.id]);
    expect(row).toEqual({ kind: 'pharmacy', pharmacy_code: code, chain_id: chain.id });
    const events = await t.db.query(`SELECT action, actor_type, target_id, organization_id FROM audit_events WHERE organization_id = $1`, [pharmacy.id]);
    expect(events).toEqual([{ action: 'organization.create', actor_type: 'user', target_id: pharmacy.id, organization_id: pharmacy.id }]);

    await t.http.get(`/v1/organizations/${vendor.id}`).set(bearer(await f.operator())).expect(200);
  });

  it.each([
    ['a wrong 法人番号 check digit', { kind: 'vendor', corporateNumber: '7000012050003' }, ['corporateNumber']],
    ['a 12-digit 法人番号', { kind: 'vendor', corporateNumber: '700001205000' }, ['corporateNumber']],
    ['a 9-digit 保険薬局コード', { kind: 'pharmacy', pharmacyCode: '123456789' }, ['pharmacyCode']],
    ['a 保険薬局コード with letters', { kind: 'pharmacy', pharmacyCode: '12345abcde' }, ['pharmacyCode']],
    ['a 保険薬局コード on a vendor', { kind: 'vendor', pharmacyCode: '1234567890' }, ['pharmacyCode']],
    ['a chain id on a vendor', { kind: 'vendor', chainId: randomUUID() }, ['chainId']],
    ['an unknown kind', { kind: 'operator' }, ['kind']],
    ['an empty name', { kind: 'vendor', name: '   ' }, ['name']],
    ['unknown fields', { kind: 'vendor', secretSauce: true, isAdmin: 1 }, ['secretSauce', 'isAdmin']],
  ])('refuses %s with 400 listing the field, writing nothing', async (_label, extra, fields) => {
    const name = uniqueName('refused');
    const body = { name, ...extra };
    const before = await written(name);
    expect(invalidFields(await create(body))).toEqual(fields);
    expect(await written(name)).toEqual(before);
    expect(before).toEqual({ organizations: 0, audit: 0 });
  });

  it('requires chainId to name a chain organization', async () => {
    const vendor = await f.organization('vendor');
    const pharmacy = await f.organization('pharmacy');
    for (const chainId of [vendor.id, pharmacy.id, randomUUID()]) {
      const name = uniqueName('orphan');
      expect(invalidFields(await create({ kind: 'pharmacy', name, chainId }))).toEqual(['chainId']);
      expect(await written(name)).toEqual({ organizations: 0, audit: 0 });
    }
  });

  it('refuses a duplicate 保険薬局コード with 409 and writes nothing', async () => {
    const code = uniquePharmacyCode();
    await created({ kind: 'pharmacy', name: uniqueName('first'), pharmacyCode: code });
    const name = uniqueName('second');
    expectProblem(await create({ kind: 'pharmacy', name, pharmacyCode: code }), 409, 'pharmacy_code_taken');
    expect(await written(name)).toEqual({ organizations: 0, audit: 0 });
    expect(await countRows(t.db, 'organizations WHERE pharmacy_code = $1', [code])).toBe(1);
  });

  it('refuses organization creation by anyone but the operator (403), writing nothing', async () => {
    const { org, admin } = await f.tenant('chain');
    const member = await f.user(org.id, 'member');
    for (const token of [admin.token, member.token]) {
      const name = uniqueName('by-tenant');
      expectProblem(await create({ kind: 'pharmacy', name, chainId: org.id }, token), 403, 'operator_required');
      expect(await written(name)).toEqual({ organizations: 0, audit: 0 });
    }
    const name = uniqueName('anonymous');
    expectProblem(await t.http.post('/v1/organizations').send({ kind: 'vendor', name }), 401);
    expect(await written(name)).toEqual({ organizations: 0, audit: 0 });
  });

  it('lets an organization admin rename it and set its security settings, audited', async () => {
    // A pharmacy: a vendor's name and 法人番号 wait for the operator (organization-identity.e2e-spec.ts).
    const { org, admin } = await f.tenant('pharmacy');
    const updated = await t.http
      .patch(`/v1/organizations/${org.id}`)
      .set(bearer(admin.token))
      .send({ name: '新しい名前', corporateNumber: '7000012050002', requireTwoFactor: false, autoDisableInactiveUsers: true })
      .expect(200);
    expect(updated.body).toEqual(expect.objectContaining({ id: org.id, name: '新しい名前', corporateNumber: '7000012050002', autoDisableInactiveUsers: true }));
    const again = await t.http.get(`/v1/organizations/${org.id}`).set(bearer(admin.token)).expect(200);
    expect(again.body.name).toBe('新しい名前');
    const events = await t.db.query(`SELECT actor_id, target_id, details FROM audit_events WHERE organization_id = $1 AND action = 'organization.update'`, [org.id]);
    expect(events).toEqual([expect.objectContaining({ actor_id: admin.id, target_id: org.id, details: expect.objectContaining({ name: '新しい名前' }) })]);

    expect(invalidFields(await t.http.patch(`/v1/organizations/${org.id}`).set(bearer(admin.token)).send({ corporateNumber: '7000012050003', kind: 'chain' }))).toEqual([
      'kind',
      'corporateNumber',
    ]);
    const member = await f.user(org.id, 'member');
    expectProblem(await t.http.patch(`/v1/organizations/${org.id}`).set(bearer(member.token)).send({ name: 'member rename' }), 403);
    const [row] = await t.db.query('SELECT name, corporate_number, kind FROM organizations WHERE id = $1', [org.id]);
    expect(row).toEqual({ name: '新しい名前', corporate_number: '7000012050002', kind: 'pharmacy' });
  });

  it('lists what each principal may see: own, chain and its pharmacies, everything for the operator', async () => {
    const { org: chain, admin: chainAdmin } = await f.tenant('chain');
    const { org: store1, admin: storeAdmin } = await f.tenant('pharmacy', { chainId: chain.id });
    const store2 = await f.organization('pharmacy', { chainId: chain.id });
    const { org: vendor, admin: vendorAdmin } = await f.tenant('vendor');
    const ids = async (token: string, query = '') => {
      const { items } = await walkPages<{ id: string }>((cursor) =>
        t.http
          .get(`/v1/organizations?limit=100${query}${cursor ? `&cursor=${cursor}` : ''}`)
          .set(bearer(token))
          .expect(200)
          .then((r) => r.body),
      );
      return items.map((o) => o.id);
    };
    expect((await ids(chainAdmin.token)).sort()).toEqual([chain.id, store1.id, store2.id].sort());
    expect((await ids(storeAdmin.token)).sort()).toEqual([chain.id, store1.id].sort());
    expect(await ids(vendorAdmin.token)).toEqual([vendor.id]);
    const client = await f.apiClient(vendorAdmin);
    const token = await t.http.post('/v1/auth/token').type('form').send({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret });
    expect(await ids(token.body.access_token as string)).toEqual([vendor.id]);

    const all = await ids(await f.operator());
    expect(all).toEqual(expect.arrayContaining([chain.id, store1.id, store2.id, vendor.id]));
    expect(new Set(all).size).toBe(all.length);
    expect(await ids(await f.operator(), `&kind=pharmacy&chainId=${chain.id}`)).toEqual([store1.id, store2.id]);
  });

  it('pages with a capped page size', async () => {
    const operator = await f.operator();
    const page = await t.http.get('/v1/organizations?limit=2').set(bearer(operator)).expect(200);
    expect(page.body.items).toHaveLength(2);
    expect(typeof page.body.nextCursor).toBe('string');
    expect(invalidFields(await t.http.get('/v1/organizations?limit=101').set(bearer(operator)))).toEqual(['limit']);
    expect(invalidFields(await t.http.get('/v1/organizations?limit=0').set(bearer(operator)))).toEqual(['limit']);
    expect(invalidFields(await t.http.get('/v1/organizations?cursor=bm90LWEtY3Vyc29y').set(bearer(operator)))).toEqual(['cursor']);
  });

  it('answers 404 for a missing id and for a malformed one', async () => {
    const operator = await f.operator();
    expectProblem(await t.http.get(`/v1/organizations/${randomUUID()}`).set(bearer(operator)), 404, 'not_found');
    expectProblem(await t.http.get('/v1/organizations/not-a-uuid').set(bearer(operator)), 404, 'not_found');
  });
});
