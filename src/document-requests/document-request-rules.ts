import type { FieldError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import { isEnded } from '../contracts/contract-term';
import type { RequestKind } from './document-requests.dto';

/** A contract a request may be made under, as the rules need it. */
export interface RequestContract {
  id: string;
  kind: string;
  status: string;
  /** The contract's last day (YYYY-MM-DD), if it has one: past it nothing more is asked under it. */
  ends_on: string | null;
  vendor_id: string;
  agent_id: string | null;
  customer_id: string;
  customer_kind: 'pharmacy' | 'medical';
  customer_name: string;
  product_ids: string[];
}

/** What is asked for, independent of the contract. */
export interface RequestAsk {
  kind: RequestKind;
  productId?: string;
  fiscalYear?: number;
  dueOn?: string;
}

/** Why a request cannot be made under a contract (each maps to its own problem in DocumentRequestsService.create). */
export type RequestIssueCode = 'checklist_not_required' | 'contract_not_active' | 'contract_ended' | 'product_not_covered' | 'product_required';

export interface RequestIssue {
  code: RequestIssueCode;
  detail: string;
}

/** Resolved target of a request under one contract: the product it is for and who is asked. */
export interface RequestTarget {
  productId: string | null;
  addresseeId: string;
}

/** The field rules of a request, whatever the contract: 年度 only and always for checklists, no product on a checklist, 期限 not past. */
export function requestFieldErrors(ask: RequestAsk): FieldError[] {
  const errors: FieldError[] = [];
  if (ask.kind === 'checklist') {
    if (ask.fiscalYear === undefined) errors.push({ field: 'fiscalYear', message: 'is required for a checklist request: the 年度 of the checklist' });
    if (ask.productId) errors.push({ field: 'productId', message: 'a checklist covers the whole contract: name no product' });
  } else if (ask.fiscalYear !== undefined) {
    errors.push({ field: 'fiscalYear', message: 'is only for checklist requests' });
  }
  if (ask.dueOn && ask.dueOn < todayInJapan()) errors.push({ field: 'dueOn', message: 'must not be in the past' });
  return errors;
}

/**
 * Whether the request can be made under this contract, in the order the single-request route
 * checks: a sale-only contract owes no checklist; the contract must be in force (accepted, its last day not passed); the product must be
 * covered (or the contract's only one). Returns the target (product, addressee) or the issue.
 * The addressee is the contract's vendor, or its agent (代理店) for an RM-SDS when it has one.
 */
export function requestTarget(contract: RequestContract, ask: RequestAsk): RequestTarget | RequestIssue {
  if (ask.kind === 'checklist' && contract.kind === 'sale_only') {
    return {
      code: 'checklist_not_required',
      detail: '売買契約のみの契約では事業者確認用チェックリストは不要です (a sale-only contract owes no 事業者確認用 checklist: only maintenance and operation contracts do).',
    };
  }
  if (contract.status !== 'active') return { code: 'contract_not_active', detail: 'Documents can be requested under an active contract only.' };
  if (isEnded(contract)) {
    return { code: 'contract_ended', detail: `この契約は${contract.ends_on}に終了しています (the contract ended on ${contract.ends_on}: its former vendor is asked for nothing more).` };
  }
  let productId: string | null = null;
  if (ask.kind !== 'checklist') {
    if (ask.productId) {
      productId = ask.productId.toLowerCase();
      if (!contract.product_ids.includes(productId)) return { code: 'product_not_covered', detail: 'is not covered by this contract' };
    } else if (contract.product_ids.length === 1) {
      productId = contract.product_ids[0];
    } else {
      return { code: 'product_required', detail: 'is required: the contract covers several products' };
    }
  }
  const addresseeId = ask.kind === 'RM-SDS' && contract.agent_id ? contract.agent_id : contract.vendor_id;
  return { productId, addresseeId };
}

export function isRequestIssue(result: RequestTarget | RequestIssue): result is RequestIssue {
  return 'code' in result;
}
