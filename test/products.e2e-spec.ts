import { countRows, expectProblem, invalidFields, walkPages } from './support/assertions';
import { bearer, Factory } from './support/factories';
import { Product, Publishing, Tenant } from './support/publishing';
import { startTestApp, TestApp } from './support/test-app';

/** Products: vendors register and change their systems and services; customers see those under an active contract. */
describe('products', () => {
  let t: TestApp;
  let p: Publishing;
  beforeAll(async () => {
    t = await startTestApp();
    p = new Publishing(t, new Factory(t));
  });
  afterAll(() => t.close());

  const post = (token: string, body: Record<string, unknown>) => t.http.post('/v1/products').set(bearer(token)).send(body);
  const patch = (token: string, id: string, body: Record<string, unknown>) => t.http.patch(`/v1/products/${id}`).set(bearer(token)).send(body);
  const get = (token: string, id: string) => t.http.get(`/v1/products/${id}`).set(bearer(token));
  const listIds = async (token: string, filter = '') =>
    (await walkPages<Product>((cursor) => t.http.get(`/v1/products?limit=2${filter}${cursor ? `&cursor=${cursor}` : ''}`).set(bearer(token)).expect(200).then((r) => r.body))).items.map((x) => x.id);
  const productsOf = (vendor: Tenant) => countRows(t.db, 'products WHERE vendor_id = $1', [vendor.org.id]);

  it('lets a vendor register a product, with labels, trimmed and de-duplicated versions, and an audit event', async () => {
    const vendor = await p.vendor();
    const created = await post(vendor.admin.token, { name: '  調剤クラウド  ', category: 'レセコン', deployment: 'on-premises', versions: [' 5.2', '6.0', '5.2'], description: '保険薬局向け' }).expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      vendorId: vendor.org.id,
      vendorName: vendor.org.name,
      name: '調剤クラウド',
      category: 'レセコン',
      categoryLabel: 'レセコン',
      deployment: 'on-premises',
      deploymentLabel: 'オンプレミス',
      versions: ['5.2', '6.0'],
      description: '保険薬局向け',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await countRows(t.db, `audit_events WHERE action = 'product.create' AND target_id = $1`, [created.body.id])).toBe(1);
    const other = await post(vendor.admin.token, { name: '周辺機器', category: 'other', deployment: 'hybrid' }).expect(201);
    expect(other.body).toMatchObject({ categoryLabel: 'その他', deploymentLabel: 'ハイブリッド', versions: [], description: null });
    expect((await get(vendor.admin.token, created.body.id).expect(200)).body).toEqual(created.body);
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown category', { name: 'x', category: 'POS', deployment: 'cloud' }, ['category']],
    ['an unknown deployment', { name: 'x', category: '会計', deployment: 'saas' }, ['deployment']],
    ['a blank name', { name: '   ', category: '会計', deployment: 'cloud' }, ['name']],
    ['no name, category or deployment', {}, ['name', 'category', 'deployment']],
    ['a blank version', { name: 'x', category: '会計', deployment: 'cloud', versions: ['1.0', ' '] }, ['versions']],
    ['an unknown field', { name: 'x', category: '会計', deployment: 'cloud', price: 100 }, ['price']],
  ])('refuses %s with 400 and writes nothing', async (_label, body, fields) => {
    const vendor = await p.vendor();
    const response = await post(vendor.admin.token, body);
    expect(invalidFields(response)).toEqual(expect.arrayContaining(fields));
    expect(await productsOf(vendor)).toBe(0);
    expect(await countRows(t.db, `audit_events WHERE action = 'product.create' AND organization_id = $1`, [vendor.org.id])).toBe(0);
  });

  it("refuses a duplicate name within the vendor with 409 (another vendor's same name is fine)", async () => {
    const vendor = await p.vendor();
    const first = await p.product(vendor.admin, { name: '電子薬歴 Pro' });
    expectProblem(await post(vendor.admin.token, { name: '電子薬歴 Pro', category: '電子薬歴', deployment: 'cloud' }), 409, 'product_name_taken');
    expect(await productsOf(vendor)).toBe(1);
    const second = await p.product(vendor.admin, { name: '電子薬歴 Pro 2' });
    expectProblem(await patch(vendor.admin.token, second.id, { name: ' 電子薬歴 Pro ' }), 409, 'product_name_taken');
    expect((await get(vendor.admin.token, second.id).expect(200)).body.name).toBe('電子薬歴 Pro 2');
    const other = await p.vendor();
    expect((await p.product(other.admin, { name: '電子薬歴 Pro' })).id).not.toBe(first.id);
  });

  it('refuses writes by pharmacies, chains and the operator with 403 vendor_required, and by viewers', async () => {
    const body = { name: '薬局の製品', category: '会計', deployment: 'cloud' };
    for (const kind of ['pharmacy', 'chain'] as const) {
      const { admin } = await p.f.tenant(kind);
      expectProblem(await post(admin.token, body), 403, 'vendor_required');
    }
    expectProblem(await post(await p.f.operator(), body), 403, 'vendor_required');
    const vendor = await p.vendor();
    const viewer = await p.f.user(vendor.org.id, 'viewer');
    expectProblem(await post(viewer.token, body), 403, 'read_only_role');
    expect(await countRows(t.db, 'products WHERE name = $1', [body.name])).toBe(0);
  });

  it('changes a product with PATCH: only the fields sent, versions replaced, audited', async () => {
    const vendor = await p.vendor();
    const product = await p.product(vendor.admin, { versions: ['1.0'], description: '初版' });
    const changed = await patch(vendor.admin.token, product.id, { deployment: 'hybrid', versions: ['2.0', '2.0', '2.1'] }).expect(200);
    expect(changed.body).toMatchObject({ name: product.name, category: 'レセコン', deployment: 'hybrid', deploymentLabel: 'ハイブリッド', versions: ['2.0', '2.1'], description: '初版' });
    expect(Date.parse(changed.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(changed.body.createdAt));
    expect(await countRows(t.db, `audit_events WHERE action = 'product.update' AND target_id = $1`, [product.id])).toBe(1);

    const before = (await get(vendor.admin.token, product.id).expect(200)).body;
    for (const body of [{ category: 'POS' }, { deployment: 'mainframe' }, { name: '' }, { vendorId: vendor.org.id }]) {
      expectProblem(await patch(vendor.admin.token, product.id, body), 400, 'validation_failed');
    }
    expect((await get(vendor.admin.token, product.id).expect(200)).body).toEqual(before);
  });

  it("answers 404 to another vendor's PATCH and 403 to a customer's (which can see the product), and changes nothing", async () => {
    const { vendor, product, pharmacy } = await p.setup();
    const other = await p.vendor();
    expectProblem(await patch(other.admin.token, product.id, { name: '乗っ取り' }), 404, 'not_found');
    await get(pharmacy.admin.token, product.id).expect(200);
    expectProblem(await patch(pharmacy.admin.token, product.id, { name: '乗っ取り' }), 403, 'vendor_required');
    expectProblem(await patch(await p.f.operator(), product.id, { name: '乗っ取り' }), 403, 'vendor_required');
    expectProblem(await patch(vendor.admin.token, 'not-a-uuid', { name: 'x' }), 404, 'not_found');
    expect((await get(vendor.admin.token, product.id).expect(200)).body.name).toBe(product.name);
    expect(await countRows(t.db, `audit_events WHERE action = 'product.update' AND target_id = $1`, [product.id])).toBe(0);
  });

  it('lists a vendor its own products only, filtered by category, page by page', async () => {
    const vendor = await p.vendor();
    const own = [await p.product(vendor.admin), await p.product(vendor.admin, { category: '会計' }), await p.product(vendor.admin)];
    const other = await p.vendor();
    await p.product(other.admin);
    expect(await listIds(vendor.admin.token)).toEqual(own.map((x) => x.id));
    expect(await listIds(vendor.admin.token, '&category=会計')).toEqual([own[1].id]);
    expect(await listIds(vendor.admin.token, `&vendorId=${other.org.id}`)).toEqual([]);
    expectProblem(await t.http.get('/v1/products?category=POS').set(bearer(vendor.admin.token)), 400, 'validation_failed');
  });

  it('shows customers and agents only the products of their active contracts; everyone else gets 404', async () => {
    const vendor = await p.vendor();
    const agent = await p.vendor();
    const [covered, uncovered, proposedOnly] = [await p.product(vendor.admin), await p.product(vendor.admin), await p.product(vendor.admin)];
    const chain = await p.f.tenant('chain');
    const store = await p.pharmacy({ chainId: chain.org.id });
    await p.contract(vendor.admin, store, [covered.id], { agentId: agent.org.id });
    const waiting = await p.pharmacy();
    await p.contract(vendor.admin, waiting, [proposedOnly.id], { accept: false });

    for (const reader of [store.admin, chain.admin, agent.admin]) {
      expect((await get(reader.token, covered.id).expect(200)).body.id).toBe(covered.id);
      expect(await listIds(reader.token, `&vendorId=${vendor.org.id}`)).toEqual([covered.id]);
      expectProblem(await get(reader.token, uncovered.id), 404, 'not_found');
    }
    const outsiders = [(await p.vendor()).admin, (await p.pharmacy()).admin, waiting.admin, (await p.f.tenant('chain')).admin];
    for (const outsider of outsiders) {
      for (const product of [covered, uncovered, proposedOnly]) expectProblem(await get(outsider.token, product.id), 404, 'not_found');
      expect(await listIds(outsider.token, `&vendorId=${vendor.org.id}`)).toEqual([]);
    }
    const operator = await p.f.operator();
    expectProblem(await get(operator, covered.id), 404, 'not_found');
  });

  it('needs products:write for API clients to write; reading needs no scope', async () => {
    const vendor = await p.vendor();
    const product = await p.product(vendor.admin);
    const writer = await p.clientToken(vendor.admin, ['products:write']);
    const reader = await p.clientToken(vendor.admin, ['disclosures:write']);
    const created = await post(writer, { name: '連携 API 製品', category: 'NSIPS連携', deployment: 'cloud' }).expect(201);
    expect(created.body.vendorId).toBe(vendor.org.id);
    await patch(writer, product.id, { description: 'API から更新' }).expect(200);

    expectProblem(await post(reader, { name: '権限なし', category: '会計', deployment: 'cloud' }), 403, 'insufficient_scope');
    expectProblem(await patch(reader, product.id, { description: '権限なし' }), 403, 'insufficient_scope');
    expect(await countRows(t.db, 'products WHERE vendor_id = $1 AND (name = $2 OR description = $2)', [vendor.org.id, '権限なし'])).toBe(0);
    expect((await get(reader, product.id).expect(200)).body.description).toBe('API から更新');
    expect(await listIds(reader)).toEqual([product.id, created.body.id]);
  });
});
