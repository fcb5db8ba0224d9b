import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotContains,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { REQUEST_KINDS, RequestKind } from '../document-requests/document-requests.dto';
import { MAX_MESSAGE_LENGTH, RISK_DOCUMENT_TYPES, RiskDocumentType } from '../risk-threads/risk-threads.dto';

export const FOLLOWUP_KINDS = ['document_request', 'risk_thread'] as const;
export type FollowupKind = (typeof FOLLOWUP_KINDS)[number];
export const FOLLOWUP_KIND_LABELS: Record<FollowupKind, string> = { document_request: '書類の提出依頼', risk_thread: 'リスクコミュニケーション' };

/** More stores than any chain has; bounds the work of one call. */
export const MAX_FOLLOWUP_STORES = 5_000;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = { message: 'must be a date YYYY-MM-DD' };
/** PostgreSQL text cannot hold NUL: refuse it here rather than fail the write (a 500). */
const NUL = '\u0000';
const noNul = { message: 'must not contain NUL characters' };
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** What each covered store's document request asks for (the fields of POST /v1/document-requests, without the contract). */
export class FollowupRequestInputDto {
  @ApiProperty({ enum: REQUEST_KINDS })
  @IsIn(REQUEST_KINDS)
  kind: RequestKind;

  /** MDS/SDS/RM-SDS: the product; a store whose contract does not cover it is skipped. Without it, each store's contract must cover exactly one product. */
  @IsOptional()
  @IsUUID()
  productId?: string;

  /** Checklist requests: the 年度 (2025 = 令和7年度). Required for them, refused otherwise. */
  @IsOptional()
  @IsInt()
  @Min(2019)
  @Max(2100)
  fiscalYear?: number;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(4000)
  @NotContains(NUL, noNul)
  message?: string;

  /** 期限 (YYYY-MM-DD, today or later in Japan). */
  @IsOptional()
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, { message: 'must be a date that exists' })
  dueOn?: string;
}

/** The item each covered store's thread is opened on, and the first message (the fields of POST /v1/risk-threads, without the store). */
export class FollowupThreadInputDto {
  @ApiProperty({ enum: RISK_DOCUMENT_TYPES })
  @IsIn(RISK_DOCUMENT_TYPES)
  documentType: RiskDocumentType;

  /**
   * A disclosure of the vendor (each store that it reaches gets a thread on it), or a submitted
   * checklist of the vendor's that the chain can see: it names the 年度, and each store's thread is
   * opened on its own contract's latest submitted checklist of that 年度.
   */
  @IsUUID()
  documentId: string;

  /** The item as printed on the form, e.g. "2" or "2-③". */
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  itemId: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_MESSAGE_LENGTH)
  @NotContains(NUL, noNul)
  message: string;

  /** By when headquarters expects an answer (YYYY-MM-DD, not in the past). */
  @IsOptional()
  @Matches(DATE, dateMessage)
  @IsISO8601({ strict: true }, { message: 'must be a date that exists' })
  dueOn?: string;
}

export class CreateFollowupDto {
  @ApiProperty({ enum: FOLLOWUP_KINDS })
  @IsIn(FOLLOWUP_KINDS)
  kind: FollowupKind;

  /** The organization asked: the vendor, or the agent (代理店) that writes the stores' RM-SDS. */
  @IsUUID()
  vendorId: string;

  /** Stores of the chain to cover. Default: every store with an active contract with the vendor. */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_FOLLOWUP_STORES)
  @ArrayUnique((id: unknown) => (typeof id === 'string' ? id.toLowerCase() : id))
  @IsUUID('all', { each: true })
  storeIds?: string[];

  /** kind = document_request: what to ask each store's vendor for. */
  @ValidateIf((body: CreateFollowupDto) => body.kind === 'document_request' || body.request !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => FollowupRequestInputDto)
  request?: FollowupRequestInputDto;

  /** kind = risk_thread: the item to ask about and the first message. */
  @ValidateIf((body: CreateFollowupDto) => body.kind === 'risk_thread' || body.thread !== undefined)
  @IsObject()
  @ValidateNested()
  @Type(() => FollowupThreadInputDto)
  thread?: FollowupThreadInputDto;
}

export class FulfilFollowupDto {
  /**
   * MDS/SDS/RM-SDS follow-ups: one published disclosure of yours; it fulfils every open request of
   * the follow-up it matches (kind, product, reaching that store). Checklist follow-ups take no
   * document: each store's request is fulfilled with its own contract's submitted checklist.
   */
  @IsOptional()
  @IsUUID()
  disclosureId?: string;
}

export class FollowupQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: FOLLOWUP_KINDS })
  @IsOptional()
  @IsIn(FOLLOWUP_KINDS)
  kind?: FollowupKind;

  /** Chains: follow-ups to this vendor. */
  @IsOptional()
  @IsUUID()
  vendorId?: string;

  /** true: follow-ups with at least one store's request or thread still open; false: the others. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false], { message: 'must be true or false' })
  open?: boolean;
}
