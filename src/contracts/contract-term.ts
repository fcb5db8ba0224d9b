import { contractInForce, SqlParams } from '../access/visibility';
import { AppError } from '../common/app-error';
import { todayInJapan } from '../common/fiscal-year';
import type { ContractStatus, StoredContractStatus } from './contracts.dto';

/**
 * A contract's term, as people and the rules see it. The table keeps the acceptance state
 * (proposed, active, declined); an active contract whose last day (ends_on, inclusive, JST) has
 * passed is shown and filtered as `ended`. The SQL twin of `isEnded` is `contractInForce`
 * (src/access/visibility.ts): both read the same columns against the same JST date.
 */

interface Term {
  status: string;
  /** YYYY-MM-DD, or null for a contract without an end. */
  ends_on: string | null;
}

/** An accepted contract whose last day has passed. */
export function isEnded(contract: Term, today = todayInJapan()): boolean {
  return contract.status === 'active' && contract.ends_on !== null && contract.ends_on < today;
}

/** The status shown: the stored acceptance state, or `ended` once the last day has passed. */
export function shownStatus(contract: Term & { status: StoredContractStatus }, today = todayInJapan()): ContractStatus {
  return isEnded(contract, today) ? 'ended' : contract.status;
}

/** The SQL filter for a status as shown (`active` means in force today, `ended` past its last day). */
export function shownStatusFilter(status: ContractStatus, c: string, params: SqlParams): string {
  if (status === 'active') return contractInForce(c, params);
  if (status === 'ended') return `(${c}.status = 'active' AND ${c}.ends_on < ${params.add(todayInJapan())}::date)`;
  return `${c}.status = ${params.add(status)}`;
}

/** 409 for any write under a contract past its last day: the former vendor (or agent) delivers nothing more under it. */
export function assertNotEnded(contract: Term, today = todayInJapan()): void {
  if (isEnded(contract, today)) throw contractEnded(contract.ends_on as string);
}

export function contractEnded(endsOn: string): AppError {
  return AppError.conflict('contract_ended', `この契約は${endsOn}に終了しています (the contract ended on ${endsOn}: nothing more is exchanged under it).`);
}
