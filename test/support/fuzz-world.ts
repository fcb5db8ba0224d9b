import { randomUUID } from 'node:crypto';
import { HostResolver, ResolvedAddress } from '../../src/webhooks/webhook-targets';
import { answers, FY } from './checklist-setup';
import { bearer, Factory, STRONG_PASSWORD, TestUser, totp, uniqueEmail, uniquePharmacyCode } from './factories';
import type { ValidValues } from './fuzz-requests';
import type { ApiOperation } from './openapi-routes';
import { PharmacySetup, rmBody } from './pharmacy-setup';
import { fullAnswers, makePdf, SDS_FORM_ID, Tenant } from './publishing';
import { expectStatus, RiskSetup } from './risk-setup';
import { startTestApp, TestApp } from './test-app';
import { adminQuery, prepareTestDatabase, withDatabase } from './test-database';
import { loggedDelivery } from './webhook-log';

/**
 * The small world the fuzz suite attacks: one of each record a route can name, owned by the
 * principal that would normally call the route, so that hostile input reaches past the access
 * checks into validation and the services.
 */

/** What one route is called with. */
export interface FuzzTarget extends ValidValues {
  /** Bearer token; none for public routes. */
  token?: string;
  /** Tables a refused request may write to, because refusals of that route are part of the security log. */
  refusalWrites: string[];
  /** The route refuses with RFC 6749 §5.2 JSON (`error`, `error_description`) rather than problem+json: the OAuth token endpoint. */
  oauthErrors?: boolean;
}

/** Routes whose 400 and 401 answers are RFC 6749 §5.2 OAuth errors, read by standard OAuth clients (issue 16). */
const OAUTH_ERROR_ROUTES = new Set(['POST /v1/auth/token']);

/**
 * A fresh database of the fuzz suite's own, on the test server: the suite compares the row counts
 * of every table before and after each refused request, which other test files writing to the
 * shared run database at the same time would disturb.
 */
export async function startFuzzApp(): Promise<{ t: TestApp; stop(): Promise<void> }> {
  const serverUrl = process.env.KAIJI_TEST_SERVER_URL;
  if (!serverUrl) throw new Error('KAIJI_TEST_SERVER_URL is not set: run the tests through jest (globalSetup)');
  const database = `kaiji_fuzz_${Date.now()}_${process.pid}`;
  await adminQuery(serverUrl, `CREATE DATABASE ${database}`);
  const drop = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  try {
    const url = await prepareTestDatabase(withDatabase(serverUrl, database));
    const t = await startTestApp({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
    // Webhook targets are checked by resolving their host: every name resolves to one public
    // documentation address here, so registration asks no real DNS (and jobs are off: nothing is sent).
    jest.spyOn(t.app.get(HostResolver), 'lookup').mockImplementation(async (): Promise<ResolvedAddress[]> => [{ address: '93.184.215.14', family: 4 }]);
    return { t, stop: async () => (await t.close(), await drop()) };
  } catch (error) {
    await drop();
    throw error;
  }
}

type PrincipalName = 'anonymous' | 'operator' | 'vendor' | 'pharmacy' | 'otherPharmacy' | 'chain' | 'accounts' | 'ownAccount';

/** Who calls a route, by its key: the first matching rule wins; vendor routes are the default. */
const PRINCIPAL_RULES: [RegExp, PrincipalName][] = [
  [/^(GET|POST) \/v1\/organizations$/, 'operator'],
  [/ \/v1\/organization-identity-changes\b/, 'operator'],
  [/ \/v1\/pending-pharmacies\b/, 'operator'],
  [/^POST \/v1\/forms$/, 'operator'],
  [/ \/v1\/organizations\//, 'accounts'],
  [/ \/v1\/auth\//, 'ownAccount'],
  [/^POST \/v1\/contracts\/\{id\}\/(accept|decline)$/, 'otherPharmacy'],
  [/^POST \/v1\/contracts\/\{id\}\/remote-maintenance\/confirm$/, 'pharmacy'],
  [/ \/v1\/document-requests\/\{id\}\/(fulfil|decline|candidates)$/, 'vendor'],
  [/ \/v1\/(notifications|risk-threads|review-queue|pharmacies|document-requests|contact-chart|evidence-documents)\b/, 'pharmacy'],
  [/ \/v1\/chains\//, 'chain'],
];

/** Tables a refused request of these routes may write, and why. */
const REFUSAL_WRITES: Record<string, string[]> = {
  // A failed login is counted towards the lockout and written to the access log.
  'POST /v1/auth/login': ['login_attempts', 'audit_events', 'audit_chain_heads'],
  // A refresh token used twice revokes its whole session, and the reuse is audited.
  'POST /v1/auth/refresh': ['sessions', 'refresh_tokens', 'audit_events', 'audit_chain_heads'],
  // A failed client-credentials grant is written to the access log.
  'POST /v1/auth/token': ['audit_events', 'audit_chain_heads'],
  // A wrong current password or code of a signed-in user counts as a failed login, and is audited (issue 13, Low 12).
  'POST /v1/auth/password': ['login_attempts', 'audit_events', 'audit_chain_heads'],
  'POST /v1/auth/2fa/recovery-codes': ['login_attempts', 'audit_events', 'audit_chain_heads'],
  'POST /v1/auth/2fa/disable': ['login_attempts', 'audit_events', 'audit_chain_heads'],
  // Every contract proposal counts towards the proposer's hourly limit, refused ones included (probes).
  'POST /v1/contracts': ['rate_limit_hits'],
  // A reset request counts towards its source's limit before its address's limit refuses it (issue 15).
  'POST /v1/auth/password-reset': ['rate_limit_hits'],
  // An address refused because another tenant uses it counts towards the pause of account creation.
  'POST /v1/organizations/{organizationId}/users': ['rate_limit_hits'],
  // Invitations and resends count towards the organization's hourly limit, refused ones included (issue 15).
  'POST /v1/organizations/{organizationId}/invitations': ['rate_limit_hits'],
  'POST /v1/organizations/{organizationId}/invitations/{invitationId}/resend': ['rate_limit_hits'],
  // Inviting a pharmacy not on Kaiji counts as a proposal, refused ones included (issue 15).
  'POST /v1/pharmacy-invitations': ['rate_limit_hits'],
  'POST /v1/chains/{id}/store-invitations': ['rate_limit_hits'],
};

/** Valid body fields and query values by route; fields not named take a value derived from the schema. */
type Hints = Record<string, unknown>;

export class FuzzWorld {
  private constructor(
    private readonly tokens: Record<Exclude<PrincipalName, 'anonymous' | 'ownAccount'>, string>,
    /** One signed-in user per /v1/auth route, so that a logout or a password change stays within its route. */
    private readonly ownAccounts: Map<string, TestUser>,
    private readonly ids: Record<string, string>,
    private readonly hintsByRoute: Record<string, Hints>,
    private readonly commonHints: Hints,
  ) {}

  static async build(t: TestApp): Promise<FuzzWorld> {
    const f = new Factory(t);
    const r = new RiskSetup(t, f);
    const s = new PharmacySetup(t, f);
    const p = r.p;

    const chain = await f.tenant('chain');
    const vendor = await p.vendor();
    const product = await p.product(vendor.admin);
    const pharmacy: Tenant = await p.pharmacy({ chainId: chain.org.id });
    const contract = await p.contract(vendor.admin, pharmacy, [product.id]);
    const otherPharmacy: Tenant = await p.pharmacy();
    const proposed = await p.contract(vendor.admin, otherPharmacy, [product.id], { accept: false });
    // Ending takes a contract of its own: the world's stays in force for every other route.
    const endable = await p.contract(vendor.admin, await p.pharmacy(), [product.id]);

    const withOriginal = await p.draft(vendor.admin, product.id);
    expectStatus(await t.http.put(`/v1/disclosures/${withOriginal.id}/attachment`).set(bearer(vendor.admin.token)).set('Content-Type', 'application/pdf').send(await makePdf()), 200);
    const published = await p.publish(vendor.admin, withOriginal.id);
    const withdrawable = await p.published(vendor.admin, product.id, { kind: 'MDS' });
    const draft = await p.draft(vendor.admin, product.id, { kind: 'RM-SDS' });
    const checklist = await s.submitChecklist(vendor.admin, contract.id);
    const remote = await s.disclosedRm(vendor.admin, pharmacy.admin, contract.id, product.id, { confirm: false });
    const thread = await r.opened(pharmacy.admin.token, published.id, '2');
    const request = expectStatus(await t.http.post('/v1/document-requests').set(bearer(pharmacy.admin.token)).send({ kind: 'SDS', contractId: contract.id, productId: product.id }), 201);
    const followup = expectStatus(
      await t.http.post(`/v1/chains/${chain.org.id}/followups`).set(bearer(chain.admin.token)).send({ kind: 'document_request', vendorId: vendor.org.id, request: { kind: 'MDS' } }),
      201,
    );
    const webhookBody = { url: 'https://hooks.pharmacy.example/kaiji', events: ['disclosure.published'] };
    const webhook = expectStatus(await t.http.post('/v1/webhooks').set(bearer(vendor.admin.token)).send(webhookBody), 201);
    const deletableWebhook = expectStatus(await t.http.post('/v1/webhooks').set(bearer(vendor.admin.token)).send(webhookBody), 201);
    const webhookDelivery = await loggedDelivery(t.db, vendor.org.id, webhook.id as string);
    const answerSetBody = { name: '標準回答（ファズ）', formId: 'vendor-checklist-pharmacy-r7', answers: answers() };
    const answerSet = expectStatus(await t.http.post('/v1/answer-sets').set(bearer(vendor.admin.token)).send(answerSetBody), 201);
    // An application targeting no customer (the contract is a maintenance one): a record, and nothing else changed.
    const application = expectStatus(
      await t.http.post(`/v1/answer-sets/${answerSet.id as string}/applications`).set(bearer(vendor.admin.token)).send({ fiscalYear: FY, contractKind: 'operation' }),
      201,
    );

    const accounts = await f.tenant('vendor');
    const member = await f.user(accounts.org.id, 'member');
    const accountsClient = await f.apiClient(accounts.admin, { scopes: ['products:write'] });
    const invitation = expectStatus(
      await t.http.post(`/v1/organizations/${accounts.org.id}/invitations`).set(bearer(accounts.admin.token)).send({ email: uniqueEmail('fuzz-invitee'), role: 'member' }),
      201,
    ) as { id: string };
    const vendorClient = await f.apiClient(vendor.admin, { scopes: ['products:write'] });

    // A vendor's name change waiting for the operator (approve / reject fuzz it).
    const renamed = await f.tenant('vendor');
    const identityChange = (expectStatus(await t.http.patch(`/v1/organizations/${renamed.org.id}`).set(bearer(renamed.admin.token)).send({ name: `${renamed.org.name} 改称` }), 200) as {
      identityChange: { id: string };
    }).identityChange;

    const authOrg = await f.organization('vendor');
    const ownAccounts = new Map<string, TestUser>();
    for (const operation of ['login', 'refresh', 'logout', 'password', 'me', '2fa/enrolment', '2fa/enrolment/confirm', '2fa/recovery-codes', '2fa/disable']) {
      ownAccounts.set(operation, await f.user(authOrg.id, 'member'));
    }
    await f.user(authOrg.id, 'admin');
    for (const name of ['2fa/enrolment/confirm', '2fa/recovery-codes', '2fa/disable']) {
      const user = ownAccounts.get(name) as TestUser;
      const { secret } = expectStatus(await t.http.post('/v1/auth/2fa/enrolment').set(bearer(user.token)), 200) as { secret: string };
      if (name !== '2fa/enrolment/confirm') expectStatus(await t.http.post('/v1/auth/2fa/enrolment/confirm').set(bearer(user.token)).send({ otp: totp(secret) }), 200);
    }
    const [notification]: { id: string }[] = await t.db.query('SELECT id FROM notifications WHERE user_id = $1 LIMIT 1', [pharmacy.admin.id]);
    if (!notification) throw new Error('the fuzz world expected a notification for the pharmacy admin');

    // A pharmacy not on Kaiji the vendor invited, waiting for the operator (approve / reject fuzz it).
    const pendingPharmacy = expectStatus(
      await t.http
        .post('/v1/pharmacy-invitations')
        .set(bearer(vendor.admin.token))
        .send({ pharmacyCode: uniquePharmacyCode(), pharmacyName: 'ファズ 未登録薬局', email: uniqueEmail('fuzz-pending'), contract: { kind: 'maintenance', productIds: [product.id], startsOn: '2025-04-01' } }),
      201,
    ) as { id: string };

    // The pharmacy's evidence documents (証跡・規程類): one kept, one the fuzzed DELETE may archive.
    const evidenceBody = { kind: 'bcp', title: 'ファズ BCP', fiscalYear: FY, documentDate: '2025-05-01' };
    const evidence = expectStatus(await t.http.post('/v1/evidence-documents').set(bearer(pharmacy.admin.token)).send(evidenceBody), 201) as { id: string };
    const archivableEvidence = expectStatus(await t.http.post('/v1/evidence-documents').set(bearer(pharmacy.admin.token)).send(evidenceBody), 201) as { id: string };

    const ids = {
      evidenceDocument: evidence.id,
      archivableEvidenceDocument: archivableEvidence.id,
      accountsOrg: accounts.org.id,
      pendingPharmacy: pendingPharmacy.id,
      identityChange: identityChange.id,
      member: member.id,
      // Another user's live session: the fuzzed revoke answers 404 and signs nobody out.
      memberSession: (await t.db.query<{ id: string }[]>('SELECT id FROM sessions WHERE user_id = $1 AND revoked_at IS NULL LIMIT 1', [member.id]))[0].id,
      accountsClient: accountsClient.id,
      invitation: invitation.id,
      notification: notification.id,
      product: product.id,
      contract: contract.id,
      proposedContract: proposed.id,
      endableContract: endable.id,
      published: published.id,
      withdrawable: withdrawable.id,
      draft: draft.id,
      checklist: checklist.id,
      request: request.id as string,
      thread: thread.id,
      message: thread.messages[0].id,
      pharmacy: pharmacy.org.id,
      chain: chain.org.id,
      followup: followup.id as string,
      webhook: webhook.id as string,
      deletableWebhook: deletableWebhook.id as string,
      webhookDelivery,
      answerSet: answerSet.id as string,
      answerSetApplication: application.id as string,
    };
    const user = (name: string) => ownAccounts.get(name) as TestUser;
    const hintsByRoute: Record<string, Hints> = {
      'POST /v1/organizations': { kind: 'vendor', name: `fuzz ${randomUUID().slice(0, 6)}` },
      'POST /v1/organizations/{organizationId}/users': { email: uniqueEmail('fuzz'), role: 'member', password: STRONG_PASSWORD },
      'POST /v1/organizations/{organizationId}/users/{userId}/reset-credentials': { temporaryPassword: 'Fuzz-temporary-passw0rd!', resetTwoFactor: true },
      'POST /v1/organizations/{organizationId}/api-clients': { scopes: ['products:write'], allowedCidrs: ['127.0.0.0/8'] },
      'POST /v1/organizations/{organizationId}/invitations': { email: uniqueEmail('fuzz-invite'), role: 'viewer' },
      'POST /v1/auth/login': { email: user('login').email, password: user('login').password },
      'POST /v1/auth/refresh': { refreshToken: user('refresh').refreshToken },
      'POST /v1/auth/token': { grant_type: 'client_credentials', client_id: vendorClient.clientId, client_secret: vendorClient.clientSecret },
      'POST /v1/auth/password': { currentPassword: user('password').password, newPassword: 'An0ther-strong-pass!' },
      'POST /v1/auth/2fa/disable': { password: user('2fa/disable').password, otp: '123456' },
      'POST /v1/auth/password-reset': { email: uniqueEmail('fuzz-reset') },
      'POST /v1/pharmacy-invitations': {
        pharmacyCode: uniquePharmacyCode(),
        pharmacyName: 'ファズ 招待薬局',
        email: uniqueEmail('fuzz-pharmacy'),
        contract: { kind: 'maintenance', productIds: [product.id], startsOn: '2025-04-01' },
      },
      'POST /v1/chains/{id}/store-invitations': { pharmacyCode: uniquePharmacyCode(), pharmacyName: 'ファズ 新店舗', email: uniqueEmail('fuzz-store') },
      'POST /v1/contracts': { kind: 'maintenance', pharmacyCode: otherPharmacy.org.pharmacyCode, productIds: [product.id], startsOn: '2025-04-01' },
      'POST /v1/disclosures': { kind: 'SDS', productVersion: '6.0', answers: fullAnswers() },
      'PATCH /v1/disclosures/{id}': { answers: fullAnswers() },
      'PUT /v1/contracts/{id}/checklists/{fiscalYear}': { managerName: '管理 太郎', answers: answers() },
      'GET /v1/checklists': { fiscalYear: FY, status: 'submitted', pharmacyCode: pharmacy.org.pharmacyCode, updatedSince: '2025-04-01T00:00:00+09:00' },
      'GET /v1/contracts': { pharmacyCode: pharmacy.org.pharmacyCode, updatedSince: '2025-04-01T00:00:00Z' },
      'POST /v1/checklists/batch': { fiscalYear: FY, entries: [{ contractId: contract.id, managerName: '管理 太郎', answers: answers() }] },
      'PUT /v1/pharmacies/{id}/checklists/{fiscalYear}': { answers: [{ itemId: '1-①', answer: 'はい', confirmedOn: '2025-06-01' }] },
      'PUT /v1/contracts/{id}/remote-maintenance': rmBody(product.id),
      'POST /v1/contracts/{id}/remote-maintenance/confirm': { productId: product.id, revision: remote.revision },
      'POST /v1/document-requests': { kind: 'SDS', contractId: contract.id, productId: product.id },
      'POST /v1/risk-threads': { documentType: 'disclosure', documentId: published.id, itemId: '3', message: '理由を教えてください。' },
      'POST /v1/review-queue/reviews': { documentType: 'disclosure', documentId: published.id, itemId: '2' },
      'PATCH /v1/risk-threads/{id}': { dueOn: '2026-03-31' },
      'POST /v1/risk-threads/{id}/resolve': { outcome: 'risk_accepted', note: '運用で対処' },
      'POST /v1/chains/{id}/followups': { kind: 'document_request', vendorId: vendor.org.id, request: { kind: 'SDS' } },
      'POST /v1/followups/{id}/fulfil': { disclosureId: withdrawable.id },
      'POST /v1/webhooks': webhookBody,
      'PATCH /v1/webhooks/{id}': { description: 'fuzz' },
      'POST /v1/answer-sets': { ...answerSetBody, name: `標準回答 ${randomUUID().slice(0, 6)}` },
      'POST /v1/answer-sets/{id}/applications': { fiscalYear: FY, contractIds: [contract.id], dryRun: true },
      'PUT /v1/incident-contact': { contactName: 'ファズ 障害受付', phone: '0120-000-000', email: 'desk@vendor.example' },
      'PUT /v1/contracts/{id}/incident-contact': { contactName: 'ファズ 契約別窓口', phone: '03-0000-0000', email: 'desk@vendor.example' },
      'PUT /v1/contact-chart/own-contacts': { contacts: [{ role: '管理薬剤師', name: 'ファズ 花子', phone: '03-0000-0000', email: 'kanri@pharmacy.example' }] },
      'POST /v1/evidence-documents': { kind: 'regulations', title: 'ファズ 運用管理規程', fiscalYear: FY, documentDate: '2025-04-01', reviewDueOn: '2026-03-31', notes: 'ファズ' },
      'PATCH /v1/evidence-documents/{id}': { title: 'ファズ BCP 改定', documentDate: '2025-06-01' },
      'GET /v1/evidence-documents': { fiscalYear: FY, kind: 'bcp', pharmacyId: pharmacy.org.id },
    };
    const commonHints: Hints = { productId: product.id, contractId: contract.id, documentId: published.id, disclosureId: published.id, checklistId: checklist.id, vendorId: vendor.org.id, fiscalYear: FY };
    const tokens = {
      operator: await f.operator(),
      vendor: vendor.admin.token,
      pharmacy: pharmacy.admin.token,
      otherPharmacy: otherPharmacy.admin.token,
      chain: chain.admin.token,
      accounts: accounts.admin.token,
    };
    return new FuzzWorld(tokens, ownAccounts, ids, hintsByRoute, commonHints);
  }

  /** The principal, path values, body hints and permitted refusal writes for one route. */
  targetFor(operation: ApiOperation): FuzzTarget {
    return {
      token: this.tokenFor(operation),
      pathValues: Object.fromEntries(operation.pathParams.map((param) => [param.name, this.pathValue(operation, param.name)])),
      hints: { ...this.commonHints, ...this.hintsByRoute[operation.key] },
      refusalWrites: REFUSAL_WRITES[operation.key] ?? [],
      oauthErrors: OAUTH_ERROR_ROUTES.has(operation.key),
    };
  }

  private tokenFor(operation: ApiOperation): string | undefined {
    if (!operation.authenticated) return undefined;
    const principal = PRINCIPAL_RULES.find(([pattern]) => pattern.test(operation.key))?.[1] ?? 'vendor';
    if (principal === 'anonymous') return undefined;
    if (principal === 'ownAccount') {
      const account = this.ownAccounts.get(operation.path.replace('/v1/auth/', '')) ?? this.ownAccounts.get('me');
      return account?.token;
    }
    return this.tokens[principal];
  }

  /** A path parameter's value, by the collection it names (the segment before it), with a few route-specific records. */
  private pathValue(operation: ApiOperation, name: string): string {
    const byRoute: Record<string, string> = {
      'PATCH /v1/disclosures/{id}': this.ids.draft,
      'POST /v1/disclosures/{id}/publish': this.ids.draft,
      'PUT /v1/disclosures/{id}/attachment': this.ids.draft,
      'POST /v1/disclosures/{id}/withdraw': this.ids.withdrawable,
      'POST /v1/contracts/{id}/accept': this.ids.proposedContract,
      'POST /v1/contracts/{id}/decline': this.ids.proposedContract,
      'POST /v1/contracts/{id}/end': this.ids.endableContract,
      'DELETE /v1/webhooks/{id}': this.ids.deletableWebhook,
      'DELETE /v1/evidence-documents/{id}': this.ids.archivableEvidenceDocument,
    };
    if (name === 'id' && byRoute[operation.key]) return byRoute[operation.key];
    if (name === 'fiscalYear') return String(FY);
    const segments = operation.path.split('/');
    const collection = segments[segments.indexOf(`{${name}}`) - 1];
    const byCollection: Record<string, string> = {
      organizations: this.ids.accountsOrg,
      users: this.ids.member,
      'api-clients': this.ids.accountsClient,
      invitations: this.ids.invitation,
      sessions: this.ids.memberSession,
      notifications: this.ids.notification,
      forms: SDS_FORM_ID,
      products: this.ids.product,
      contracts: this.ids.contract,
      disclosures: this.ids.published,
      'document-requests': this.ids.request,
      'risk-threads': this.ids.thread,
      messages: this.ids.message,
      pharmacies: this.ids.pharmacy,
      chains: this.ids.chain,
      followups: this.ids.followup,
      webhooks: this.ids.webhook,
      deliveries: this.ids.webhookDelivery,
      'organization-identity-changes': this.ids.identityChange,
      'pending-pharmacies': this.ids.pendingPharmacy,
      'answer-sets': this.ids.answerSet,
      applications: this.ids.answerSetApplication,
      'evidence-documents': this.ids.evidenceDocument,
    };
    const value = byCollection[collection];
    if (!value) throw new Error(`fuzz world: no record for {${name}} of ${operation.key}; add one to test/support/fuzz-world.ts`);
    return value;
  }
}
