import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';
import { FY } from './checklist-setup';
import { bearer, Factory, TestOrganization, TestUser } from './factories';
import { daysFromToday, PharmacySetup, PharmacyWorld, rmBody } from './pharmacy-setup';
import { binaryParser, Disclosure, Tenant } from './publishing';
import type { TestApp } from './test-app';

/** The 令和7年度 薬局確認用 items the pharmacy answers itself (2-② and 2-③ are derived). */
export const OWN_ITEMS = ['1-①', '2-①', '2-④', '2-⑤', '2-⑥', '2-⑦', '2-⑧', '2-⑨', '2-⑩', '2-⑪', '2-⑫', '2-⑬', '2-⑭', '3-①', '3-②', '3-③', '4-①'];
export const MANAGER = '管理薬剤師 山田 花子';

export interface PackWorld {
  chain: { org: TestOrganization; admin: TestUser };
  store: Tenant;
  sibling: Tenant;
  /** Maintenance contract, everything delivered: SDS, RM-SDS, remote maintenance confirmed, checklist submitted. */
  complete: PharmacyWorld & { sds: Disclosure; rmSds: Disclosure; checklistId: string };
  /** Operation contract: risky remote maintenance disclosed but not confirmed, no MDS/SDS, no checklist. */
  lacking: PharmacyWorld;
  /** Sale-only contract: nothing owed. */
  saleOnly: PharmacyWorld;
  threads: { overdue: string; onChecklist: string; resolved: string };
}

/**
 * A chain with two stores; the first has three vendors in different states, its own 薬局確認用
 * (1-① naming its 安全管理責任者) and risk threads (one overdue, one on a checklist item, one
 * resolved); the sibling has a sale-only contract and nothing else.
 */
export async function buildPackWorld(t: TestApp, f: Factory): Promise<PackWorld> {
  const s = new PharmacySetup(t, f);
  const chain = await f.tenant('chain');
  const store = await s.p.pharmacy({ chainId: chain.org.id, name: `さくら調剤薬局 本町店 ${Date.now() % 100000}` });
  const sibling = await s.p.pharmacy({ chainId: chain.org.id, name: `さくら調剤薬局 駅前店 ${Date.now() % 100000}` });

  const complete = await s.world({ pharmacy: store });
  const sds = await s.p.published(complete.vendor.admin, complete.product.id);
  const rmSds = await s.p.published(complete.vendor.admin, complete.product.id, { kind: 'RM-SDS' });
  await s.disclosedRm(complete.vendor.admin, store.admin, complete.contract.id, complete.product.id);
  const checklist = await s.submitChecklist(complete.vendor.admin, complete.contract.id, { '2-①': { answer: 'いいえ', targetOn: `${FY}-12-31`, remarks: '来期に確認予定' } });

  const lacking = await s.world({ pharmacy: store, kind: 'operation' });
  const risky = rmBody(lacking.product.id, {
    twoFactor: false,
    gateway: { maker: 'Fortinet', model: 'FortiGate 60E', firmwareVersion: '6.0.4', lastPatchedOn: daysFromToday(-400) },
  });
  await s.disclosedRm(lacking.vendor.admin, store.admin, lacking.contract.id, lacking.product.id, { body: risky, confirm: false });

  const saleOnly = await s.world({ pharmacy: store, kind: 'sale_only' });
  await s.p.contract(saleOnly.vendor.admin, sibling, [saleOnly.product.id], { kind: 'sale_only' });

  const own = OWN_ITEMS.map((itemId) => ({
    itemId,
    answer: itemId === '3-③' ? 'いいえ' : 'はい',
    confirmedOn: '2025-06-01',
    ...(itemId === '3-③' ? { targetOn: '2026-01-31' } : {}),
    ...(itemId === '1-①' ? { remarks: MANAGER } : {}),
  }));
  expectOk(await t.http.put(`/v1/pharmacies/${store.org.id}/checklists/${FY}`).set(bearer(store.admin.token)).send({ answers: own }));

  const open = async (body: Record<string, unknown>) =>
    expectOk(await t.http.post('/v1/risk-threads').set(bearer(store.admin.token)).send({ message: 'この回答の理由を教えてください。', ...body }), 201).id as string;
  const overdue = await open({ documentType: 'disclosure', documentId: sds.id, itemId: '2', dueOn: daysFromToday(3) });
  // Due dates cannot be set in the past through the API: age this one as time would.
  await t.db.query(`UPDATE risk_threads SET due_on = (now() AT TIME ZONE 'Asia/Tokyo')::date - 5 WHERE id = $1`, [overdue]);
  const onChecklist = await open({ documentType: 'checklist', documentId: checklist.id, itemId: '2-①' });
  const resolved = await open({ documentType: 'disclosure', documentId: sds.id, itemId: '3' });
  expectOk(await t.http.post(`/v1/risk-threads/${resolved}/resolve`).set(bearer(store.admin.token)).send({ outcome: 'risk_accepted' }));

  return {
    chain,
    store,
    sibling,
    complete: { ...complete, sds, rmSds, checklistId: checklist.id },
    lacking,
    saleOnly,
    threads: { overdue, onChecklist, resolved },
  };
}

function expectOk(response: Response, status = 200): Record<string, unknown> {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

/** GET with the body kept as bytes (PDF, ZIP) — problem documents are still parsed as JSON. */
export function download(t: TestApp, token: string, path: string) {
  return t.http.get(path).set(bearer(token)).buffer(true).parse(binaryParser);
}

/** Writes the bytes to `dir/name` and returns the path. */
export function saved(dir: string, name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

export { FY };
