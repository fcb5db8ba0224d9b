import { EntityManager } from 'typeorm';
import { disclosureVisibleToFacility } from '../access/visibility';
import { AppError } from '../common/app-error';
import type { RequestFacts } from './document-request-row';

/**
 * Whether a document fulfils a request by hand: a PUBLISHED disclosure of the request's kind (and
 * product), written by the addressee and reaching the requesting customer; or a SUBMITTED
 * checklist (any submitted revision) of the request's contract and 年度. Each mismatch answers 422
 * with its own code. Shared by the single-request route and chain-wide follow-ups.
 */
export async function matchingDisclosure(manager: EntityManager, request: RequestFacts, disclosureId: string): Promise<{ type: 'disclosure'; id: string }> {
  if (request.kind === 'checklist') throw AppError.unprocessable('document_kind_mismatch', 'A checklist request is fulfilled with a submitted checklist (checklistId), not a disclosure.');
  const [d]: { kind: string; status: string; product_id: string; reaches_customer: boolean }[] = await manager.query(
    `SELECT d.kind, d.status, d.product_id, ${disclosureVisibleToFacility('d', '$3')} AS reaches_customer
       FROM disclosures d WHERE d.id = $1 AND d.author_id = $2`,
    [disclosureId, request.addressee_id, request.customer_id],
  );
  if (!d) throw AppError.unprocessable('disclosure_not_found', 'No disclosure written by your organization has this id.');
  if (d.kind !== request.kind) throw AppError.unprocessable('document_kind_mismatch', `The request asks for an ${request.kind}; this disclosure is an ${d.kind}.`);
  if (d.status !== 'published') throw AppError.unprocessable('disclosure_not_published', `Only the published revision fulfils a request; this one is ${d.status}.`);
  if (request.product_id && d.product_id !== request.product_id) throw AppError.unprocessable('product_mismatch', 'The disclosure is for another product than the request names.');
  if (!d.reaches_customer) {
    throw AppError.unprocessable('disclosure_not_visible_to_customer', 'The requesting pharmacy cannot see this disclosure (its audience or contracts do not reach it).');
  }
  return { type: 'disclosure', id: disclosureId };
}

export async function matchingChecklist(manager: EntityManager, request: RequestFacts, checklistId: string): Promise<{ type: 'checklist'; id: string }> {
  if (request.kind !== 'checklist') throw AppError.unprocessable('document_kind_mismatch', `An ${request.kind} request is fulfilled with a published disclosure (disclosureId), not a checklist.`);
  const [vc]: { contract_id: string; fiscal_year: number; status: string }[] = await manager.query(
    `SELECT vc.contract_id, vc.fiscal_year, vc.status FROM vendor_checklists vc JOIN contracts c ON c.id = vc.contract_id WHERE vc.id = $1 AND c.vendor_id = $2`,
    [checklistId, request.addressee_id],
  );
  if (!vc) throw AppError.unprocessable('checklist_not_found', 'No checklist of your contracts has this id.');
  if (vc.contract_id !== request.contract_id) throw AppError.unprocessable('checklist_contract_mismatch', 'The checklist belongs to another contract than the request.');
  if (vc.fiscal_year !== request.fiscal_year) {
    throw AppError.unprocessable('fiscal_year_mismatch', `The request asks for fiscal year ${request.fiscal_year}; the checklist is for ${vc.fiscal_year}.`);
  }
  if (vc.status !== 'submitted') throw AppError.unprocessable('checklist_not_submitted', 'Submit the checklist first: a draft does not fulfil a request.');
  return { type: 'checklist', id: checklistId };
}
