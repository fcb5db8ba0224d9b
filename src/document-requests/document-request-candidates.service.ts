import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '../access/principal';
import { AppError } from '../common/app-error';
import { fiscalYearLabel } from '../common/fiscal-year';
import type { RequestFacts } from './document-request-row';
import { matchingChecklist, matchingDisclosure } from './document-request-matching';
import { FulfilmentCandidateDto, FulfilmentCandidatesDto } from './document-request-candidates.dto';
import { requestForAddressee } from './document-requests.service';

/** More than any product has published versions, or a contract submitted revisions in a 年度. */
const MAX_CANDIDATES = 100;

/**
 * What a request can be fulfilled with, so that a portal offers only actions that can succeed.
 * The addressee's published disclosures of the request's kind (or submitted checklists of its
 * contract and 年度) are gathered broadly, then each is put through the very rules POST …/fulfil
 * applies (document-request-matching.ts): the list and the route cannot disagree.
 */
@Injectable()
export class DocumentRequestCandidates {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(principal: Principal, id: string): Promise<FulfilmentCandidatesDto> {
    const manager = this.db.manager;
    const request = await requestForAddressee(manager, principal, id);
    if (request.status !== 'open') return { requestId: request.id, requestStatus: request.status as FulfilmentCandidatesDto['requestStatus'], items: [] };
    const gathered = request.kind === 'checklist' ? await this.checklists(request) : await this.disclosures(request);
    const items: FulfilmentCandidateDto[] = [];
    for (const candidate of gathered) {
      const accepted = await (candidate.type === 'checklist' ? matchingChecklist(manager, request, candidate.id) : matchingDisclosure(manager, request, candidate.id)).then(
        () => true,
        (error: unknown) => {
          if (error instanceof AppError && error.status === HttpStatus.UNPROCESSABLE_ENTITY) return false;
          throw error;
        },
      );
      if (accepted) items.push(candidate);
    }
    return { requestId: request.id, requestStatus: 'open', items };
  }

  private async disclosures(request: RequestFacts): Promise<FulfilmentCandidateDto[]> {
    const rows: { id: string; kind: string; revision: number; product_version: string; product_name: string; published_at: Date | null }[] = await this.db.query(
      `SELECT d.id, d.kind, d.revision, d.product_version, p.name AS product_name, d.published_at
         FROM disclosures d JOIN products p ON p.id = d.product_id
        WHERE d.author_id = $1 AND d.kind = $2 AND d.status = 'published' AND ($3::uuid IS NULL OR d.product_id = $3)
        ORDER BY d.published_at DESC, d.id LIMIT ${MAX_CANDIDATES}`,
      [request.addressee_id, request.kind, request.product_id],
    );
    return rows.map((row) => ({
      type: 'disclosure',
      id: row.id,
      label: `${row.kind} ${row.product_name} ${row.product_version} 第${row.revision}版`,
      revision: row.revision,
      productVersion: row.product_version,
      fiscalYear: null,
      issuedAt: row.published_at?.toISOString() ?? null,
    }));
  }

  private async checklists(request: RequestFacts): Promise<FulfilmentCandidateDto[]> {
    const rows: { id: string; revision: number; fiscal_year: number; submitted_at: Date | null }[] = await this.db.query(
      `SELECT vc.id, vc.revision, vc.fiscal_year, vc.submitted_at FROM vendor_checklists vc
        WHERE vc.contract_id = $1 AND vc.fiscal_year = $2 AND vc.status = 'submitted'
        ORDER BY vc.revision DESC LIMIT ${MAX_CANDIDATES}`,
      [request.contract_id, request.fiscal_year],
    );
    return rows.map((row) => ({
      type: 'checklist',
      id: row.id,
      label: `${fiscalYearLabel(row.fiscal_year)} 事業者確認用チェックリスト 第${row.revision}版`,
      revision: row.revision,
      productVersion: null,
      fiscalYear: row.fiscal_year,
      issuedAt: row.submitted_at?.toISOString() ?? null,
    }));
  }
}
