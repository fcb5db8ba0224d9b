import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsISO8601, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, NotContains, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { UpdatedSince } from '../sync/updated-since';

export const RISK_DOCUMENT_TYPES = ['disclosure', 'checklist'] as const;
export type RiskDocumentType = (typeof RISK_DOCUMENT_TYPES)[number];

export const RISK_THREAD_STATUSES = ['waiting_vendor', 'waiting_pharmacy', 'resolved'] as const;
export type RiskThreadStatus = (typeof RISK_THREAD_STATUSES)[number];
export const RISK_THREAD_STATUS_LABELS: Record<RiskThreadStatus, string> = {
  waiting_vendor: '事業者回答待ち',
  waiting_pharmacy: '薬局確認待ち',
  resolved: '解決済み',
};

export const RISK_OUTCOMES = ['risk_accepted', 'mitigated', 'fix_planned', 'not_applicable'] as const;
export type RiskOutcome = (typeof RISK_OUTCOMES)[number];
export const RISK_OUTCOME_LABELS: Record<RiskOutcome, string> = {
  risk_accepted: 'リスク受容',
  mitigated: '対策済み',
  fix_planned: '修正予定',
  not_applicable: '該当なし',
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = { message: 'must be a date YYYY-MM-DD' };
/** PostgreSQL text cannot hold NUL: refuse it here rather than fail the write. */
const NUL = '\u0000';
const noNul = { message: 'must not contain NUL characters' };
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export const MAX_MESSAGE_LENGTH = 10_000;

export class OpenRiskThreadDto {
  @ApiProperty({ enum: RISK_DOCUMENT_TYPES })
  @IsIn(RISK_DOCUMENT_TYPES)
  documentType: RiskDocumentType;

  /** The disclosure, or the submitted checklist revision (its id), the item is answered in. */
  @IsUUID()
  documentId: string;

  /** The item as printed on the form, e.g. "2" or "2-③". */
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  itemId: string;

  /** The first message to the vendor: what the pharmacy wants to know. */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_MESSAGE_LENGTH)
  @NotContains(NUL, noNul)
  message: string;

  /** By when the pharmacy expects an answer (YYYY-MM-DD, not in the past). */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE, dateMessage)
  dueOn?: string;

  /** A chain acting for one of its stores: which store (the thread belongs to that store). */
  @IsOptional()
  @IsUUID()
  pharmacyId?: string;
}

export class RiskThreadMessageInputDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_MESSAGE_LENGTH)
  @NotContains(NUL, noNul)
  body: string;
}

export class UpdateRiskThreadDto {
  /** The new due date (YYYY-MM-DD, not in the past), or null to clear it. */
  @ApiProperty({ type: String, nullable: true })
  @ValidateIf((_, value) => value !== null)
  @IsISO8601({ strict: true })
  @Matches(DATE, dateMessage)
  dueOn: string | null;
}

export class ResolveRiskThreadDto {
  @ApiProperty({ enum: RISK_OUTCOMES })
  @IsIn(RISK_OUTCOMES)
  outcome: RiskOutcome;

  /** How the risk is mitigated (required for mitigated), or any remark on the decision. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @NotContains(NUL, noNul)
  note?: string;

  /** fix_planned: by when the vendor will have fixed it (YYYY-MM-DD, not in the past). */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE, dateMessage)
  fixDueOn?: string;
}

export class ReopenRiskThreadDto {
  /** Why the thread is opened again (kept in its history). */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @NotContains(NUL, noNul)
  reason?: string;
}

export const RISK_THREAD_STATUS_FILTERS = [...RISK_THREAD_STATUSES, 'open'] as const;

export class RiskThreadQueryDto extends PageQueryDto {
  /** A state, or `open` for every thread not resolved. */
  @ApiPropertyOptional({ enum: RISK_THREAD_STATUS_FILTERS })
  @IsOptional()
  @IsIn(RISK_THREAD_STATUS_FILTERS)
  status?: RiskThreadStatus | 'open';

  /** true: open threads whose due date has passed (Japan time); false: every other thread. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  overdue?: boolean;

  @ApiPropertyOptional({ enum: RISK_DOCUMENT_TYPES })
  @IsOptional()
  @IsIn(RISK_DOCUMENT_TYPES)
  documentType?: RiskDocumentType;

  /** Threads on this disclosure or checklist revision. */
  @IsOptional()
  @IsUUID()
  documentId?: string;

  /** Threads of this pharmacy (a chain's store). */
  @IsOptional()
  @IsUUID()
  pharmacyId?: string;

  @UpdatedSince()
  updatedSince?: string;
}

/** The item as it was answered when the thread was opened; it never changes afterwards. */
export class RiskThreadSnapshotDto {
  @ApiProperty({ enum: RISK_DOCUMENT_TYPES })
  documentType: RiskDocumentType;
  documentId: string;
  /** How people name the document: "SDS 薬局クラウド 6.0 第2版", "令和7年度 事業者確認用チェックリスト 第1版". */
  documentLabel: string;
  /** MDS, SDS, RM-SDS or checklist. */
  documentKind: string;
  @ApiProperty({ type: 'integer' })
  documentRevision: number;
  /** The document's status when the thread was opened. */
  documentStatus: string;
  formId: string;
  formLabel: string;
  itemId: string;
  itemText: string;
  itemTextEn: string | null;
  section: string | null;
  /** The heading the item stands under (サーバ, 端末PC…): items with the same text differ by it. Absent on threads opened before it was recorded. */
  @ApiPropertyOptional({ type: String, nullable: true })
  scope?: string | null;
  answer: string;
  remarks: string | null;
  /** Checklists: 確認日 and 目標日 of the answer. */
  confirmedOn?: string | null;
  targetOn?: string | null;
  /** Checklists: the same item's number on the pharmacy's own checklist, where it differs. */
  counterpartItemId?: string | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  fiscalYear?: number | null;
  contractId?: string | null;
  productId?: string | null;
  productName: string | null;
  productVersion?: string | null;
  vendorId: string;
  vendorName: string;
  /** Who wrote the document: the vendor, or for an RM-SDS possibly its agent. */
  authorName: string;
  /** When the document was published or submitted. */
  issuedAt: string | null;
  takenAt: string;
}

export class RiskThreadPartyDto {
  id: string;
  name: string;
}

export class RiskThreadActorDto {
  organizationId: string;
  organizationName: string;
  @ApiProperty({ enum: ['user', 'client'] })
  type: 'user' | 'client';
  id: string;
  /** A user's display name or an API client's name. */
  label: string;
}

export class RiskThreadResolutionDto {
  @ApiProperty({ enum: RISK_OUTCOMES })
  outcome: RiskOutcome;
  outcomeLabel: string;
  note: string | null;
  fixDueOn: string | null;
  /** The vendor's planned fix date has passed (fix_planned only). */
  fixOverdue: boolean;
  resolvedBy: RiskThreadActorDto;
  resolvedAt: string;
}

export class RiskThreadDto {
  id: string;
  @ApiProperty({ enum: RISK_THREAD_STATUSES })
  status: RiskThreadStatus;
  /** 事業者回答待ち, 薬局確認待ち or 解決済み. */
  statusLabel: string;
  dueOn: string | null;
  /** Not resolved and the due date has passed (Japan time). */
  overdue: boolean;
  @ApiProperty({ enum: RISK_DOCUMENT_TYPES })
  documentType: RiskDocumentType;
  documentId: string;
  itemId: string;
  /** The pharmacy the thread is about (a chain's store when a chain opened it). */
  customer: RiskThreadPartyDto;
  /** The party that answers: the document's author. */
  vendor: RiskThreadPartyDto;
  openedBy: RiskThreadActorDto;
  snapshot: RiskThreadSnapshotDto;
  @ApiPropertyOptional({ type: RiskThreadResolutionDto, nullable: true })
  resolution: RiskThreadResolutionDto | null;
  /** Your side of the thread. */
  @ApiProperty({ enum: ['vendor', 'pharmacy'] })
  yourSide: 'vendor' | 'pharmacy';
  @ApiProperty({ type: 'integer' })
  messageCount: number;
  lastMessageAt: string | null;
  /** The chain-wide follow-up this thread is part of (the chain asked the vendor about several stores at once), if any. */
  @ApiPropertyOptional({ type: String, nullable: true })
  followupId: string | null;
  createdAt: string;
  updatedAt: string;
}

export class RiskThreadMessageDto {
  id: string;
  @ApiProperty({ enum: ['vendor', 'pharmacy'] })
  side: 'vendor' | 'pharmacy';
  author: RiskThreadActorDto;
  body: string;
  /** When the author last changed the text (the previous text is in the thread's history). */
  editedAt: string | null;
  /** You wrote it and may change it while the thread is open. */
  yours: boolean;
  createdAt: string;
}

export class RiskThreadHistoryDto {
  @ApiProperty({ type: 'integer' })
  id: number;
  /** opened, status_changed, due_date_changed, message_edited, resolved, reopened. */
  kind: string;
  actorOrganizationId: string | null;
  actorLabel: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
  createdAt: string;
}

export class RiskThreadDocumentStateDto {
  /** The document's status now (published, superseded, withdrawn, submitted). */
  status: string;
  /** A newer revision replaced the document the thread was opened on. */
  superseded: boolean;
  withdrawn: boolean;
  /** The newest revision you can see, when it is not the thread's document. */
  latestDocumentId: string | null;
  /** The item's answer in that newest revision (null: not answered there, or no newer revision). */
  latestAnswer: string | null;
}

export class RiskThreadDetailDto extends RiskThreadDto {
  /** Shortcut for documentState.superseded. */
  documentSuperseded: boolean;
  documentState: RiskThreadDocumentStateDto;
  @ApiProperty({ type: [RiskThreadMessageDto] })
  messages: RiskThreadMessageDto[];
  @ApiProperty({ type: [RiskThreadHistoryDto] })
  history: RiskThreadHistoryDto[];
}

export class RiskThreadPageDto {
  @ApiProperty({ type: [RiskThreadDto] })
  items: RiskThreadDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
