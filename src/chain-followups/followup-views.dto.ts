import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REQUEST_KINDS, RequestKind } from '../document-requests/document-requests.dto';
import { RISK_DOCUMENT_TYPES, RiskDocumentType } from '../risk-threads/risk-threads.dto';
import { FOLLOWUP_KINDS, FollowupKind } from './chain-followups.dto';

export class FollowupPartyDto {
  id: string;
  name: string;
}

export class FollowupStoreDto {
  id: string;
  name: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  pharmacyCode: string | null;
}

/** What headquarters asked each store's vendor for. */
export class FollowupRequestDetailDto {
  @ApiProperty({ enum: REQUEST_KINDS })
  kind: RequestKind;
  kindLabel: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  productId: string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  fiscalYear: number | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  message: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  dueOn: string | null;
}

/** The item headquarters asked about, and its first message. */
export class FollowupThreadDetailDto {
  @ApiProperty({ enum: RISK_DOCUMENT_TYPES })
  documentType: RiskDocumentType;
  /** The document named when the follow-up was sent (checklists: each store's thread is on its own contract's checklist). */
  documentId: string;
  documentLabel: string;
  itemId: string;
  itemText: string;
  message: string;
  @ApiPropertyOptional({ type: String, nullable: true })
  dueOn: string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  fiscalYear: number | null;
}

export class FollowupProgressDto {
  /** Requests or threads of the follow-up (one per covered store; per contract for checklists). */
  @ApiProperty({ type: 'integer' })
  total: number;
  /** Requests still open; threads not resolved. */
  @ApiProperty({ type: 'integer' })
  open: number;
  @ApiProperty({ type: 'integer' })
  closed: number;
  /** Count per status (open / fulfilled / declined; waiting_vendor / waiting_pharmacy / resolved). */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  byStatus: Record<string, number>;
}

export class FollowupDto {
  id: string;
  @ApiProperty({ enum: FOLLOWUP_KINDS })
  kind: FollowupKind;
  kindLabel: string;
  chain: FollowupPartyDto;
  /** The organization asked (vendor, or agent for an RM-SDS). */
  vendor: FollowupPartyDto;
  @ApiPropertyOptional({ type: FollowupRequestDetailDto, nullable: true })
  request: FollowupRequestDetailDto | null;
  @ApiPropertyOptional({ type: FollowupThreadDetailDto, nullable: true })
  thread: FollowupThreadDetailDto | null;
  progress: FollowupProgressDto;
  @ApiProperty({ enum: ['chain', 'vendor'] })
  yourSide: 'chain' | 'vendor';
  createdAt: string;
}

/** One store's own request or thread, with its own status. */
export class FollowupItemDto {
  @ApiProperty({ enum: FOLLOWUP_KINDS })
  type: FollowupKind;
  /** The document request's or risk thread's id (GET /v1/document-requests/{id}, /v1/risk-threads/{id}). */
  id: string;
  store: FollowupStoreDto;
  @ApiPropertyOptional({ type: String, nullable: true })
  contractId: string | null;
  status: string;
  statusLabel: string;
  /** Request open, or thread not resolved. */
  open: boolean;
  overdue: boolean;
  @ApiPropertyOptional({ type: String, nullable: true })
  dueOn: string | null;
  /** Requests: the document that fulfilled it; threads: the disclosure or checklist it is on. */
  @ApiPropertyOptional({ type: String, nullable: true })
  documentId: string | null;
  /** When the request was fulfilled or declined, or the thread resolved. */
  @ApiPropertyOptional({ type: String, nullable: true })
  closedAt: string | null;
  updatedAt: string;
}

/** A store headquarters selected (or that has a contract with the vendor) that got no request or thread, and why. */
export class FollowupSkipDto {
  store: FollowupStoreDto;
  @ApiPropertyOptional({ type: String, nullable: true })
  contractId: string | null;
  /** no_active_contract, checklist_not_required, product_not_covered, product_required, other_addressee, request_already_open, document_not_visible, no_submitted_checklist, item_not_answered, thread_already_open. */
  reason: string;
  reasonLabel: string;
  /** The request or thread already open for that store (request_already_open, thread_already_open). */
  @ApiPropertyOptional({ type: String, nullable: true })
  existingId: string | null;
}

export class FollowupDetailDto extends FollowupDto {
  @ApiProperty({ type: [FollowupItemDto] })
  items: FollowupItemDto[];
  /** Headquarters only (null for the vendor, which sees only the stores it was asked about). */
  @ApiPropertyOptional({ type: [FollowupSkipDto], nullable: true })
  skipped: FollowupSkipDto[] | null;
  /** Headquarters only: the stores it selected (null: every store with an active contract with the vendor). */
  @ApiPropertyOptional({ type: [String], nullable: true })
  selectedStoreIds: string[] | null;
}

export class FollowupPageDto {
  @ApiProperty({ type: [FollowupDto] })
  items: FollowupDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

/** A store's request or thread the vendor's answer did not reach, and why. */
export class FollowupNotAppliedDto {
  id: string;
  store: FollowupStoreDto;
  code: string;
  detail: string;
}

/** The vendor's one answer: the follow-up after it, and per store what it did. */
export class FollowupAnswerDto {
  followup: FollowupDetailDto;
  /** Requests fulfilled or declined, or threads that got the message. */
  @ApiProperty({ type: [String] })
  applied: string[];
  @ApiProperty({ type: [FollowupNotAppliedDto] })
  notApplied: FollowupNotAppliedDto[];
}
