import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { UpdatedSince } from '../sync/updated-since';

export const DISCLOSURE_KINDS = ['MDS', 'SDS', 'RM-SDS'] as const;
export type DisclosureKind = (typeof DISCLOSURE_KINDS)[number];
export const DISCLOSURE_STATUSES = ['draft', 'published', 'superseded', 'withdrawn'] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];
export const DISCLOSURE_AUDIENCES = ['all_customers', 'selected_contracts'] as const;
/** Where a new draft's answers start from: `previous`, the latest revision of the same product version and kind. */
export const DISCLOSURE_COPY_SOURCES = ['previous'] as const;
export type DisclosureCopySource = (typeof DISCLOSURE_COPY_SOURCES)[number];
export type DisclosureAudience = (typeof DISCLOSURE_AUDIENCES)[number];

export const DISCLOSURE_STATUS_LABELS: Record<DisclosureStatus, string> = { draft: '下書き', published: '公開中', superseded: '改訂済み', withdrawn: '取り下げ' };
export const DISCLOSURE_KIND_LABELS: Record<DisclosureKind, string> = {
  MDS: '製造業者による医療情報セキュリティ開示書 (MDS)',
  SDS: 'サービス事業者による医療情報セキュリティ開示書 (SDS)',
  'RM-SDS': 'リモートメンテナンスサービスのSDS (RM-SDS)',
};

const MAX_ITEMS = 500;

export class DisclosureAnswerInputDto {
  /** Item id as printed on the form, e.g. "1.1" or "12". */
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  itemId: string;

  /** As the form prints it: はい, いいえ, 対象外, 該当 or 非該当. */
  @IsString()
  @MaxLength(10)
  answer: string;

  /** 備考 */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  remarks?: string;

  /** For items a partial form does not list: the item's text as on your workbook. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  itemText?: string;

  /** For items a partial form does not list: the section heading it stands under. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  section?: string;
}

export class CreateDisclosureDto {
  @IsUUID()
  productId: string;

  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  productVersion: string;

  @ApiProperty({ enum: DISCLOSURE_KINDS })
  @IsIn(DISCLOSURE_KINDS)
  kind: DisclosureKind;

  /**
   * `previous`: start from the latest revision you wrote of this product version and kind (its
   * answers, its form and its audience); `answers` then replace single items and `audience` the
   * copied audience. 422 no_previous_revision when there is none.
   */
  @ApiPropertyOptional({ enum: DISCLOSURE_COPY_SOURCES })
  @IsOptional()
  @IsIn(DISCLOSURE_COPY_SOURCES)
  copyFrom?: DisclosureCopySource;

  /** The form version answered; when omitted the newest MDS/SDS form (or, with copyFrom, the previous revision's). */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  formId?: string;

  /** Required unless copyFrom is given (then the previous revision's audience when omitted). */
  @ApiPropertyOptional({ enum: DISCLOSURE_AUDIENCES })
  @ValidateIf((input: CreateDisclosureDto) => input.copyFrom === undefined || input.audience !== undefined)
  @IsIn(DISCLOSURE_AUDIENCES)
  audience?: DisclosureAudience;

  /** With audience selected_contracts: the contracts whose customers may read it. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  contractIds?: string[];

  /** Required unless copyFrom is given (then only the items that differ from the previous revision). */
  @ValidateIf((input: CreateDisclosureDto) => input.copyFrom === undefined || input.answers !== undefined)
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => DisclosureAnswerInputDto)
  answers?: DisclosureAnswerInputDto[];
}

export class UpdateDisclosureDto {
  @ApiPropertyOptional({ enum: DISCLOSURE_AUDIENCES })
  @IsOptional()
  @IsIn(DISCLOSURE_AUDIENCES)
  audience?: DisclosureAudience;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  contractIds?: string[];

  /** Replaces every answer of the draft. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => DisclosureAnswerInputDto)
  answers?: DisclosureAnswerInputDto[];
}

export class WithdrawDisclosureDto {
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;
}

export class DisclosureQueryDto extends PageQueryDto {
  @IsOptional()
  @IsUUID()
  vendorId?: string;

  @IsOptional()
  @IsUUID()
  productId?: string;

  @ApiPropertyOptional({ enum: DISCLOSURE_KINDS })
  @IsOptional()
  @IsIn(DISCLOSURE_KINDS)
  kind?: DisclosureKind;

  @ApiPropertyOptional({ enum: DISCLOSURE_STATUSES })
  @IsOptional()
  @IsIn(DISCLOSURE_STATUSES)
  status?: DisclosureStatus;

  /** true (default): only the current revision of each disclosure; false: every revision. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsIn([true, false])
  latestOnly?: boolean;

  @UpdatedSince()
  updatedSince?: string;
}

export class DisclosureAnswerDto {
  itemId: string;
  /** The item's section heading. */
  section: string | null;
  /** The item's text: from the form, or as the vendor supplied it for an item the form does not list. */
  text: string;
  textEn: string | null;
  answer: string;
  remarks: string | null;
  /** いいえ or 対象外: calls for risk communication. */
  needsReview: boolean;
  /** Not in the catalogued part of the form (text supplied by the vendor). */
  uncatalogued: boolean;
}

export class AttachmentInfoDto {
  filename: string;
  @ApiProperty({ type: 'integer' })
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

export class DisclosureDto {
  id: string;
  @ApiProperty({ enum: DISCLOSURE_KINDS })
  kind: DisclosureKind;
  kindLabel: string;
  @ApiProperty({ enum: DISCLOSURE_STATUSES })
  status: DisclosureStatus;
  statusLabel: string;
  @ApiProperty({ type: 'integer' })
  revision: number;
  vendor: { id: string; name: string };
  /** Who wrote it: the vendor, or for an RM-SDS possibly its agent (代理店). */
  author: { id: string; name: string };
  product: { id: string; name: string; category: string };
  productVersion: string;
  formId: string;
  formLabel: string;
  /** A newer version of the form exists: the vendor should answer it again. */
  formOutdated: boolean;
  newerFormId: string | null;
  @ApiProperty({ enum: DISCLOSURE_AUDIENCES })
  audience: DisclosureAudience;
  /** Selected contracts (shown to the author only). */
  @ApiPropertyOptional({ type: [String] })
  contractIds?: string[];
  /** Answers いいえ or 対象外. */
  @ApiProperty({ type: 'integer' })
  reviewCount: number;
  @ApiPropertyOptional({ type: [DisclosureAnswerDto] })
  answers?: DisclosureAnswerDto[];
  @ApiPropertyOptional({ type: AttachmentInfoDto, nullable: true })
  attachment: AttachmentInfoDto | null;
  publishedAt: string | null;
  supersededBy: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export class DisclosurePageDto {
  @ApiProperty({ type: [DisclosureDto] })
  items: DisclosureDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
