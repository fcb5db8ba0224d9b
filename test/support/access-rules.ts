import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_DIRECTORY } from '../../src/forms/form-catalog.loader';
import { ITEMS, ownAnswers, threadBody, uniqueName, WEBHOOK_URL } from './access-fresh';
import { AccessWorld, MatrixPrincipal, PrincipalName, PRINCIPALS, Side } from './access-world';
import { FY } from './checklist-setup';
import { STRONG_PASSWORD, uniqueEmail, uniquePharmacyCode } from './factories';
import { daysFromToday, rmBody } from './pharmacy-setup';
import { fullAnswers } from './publishing';
import { checklistAnswers } from './risk-setup';

/**
 * The access matrix's rule table: for every operation of the committed OpenAPI document, what
 * each kind of principal gets when it calls it on the world's records (test/support/access-world.ts).
 *
 *  - `ok`: 2xx; on a list with `listed`, the world's record is in it;
 *  - `blind`: 2xx, but the world's record is not in the list (its own records only);
 *  - `inert`: 2xx and nothing written (a batch that refuses every entry);
 *  - a status: refused with it, as problem+json, and nothing written.
 *
 * DESIGN.md, "Who may see what": a record that exists but is not yours answers 404 as if it did
 * not exist; the operator sees organizations, never a tenant's accounts or document contents. The guard
 * answers 401 without a valid token (a revoked client's included), 403 `users_only` when an API
 * client calls a portal-only route and 403 `read_only_role` when a viewer writes; a service
 * answers 403 when the caller's kind of organization never does this (a pharmacy creating a
 * product), whatever the record — so a 403 tells an outsider nothing about a record.
 */

export type Outcome = 'ok' | 'blind' | 'inert' | 400 | 401 | 403 | 404 | 409 | 422;

export interface CallContext {
  w: AccessWorld;
  as: MatrixPrincipal;
  params: Record<string, string | number>;
}

export interface AccessRule {
  expect: Record<PrincipalName, Outcome>;
  /** Why, where the table alone does not say it. */
  note?: string;
  query?: (w: AccessWorld) => string;
  body?: (ctx: CallContext) => unknown;
  encoding?: 'form' | 'pdf';
  /** The world's record a list shows to those who may see it (`ok`) and to no one else (`blind`). */
  listed?: (w: AccessWorld) => string;
  /** A record the list shows to these principals only, whatever else they see (a draft: its vendor only). */
  onlyFor?: { record: (w: AccessWorld) => string; principals: PrincipalName[] };
  /**
   * A record of its own for each allowed call of an operation that uses its record up (accept,
   * publish, resolve…); the refused calls aim at the world's.
   */
  fresh?: (w: AccessWorld) => Promise<Record<string, string | number>>;
  /** The token to send instead of the principal's (logout ends a session of its own). */
  token?: (ctx: CallContext) => Promise<string | undefined>;
  /** Refusals are RFC 6749 §5.2 JSON (the OAuth token endpoint), not problem+json. */
  oauthErrors?: boolean;
  /** Keeps what a later call needs from an allowed one (a 2FA seed, a rotated refresh token, a new password). */
  after?: (ctx: CallContext, received: Record<string, unknown>, sent: unknown) => void;
}

type Table = Partial<Record<PrincipalName, Outcome>>;

/**
 * Every principal not named gets `otherwise`; without a valid token it is 401, as the guard
 * answers. Another store of P's chain is an outsider to P like any other pharmacy: unless named,
 * it gets what `otherPharmacy` gets.
 */
function outcomes(otherwise: Outcome, named: Table): Record<PrincipalName, Outcome> {
  const table = Object.fromEntries(PRINCIPALS.map((name) => [name, otherwise])) as Record<PrincipalName, Outcome>;
  const filled: Record<PrincipalName, Outcome> = { ...table, anonymous: 401, revokedClient: 401, ...named };
  return { ...filled, siblingPharmacy: named.siblingPharmacy ?? filled.otherPharmacy };
}

const everyone = (outcome: Outcome) => Object.fromEntries(PRINCIPALS.map((name) => [name, outcome])) as Record<PrincipalName, Outcome>;

/** Self-service routes: every portal user acts on its own account; API clients are refused. */
const selfService = outcomes('ok', { vendorClient: 403 });

/** Records of the contract V–P: its two parties (the vendor with its systems, the pharmacy with its chain). */
const contractParties: Table = { vendorAdmin: 'ok', vendorClient: 'ok', pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok' };

/** The body a principal's side sends; sides not named send the first one given. */
/** P's own evidence document, for a DELETE (archive) of its own. */
async function freshEvidenceDocument(w: AccessWorld): Promise<Record<string, string>> {
  const created = await w.t.http
    .post('/v1/evidence-documents')
    .set({ Authorization: `Bearer ${w.principals.pharmacyAdmin.token as string}` })
    .send({ kind: 'regulations', title: 'アクセス検査 アーカイブする規程', fiscalYear: FY, documentDate: '2025-04-01' });
  if (created.status !== 201) throw new Error(`fresh evidence document: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id as string };
}

/** Evidence documents (証跡・規程類): P and its chain read them; P's admins write; vendors and the operator never (403 pharmacy_required). */
const evidenceReaders: Table = { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok', otherPharmacy: 404, siblingPharmacy: 404, otherChain: 404 };
const evidenceWriters: Table = { pharmacyAdmin: 'ok', viewer: 403, chainAdmin: 403, otherPharmacy: 404, siblingPharmacy: 404, otherChain: 403 };
const EVIDENCE_BODY = { kind: 'access_log_review', title: 'アクセス検査 ログ確認記録', fiscalYear: FY, documentDate: '2025-06-30', reviewDueOn: '2025-07-31' };

/** A pharmacy V invited, for an approve or reject of its own. */
async function freshPendingPharmacy(w: AccessWorld): Promise<Record<string, string>> {
  const created = await w.t.http
    .post('/v1/pharmacy-invitations')
    .set({ Authorization: `Bearer ${w.principals.vendorAdmin.token as string}` })
    .send({ pharmacyCode: uniquePharmacyCode(), pharmacyName: 'アクセス検査 承認対象', email: uniqueEmail('matrix-fresh-pending'), contract: { kind: 'maintenance', productIds: [w.ids.products.main], startsOn: '2025-04-01' } });
  if (created.status !== 201) throw new Error(`fresh pending pharmacy: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: created.body.id as string };
}

function bySide(as: MatrixPrincipal, bodies: Partial<Record<Side, unknown>>): unknown {
  return as.side in bodies ? bodies[as.side] : Object.values(bodies)[0];
}

/**
 * Answer sets: V (its users and systems) only; other vendor organizations — the agent A and V2 —
 * get `others` (404 for V's set, their own sets only in a list); everyone else 403 vendor_required.
 */
const answerSetKeepers = (others: Outcome): Table => ({ vendorAdmin: 'ok', vendorClient: 'ok', agent: others, otherVendor: others });

/** A set of V's made for one call that uses it up (DELETE archives it). */
async function answerSetOf(w: AccessWorld): Promise<string> {
  const response = await w.t.http
    .post('/v1/answer-sets')
    .set('Authorization', `Bearer ${w.principals.vendorAdmin.token as string}`)
    .send({ name: uniqueName('アーカイブする回答セット'), formId: 'vendor-checklist-pharmacy-r7', answers: checklistAnswers() });
  if (response.status !== 201) throw new Error(`creating an answer set failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.id as string;
}

const account = (ctx: CallContext) => ctx.as.account;

/** Organizations that keep an incident 連絡窓口 of their own: vendors and agents (V with its system, A, V2). */
const incidentDesks: Table = { vendorAdmin: 'ok', vendorClient: 'ok', agent: 'ok', otherVendor: 'ok' };
const INCIDENT_DESK = { contactName: 'アクセス検査 障害受付', phone: '0120-000-000', hours: '平日 9:00–18:00' };
/** The own-chart routes: every pharmacy reads (and its admins write) its own chart. */
const pharmacyOwnChart: Table = { pharmacyAdmin: 'ok', viewer: 'ok', otherPharmacy: 'ok', siblingPharmacy: 'ok' };
const dummyOtp = '000000';

export const RULES: Record<string, AccessRule> = {
  'GET /health': { expect: everyone('ok'), note: 'liveness for load balancers: no token needed, any token ignored' },
  'GET /ready': { expect: everyone('ok') },
  'GET /openapi.json': { expect: everyone('ok'), note: 'the public OpenAPI document: no token needed, any token ignored' },
  'GET /.well-known/oauth-authorization-server': { expect: everyone('ok'), note: 'public RFC 8414 discovery: no token needed, any token ignored' },

  'GET /v1/audit-events': {
    query: (w) => `?organizationId=${w.ids.vendor}`,
    expect: outcomes(404, { vendorAdmin: 'ok', operator: 'ok', vendorClient: 403, viewer: 403 }),
    note: "an organization's admins read its access log; the operator may read any chain of events (ids and actions, no document contents)",
  },
  'GET /v1/audit-events/verification': {
    query: (w) => `?organizationId=${w.ids.vendor}`,
    expect: outcomes(404, { vendorAdmin: 'ok', operator: 'ok', vendorClient: 403, viewer: 403 }),
  },

  'GET /v1/notifications': {
    listed: (w) => w.ids.notification,
    expect: outcomes('blind', { pharmacyAdmin: 'ok', vendorClient: 403 }),
    note: 'a notification is written for one user: not for colleagues, not for the chain (which gets its own)',
  },
  'POST /v1/notifications/read-all': { expect: selfService },
  'POST /v1/notifications/{id}/read': { expect: outcomes(404, { pharmacyAdmin: 'ok', vendorClient: 403 }) },
  'GET /v1/me/notification-preferences': { expect: selfService },
  'PUT /v1/me/notification-preferences': { body: () => ({ digestHour: 9 }), expect: selfService, note: "one's own mail settings: every portal user, never an API client" },
  'POST /v1/notification-preferences/unsubscribe': {
    query: () => `?token=${Buffer.from(`${randomUUID()}.documents`).toString('base64url')}.${'A'.repeat(43)}`,
    encoding: 'form',
    body: () => ({ 'List-Unsubscribe': 'One-Click' }),
    expect: everyone(400),
    note: 'public (RFC 8058 one-click): only the signed token in the mail decides; a token not signed by Kaiji is refused the same for everyone',
  },

  'GET /v1/organizations': {
    query: (w) => `?chainId=${w.ids.chain}&limit=100`,
    listed: (w) => w.ids.pharmacy,
    expect: outcomes('blind', { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok', operator: 'ok' }),
    note: 'own organization, its chain or the chain’s stores; the operator every one. A vendor does not read its customers’ organization records',
  },
  'POST /v1/organizations': {
    body: () => ({ kind: 'vendor', name: uniqueName('アクセス検査ベンダー') }),
    expect: outcomes(403, { operator: 'ok' }),
  },
  'GET /v1/organizations/{id}': { expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok', operator: 'ok' }) },
  'PATCH /v1/organizations/{id}': {
    body: () => ({ name: uniqueName('アクセス検査薬局') }),
    expect: outcomes(404, { pharmacyAdmin: 'ok', operator: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'its admins; the operator its name (told to its admins), never its security settings; a chain reads its stores but does not administer them',
  },
  'GET /v1/organization-identity-changes': {
    expect: outcomes(403, { operator: 'ok' }),
    note: "vendors' name and 法人番号 changes wait for the operator's review (issue 13, finding 8); no tenant reviews",
  },
  'POST /v1/organization-identity-changes/{id}/approve': { fresh: (w) => w.fresh.identityChange(), expect: outcomes(403, { operator: 'ok' }) },
  'POST /v1/organization-identity-changes/{id}/reject': {
    body: () => ({ reason: '他社名と紛らわしいため' }),
    fresh: (w) => w.fresh.identityChange(),
    expect: outcomes(403, { operator: 'ok' }),
  },
  'GET /v1/organizations/{organizationId}/users': {
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'accounts are the organization’s admins’ alone: to the operator a tenant’s account routes do not exist (it creates only a first admin, where there is none)',
  },
  'POST /v1/organizations/{organizationId}/users': {
    body: () => ({ email: uniqueEmail('matrix'), displayName: '検査 ユーザー', role: 'admin', password: STRONG_PASSWORD }),
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'an admin account in an organization that has admins: the operator making itself admin of a tenant answers 404',
  },
  'PATCH /v1/organizations/{organizationId}/users/{userId}': {
    body: () => ({ displayName: uniqueName('会員') }),
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
  },
  'POST /v1/organizations/{organizationId}/users/{userId}/reset-credentials': {
    body: () => ({ resetTwoFactor: true }),
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'an organization’s admins reset a member’s 2FA (and password); the operator never',
  },
  'POST /v1/organizations/{organizationId}/users/disable-inactive': {
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
  },
  'GET /v1/organizations/{organizationId}/api-clients': {
    expect: outcomes(404, { vendorAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'API clients are the organization’s admins’ alone: the operator does not hold vendor secrets',
  },
  'POST /v1/organizations/{organizationId}/api-clients': {
    body: () => ({ name: uniqueName('matrix'), scopes: ['checklists:write'], allowedCidrs: ['127.0.0.0/8'] }),
    expect: outcomes(404, { vendorAdmin: 'ok', viewer: 403, vendorClient: 403 }),
  },
  'POST /v1/organizations/{organizationId}/api-clients/{clientId}/revoke': {
    expect: outcomes(404, { vendorAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'revokes a spare client of V (revoking again answers the revoked client)',
  },

  'GET /v1/organizations/{organizationId}/mail-deliveries': {
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'the mail sent to an organization’s people is its admins’ alone, as its accounts are (issue 15); the operator’s 404 too',
  },
  'POST /v1/organizations/{organizationId}/invitations': {
    body: () => ({ email: uniqueEmail('matrix-invite'), role: 'viewer' }),
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'inviting people is managing accounts: the organization’s admins alone (issue 15); the operator’s 404 too',
  },
  'GET /v1/organizations/{organizationId}/invitations': {
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    listed: (w) => w.ids.invitation,
  },
  'POST /v1/organizations/{organizationId}/invitations/{invitationId}/resend': {
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
  },
  'POST /v1/organizations/{organizationId}/invitations/{invitationId}/revoke': {
    fresh: async (w) => {
      const created = await w.t.http
        .post(`/v1/organizations/${w.ids.pharmacy}/invitations`)
        .set({ Authorization: `Bearer ${w.principals.pharmacyAdmin.token as string}` })
        .send({ email: uniqueEmail('matrix-revoke'), role: 'viewer' });
      return { organizationId: w.ids.pharmacy, invitationId: created.body.id as string };
    },
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 403, vendorClient: 403 }),
  },
  'POST /v1/pharmacy-invitations': {
    body: ({ w }) => ({
      pharmacyCode: uniquePharmacyCode(),
      pharmacyName: 'アクセス検査 招待薬局',
      email: uniqueEmail('matrix-pharmacy'),
      contract: { kind: 'maintenance', productIds: [w.ids.products.main], startsOn: '2025-04-01' },
    }),
    expect: outcomes(403, { vendorAdmin: 'ok', agent: 400, otherVendor: 400 }),
    note: "a vendor invites a pharmacy not on Kaiji with a proposal of its own products (issue 15): other vendors naming V's products get 400 as POST /v1/contracts; no API client (users only), no other kind",
  },
  'POST /v1/chains/{id}/store-invitations': {
    body: () => ({ pharmacyCode: uniquePharmacyCode(), pharmacyName: 'アクセス検査 新店舗', email: uniqueEmail('matrix-store') }),
    expect: outcomes(404, { chainAdmin: 'ok', viewer: 403, vendorClient: 403 }),
    note: 'the chain’s admins alone, as its accounts (issue 15)',
  },
  'GET /v1/pending-pharmacies': {
    expect: outcomes(403, { operator: 'ok', vendorAdmin: 'ok', agent: 'blind', otherVendor: 'blind', chainAdmin: 'blind', otherChain: 'blind' }),
    listed: (w) => w.ids.pendingPharmacy,
    note: 'the operator reviews every invited pharmacy; a vendor or chain sees its own requests only; pharmacies 403',
  },
  'POST /v1/pending-pharmacies/{id}/approve': {
    fresh: (w) => freshPendingPharmacy(w),
    expect: outcomes(403, { operator: 'ok' }),
    note: 'only the operator, who checks the first admin’s address, lets the invitation be mailed (issue 15)',
  },
  'POST /v1/pending-pharmacies/{id}/reject': {
    body: () => ({ reason: 'メールアドレスを確認できませんでした' }),
    fresh: (w) => freshPendingPharmacy(w),
    expect: outcomes(403, { operator: 'ok' }),
  },
  'POST /v1/invitations/lookup': {
    body: () => ({ token: `matrix${randomUUID().replace(/-/g, '')}` }),
    expect: everyone(400),
    note: 'public: only the mailed token decides (one never issued is refused the same for everyone, 400 invalid_invitation)',
  },
  'POST /v1/invitations/accept': {
    body: () => ({ token: `matrix${randomUUID().replace(/-/g, '')}`, displayName: '招待 検査', password: 'Matrix-invite-pass!9' }),
    expect: everyone(400),
    note: 'public: only the mailed token decides; nothing is written for a token never issued',
  },
  'POST /v1/auth/password-reset': {
    body: () => ({ email: uniqueEmail('matrix-reset') }),
    expect: everyone('ok'),
    note: 'public, the same 202 whatever the address (an unknown one here); a bearer token changes nothing',
  },
  'POST /v1/auth/password-reset/confirm': {
    body: () => ({ token: `matrix${randomUUID().replace(/-/g, '')}`, newPassword: 'Matrix-reset-pass!9' }),
    expect: everyone(400),
    note: 'public: only the mailed token decides (a token that was never issued is refused the same for everyone)',
  },
  'POST /v1/auth/login': {
    body: ({ w }) => ({ email: w.login.email, password: w.login.password }),
    expect: everyone('ok'),
    note: 'public: a bearer token sent along changes nothing',
  },
  'POST /v1/auth/refresh': {
    body: ({ w }) => ({ refreshToken: w.login.refreshToken }),
    after: ({ w }, body) => {
      w.login.refreshToken = body.refreshToken as string;
    },
    expect: everyone('ok'),
    note: 'each call presents the refresh token the previous one returned (a second use would end the session)',
  },
  'POST /v1/auth/logout': {
    token: async (ctx) => {
      const user = account(ctx);
      return user ? (await ctx.w.f.login(user.email, user.password)).accessToken : ctx.as.token;
    },
    expect: selfService,
    note: 'each user ends a session opened for the purpose, so its matrix token stays valid',
  },
  'POST /v1/auth/token': {
    encoding: 'form',
    body: ({ w, as }) => {
      const client = as.name === 'revokedClient' ? w.clients.revoked : w.clients.active;
      return { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret };
    },
    expect: { ...everyone('ok'), revokedClient: 400 },
    oauthErrors: true,
    note: 'public; the revoked client presents its own credentials in the body and is refused (400 invalid_client, RFC 6749 §5.2 JSON)',
  },
  'POST /v1/auth/password': {
    body: (ctx) => ({ currentPassword: account(ctx)?.password ?? STRONG_PASSWORD, newPassword: `Matrix-${randomUUID().slice(0, 8)}-9!` }),
    after: (ctx, _received, sent) => {
      const user = account(ctx);
      if (user) user.password = (sent as { newPassword: string }).newPassword;
    },
    expect: selfService,
  },
  'GET /v1/me': { expect: outcomes('ok', {}) },
  'GET /v1/me/sessions': { expect: selfService },
  'POST /v1/me/sessions/revoke-others': {
    expect: selfService,
    note: 'each user ends its other sessions; the matrix token is the calling session and stays valid',
  },
  'POST /v1/me/sessions/{sessionId}/revoke': {
    expect: outcomes(404, { vendorClient: 403 }),
    note: 'the session is the member’s (no principal’s): to everyone else it does not exist; API clients have no sessions (users_only)',
  },
  'POST /v1/auth/2fa/enrolment': {
    after: (ctx, body) => {
      const user = account(ctx);
      if (user) ctx.w.otp.remember(user.id, body.secret as string);
    },
    expect: { ...selfService, operator: 409 },
    note: 'the operator enrolled before it could act at all (its logins always use 2FA): enrolling again is a conflict',
  },
  'POST /v1/auth/2fa/enrolment/confirm': {
    body: async (ctx) => ({ otp: account(ctx) ? await ctx.w.otp.code((account(ctx) as { id: string }).id) : dummyOtp }),
    expect: { ...selfService, operator: 409 },
  },
  'POST /v1/auth/2fa/recovery-codes': {
    body: async (ctx) => ({ otp: account(ctx) ? await ctx.w.otp.code((account(ctx) as { id: string }).id) : dummyOtp }),
    expect: selfService,
  },
  'POST /v1/auth/2fa/disable': {
    body: async (ctx) => {
      const user = account(ctx);
      return { password: user?.password ?? STRONG_PASSWORD, otp: user ? await ctx.w.otp.code(user.id) : dummyOtp };
    },
    expect: { ...selfService, operator: 409 },
    note: 'the operator’s 2FA cannot be turned off (two_factor_required_by_organization)',
  },

  'GET /v1/forms': { expect: outcomes('ok', {}), note: 'the form catalogs are public knowledge (MHLW and JAHIS forms)' },
  'POST /v1/forms': {
    body: () => {
      const id = `matrix-form-${randomUUID().slice(0, 8)}`;
      return { ...catalogForm('vendor-checklist-medical-r7'), id, series: `test/${id}`, fiscalYear: 2099 };
    },
    expect: outcomes(404, { operator: 'ok', vendorClient: 403, viewer: 403 }),
    note: 'the operator’s alone: to any other user the operation does not exist (404); the guard answers API clients (users_only) and viewers (read_only_role) first',
  },
  'GET /v1/forms/{formId}': { expect: outcomes('ok', {}) },
  'GET /v1/forms/applicable': { query: () => '?kind=vendor_checklist&audience=pharmacy', expect: outcomes('ok', {}) },

  'GET /v1/products': {
    query: () => '?limit=100',
    listed: (w) => w.ids.products.main,
    expect: outcomes('blind', { ...contractParties, agent: 'ok' }),
    note: 'a vendor’s own; for customers and agents, those an active contract covers',
  },
  'POST /v1/products': {
    body: () => ({ name: uniqueName('検査クラウド'), category: 'レセコン', deployment: 'cloud', versions: ['1.0'] }),
    expect: outcomes(403, { vendorAdmin: 'ok', vendorClient: 'ok', agent: 'ok', otherVendor: 'ok' }),
    note: 'any vendor manages products of its own; other kinds of organization never do (403)',
  },
  'GET /v1/products/{id}': { expect: outcomes(404, { ...contractParties, agent: 'ok' }) },
  'PATCH /v1/products/{id}': {
    body: () => ({ description: uniqueName('説明') }),
    expect: outcomes(403, { vendorAdmin: 'ok', vendorClient: 'ok', agent: 404, otherVendor: 404 }),
  },

  'GET /v1/contracts': {
    query: () => '?limit=100',
    listed: (w) => w.ids.contract,
    expect: outcomes('blind', { ...contractParties, agent: 'ok' }),
    note: 'contracts a vendor is party to as vendor or as agent, and the customer’s (with its chain); the operator none',
  },
  'POST /v1/contracts': {
    body: ({ w, as }) => {
      const common = { kind: 'maintenance', productIds: [w.ids.products.main], startsOn: '2025-04-01' };
      return bySide(as, {
        vendor: { ...common, pharmacyCode: w.ids.pharmacyCode },
        pharmacy: { ...common, vendorId: w.ids.vendor },
        chain: { ...common, vendorId: w.ids.vendor, customerId: w.ids.pharmacy },
      });
    },
    expect: outcomes(400, { vendorAdmin: 'ok', vendorClient: 'ok', pharmacyAdmin: 'ok', chainAdmin: 'ok', otherPharmacy: 'ok', otherChain: 404, viewer: 403, operator: 403 }),
    note:
      'each side proposes with its own body. Another pharmacy may propose to V for itself; another chain cannot for P (404); vendors naming V’s products get 400 as for unknown ids',
  },
  'GET /v1/contracts/{id}': { expect: outcomes(404, { ...contractParties, agent: 'ok' }) },
  'POST /v1/contracts/{id}/accept': {
    body: () => ({}),
    fresh: (w) => w.fresh.proposedContract(),
    expect: outcomes(404, { pharmacyAdmin: 'ok', chainAdmin: 'ok', vendorAdmin: 403, vendorClient: 403, agent: 403, viewer: 403 }),
    note: 'the other side accepts: V proposed, so P (or its chain) accepts; V and the agent see the proposal but may not',
  },
  'POST /v1/contracts/{id}/decline': {
    fresh: (w) => w.fresh.proposedContract(),
    expect: outcomes(404, { pharmacyAdmin: 'ok', chainAdmin: 'ok', vendorAdmin: 403, vendorClient: 403, agent: 403, viewer: 403 }),
  },
  'POST /v1/contracts/{id}/withdraw': {
    fresh: (w) => w.fresh.proposedContract(),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', pharmacyAdmin: 403, chainAdmin: 403, agent: 403, viewer: 403 }),
    note: 'the side that proposed (V) withdraws its proposal; P and its chain decline it instead (403 not_proposer), the agent is no party (403); outsiders 404',
  },
  'GET /v1/pharmacies/lookup': {
    query: (w) => `?pharmacyCode=${w.ids.pharmacyCode}`,
    expect: outcomes(403, { vendorAdmin: 'ok', vendorClient: 'ok', agent: 'ok', otherVendor: 'ok' }),
    note: 'any vendor names a pharmacy by its public 保険薬局コード before proposing (name only, no id; limited per hour); other kinds of organization never propose by code (403)',
  },
  'GET /v1/vendors/lookup': {
    query: (w) => `?corporateNumber=${w.ids.lookupVendorNumber}`,
    expect: outcomes('ok', { operator: 403 }),
    note: 'every party to contracts names a vendor (or an agent) by its public 法人番号 before proposing; the operator proposes nothing',
  },
  'POST /v1/contracts/{id}/end': {
    body: () => ({ reason: 'アクセス検査のため終了' }),
    fresh: (w) => w.fresh.activeContract(),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', pharmacyAdmin: 'ok', chainAdmin: 'ok', agent: 403, viewer: 403 }),
    note: 'either party ends it, the pharmacy’s chain for it; the agent sees the contract but is not a party (403); the refused calls aim at the world’s contract, which stays in force',
  },

  'GET /v1/disclosures': {
    query: () => '?limit=100',
    listed: (w) => w.ids.sds,
    onlyFor: { record: (w) => w.ids.draft, principals: ['vendorAdmin', 'vendorClient'] },
    expect: outcomes('blind', contractParties),
    note: 'published disclosures reach the customers of the product, drafts no one but their vendor; the agent sees only what it writes (RM-SDS)',
  },
  'POST /v1/disclosures': {
    body: ({ w }) => ({ productId: w.ids.products.main, productVersion: uniqueName('matrix'), kind: 'SDS', audience: 'all_customers', answers: fullAnswers() }),
    expect: outcomes(403, { vendorAdmin: 'ok', vendorClient: 'ok', otherVendor: 400 }),
    note: 'the agent of a contract covering the product writes only its RM-SDS (403); another vendor naming V’s product gets 400 as for an unknown product',
  },
  'GET /v1/disclosures/{id}': { expect: outcomes(404, contractParties) },
  'PATCH /v1/disclosures/{id}': {
    body: () => ({ answers: fullAnswers() }),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
    note: 'drafts are visible to their vendor only',
  },
  'POST /v1/disclosures/{id}/publish': {
    fresh: (w) => w.fresh.draft(),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
  },
  'POST /v1/disclosures/{id}/withdraw': {
    body: () => ({ reason: '記載誤りのため' }),
    fresh: (w) => w.fresh.published(),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
    note: 'customers read a published disclosure but only its author changes it (404 to them: not theirs to act on)',
  },
  'GET /v1/disclosures/{id}/attachment': { expect: outcomes(404, contractParties) },
  'PUT /v1/disclosures/{id}/attachment': {
    encoding: 'pdf',
    query: () => '?filename=original.pdf',
    body: ({ w }) => w.pdf,
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
  },
  'GET /v1/disclosures/{id}/pdf': { expect: outcomes(404, contractParties) },

  'GET /v1/checklists': {
    query: () => `?fiscalYear=${FY}&limit=100`,
    listed: (w) => w.ids.contract,
    expect: outcomes('blind', contractParties),
    note: 'a 年度’s checklists, one row per contract, read as on the per-contract route: the vendor and the customer with its chain; the agent answers none',
  },
  'GET /v1/contracts/{id}/checklists/{fiscalYear}': {
    expect: outcomes(404, contractParties),
    note: 'the vendor’s 事業者確認用 per customer: the agent answers none of the vendor’s',
  },
  'PUT /v1/contracts/{id}/checklists/{fiscalYear}': {
    body: () => ({ managerName: '管理 三郎', answers: checklistAnswers() }),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
  },
  'POST /v1/contracts/{id}/checklists/{fiscalYear}/submit': {
    fresh: (w) => w.fresh.checklistDraft(),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
    note: 'each allowed call submits a draft saved for it',
  },
  'GET /v1/contracts/{id}/checklists/{fiscalYear}/pdf': { expect: outcomes(404, contractParties) },
  'GET /v1/contracts/{id}/checklists/{fiscalYear}/changes': {
    expect: outcomes(404, contractParties),
    note: 'the diff of two revisions is read as the checklist itself: its parties (the customer only submitted revisions), nobody else',
  },
  'GET /v1/disclosures/{id}/changes': { expect: outcomes(404, contractParties), note: 'read as the disclosure itself, against the previous revision the caller may read' },
  'POST /v1/checklists/batch': {
    body: ({ w }) => ({ fiscalYear: FY, entries: [{ contractId: w.ids.contract, managerName: '管理 四郎', answers: checklistAnswers() }] }),
    expect: outcomes(403, { vendorAdmin: 'ok', vendorClient: 'ok', agent: 'inert', otherVendor: 'inert' }),
    note: 'a vendor’s batch answers per entry: naming a contract that is not its own refuses that entry (200, nothing written)',
  },

  // Excel round trip (src/workbooks/): vendors only. Real workbooks, rival contracts and products: test/checklist-workbooks.e2e-spec.ts, test/disclosure-workbooks.e2e-spec.ts.
  'GET /v1/checklist-workbooks': {
    query: () => `?fiscalYear=${FY}`,
    expect: outcomes(403, { vendorAdmin: 'ok', vendorClient: 'ok', agent: 'ok', otherVendor: 'ok' }),
    note: 'a vendor downloads the book of its own customers (the agent and V2 get a book without V’s); anyone else 403 vendor_required',
  },
  'POST /v1/checklist-workbooks': {
    query: () => `?fiscalYear=${FY}&mode=draft&dryRun=true`,
    body: () => ({ workbook: 'not an XLSX' }),
    expect: outcomes(403, { vendorAdmin: 400, vendorClient: 400, agent: 400, otherVendor: 400 }),
    note: 'vendors only (403 vendor_required first, read_only_role for viewers); a vendor sending anything but an XLSX gets 400 not_a_workbook, nothing written',
  },
  'GET /v1/disclosure-workbooks': {
    query: (w) => `?productId=${w.ids.products.main}`,
    expect: outcomes(403, { vendorAdmin: 'ok', vendorClient: 'ok', agent: 404, otherVendor: 404 }),
    note: 'V’s product: the agent and V2 get 404 as for a product that does not exist',
  },
  'POST /v1/disclosure-workbooks': {
    query: () => '?dryRun=true',
    body: () => ({ workbook: 'not an XLSX' }),
    expect: outcomes(403, { vendorAdmin: 400, vendorClient: 400, agent: 400, otherVendor: 400 }),
    note: 'vendors only; anything but an XLSX is 400 not_a_workbook, nothing written',
  },

  'POST /v1/answer-sets': {
    body: () => ({ name: uniqueName('アクセス検査の回答セット'), formId: 'vendor-checklist-pharmacy-r7', answers: checklistAnswers() }),
    expect: outcomes(403, { vendorAdmin: 'ok', vendorClient: 'ok', agent: 'ok', otherVendor: 'ok' }),
    note: 'every vendor organization (an agent too) keeps answer sets of its own; other kinds never do (403 vendor_required)',
  },
  'GET /v1/answer-sets': {
    query: () => '?limit=100',
    listed: (w) => w.ids.answerSet,
    expect: outcomes(403, answerSetKeepers('blind')),
  },
  'GET /v1/answer-sets/{id}': { expect: outcomes(403, answerSetKeepers(404)), note: 'a set is its vendor’s alone: another vendor, the agent of its contracts included, gets 404' },
  'PATCH /v1/answer-sets/{id}': { body: () => ({ managerName: '管理 五郎' }), expect: outcomes(403, answerSetKeepers(404)) },
  'DELETE /v1/answer-sets/{id}': {
    fresh: async (w) => ({ id: await answerSetOf(w) }),
    expect: outcomes(403, answerSetKeepers(404)),
    note: 'archives (nothing is deleted); each allowed call archives a set made for it',
  },
  'POST /v1/answer-sets/{id}/applications': {
    body: ({ w }) => ({ fiscalYear: FY, contractIds: [w.ids.contract], dryRun: true }),
    expect: outcomes(403, answerSetKeepers(404)),
    note: 'a preview (dryRun) here, so the world’s checklists stay as they are; real applications: test/answer-set-applications.e2e-spec.ts',
  },
  'GET /v1/answer-sets/{id}/applications': { listed: (w) => w.ids.answerSetApplication, expect: outcomes(403, answerSetKeepers(404)) },
  'GET /v1/answer-sets/{id}/applications/{applicationId}': { expect: outcomes(403, answerSetKeepers(404)) },

  'GET /v1/document-requests': {
    query: () => '?limit=100',
    listed: (w) => w.ids.request,
    expect: outcomes('blind', contractParties),
    note: 'requests addressed to the organization (V here; the agent only for RM-SDS) and the customer’s with its chain',
  },
  'POST /v1/document-requests': {
    body: ({ w, as }) =>
      bySide(as, {
        pharmacy: { contractId: w.ids.contract, kind: 'SDS', productId: w.ids.products.main },
        chain: { contractId: w.ids.contract, kind: 'checklist', fiscalYear: FY },
      }),
    expect: outcomes(403, { pharmacyAdmin: 'ok', chainAdmin: 'ok', otherPharmacy: 404, otherChain: 404 }),
    note: 'pharmacies and their chains ask (vendors and the operator: 403); another customer cannot see the contract (404)',
  },
  'GET /v1/document-requests/{id}': { expect: outcomes(404, contractParties) },
  'GET /v1/document-requests/{id}/candidates': {
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', pharmacyAdmin: 403, chainAdmin: 403, viewer: 403 }),
    note: 'what the request can be fulfilled with: the organization asked only; the customer side sees the request (403 addressee_only)',
  },
  'POST /v1/document-requests/{id}/fulfil': {
    body: ({ w }) => ({ disclosureId: w.ids.mdsOfSecond }),
    fresh: (w) => w.fresh.openRequest('MDS'),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', pharmacyAdmin: 403, chainAdmin: 403, viewer: 403 }),
    note: 'only the organization asked answers; the customer side sees the request (403)',
  },
  'POST /v1/document-requests/{id}/decline': {
    body: () => ({ reason: '該当製品の提供を終了しました' }),
    fresh: (w) => w.fresh.openRequest('SDS'),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', pharmacyAdmin: 403, chainAdmin: 403, viewer: 403 }),
  },

  'GET /v1/risk-threads': {
    query: () => '?limit=100',
    listed: (w) => w.ids.thread,
    expect: outcomes('blind', contractParties),
  },
  'POST /v1/risk-threads': {
    body: ({ w, as }) =>
      bySide(as, {
        pharmacy: threadBody(w.ids.sds, ITEMS.openByPharmacy),
        chain: threadBody(w.ids.sds, ITEMS.openByChain, { pharmacyId: w.ids.pharmacy }),
      }),
    expect: outcomes(403, { pharmacyAdmin: 'ok', chainAdmin: 'ok', otherPharmacy: 404, otherChain: 404 }),
  },
  'GET /v1/risk-threads/{id}': { expect: outcomes(404, contractParties) },
  'PATCH /v1/risk-threads/{id}': {
    body: () => ({ dueOn: daysFromToday(30) }),
    expect: outcomes(404, { pharmacyAdmin: 'ok', chainAdmin: 'ok', vendorAdmin: 403, vendorClient: 403, viewer: 403 }),
    note: 'the pharmacy side sets the due date and the outcome; the vendor side sees the thread (403)',
  },
  'POST /v1/risk-threads/{id}/messages': {
    body: () => ({ body: '確認しました。' }),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', pharmacyAdmin: 'ok', chainAdmin: 'ok', viewer: 403 }),
  },
  'PATCH /v1/risk-threads/{id}/messages/{messageId}': {
    body: () => ({ body: uniqueName('次版で対応予定です（修正）') }),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 403, pharmacyAdmin: 403, chainAdmin: 403, viewer: 403 }),
    note: 'only its author (V’s admin) edits a message; the parties see it (403)',
  },
  'POST /v1/risk-threads/{id}/resolve': {
    body: () => ({ outcome: 'risk_accepted' }),
    fresh: (w) => w.fresh.openThread(ITEMS.resolve),
    expect: outcomes(404, { pharmacyAdmin: 'ok', chainAdmin: 'ok', vendorAdmin: 403, vendorClient: 403, viewer: 403 }),
  },
  'POST /v1/risk-threads/{id}/reopen': {
    body: () => ({ reason: '再確認が必要になりました' }),
    fresh: (w) => w.fresh.resolvedThread(),
    expect: outcomes(404, { pharmacyAdmin: 'ok', chainAdmin: 'ok', vendorAdmin: 403, vendorClient: 403, viewer: 403 }),
  },

  'GET /v1/review-queue': {
    query: () => '?limit=100',
    listed: (w) => w.ids.contract,
    expect: outcomes(403, { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok', otherPharmacy: 'blind', otherChain: 'blind' }),
    note: 'for pharmacies and their chains (vendors and the operator: 403); the いいえ of the contract’s checklist is in P’s queue only',
  },
  'POST /v1/review-queue/reviews': {
    body: ({ w, as }) =>
      bySide(as, {
        pharmacy: { documentType: 'checklist', documentId: w.ids.checklist, itemId: '2-①' },
        chain: { documentType: 'checklist', documentId: w.ids.checklist, itemId: '2-⑤' },
      }),
    expect: outcomes(403, { pharmacyAdmin: 'ok', chainAdmin: 'ok', otherPharmacy: 404, otherChain: 404 }),
  },

  'GET /v1/contracts/{id}/remote-maintenance': {
    expect: outcomes(404, { ...contractParties, agent: 'ok' }),
    note: 'the most sensitive record: the two parties (vendor or its agent, the pharmacy with its chain) only',
  },
  'PUT /v1/contracts/{id}/remote-maintenance': {
    body: ({ w }) => rmBody(w.ids.products.main),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', agent: 'ok', pharmacyAdmin: 403, chainAdmin: 403, viewer: 403 }),
    note: 'whoever performs remote maintenance (the vendor or its agent) discloses it; the customer side confirms (403 here)',
  },
  'POST /v1/contracts/{id}/remote-maintenance/confirm': {
    body: async ({ w }) => ({ productId: w.ids.products.main, revision: await currentRmRevision(w) }),
    expect: outcomes(404, { pharmacyAdmin: 'ok', chainAdmin: 'ok', vendorAdmin: 403, vendorClient: 403, agent: 403, viewer: 403 }),
  },

  'GET /v1/pharmacies/{id}/checklists/{fiscalYear}': {
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok' }),
    note: 'the pharmacy’s own 薬局確認用: the pharmacy and its chain',
  },
  'PUT /v1/pharmacies/{id}/checklists/{fiscalYear}': {
    body: () => ({ answers: ownAnswers('2025-07-01') }),
    expect: outcomes(404, { pharmacyAdmin: 'ok', chainAdmin: 'ok', viewer: 403 }),
    note: 'the chain acts for its stores (DESIGN.md: "where a store allows it" — no per-store setting exists yet)',
  },
  'GET /v1/pharmacies/{id}/standing': {
    query: () => `?fiscalYear=${FY}`,
    expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok' }),
  },
  'GET /v1/chains/{id}/matrix': { query: () => `?fiscalYear=${FY}`, expect: outcomes(404, { chainAdmin: 'ok' }), note: 'a chain’s stores as a set: the chain itself only (not a store)' },
  'GET /v1/chains/{id}/vendor-summary': { query: () => `?fiscalYear=${FY}`, expect: outcomes(404, { chainAdmin: 'ok' }) },
  'GET /v1/chains/{id}/store-summary': { query: () => `?fiscalYear=${FY}`, expect: outcomes(404, { chainAdmin: 'ok' }) },
  'GET /v1/chains/{id}/followups': { expect: outcomes(404, { chainAdmin: 'ok' }) },
  'POST /v1/chains/{id}/followups': {
    body: ({ w }) => ({ kind: 'risk_thread', vendorId: w.ids.vendor, thread: threadBody(w.ids.sds, ITEMS.followupCreate) }),
    expect: outcomes(404, { chainAdmin: 'ok', viewer: 403 }),
  },
  'GET /v1/chains/{id}/followups/{followupId}': { expect: outcomes(404, { chainAdmin: 'ok' }) },
  'GET /v1/followups': {
    query: () => '?limit=100',
    listed: (w) => w.ids.followupRequest,
    expect: outcomes('blind', { vendorAdmin: 'ok', vendorClient: 'ok', chainAdmin: 'ok' }),
    note: 'a follow-up is between the chain and the organization asked; stores see only their own request or thread',
  },
  'GET /v1/followups/{id}': { expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', chainAdmin: 'ok' }) },
  'POST /v1/followups/{id}/fulfil': {
    body: ({ w }) => ({ disclosureId: w.ids.sdsOfThird }),
    fresh: (w) => w.fresh.followup(),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', chainAdmin: 403, viewer: 403 }),
    note: 'the organization asked answers once for every store; the chain sees the follow-up (403)',
  },
  'POST /v1/followups/{id}/decline': {
    body: () => ({ reason: '対象製品ではありません' }),
    fresh: (w) => w.fresh.followup(),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', chainAdmin: 403, viewer: 403 }),
  },
  'POST /v1/followups/{id}/messages': {
    body: () => ({ body: '全店舗分まとめて回答します。' }),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', chainAdmin: 403, viewer: 403 }),
  },
  'GET /v1/pharmacies/{id}/inspection-pack/{fiscalYear}': { expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok' }) },
  'GET /v1/chains/{id}/inspection-packs/{fiscalYear}': { expect: outcomes(404, { chainAdmin: 'ok' }) },
  'GET /v1/pharmacies/{id}/inspection-pack': { expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok' }) },
  'GET /v1/chains/{id}/inspection-packs': { expect: outcomes(404, { chainAdmin: 'ok' }) },

  'GET /v1/incident-contact': {
    expect: outcomes(403, incidentDesks),
    note: 'a vendor’s (or agent’s) own incident 連絡窓口; pharmacies, chains and the operator keep none (403 vendor_required)',
  },
  'PUT /v1/incident-contact': { body: () => INCIDENT_DESK, expect: outcomes(403, incidentDesks) },
  'GET /v1/contracts/{id}/incident-contact': {
    expect: outcomes(403, { ...incidentDesks, otherVendor: 404 }),
    note: 'the contract’s vendor or its agent, each its own 窓口; another vendor 404; the customer side keeps no 窓口 (403)',
  },
  'PUT /v1/contracts/{id}/incident-contact': { body: () => INCIDENT_DESK, expect: outcomes(403, { ...incidentDesks, otherVendor: 404 }) },
  'DELETE /v1/contracts/{id}/incident-contact': { expect: outcomes(403, { ...incidentDesks, otherVendor: 404 }) },
  'GET /v1/contact-chart': { expect: outcomes(403, pharmacyOwnChart), note: 'the caller pharmacy’s own chart; a chain reads its stores’ by id' },
  'GET /v1/contact-chart/pdf': { expect: outcomes(403, pharmacyOwnChart) },
  'GET /v1/contact-chart/own-contacts': { expect: outcomes(403, pharmacyOwnChart) },
  'PUT /v1/contact-chart/own-contacts': {
    body: () => ({ contacts: [{ role: '管理薬剤師', name: 'アクセス 検査', phone: '03-0000-0000' }] }),
    expect: outcomes(403, { ...pharmacyOwnChart, viewer: 403 }),
    note: 'portal users of the pharmacy (no API scope fits); viewers read only',
  },
  'GET /v1/pharmacies/{id}/contact-chart': { expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok' }), note: 'the pharmacy and its chain, as for the inspection pack' },
  'GET /v1/pharmacies/{id}/contact-chart/pdf': { expect: outcomes(404, { pharmacyAdmin: 'ok', viewer: 'ok', chainAdmin: 'ok' }) },

  'POST /v1/evidence-documents': {
    body: () => EVIDENCE_BODY,
    expect: outcomes(403, { pharmacyAdmin: 'ok', otherPharmacy: 'ok', siblingPharmacy: 'ok' }),
    note: 'each pharmacy registers its own (portal users only, no API scope fits); chains, vendors and the operator 403; viewers read only',
  },
  'GET /v1/evidence-documents': {
    query: (w) => `?pharmacyId=${w.ids.pharmacy}`,
    listed: (w) => w.ids.evidenceDocument,
    expect: outcomes(403, evidenceReaders),
    note: 'P’s documents: P and its chain (the facility decided as for the inspection pack); another pharmacy or chain 404',
  },
  'GET /v1/evidence-documents/{id}': { expect: outcomes(403, evidenceReaders) },
  'GET /v1/evidence-documents/{id}/file': { expect: outcomes(403, evidenceReaders) },
  'PATCH /v1/evidence-documents/{id}': { body: () => ({ notes: 'アクセス検査で更新' }), expect: outcomes(403, evidenceWriters), note: 'P’s admins and members; its chain reads only (403)' },
  'PUT /v1/evidence-documents/{id}/file': { encoding: 'pdf', query: () => '?filename=bcp.pdf', body: ({ w }) => w.pdf, expect: outcomes(403, evidenceWriters) },
  'DELETE /v1/evidence-documents/{id}': { fresh: freshEvidenceDocument, expect: outcomes(403, evidenceWriters), note: 'archives: hidden from the list and the pack, nothing deleted' },

  'GET /v1/webhooks': {
    listed: (w) => w.ids.webhook,
    expect: outcomes('blind', { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
    note: 'subscriptions belong to one organization: its admins and its clients with webhooks:manage',
  },
  'POST /v1/webhooks': {
    body: () => ({ url: WEBHOOK_URL, events: ['disclosure.published'] }),
    expect: outcomes('ok', { viewer: 403 }),
    note: 'any admin subscribes its own organization (payloads carry ids and facts, never document contents)',
  },
  'GET /v1/webhooks/{id}': { expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }) },
  'PATCH /v1/webhooks/{id}': {
    body: () => ({ description: uniqueName('検査') }),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
  },
  'DELETE /v1/webhooks/{id}': {
    fresh: (w) => w.fresh.webhook(),
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
    note: 'deactivates: each allowed call deactivates a subscription of its own',
  },
  'POST /v1/webhooks/{id}/rotate-secret': { expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }) },
  'GET /v1/webhooks/{id}/deliveries': { expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }) },
  'POST /v1/webhooks/{id}/ping': {
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
    note: 'queues a test delivery to that subscription only (this app runs no workers: nothing is sent)',
  },
  'POST /v1/webhooks/{id}/deliveries/{deliveryId}/redeliver': {
    expect: outcomes(404, { vendorAdmin: 'ok', vendorClient: 'ok', viewer: 403 }),
    note: "another organization's delivery is 404 even under its own subscription",
  },
};

function catalogForm(id: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(CATALOG_DIRECTORY, `${id}.json`), 'utf8')) as Record<string, unknown>;
}

async function currentRmRevision(w: AccessWorld): Promise<number> {
  const [row]: { revision: number }[] = await w.t.db.query('SELECT revision FROM remote_maintenance_disclosures WHERE contract_id = $1 AND product_id = $2 AND is_current', [
    w.ids.contract,
    w.ids.products.main,
  ]);
  return row.revision;
}
