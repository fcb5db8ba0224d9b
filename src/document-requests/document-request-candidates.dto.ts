import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REQUEST_STATUSES, type RequestStatus } from './document-requests.dto';

/** A document POST /v1/document-requests/{id}/fulfil would accept for the request. */
export class FulfilmentCandidateDto {
  @ApiProperty({ enum: ['disclosure', 'checklist'] })
  type: 'disclosure' | 'checklist';
  /** Send it as disclosureId or checklistId. */
  id: string;
  /** e.g. "SDS 薬局クラウド 6.0 第2版", "令和8年度 事業者確認用チェックリスト 第1版". */
  label: string;
  @ApiProperty({ type: 'integer' })
  revision: number;
  /** Disclosures: the product version it covers. */
  @ApiPropertyOptional({ type: String, nullable: true })
  productVersion: string | null;
  /** Checklists: the 年度. */
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  fiscalYear: number | null;
  /** When it was published (disclosure) or submitted (checklist). */
  @ApiPropertyOptional({ type: String, nullable: true })
  issuedAt: string | null;
}

export class FulfilmentCandidatesDto {
  requestId: string;
  @ApiProperty({ enum: REQUEST_STATUSES })
  requestStatus: RequestStatus;
  /**
   * Newest first; empty when the request is no longer open or nothing you have published or
   * submitted matches it yet (then create the document it asks for: publishing or submitting it
   * fulfils the request by itself).
   */
  @ApiProperty({ type: [FulfilmentCandidateDto] })
  items: FulfilmentCandidateDto[];
}
