import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength, NotContains } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { UpdatedSince } from '../sync/updated-since';

export const REQUEST_KINDS = ['MDS', 'SDS', 'RM-SDS', 'checklist'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_STATUSES = ['open', 'fulfilled', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  MDS: '製造業者による医療情報セキュリティ開示書 (MDS)',
  SDS: 'サービス事業者による医療情報セキュリティ開示書 (SDS)',
  'RM-SDS': 'リモートメンテナンスサービスのSDS (RM-SDS)',
  checklist: '事業者確認用チェックリスト',
};
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = { open: '依頼中', fulfilled: '対応済み', declined: '辞退' };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** PostgreSQL text cannot hold NUL: refuse it here rather than fail the write (a 500). */
const NUL = '\u0000';
const noNul = { message: 'must not contain NUL characters' };
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateDocumentRequestDto {
  /** An active contract of the pharmacy (or of one of the chain's stores). */
  @IsUUID()
  contractId: string;

  @ApiProperty({ enum: REQUEST_KINDS })
  @IsIn(REQUEST_KINDS)
  kind: RequestKind;

  /**
   * MDS/SDS/RM-SDS: the product (covered by the contract) the document is for. Required when the
   * contract covers several products; defaults to the only one otherwise. Not for checklists.
   */
  @IsOptional()
  @IsUUID()
  productId?: string;

  /** Checklist requests: the 年度 (Gregorian year it starts in, 2025 = 令和7年度). Required for them, refused otherwise. */
  @IsOptional()
  @IsInt()
  @Min(2019)
  @Max(2100)
  @ApiPropertyOptional({ type: 'integer' })
  fiscalYear?: number;

  /** A chain acting for a store may name it; it must be the contract's customer. */
  @IsOptional()
  @IsUUID()
  pharmacyId?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  @NotContains(NUL, noNul)
  message?: string;

  /** 期限 (YYYY-MM-DD, today or later in Japan). */
  @IsOptional()
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'must be a date that exists' })
  dueOn?: string;
}

export class FulfilDocumentRequestDto {
  /** MDS/SDS/RM-SDS requests: a published disclosure of yours, of that kind (and product), that the customer can see. */
  @IsOptional()
  @IsUUID()
  disclosureId?: string;

  /** Checklist requests: a submitted 事業者確認用 checklist of the same contract and 年度. */
  @IsOptional()
  @IsUUID()
  checklistId?: string;
}

export class DeclineDocumentRequestDto {
  /** Why the document will not be provided (shown to the pharmacy). */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(2000)
  @NotContains(NUL, noNul)
  reason: string;
}

export class DocumentRequestQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: REQUEST_KINDS })
  @IsOptional()
  @IsIn(REQUEST_KINDS)
  kind?: RequestKind;

  @IsOptional()
  @IsUUID()
  contractId?: string;

  /** A chain or vendor narrowing to one customer facility. */
  @IsOptional()
  @IsUUID()
  customerId?: string;

  /** true: only open requests past their 期限; false: only the others. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'must be true or false' })
  overdue?: boolean;

  @UpdatedSince()
  updatedSince?: string;
}

export class RequestPartyDto {
  id: string;
  name: string;
}

export class RequestCustomerDto {
  id: string;
  name: string;
  pharmacyCode: string | null;
}

export class RequestProductDto {
  id: string;
  name: string;
}

export class FulfilledDocumentDto {
  @ApiProperty({ enum: ['disclosure', 'checklist'] })
  type: 'disclosure' | 'checklist';
  id: string;
  @ApiProperty({ type: 'integer' })
  revision: number;
  /** Disclosures: the product version it covers. */
  @ApiPropertyOptional({ type: String, nullable: true })
  productVersion: string | null;
  /** Fulfilled by the publication itself (no one pointed at it). */
  automatically: boolean;
}

export class DocumentRequestDto {
  id: string;
  contractId: string;
  @ApiProperty({ enum: REQUEST_KINDS })
  kind: RequestKind;
  kindLabel: string;
  @ApiProperty({ enum: REQUEST_STATUSES })
  status: RequestStatus;
  statusLabel: string;
  /** Open and past its 期限 (in Japan). */
  overdue: boolean;
  /** The pharmacy the document is for. */
  customer: RequestCustomerDto;
  /** Who is asked: the contract's vendor, or its agent (代理店) for an RM-SDS. */
  addressee: RequestPartyDto;
  /** Who asked: the pharmacy or its chain. */
  requestedBy: RequestPartyDto;
  @ApiPropertyOptional({ type: RequestProductDto, nullable: true })
  product: RequestProductDto | null;
  @ApiPropertyOptional({ type: 'integer', nullable: true })
  fiscalYear: number | null;
  /** e.g. 令和7年度 */
  @ApiPropertyOptional({ type: String, nullable: true })
  fiscalYearLabel: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  message: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  dueOn: string | null;
  @ApiPropertyOptional({ type: FulfilledDocumentDto, nullable: true })
  fulfilledDocument: FulfilledDocumentDto | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  declineReason: string | null;
  @ApiPropertyOptional({ type: String, nullable: true })
  decidedAt: string | null;
  /** Your side of the request. */
  @ApiProperty({ enum: ['addressee', 'customer'] })
  yourRole: 'addressee' | 'customer';
  /** The chain-wide follow-up this request is part of (the chain asked the vendor for several stores at once), if any. */
  @ApiPropertyOptional({ type: String, nullable: true })
  followupId: string | null;
  createdAt: string;
  updatedAt: string;
}

export class DocumentRequestPageDto {
  @ApiProperty({ type: [DocumentRequestDto] })
  items: DocumentRequestDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
