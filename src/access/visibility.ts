import { todayInJapan } from '../common/fiscal-year';
import type { Principal } from './principal';

/** Collects positional parameters while SQL fragments are composed. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function isCustomerSide(principal: Principal): boolean {
  return principal.organizationKind === 'pharmacy' || principal.organizationKind === 'chain';
}

/** The facilities a pharmacy or chain acts for: the pharmacy itself, or every store of the chain. */
export function customerFacilities(principal: Principal, params: SqlParams): string {
  const own = params.add(principal.organizationId);
  // Only chains have stores (organizations.chain_id names a chain): a pharmacy's set is itself, said
  // plainly so that PostgreSQL can estimate it without the value and keep one plan for a prepared
  // statement (the disclosure list costs a third less).
  if (principal.organizationKind === 'pharmacy') return `(${own}::uuid)`;
  return `(SELECT f.id FROM organizations f WHERE f.id = ${own} OR f.chain_id = ${own})`;
}

/**
 * A contract in force today: accepted by both sides and its last day (ends_on, inclusive, JST) not
 * passed. An ended contract stays `active` in the table (the acceptance state) and visible to both
 * parties as history; what it no longer gives the vendor and its agent is anything new of the
 * customer (below). `today` is a JST date (YYYY-MM-DD), taken from the application's clock.
 */
export function contractInForce(c: string, params: SqlParams, today = todayInJapan()): string {
  return `(${c}.status = 'active' AND (${c}.ends_on IS NULL OR ${c}.ends_on >= ${params.add(today)}::date))`;
}

/** A record created (column `createdAt`, a timestamptz) by the last day of contract `c`: made while `c` was in force. */
function createdWhileInForce(c: string, createdAt: string): string {
  return `(${c}.ends_on IS NULL OR (${createdAt} AT TIME ZONE 'Asia/Tokyo')::date <= ${c}.ends_on)`;
}

/**
 * Contracts a principal is party to: as vendor, as agent (代理店), as the customer facility or as
 * the customer's chain, ended ones included (both sides keep the history). The operator reads no
 * documents, contracts included.
 */
export function contractVisible(principal: Principal, c: string, params: SqlParams): string {
  if (principal.organizationKind === 'vendor') {
    const own = params.add(principal.organizationId);
    return `(${c}.vendor_id = ${own} OR ${c}.agent_id = ${own})`;
  }
  if (isCustomerSide(principal)) return `${c}.customer_id IN ${customerFacilities(principal, params)}`;
  return 'false';
}

/**
 * Products: the vendor's own; for customers, those covered by an accepted contract (ended ones
 * included: the customer keeps its history); for agents, those of a contract in force only.
 */
export function productVisible(principal: Principal, p: string, params: SqlParams): string {
  if (principal.organizationKind === 'vendor') {
    const own = params.add(principal.organizationId);
    return `(${p}.vendor_id = ${own} OR EXISTS (
      SELECT 1 FROM contract_products cp JOIN contracts c ON c.id = cp.contract_id
       WHERE cp.product_id = ${p}.id AND c.agent_id = ${own} AND ${contractInForce('c', params)}))`;
  }
  if (isCustomerSide(principal)) {
    return `EXISTS (
      SELECT 1 FROM contract_products cp JOIN contracts c ON c.id = cp.contract_id
       WHERE cp.product_id = ${p}.id AND c.status = 'active' AND c.customer_id IN ${customerFacilities(principal, params)})`;
  }
  return 'false';
}

/**
 * Disclosures: drafts only to the organization writing them; published (and later superseded or
 * withdrawn) ones also to the product's vendor and to customers whose active contract covers the
 * product — every customer of it, or only the selected contracts. An agent's RM-SDS reaches the
 * customers of the contracts it is the agent of.
 */
export function disclosureVisible(principal: Principal, d: string, params: SqlParams): string {
  if (principal.organizationKind === 'vendor') {
    const own = params.add(principal.organizationId);
    return `(${d}.author_id = ${own} OR (${d}.vendor_id = ${own} AND ${d}.status <> 'draft'))`;
  }
  if (isCustomerSide(principal)) {
    const facilities = customerFacilities(principal, params);
    return disclosureReaches(d, 'c', (c) => `${c}.customer_id IN ${facilities}`);
  }
  return 'false';
}

/**
 * Vendor checklists (事業者確認用): every revision to the contract's vendor; submitted ones to the
 * customer facility and its chain, ended contracts' included (history). Agents answer no checklist
 * of the vendor's; after the end the vendor submits no more (ChecklistsService).
 */
export function checklistVisible(principal: Principal, vc: string, c: string, params: SqlParams): string {
  if (principal.organizationKind === 'vendor') return `${c}.vendor_id = ${params.add(principal.organizationId)}`;
  if (isCustomerSide(principal)) return `(${vc}.status = 'submitted' AND ${c}.status = 'active' AND ${c}.customer_id IN ${customerFacilities(principal, params)})`;
  return 'false';
}

/**
 * Document requests: to the customer facility and its chain, always; to the organization asked
 * (vendor or agent) if made while the request's contract was in force: once a contract has ended,
 * nothing the customer asks later reaches its former vendor (new requests are refused anyway).
 */
export function documentRequestVisible(principal: Principal, r: string, params: SqlParams): string {
  if (principal.organizationKind === 'vendor') {
    return `(${r}.addressee_id = ${params.add(principal.organizationId)}
      AND EXISTS (SELECT 1 FROM contracts request_contract WHERE request_contract.id = ${r}.contract_id AND ${createdWhileInForce('request_contract', `${r}.created_at`)}))`;
  }
  if (isCustomerSide(principal)) return `${r}.customer_id IN ${customerFacilities(principal, params)}`;
  return 'false';
}

/**
 * Risk threads: to the customer facility and its chain, always; to the answering party (the
 * document's author: the vendor, or the agent of an RM-SDS) if opened while a contract between it
 * and the facility was in force, so that a former vendor reads none the customer opens after the end.
 */
export function riskThreadVisible(principal: Principal, t: string, params: SqlParams): string {
  if (principal.organizationKind === 'vendor') {
    const own = params.add(principal.organizationId);
    return `(${t}.vendor_id = ${own} AND EXISTS (
      SELECT 1 FROM contracts thread_contract
       WHERE thread_contract.customer_id = ${t}.customer_id AND (thread_contract.vendor_id = ${own} OR thread_contract.agent_id = ${own})
         AND thread_contract.status = 'active'
         AND ${createdWhileInForce('thread_contract', `${t}.created_at`)}))`;
  }
  if (isCustomerSide(principal)) return `${t}.customer_id IN ${customerFacilities(principal, params)}`;
  return 'false';
}

/**
 * Remote-maintenance disclosures, the most sensitive data Kaiji holds: only the two parties of the
 * contract (vendor or its agent, and the customer facility with its chain). Every read is audited.
 * After the contract's end both keep reading what was disclosed under it; the maintainer writes no more.
 */
export function remoteMaintenanceVisible(principal: Principal, c: string, params: SqlParams): string {
  return contractVisible(principal, c, params);
}

/**
 * Published (or later superseded/withdrawn) disclosures addressed to ONE customer facility, named
 * by a SQL expression (a column such as `f.id`, or a parameter): the customer branch of
 * `disclosureVisible` for that facility alone. Used where a chain acts for one store, and where
 * per-store rows are listed (the review queue). Combine it with `disclosureVisible(principal…)`
 * and a facility drawn from `customerFacilities(principal…)`.
 */
export function disclosureVisibleToFacility(d: string, facility: string): string {
  return disclosureReaches(d, 'fc', (c) => `${c}.customer_id = ${facility}`);
}

/** A published (or later) disclosure reaches the customers of active contracts covering its product, within its audience. */
function disclosureReaches(d: string, c: string, customerMatches: (contract: string) => string): string {
  // The outer columns stay out of the JOIN's ON: PostgreSQL turns such an EXISTS into a semi-join
  // (instead of a subplan run for every candidate disclosure) only when they are in its WHERE.
  return `(${d}.status <> 'draft' AND EXISTS (
    SELECT 1 FROM contracts ${c} JOIN contract_products ${c}p ON ${c}p.contract_id = ${c}.id
     WHERE ${c}p.product_id = ${d}.product_id AND ${c}.status = 'active' AND ${c}.vendor_id = ${d}.vendor_id AND ${customerMatches(c)}
       AND (${d}.author_id = ${d}.vendor_id OR ${c}.agent_id = ${d}.author_id)
       AND (${d}.audience = 'all_customers'
            OR EXISTS (SELECT 1 FROM disclosure_audience ${c}a WHERE ${c}a.disclosure_id = ${d}.id AND ${c}a.contract_id = ${c}.id))))`;
}

/**
 * A published disclosure addressed to the customer of ONE contract (named by a SQL alias): written
 * by the contract's vendor, or by its agent (an RM-SDS), for all customers or for that contract.
 * What a store has "received" from a vendor; combine it with `disclosureVisible(principal…)`.
 */
export function disclosureAddressedToContract(d: string, c: string): string {
  return `(${d}.status = 'published' AND ${d}.vendor_id = ${c}.vendor_id
    AND (${d}.author_id = ${c}.vendor_id OR ${d}.author_id = ${c}.agent_id)
    AND EXISTS (SELECT 1 FROM contract_products acp WHERE acp.contract_id = ${c}.id AND acp.product_id = ${d}.product_id)
    AND (${d}.audience = 'all_customers'
         OR EXISTS (SELECT 1 FROM disclosure_audience ada WHERE ada.disclosure_id = ${d}.id AND ada.contract_id = ${c}.id)))`;
}

/** Webhook subscriptions and their delivery logs: the subscribing organization only (chains manage their own). */
export function webhookSubscriptionVisible(principal: Principal, s: string, params: SqlParams): string {
  return `${s}.organization_id = ${params.add(principal.organizationId)}`;
}

/** In-portal notifications: the user they were written for, nobody else (API clients have none). */
export function notificationVisible(principal: Principal, n: string, params: SqlParams): string {
  return principal.type === 'user' ? `${n}.user_id = ${params.add(principal.userId)}` : 'false';
}

/**
 * Chain-wide follow-ups (one request or thread from headquarters to a vendor for many stores): to
 * the chain that sent them and to the organization addressed (vendor, or agent for an RM-SDS).
 * Stores see only their own request or thread (documentRequestVisible, riskThreadVisible), never
 * the follow-up; the operator reads no documents. The items of a follow-up are listed through
 * those two predicates, so the vendor sees only the stores it was asked about.
 */
export function chainFollowupVisible(principal: Principal, cf: string, params: SqlParams): string {
  if (principal.organizationKind === 'chain') return `${cf}.chain_id = ${params.add(principal.organizationId)}`;
  if (principal.organizationKind === 'vendor') return `${cf}.vendor_id = ${params.add(principal.organizationId)}`;
  return 'false';
}

/**
 * A chain's stores as a set (headquarters' chain-wide downloads such as the inspection packs'
 * ZIP), the chain named by a SQL expression: to that chain itself only. A store never acts for its
 * siblings, and vendors and the operator never see a chain's stores as a set.
 */
export function chainStoresVisible(principal: Principal, chain: string, params: SqlParams): string {
  if (principal.organizationKind !== 'chain') return 'false';
  return `${chain} = ${params.add(principal.organizationId)}`;
}
