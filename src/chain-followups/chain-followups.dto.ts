import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsUUID,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { CreateDocumentRequestDto } from '../document-requests/document-requests.dto';
import { OpenRiskThreadDto } from '../risk-threads/risk-threads.dto';

export const FOLLOWUP_KINDS = ['document_request', 'risk_thread'] as const;
export type FollowupKind = (typeof FOLLOWUP_KINDS)[number];
export const FOLLOWUP_KIND_LABELS: Record<FollowupKind, string> = { document_request: '書類の提出依頼', risk_thread: 'リスクコミュニケーション' };

/** More stores than any chain has; bounds the work of one call. */
export const MAX_FOLLOWUP_STORES = 5_000;


/**
 * What each covered store's document request asks for: the fields of POST /v1/document-requests,
 * without the contract and store (each store's own contract is used; a store whose contract does not
 * cover the product is skipped).
 */
export class FollowupRequestInputDto extends OmitType(CreateDocumentRequestDto, ['contractId', 'pharmacyId'] as const) {}

/**
 * The item each covered store's thread is opened on, and the first message: the fields of
 * POST /v1/risk-threads without the store. For a checklist, the named one sets the 年度 and each
 * store's thread is opened on its own contract's latest submitted checklist of that 年度.
 */
export class FollowupThreadInputDto extends OmitType(OpenRiskThreadDto, ['pharmacyId'] as const) {}

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
