import { API_SCOPES } from '../../src/auth/scopes';
import { HostResolver, ResolvedAddress } from '../../src/webhooks/webhook-targets';
import { AccessFingerprint } from './access-fingerprint';
import { checklistOverrides, FreshResources, ITEMS, ownAnswers, SeedApi, threadBody, WEBHOOK_URL } from './access-fresh';
import { TotpDriver } from './access-totp';
import { enrolledTotp } from './operator-login';
import { FY } from './checklist-setup';
import { bearer, Factory, TestUser, uniqueEmail, uniquePharmacyCode } from './factories';
import { PharmacySetup, rmBody } from './pharmacy-setup';
import { corporateNumber, makePdf } from './publishing';
import { checklistAnswers } from './risk-setup';
import type { TestApp } from './test-app';
import { loggedDelivery } from './webhook-log';

/**
 * One world for the access matrix, seeded through the public API: an owner side (vendor V with
 * its agent A under an active contract with pharmacy P of chain C, and every kind of record
 * between them) and outsiders (vendor V2, pharmacy P2 of chain C2 under contract with V2, and S,
 * another store of chain C, which sees nothing of its sibling P).
 */

export const PRINCIPALS = [
  'vendorAdmin',
  'vendorClient',
  'pharmacyAdmin',
  'chainAdmin',
  'agent',
  'viewer',
  'operator',
  'otherVendor',
  'otherPharmacy',
  'siblingPharmacy',
  'otherChain',
  'anonymous',
  'revokedClient',
] as const;
export type PrincipalName = (typeof PRINCIPALS)[number];

/** What a principal acts as: the kind of its organization (none for anonymous). */
export type Side = 'vendor' | 'pharmacy' | 'chain' | 'operator' | 'none';

export interface Account {
  id: string;
  email: string;
  /** Current password: the matrix changes it (POST /v1/auth/password). */
  password: string;
}

export interface MatrixPrincipal {
  name: PrincipalName;
  side: Side;
  token?: string;
  /** Portal users only. */
  account?: Account;
}

export interface WorldIds {
  operatorOrg: string;
  vendor: string;
  agent: string;
  pharmacy: string;
  pharmacyCode: string;
  chain: string;
  otherVendor: string;
  otherPharmacy: string;
  siblingPharmacy: string;
  otherChain: string;
  products: { main: string; mdsOnly: string; followup: string };
  contract: string;
  sds: string;
  rmSds: string;
  mdsOfSecond: string;
  sdsOfThird: string;
  draft: string;
  draftToPublish: string;
  publishedToWithdraw: string;
  checklist: string;
  request: string;
  thread: string;
  vendorMessage: string;
  followupRequest: string;
  followupThread: string;
  webhook: string;
  /** A logged delivery attempt of `webhook` (to redeliver). */
  webhookDelivery: string;
  notification: string;
  member: string;
  spareClient: string;
  pendingToAccept: string;
  pendingToDecline: string;
  /** 法人番号 of a vendor of its own (GET /v1/vendors/lookup finds it). */
  lookupVendorNumber: string;
  /** A vendor's name change waiting for the operator (issue 13, finding 8). */
  identityChange: string;
  /** V's answer set (回答セット), and an application of it (targeting no customer, so nothing else changes). */
  answerSet: string;
  answerSetApplication: string;
  /** P's pending invitation of a new member (issue 15). */
  invitation: string;
  /** A pharmacy not on Kaiji that V invited with a proposal, waiting for the operator (issue 15). */
  pendingPharmacy: string;
  /** A live login session of P's member (no principal's): whoever names it in /v1/me/sessions is told 404. */
  memberSession: string;
  /** P's evidence document (証跡・規程類, issue 17 point 4), with its PDF. */
  evidenceDocument: string;
}

export interface AccessWorld {
  t: TestApp;
  f: Factory;
  principals: Record<PrincipalName, MatrixPrincipal>;
  ids: WorldIds;
  /** Path parameters by operation key (`PATCH /v1/disclosures/{id}`) or, for every method, by route path. */
  params: Record<string, Record<string, string | number>>;
  pdf: Buffer;
  fresh: FreshResources;
  otp: TotpDriver;
  /** A portal user outside the principals whose credentials the login and refresh routes use. */
  login: { email: string; password: string; refreshToken: string };
  clients: { active: ClientCredentials; revoked: ClientCredentials };
  fingerprint: AccessFingerprint;
}

export interface ClientCredentials {
  id: string;
  clientId: string;
  clientSecret: string;
}

/** Path parameters of the record an operation works on in the world. */
export function paramsFor(w: AccessWorld, key: string, path: string): Record<string, string | number> {
  return w.params[key] ?? w.params[path] ?? {};
}

/** Names the stubbed resolver knows: registering a webhook resolves, and connects nowhere. */
export function stubWebhookResolver(t: TestApp): void {
  jest.spyOn(t.app.get(HostResolver), 'lookup').mockImplementation(async (host: string): Promise<ResolvedAddress[]> => {
    if (host === 'hooks.pharmacy.example') return [{ address: '93.184.215.14', family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  });
}

export async function buildAccessWorld(t: TestApp): Promise<AccessWorld> {
  const f = new Factory(t);
  const s = new PharmacySetup(t, f);
  const p = s.p;
  const api = new SeedApi(t);

  const operatorMe = await api.ok(t.http.get('/v1/me').set(bearer(await f.operator())));
  const operatorOrg = (operatorMe.organization as { id: string }).id;
  const operator = await f.user(operatorOrg, 'admin');

  const chain = await f.tenant('chain');
  const pharmacy = await p.pharmacy({ chainId: chain.org.id });
  const viewer = await f.user(pharmacy.org.id, 'viewer');
  const member = await f.user(pharmacy.org.id, 'member');
  const vendor = await p.vendor();
  const agent = await p.vendor();
  const [main, mdsOnly, followup] = [await p.product(vendor.admin), await p.product(vendor.admin), await p.product(vendor.admin)];
  const contract = await p.contract(vendor.admin, pharmacy, [main.id, mdsOnly.id, followup.id], { agentId: agent.org.id });
  const pendingToAccept = await p.contract(vendor.admin, pharmacy, [main.id], { agentId: agent.org.id, accept: false });
  const pendingToDecline = await p.contract(vendor.admin, pharmacy, [main.id], { agentId: agent.org.id, accept: false });

  const otherVendor = await p.vendor();
  const lookupVendorNumber = corporateNumber();
  await f.organization('vendor', { corporateNumber: lookupVendorNumber });
  const identityChange = await api.ok(t.http.patch(`/v1/organizations/${otherVendor.org.id}`).set(bearer(otherVendor.admin.token)).send({ name: `${otherVendor.org.name} 改称` }));
  const otherChain = await f.tenant('chain');
  const otherPharmacy = await p.pharmacy({ chainId: otherChain.org.id });
  await p.contract(otherVendor.admin, otherPharmacy, [(await p.product(otherVendor.admin)).id]);
  const loginUser = await f.user(otherPharmacy.org.id, 'member');
  const siblingPharmacy = await p.pharmacy({ chainId: chain.org.id });
  await p.contract(otherVendor.admin, siblingPharmacy, [(await p.product(otherVendor.admin)).id]);

  const active = await f.apiClient(vendor.admin, { scopes: [...API_SCOPES] });
  const revoked = await f.apiClient(vendor.admin, { scopes: [...API_SCOPES] });
  const revokedToken = await api.clientToken(revoked);
  await api.ok(t.http.post(`/v1/organizations/${vendor.org.id}/api-clients/${revoked.id}/revoke`).set(bearer(vendor.admin.token)));
  const spareClient = await f.apiClient(vendor.admin);

  const pdf = await makePdf('access matrix original');
  const sdsDraft = await p.draft(vendor.admin, main.id);
  await api.ok(t.http.put(`/v1/disclosures/${sdsDraft.id}/attachment`).set(bearer(vendor.admin.token)).set('Content-Type', 'application/pdf').send(pdf));
  const sds = await p.publish(vendor.admin, sdsDraft.id);
  const rmSds = await p.published(vendor.admin, main.id, { kind: 'RM-SDS' });
  const mdsOfSecond = await p.published(vendor.admin, mdsOnly.id, { kind: 'MDS' });
  const sdsOfThird = await p.published(vendor.admin, followup.id, { kind: 'SDS' });
  const draft = await p.draft(vendor.admin, main.id, { productVersion: 'matrix-edit' });
  const draftToPublish = await p.draft(vendor.admin, main.id, { productVersion: 'matrix-publish' });
  const publishedToWithdraw = await p.published(vendor.admin, main.id, { productVersion: 'matrix-withdraw' });

  const checklist = await s.submitChecklist(vendor.admin, contract.id, checklistOverrides());
  await s.disclosedRm(vendor.admin, pharmacy.admin, contract.id, main.id, { body: rmBody(main.id, { rmSdsDisclosureId: rmSds.id }) });
  await api.ok(t.http.put(`/v1/pharmacies/${pharmacy.org.id}/checklists/${FY}`).set(bearer(pharmacy.admin.token)).send({ answers: ownAnswers() }));

  const request = await api.ok(
    t.http.post('/v1/document-requests').set(bearer(pharmacy.admin.token)).send({ contractId: contract.id, kind: 'MDS', productId: main.id, message: '最新のMDSをお願いします。' }),
  );
  const thread = await api.ok(t.http.post('/v1/risk-threads').set(bearer(pharmacy.admin.token)).send(threadBody(sds.id, ITEMS.worldThread)));
  const replied = await api.ok(t.http.post(`/v1/risk-threads/${thread.id as string}/messages`).set(bearer(vendor.admin.token)).send({ body: '次版で対応予定です。' }));
  const vendorMessage = (replied.messages as { id: string; yours: boolean }[]).find((message) => message.yours)?.id as string;

  const followupRequest = await api.ok(
    t.http.post(`/v1/chains/${chain.org.id}/followups`).set(bearer(chain.admin.token)).send({ kind: 'document_request', vendorId: vendor.org.id, request: { kind: 'MDS', productId: followup.id } }),
  );
  const followupThread = await api.ok(
    t.http
      .post(`/v1/chains/${chain.org.id}/followups`)
      .set(bearer(chain.admin.token))
      .send({ kind: 'risk_thread', vendorId: vendor.org.id, thread: { documentType: 'disclosure', documentId: sds.id, itemId: ITEMS.followupThread, message: '全店舗分の回答をお願いします。' } }),
  );
  stubWebhookResolver(t);
  const webhook = await api.ok(t.http.post('/v1/webhooks').set(bearer(vendor.admin.token)).send({ url: WEBHOOK_URL, events: ['disclosure.published', 'risk_thread.opened'] }));
  const webhookDelivery = await loggedDelivery(t.db, vendor.org.id, webhook.id as string);
  const notifications = await api.ok(t.http.get('/v1/notifications?limit=1').set(bearer(pharmacy.admin.token)));
  const answerSet = await api.ok(
    t.http.post('/v1/answer-sets').set(bearer(vendor.admin.token)).send({ name: 'アクセス検査の回答セット', formId: 'vendor-checklist-pharmacy-r7', answers: checklistAnswers() }),
  );
  const answerSetApplication = await api.ok(
    t.http.post(`/v1/answer-sets/${answerSet.id as string}/applications`).set(bearer(vendor.admin.token)).send({ fiscalYear: FY, contractKind: 'operation' }),
  );

  const invitation = await api.ok(
    t.http.post(`/v1/organizations/${pharmacy.org.id}/invitations`).set(bearer(pharmacy.admin.token)).send({ email: uniqueEmail('matrix-invitee'), role: 'member' }),
  );

  const pendingPharmacy = await api.ok(
    t.http
      .post('/v1/pharmacy-invitations')
      .set(bearer(vendor.admin.token))
      .send({ pharmacyCode: uniquePharmacyCode(), pharmacyName: 'アクセス検査 未登録薬局', email: uniqueEmail('matrix-pending'), contract: { kind: 'maintenance', productIds: [main.id], startsOn: '2025-04-01' } }),
  );

  const evidenceDocument = await api.ok(
    t.http.post('/v1/evidence-documents').set(bearer(pharmacy.admin.token)).send({ kind: 'bcp', title: 'アクセス検査 BCP', fiscalYear: FY, documentDate: '2025-05-01' }),
  );
  await api.ok(t.http.put(`/v1/evidence-documents/${evidenceDocument.id as string}/file`).set(bearer(pharmacy.admin.token)).set('Content-Type', 'application/pdf').send(pdf));

  const ids: WorldIds = {
    evidenceDocument: evidenceDocument.id as string,
    operatorOrg,
    vendor: vendor.org.id,
    agent: agent.org.id,
    pharmacy: pharmacy.org.id,
    pharmacyCode: pharmacy.org.pharmacyCode as string,
    chain: chain.org.id,
    otherVendor: otherVendor.org.id,
    otherPharmacy: otherPharmacy.org.id,
    siblingPharmacy: siblingPharmacy.org.id,
    otherChain: otherChain.org.id,
    products: { main: main.id, mdsOnly: mdsOnly.id, followup: followup.id },
    contract: contract.id,
    sds: sds.id,
    rmSds: rmSds.id,
    mdsOfSecond: mdsOfSecond.id,
    sdsOfThird: sdsOfThird.id,
    draft: draft.id,
    draftToPublish: draftToPublish.id,
    publishedToWithdraw: publishedToWithdraw.id,
    checklist: checklist.id,
    request: request.id as string,
    thread: thread.id as string,
    vendorMessage,
    followupRequest: followupRequest.id as string,
    followupThread: followupThread.id as string,
    webhook: webhook.id as string,
    webhookDelivery,
    notification: (notifications.items as { id: string }[])[0].id,
    member: member.id,
    spareClient: spareClient.id,
    pendingToAccept: pendingToAccept.id,
    pendingToDecline: pendingToDecline.id,
    lookupVendorNumber,
    identityChange: (identityChange.identityChange as { id: string }).id,
    answerSet: answerSet.id as string,
    answerSetApplication: answerSetApplication.id as string,
    invitation: invitation.id as string,
    pendingPharmacy: pendingPharmacy.id as string,
    memberSession: (await t.db.query<{ id: string }[]>('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL LIMIT 1', [member.id]))[0].id,
  };

  const user = (name: PrincipalName, side: Side, u: TestUser): MatrixPrincipal => ({ name, side, token: u.token, account: { id: u.id, email: u.email, password: u.password } });
  const principals: Record<PrincipalName, MatrixPrincipal> = {
    vendorAdmin: user('vendorAdmin', 'vendor', vendor.admin),
    vendorClient: { name: 'vendorClient', side: 'vendor', token: await api.clientToken(active) },
    pharmacyAdmin: user('pharmacyAdmin', 'pharmacy', pharmacy.admin),
    chainAdmin: user('chainAdmin', 'chain', chain.admin),
    agent: user('agent', 'vendor', agent.admin),
    viewer: user('viewer', 'pharmacy', viewer),
    operator: user('operator', 'operator', operator),
    otherVendor: user('otherVendor', 'vendor', otherVendor.admin),
    otherPharmacy: user('otherPharmacy', 'pharmacy', otherPharmacy.admin),
    siblingPharmacy: user('siblingPharmacy', 'pharmacy', siblingPharmacy.admin),
    otherChain: user('otherChain', 'chain', otherChain.admin),
    anonymous: { name: 'anonymous', side: 'none' },
    revokedClient: { name: 'revokedClient', side: 'vendor', token: revokedToken },
  };

  const worldOrgs = [vendor, agent, pharmacy, chain, otherVendor, otherPharmacy, siblingPharmacy, otherChain].map((tenant) => tenant.org.id);
  const worldUsers = [...Object.values(principals).flatMap((principal) => (principal.account ? [principal.account.id] : [])), member.id, loginUser.id];
  const w: AccessWorld = {
    t,
    f,
    principals,
    ids,
    params: pathParams(ids),
    pdf,
    fresh: new FreshResources(t, p, { vendor, pharmacy, chain }, ids),
    // The helpers' driver: it already holds the operator's seed and the steps its logins used.
    otp: enrolledTotp,
    login: { email: loginUser.email, password: loginUser.password, refreshToken: loginUser.refreshToken },
    clients: { active, revoked },
    fingerprint: new AccessFingerprint(t.db, { organizations: worldOrgs, users: worldUsers, operatorOrganization: operatorOrg, clients: [active.id, revoked.id, spareClient.id] }),
  };
  return w;
}

function pathParams(ids: WorldIds): AccessWorld['params'] {
  const checklist = { id: ids.contract, fiscalYear: FY };
  return {
    '/v1/notifications/{id}/read': { id: ids.notification },
    '/v1/organizations/{id}': { id: ids.pharmacy },
    '/v1/organizations/{organizationId}/users': { organizationId: ids.pharmacy },
    '/v1/organizations/{organizationId}/users/{userId}': { organizationId: ids.pharmacy, userId: ids.member },
    '/v1/organizations/{organizationId}/users/{userId}/reset-credentials': { organizationId: ids.pharmacy, userId: ids.member },
    '/v1/organizations/{organizationId}/users/disable-inactive': { organizationId: ids.pharmacy },
    '/v1/organizations/{organizationId}/api-clients': { organizationId: ids.vendor },
    '/v1/organizations/{organizationId}/mail-deliveries': { organizationId: ids.pharmacy },
    '/v1/organizations/{organizationId}/invitations': { organizationId: ids.pharmacy },
    '/v1/organizations/{organizationId}/invitations/{invitationId}/resend': { organizationId: ids.pharmacy, invitationId: ids.invitation },
    '/v1/organizations/{organizationId}/invitations/{invitationId}/revoke': { organizationId: ids.pharmacy, invitationId: ids.invitation },
    '/v1/me/sessions/{sessionId}/revoke': { sessionId: ids.memberSession },
    '/v1/organizations/{organizationId}/api-clients/{clientId}/revoke': { organizationId: ids.vendor, clientId: ids.spareClient },
    '/v1/forms/{formId}': { formId: 'vendor-checklist-pharmacy-r7' },
    '/v1/products/{id}': { id: ids.products.main },
    '/v1/contracts/{id}': { id: ids.contract },
    '/v1/contracts/{id}/accept': { id: ids.pendingToAccept },
    '/v1/contracts/{id}/decline': { id: ids.pendingToDecline },
    // Refused withdrawals aim at a proposal too (it stays proposed); the allowed ones withdraw one of their own.
    '/v1/contracts/{id}/withdraw': { id: ids.pendingToDecline },
    '/v1/contracts/{id}/end': { id: ids.contract },
    '/v1/organization-identity-changes/{id}/approve': { id: ids.identityChange },
    '/v1/pending-pharmacies/{id}/approve': { id: ids.pendingPharmacy },
    '/v1/pending-pharmacies/{id}/reject': { id: ids.pendingPharmacy },
    '/v1/chains/{id}/store-invitations': { id: ids.chain },
    '/v1/organization-identity-changes/{id}/reject': { id: ids.identityChange },
    '/v1/disclosures/{id}': { id: ids.sds },
    'PATCH /v1/disclosures/{id}': { id: ids.draft },
    '/v1/disclosures/{id}/publish': { id: ids.draftToPublish },
    '/v1/disclosures/{id}/withdraw': { id: ids.publishedToWithdraw },
    '/v1/disclosures/{id}/attachment': { id: ids.sds },
    'PUT /v1/disclosures/{id}/attachment': { id: ids.draft },
    '/v1/disclosures/{id}/pdf': { id: ids.sds },
    '/v1/contracts/{id}/checklists/{fiscalYear}': checklist,
    '/v1/contracts/{id}/checklists/{fiscalYear}/submit': checklist,
    '/v1/contracts/{id}/checklists/{fiscalYear}/pdf': checklist,
    '/v1/contracts/{id}/checklists/{fiscalYear}/changes': checklist,
    '/v1/disclosures/{id}/changes': { id: ids.sds },
    '/v1/document-requests/{id}': { id: ids.request },
    '/v1/document-requests/{id}/candidates': { id: ids.request },
    '/v1/document-requests/{id}/fulfil': { id: ids.request },
    '/v1/document-requests/{id}/decline': { id: ids.request },
    '/v1/risk-threads/{id}': { id: ids.thread },
    '/v1/risk-threads/{id}/messages': { id: ids.thread },
    '/v1/risk-threads/{id}/messages/{messageId}': { id: ids.thread, messageId: ids.vendorMessage },
    '/v1/risk-threads/{id}/resolve': { id: ids.thread },
    '/v1/risk-threads/{id}/reopen': { id: ids.thread },
    '/v1/contracts/{id}/remote-maintenance': { id: ids.contract },
    '/v1/contracts/{id}/incident-contact': { id: ids.contract },
    '/v1/pharmacies/{id}/contact-chart': { id: ids.pharmacy },
    '/v1/pharmacies/{id}/contact-chart/pdf': { id: ids.pharmacy },
    '/v1/evidence-documents/{id}': { id: ids.evidenceDocument },
    '/v1/evidence-documents/{id}/file': { id: ids.evidenceDocument },
    '/v1/contracts/{id}/remote-maintenance/confirm': { id: ids.contract },
    '/v1/pharmacies/{id}/checklists/{fiscalYear}': { id: ids.pharmacy, fiscalYear: FY },
    '/v1/pharmacies/{id}/standing': { id: ids.pharmacy },
    '/v1/chains/{id}/matrix': { id: ids.chain },
    '/v1/chains/{id}/vendor-summary': { id: ids.chain },
    '/v1/chains/{id}/store-summary': { id: ids.chain },
    '/v1/chains/{id}/followups': { id: ids.chain },
    '/v1/chains/{id}/followups/{followupId}': { id: ids.chain, followupId: ids.followupRequest },
    '/v1/followups/{id}': { id: ids.followupRequest },
    '/v1/followups/{id}/fulfil': { id: ids.followupRequest },
    '/v1/followups/{id}/decline': { id: ids.followupRequest },
    '/v1/followups/{id}/messages': { id: ids.followupThread },
    '/v1/pharmacies/{id}/inspection-pack/{fiscalYear}': { id: ids.pharmacy, fiscalYear: FY },
    '/v1/chains/{id}/inspection-packs/{fiscalYear}': { id: ids.chain, fiscalYear: FY },
    '/v1/pharmacies/{id}/inspection-pack': { id: ids.pharmacy },
    '/v1/chains/{id}/inspection-packs': { id: ids.chain },
    '/v1/answer-sets/{id}': { id: ids.answerSet },
    '/v1/answer-sets/{id}/applications': { id: ids.answerSet },
    '/v1/answer-sets/{id}/applications/{applicationId}': { id: ids.answerSet, applicationId: ids.answerSetApplication },
    '/v1/webhooks/{id}': { id: ids.webhook },
    '/v1/webhooks/{id}/rotate-secret': { id: ids.webhook },
    '/v1/webhooks/{id}/deliveries': { id: ids.webhook },
    '/v1/webhooks/{id}/ping': { id: ids.webhook },
    '/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': { id: ids.webhook, deliveryId: ids.webhookDelivery },
  };
}
