import { expectProblem, invalidFields, walkPages } from './support/assertions';
import { ChainSetup, ChainWorld, FY } from './support/chain-setup';
import { Factory } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

interface StandingProduct {
  securityDisclosure: { required: boolean; received: boolean };
  remoteMaintenance: { required: boolean; disclosed: boolean; confirmed: boolean; riskLevel: string | null };
  rmSds: { required: boolean; received: boolean };
}
interface StandingContract {
  contractId: string;
  kind: string;
  vendor: { id: string; name: string };
  checklist: { status: string; noCount: number; overdueTargetCount: number };
  openRequests: number;
  overdueRequests: number;
  openThreads: number;
  products: StandingProduct[];
}
interface Standing {
  contracts: StandingContract[];
  summary: Record<string, number>;
  missing: { code: string; vendorId: string }[];
}
interface Cell {
  vendor: { id: string; name: string };
  status: string;
  [key: string]: unknown;
}
interface Row {
  store: { id: string; name: string; pharmacyCode: string };
  status: string;
  totals: Record<string, number>;
  cells: Cell[];
}

interface VendorItem {
  vendor: { id: string };
  noAnswers: number;
  noByItem: Record<string, number>;
  gatewayRisks: { flagged: number; high: number; byCode: { code: string }[] };
  remoteMaintenance: { confirmed: number; total: number; confirmedPercent: number | null };
}
interface StoreItem {
  store: { id: string };
  figures: Record<string, number>;
  reasons: { code: string; count: number }[];
  ready: boolean;
}

const KIND_ORDER = ['sale_only', 'maintenance', 'operation'];
const DELIVERY_GAPS = ['checklist_missing', 'security_disclosure_missing', 'remote_maintenance_undisclosed', 'rm_sds_missing'];
const ACTION_GAPS = ['checklist_form_outdated', 'checklist_target_overdue', 'remote_maintenance_unconfirmed'];
const sum = <T>(items: T[], pick: (item: T) => number) => items.reduce((total, item) => total + pick(item), 0);
const count = <T>(items: T[], test: (item: T) => boolean) => items.filter(test).length;

/** What a matrix cell must say, from the store's own standing (its contracts with one vendor, and its missing list). */
function expectedCell(contracts: StandingContract[], missing: Standing['missing']) {
  const products = contracts.flatMap((c) => c.products);
  const required = products.filter((p) => p.securityDisclosure.required);
  const codes = missing.filter((m) => m.vendorId === contracts[0].vendor.id).map((m) => m.code);
  const openThreads = sum(contracts, (c) => c.openThreads);
  const overdueRequests = sum(contracts, (c) => c.overdueRequests);
  return {
    vendor: contracts[0].vendor,
    status: codes.some((c) => DELIVERY_GAPS.includes(c)) ? 'missing' : codes.some((c) => ACTION_GAPS.includes(c)) || openThreads > 0 || overdueRequests > 0 ? 'attention' : 'ok',
    contracts: contracts.length,
    kinds: KIND_ORDER.filter((kind) => contracts.some((c) => c.kind === kind)),
    checklist: expect.objectContaining({
      received: count(contracts, (c) => c.checklist.status === 'received'),
      outdated: count(contracts, (c) => c.checklist.status === 'form_outdated'),
      missing: count(contracts, (c) => c.checklist.status === 'missing'),
      notRequired: count(contracts, (c) => c.checklist.status === 'not_required'),
    }),
    noCount: sum(contracts, (c) => c.checklist.noCount),
    overdueTargets: sum(contracts, (c) => c.checklist.overdueTargetCount),
    securityDisclosures: { received: count(required, (p) => p.securityDisclosure.received), total: required.length },
    rmSds: { received: count(products, (p) => p.rmSds.required && p.rmSds.received), required: count(products, (p) => p.rmSds.required) },
    remoteMaintenance: { confirmed: count(required, (p) => p.remoteMaintenance.confirmed), disclosed: count(required, (p) => p.remoteMaintenance.disclosed), total: required.length },
    openRequests: sum(contracts, (c) => c.openRequests),
    overdueRequests,
    openThreads,
  };
}

function byVendor(contracts: StandingContract[]): Map<string, StandingContract[]> {
  const groups = new Map<string, StandingContract[]>();
  for (const contract of contracts) groups.set(contract.vendor.id, [...(groups.get(contract.vendor.id) ?? []), contract]);
  return groups;
}

/** The chain's store × vendor matrix and summaries: every figure equal to the store's own standing; filters, order, pages; who may read. */
describe('chain aggregation', () => {
  let t: TestApp;
  let f: Factory;
  let c: ChainSetup;
  let w: ChainWorld;
  const standings = new Map<string, Standing>();
  const base = () => `/v1/chains/${w.chain.org.id}`;
  const matrix = (query = '', token = w.chain.admin.token) => c.get(token, `${base()}/matrix?fiscalYear=${FY}${query}`);

  async function readStandings(): Promise<void> {
    for (const store of w.stores) {
      const response = await c.get(store.admin.token, `/v1/pharmacies/${store.org.id}/standing?fiscalYear=${FY}`);
      expect(response.status).toBe(200);
      standings.set(store.org.id, response.body as Standing);
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    f = new Factory(t);
    c = new ChainSetup(t, f);
    w = await c.world();
    await readStandings();
  }, 120_000);
  afterAll(() => t.close());

  describe('the matrix', () => {
    it('has, in every cell, exactly what the store sees on its own standing', async () => {
      const response = await matrix('&limit=100');
      expect(response.status).toBe(200);
      const body = response.body as { items: Row[]; vendors: { id: string }[]; total: number; nextCursor: string | null; fiscalYearLabel: string; chain: { id: string } };
      expect(body).toMatchObject({ chain: { id: w.chain.org.id }, fiscalYearLabel: '令和7年度', total: 6, nextCursor: null });
      expect(body.vendors.map((v) => v.id).sort()).toEqual([w.vendorA.org.id, w.vendorB.org.id, w.vendorC.org.id].sort());
      expect(body.items.map((row) => row.store.id)).toEqual(w.stores.map((s) => s.org.id));
      for (const row of body.items) {
        const standing = standings.get(row.store.id) as Standing;
        const groups = byVendor(standing.contracts);
        expect(row.cells.map((cell) => cell.vendor.id).sort()).toEqual([...groups.keys()].sort());
        for (const cell of row.cells) expect(cell).toMatchObject(expectedCell(groups.get(cell.vendor.id) ?? [], standing.missing));
        expect(row.totals).toMatchObject({
          contracts: standing.summary.contracts,
          checklistsMissing: standing.summary.checklistsMissing,
          checklistsOutdated: standing.summary.checklistsOutdated,
          noCount: standing.summary.noAnswers,
          overdueTargets: standing.summary.overdueTargets,
          openRequests: standing.summary.openRequests,
          openThreads: standing.summary.openThreads,
        });
      }
    });

    it('shows the states the world was built with (a sanity check of the comparison)', async () => {
      const rows = (await matrix('&limit=100')).body.items as Row[];
      const cell = (store: number, vendor: string) => rows[store].cells.find((x) => x.vendor.id === vendor) as Record<string, unknown>;
      expect(cell(0, w.vendorA.org.id)).toMatchObject({
        status: 'attention',
        kinds: ['maintenance'],
        openRequests: 2,
        overdueRequests: 1,
        remoteMaintenance: { confirmed: 1, disclosed: 1, total: 1 },
        rmSds: { received: 1, required: 1 },
      });
      expect(cell(1, w.vendorA.org.id)).toMatchObject({ status: 'attention', noCount: 1, overdueTargets: 1, openThreads: 1 });
      expect(cell(2, w.vendorA.org.id)).toMatchObject({ noCount: 1, overdueTargets: 0 });
      expect(cell(3, w.vendorA.org.id)).toMatchObject({ status: 'missing', checklist: { status: 'missing', statusLabel: '未提出' } });
      // The SDS of B's second product reached store 2 only (selected contract).
      expect(cell(1, w.vendorB.org.id)).toMatchObject({ securityDisclosures: { received: 2, total: 2 } });
      expect(cell(2, w.vendorB.org.id)).toMatchObject({ securityDisclosures: { received: 1, total: 2 } });
      expect(cell(0, w.vendorB.org.id)).toMatchObject({ kinds: ['operation'], noCount: 2, overdueTargets: 2 });
      // The agent maintains C's product at store 1 and published its RM-SDS.
      expect(cell(0, w.vendorC.org.id)).toMatchObject({ rmSds: { received: 1, required: 1 }, securityDisclosures: { received: 0, total: 1 } });
      expect(cell(4, w.vendorC.org.id)).toMatchObject({ status: 'ok', kinds: ['sale_only'], checklist: { status: 'not_required' }, securityDisclosures: { total: 0 } });
      expect(rows.map((row) => row.status)).toEqual(['missing', 'missing', 'missing', 'missing', 'attention', 'ok']);
    });

    it('reflects a write at once (the snapshot is computed again)', async () => {
      const before = ((await matrix(`&storeId=${w.stores[3].org.id}`)).body.items as Row[])[0].cells.find((x) => x.vendor.id === w.vendorA.org.id);
      expect(before).toMatchObject({ checklist: { missing: 1 } });
      await c.s.submitChecklist(w.vendorA.admin, w.contracts['3A'], { '2-⑦': { answer: 'いいえ', targetOn: `${FY}-10-31` } });
      const after = ((await matrix(`&storeId=${w.stores[3].org.id}`)).body.items as Row[])[0].cells.find((x) => x.vendor.id === w.vendorA.org.id);
      expect(after).toMatchObject({ checklist: { received: 1, missing: 0 }, noCount: 1, overdueTargets: 1 });
      const standing = (await c.get(w.stores[3].admin.token, `/v1/pharmacies/${w.stores[3].org.id}/standing?fiscalYear=${FY}`)).body as Standing;
      standings.set(w.stores[3].org.id, standing);
      expect(after).toMatchObject(expectedCell(byVendor(standing.contracts).get(w.vendorA.org.id) ?? [], standing.missing));

      // A disclosure published for all customers reaches every store's cell; a confirmation, the store's own.
      const cellOf = async (store: number, vendor: string) =>
        ((await matrix(`&storeId=${w.stores[store].org.id}`)).body.items as Row[])[0].cells.find((x) => x.vendor.id === vendor);
      expect(await cellOf(0, w.vendorB.org.id)).toMatchObject({ securityDisclosures: { received: 1, total: 2 } });
      await c.s.p.published(w.vendorB.admin, w.productB2.id, { kind: 'SDS', productVersion: '6.0' });
      expect(await cellOf(0, w.vendorB.org.id)).toMatchObject({ securityDisclosures: { received: 2, total: 2 } });
      expect(await cellOf(1, w.vendorA.org.id)).toMatchObject({ remoteMaintenance: { confirmed: 0, disclosed: 1 } });
      expect((await c.s.confirmRm(w.stores[1].admin.token, w.contracts['1A'], w.productA.id, 1)).status).toBe(200);
      expect(await cellOf(1, w.vendorA.org.id)).toMatchObject({ remoteMaintenance: { confirmed: 1, disclosed: 1 } });
      await readStandings();
    });

    it('filters by vendor (its column and the stores under contract with it) and by store', async () => {
      const body = (await matrix(`&vendorId=${w.vendorB.org.id}`)).body as { items: Row[]; vendors: { id: string }[]; total: number };
      expect(body.vendors.map((v) => v.id)).toEqual([w.vendorB.org.id]);
      expect(body.total).toBe(4);
      expect(body.items.map((row) => row.store.id)).toEqual(w.stores.slice(0, 4).map((s) => s.org.id));
      expect(body.items.every((row) => row.cells.length === 1 && row.cells[0].vendor.id === w.vendorB.org.id)).toBe(true);
      const one = (await matrix(`&storeId=${w.stores[4].org.id}`)).body as { items: Row[]; total: number };
      expect(one.total).toBe(1);
      expect(one.items[0].store.id).toBe(w.stores[4].org.id);
    });

    it('filters by status: the store’s worst cell, or a kind of gap', async () => {
      const rows = (await matrix('&limit=100')).body.items as Row[];
      const expectIds = async (status: string, test: (row: Row) => boolean) => {
        const body = (await matrix(`&status=${status}&limit=100`)).body as { items: Row[]; total: number };
        const expected = rows.filter(test).map((row) => row.store.id);
        expect(body.items.map((row) => row.store.id)).toEqual(expected);
        expect(body.total).toBe(expected.length);
      };
      const cellsWhere = (test: (cell: Record<string, unknown>) => boolean) => (row: Row) => row.cells.some((cell) => test(cell));
      await expectIds('missing', (row) => row.status === 'missing');
      await expectIds('attention', (row) => row.status === 'attention');
      await expectIds('ok', (row) => row.status === 'ok');
      await expectIds('checklist_missing', cellsWhere((cell) => (cell.checklist as { missing: number }).missing > 0));
      await expectIds('overdue', cellsWhere((cell) => (cell.overdueTargets as number) > 0));
      await expectIds('open_threads', cellsWhere((cell) => (cell.openThreads as number) > 0));
      await expectIds('open_requests', cellsWhere((cell) => (cell.openRequests as number) > 0));
      await expectIds('sds_missing', cellsWhere((cell) => { const s = cell.securityDisclosures as { received: number; total: number }; return s.received < s.total; }));
      await expectIds('rm_unconfirmed', cellsWhere((cell) => { const r = cell.remoteMaintenance as { confirmed: number; total: number }; return r.confirmed < r.total; }));
    });

    it('sorts by name, code, いいえ count, overdue targets and status, each way', async () => {
      const rows = (await matrix('&limit=100')).body.items as Row[];
      const order = async (query: string) => ((await matrix(`&limit=100${query}`)).body.items as Row[]).map((row) => row.store.id);
      const by = (key: (row: Row) => number | string, descending: boolean) =>
        [...rows]
          .sort((a, b) => {
            const [x, y] = [key(a), key(b)];
            if (x !== y) return (x < y ? -1 : 1) * (descending ? -1 : 1);
            return a.store.name < b.store.name ? -1 : 1;
          })
          .map((row) => row.store.id);
      expect(await order('&sort=name&order=desc')).toEqual([...rows].reverse().map((row) => row.store.id));
      expect(await order('&sort=code')).toEqual(by((row) => row.store.pharmacyCode, false));
      expect(await order('&sort=noCount')).toEqual(by((row) => row.totals.noCount, true));
      expect(await order('&sort=noCount&order=asc')).toEqual(by((row) => row.totals.noCount, false));
      expect(await order('&sort=overdueTargets')).toEqual(by((row) => row.totals.overdueTargets, true));
      const severity = (row: Row) => ({ missing: 2, attention: 1, ok: 0 })[row.status] ?? 0;
      const statusOrder = await order('&sort=status');
      expect(statusOrder.map((id) => severity(rows.find((row) => row.store.id === id) as Row))).toEqual(rows.map(severity).sort((a, b) => b - a));
    });

    it('pages stores with a cursor, every store once, for any order', async () => {
      for (const query of ['', '&sort=noCount']) {
        const { items, pages } = await walkPages(async (cursor) => (await matrix(`&limit=4${query}${cursor ? `&cursor=${cursor}` : ''}`)).body as { items: Row[]; nextCursor: string | null });
        expect(pages).toBe(2);
        expect(new Set(items.map((row) => row.store.id)).size).toBe(6);
      }
      const first = (await matrix('&limit=2')).body as { items: Row[]; total: number; nextCursor: string };
      expect(first).toMatchObject({ total: 6 });
      expect(first.items).toHaveLength(2);
    });

    it('refuses bad queries with the fields named', async () => {
      expect(invalidFields(await matrix('&limit=0'))).toEqual(['limit']);
      expect(invalidFields(await matrix('&limit=101'))).toEqual(['limit']);
      expect(invalidFields(await matrix('&status=late'))).toEqual(['status']);
      expect(invalidFields(await matrix('&sort=vendor'))).toEqual(['sort']);
      expect(invalidFields(await matrix('&vendorId=nope'))).toEqual(['vendorId']);
      expect(invalidFields(await matrix('&cursor=not-ours'))).toEqual(['cursor']);
      expect(invalidFields(await matrix('&format=pdf'))).toEqual(['format']);
      expect(invalidFields(await c.get(w.chain.admin.token, `${base()}/matrix?fiscalYear=r7`))).toEqual(['fiscalYear']);
      expect(invalidFields(await matrix('&color=red'))).toEqual(['color']);
    });

    it('defaults to the current 年度', async () => {
      const body = (await c.get(w.chain.admin.token, `${base()}/matrix`)).body as { fiscalYear: number };
      const now = new Date(Date.now() + 9 * 3600_000);
      expect(body.fiscalYear).toBe(now.getUTCMonth() >= 3 ? now.getUTCFullYear() : now.getUTCFullYear() - 1);
    });
  });

  describe('the vendor summary', () => {
    it('sums every store’s standing per vendor', async () => {
      await readStandings();
      const response = await c.get(w.chain.admin.token, `${base()}/vendor-summary?fiscalYear=${FY}`);
      expect(response.status).toBe(200);
      const items = response.body.items as VendorItem[];
      expect(items).toHaveLength(3);
      for (const item of items) {
        const contracts = [...standings.values()].flatMap((s) => s.contracts).filter((x) => x.vendor.id === item.vendor.id);
        const products = contracts.flatMap((x) => x.products);
        const required = products.filter((p) => p.securityDisclosure.required);
        const owed = contracts.filter((x) => x.kind !== 'sale_only').length;
        const received = count(contracts, (x) => x.checklist.status === 'received');
        expect(item).toMatchObject({
          stores: new Set([...standings.entries()].filter(([, s]) => s.contracts.some((x) => x.vendor.id === item.vendor.id)).map(([id]) => id)).size,
          contracts: contracts.length,
          checklists: { owed, received, missing: count(contracts, (x) => x.checklist.status === 'missing'), receivedPercent: owed ? Math.round((received / owed) * 1000) / 10 : null },
          noAnswers: sum(contracts, (x) => x.checklist.noCount),
          overdueTargets: sum(contracts, (x) => x.checklist.overdueTargetCount),
          openRequests: sum(contracts, (x) => x.openRequests),
          openThreads: sum(contracts, (x) => x.openThreads),
          securityDisclosures: { received: count(required, (p) => p.securityDisclosure.received), total: required.length },
          remoteMaintenance: { confirmed: count(required, (p) => p.remoteMaintenance.confirmed), total: required.length },
        });
        expect(item.gatewayRisks.flagged).toBe(count(products, (p) => p.remoteMaintenance.riskLevel !== null && p.remoteMaintenance.riskLevel !== 'none'));
        expect(sum(Object.values(item.noByItem), (n) => n)).toBe(item.noAnswers);
      }
      const a = items.find((item) => item.vendor.id === w.vendorA.org.id) as VendorItem;
      expect(a.noByItem).toEqual({ '2-⑤': 2, '2-①': 1, '2-⑦': 1 });
      expect(a.gatewayRisks).toMatchObject({ flagged: 1, high: 1 });
      expect(a.gatewayRisks.byCode.map((r) => r.code).sort()).toEqual(['gateway_firmware_stale', 'no_two_factor']);
      expect(a.remoteMaintenance.confirmedPercent).toBe(Math.round((a.remoteMaintenance.confirmed / a.remoteMaintenance.total) * 1000) / 10);
      const b = items.find((item) => item.vendor.id === w.vendorB.org.id) as VendorItem;
      expect(b.noByItem).toEqual({ '2-①': 1, '2-⑤': 1 });
    });

    it('filters by vendor', async () => {
      const items = (await c.get(w.chain.admin.token, `${base()}/vendor-summary?fiscalYear=${FY}&vendorId=${w.vendorC.org.id}`)).body.items as { vendor: { id: string } }[];
      expect(items.map((item) => item.vendor.id)).toEqual([w.vendorC.org.id]);
    });
  });

  describe('the store summary', () => {
    it('gives each store’s readiness with the reasons its own pages show', async () => {
      await readStandings();
      const response = await c.get(w.chain.admin.token, `${base()}/store-summary?fiscalYear=${FY}&limit=100`);
      expect(response.status).toBe(200);
      const body = response.body as { items: StoreItem[]; totals: { stores: number; ready: number; notReady: number; reasons: Record<string, number> }; total: number };
      expect(body.total).toBe(6);
      for (const item of body.items) {
        const standing = standings.get(item.store.id) as Standing;
        expect(item.figures).toEqual({ vendors: standing.summary.vendors, ...Object.fromEntries(Object.entries(standing.summary).filter(([key]) => key !== 'vendors')) });
        const codes = new Map<string, number>();
        for (const m of standing.missing) codes.set(m.code, (codes.get(m.code) ?? 0) + 1);
        const vendorReasons = item.reasons.filter((r) => !r.code.startsWith('own_'));
        expect(Object.fromEntries(vendorReasons.map((r) => [r.code, r.count]))).toEqual(Object.fromEntries(codes));
        const own = (await c.get(item.store.id === w.stores[5].org.id ? w.stores[5].admin.token : w.chain.admin.token, `/v1/pharmacies/${item.store.id}/checklists/${FY}`)).body as { id: string | null; missingItems: string[] };
        const ownReasons = Object.fromEntries(item.reasons.filter((r) => r.code.startsWith('own_')).map((r) => [r.code, r.count]));
        expect(ownReasons).toEqual(own.id === null ? { own_checklist_missing: 1 } : own.missingItems.length > 0 ? { own_checklist_incomplete: own.missingItems.length } : {});
        expect(item.ready).toBe(item.reasons.length === 0);
      }
      expect(body.totals).toMatchObject({ stores: 6, ready: 0, notReady: 6 });
      expect(body.totals.reasons.own_checklist_missing).toBe(5);
      expect(body.totals.reasons.own_checklist_incomplete).toBe(1);
    });

    it('filters by readiness and store, and sorts by the number of gaps', async () => {
      expect((await c.get(w.chain.admin.token, `${base()}/store-summary?fiscalYear=${FY}&ready=true`)).body).toMatchObject({ total: 0, items: [] });
      const one = (await c.get(w.chain.admin.token, `${base()}/store-summary?fiscalYear=${FY}&storeId=${w.stores[2].org.id}`)).body;
      expect(one.items.map((i: { store: { id: string } }) => i.store.id)).toEqual([w.stores[2].org.id]);
      expect(one.totals.stores).toBe(6);
      const sorted = (await c.get(w.chain.admin.token, `${base()}/store-summary?fiscalYear=${FY}&sort=readiness`)).body.items as { reasons: { count: number }[] }[];
      const gaps = sorted.map((i) => sum(i.reasons, (r) => r.count));
      expect(gaps).toEqual([...gaps].sort((x, y) => y - x));
      expect(invalidFields(await c.get(w.chain.admin.token, `${base()}/store-summary?ready=maybe`))).toEqual(['ready']);
    });
  });

  describe('access', () => {
    it('answers 404 to another chain, a store of the chain, a vendor of its stores, the operator, and for an unknown chain', async () => {
      const other = await f.tenant('chain');
      const tokens = [other.admin.token, w.stores[0].admin.token, w.vendorA.admin.token, w.agent.admin.token, await f.operator()];
      for (const route of ['matrix', 'vendor-summary', 'store-summary']) {
        for (const token of tokens) expectProblem(await c.get(token, `${base()}/${route}?fiscalYear=${FY}`), 404);
        for (const token of tokens) expectProblem(await c.get(token, `${base()}/${route}?fiscalYear=${FY}&format=csv`), 404);
        expectProblem(await c.get(w.chain.admin.token, `/v1/chains/00000000-0000-4000-8000-000000000000/${route}`), 404);
        // A store id is not a chain id, even for its own chain.
        expectProblem(await c.get(w.chain.admin.token, `/v1/chains/${w.stores[0].org.id}/${route}`), 404);
      }
      expectProblem(await t.http.get(`${base()}/matrix`), 401);
    });

    it('lets the chain’s viewers and API clients read, and audits every read', async () => {
      const viewer = await f.user(w.chain.org.id, 'viewer');
      expect((await matrix('', viewer.token)).status).toBe(200);
      const client = await c.s.p.clientToken(w.chain.admin, ['requests:write']);
      expect((await c.get(client, `${base()}/vendor-summary?fiscalYear=${FY}`)).status).toBe(200);
      const [row]: { n: string }[] = await t.db.query(
        `SELECT count(*) AS n FROM audit_events WHERE organization_id = $1 AND action IN ('chain.matrix.read', 'chain.vendor_summary.read') AND target_id = $2`,
        [w.chain.org.id, w.chain.org.id],
      );
      expect(Number(row.n)).toBeGreaterThan(2);
    });

    it('keeps each chain’s figures to itself', async () => {
      const other = await c.world(2);
      const mine = (await matrix('&limit=100')).body.items as Row[];
      const theirs = (await c.get(other.chain.admin.token, `/v1/chains/${other.chain.org.id}/matrix?fiscalYear=${FY}`)).body.items as Row[];
      expect(theirs.map((row) => row.store.id)).toEqual(other.stores.map((s) => s.org.id));
      expect(mine.map((row) => row.store.id)).toEqual(w.stores.map((s) => s.org.id));
      const vendors = (await c.get(other.chain.admin.token, `/v1/chains/${other.chain.org.id}/vendor-summary?fiscalYear=${FY}`)).body.items as { stores: number }[];
      expect(vendors.every((v) => v.stores <= 2)).toBe(true);
    });
  });
});
