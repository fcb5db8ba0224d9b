import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, Min, MaxLength, MinLength, NotContains } from 'class-validator';
import { MAX_PAGE_SIZE } from '../common/pagination';
import { RISK_DOCUMENT_TYPES, RiskDocumentType } from '../risk-threads/risk-threads.dto';

const NUL = '\u0000';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ReviewQueueQueryDto {
  /** Items per page (1–100). */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  /** A chain: only this store's queue. */
  @IsOptional()
  @IsUUID()
  pharmacyId?: string;

  @ApiPropertyOptional({ enum: RISK_DOCUMENT_TYPES })
  @IsOptional()
  @IsIn(RISK_DOCUMENT_TYPES)
  documentType?: RiskDocumentType;

  /** Only answers of this vendor's documents. */
  @IsOptional()
  @IsUUID()
  vendorId?: string;
}

export class MarkReviewedDto {
  @ApiProperty({ enum: RISK_DOCUMENT_TYPES })
  @IsIn(RISK_DOCUMENT_TYPES)
  documentType: RiskDocumentType;

  /** The disclosure, or the submitted checklist revision. */
  @IsUUID()
  documentId: string;

  @IsString()
  @MinLength(1)
  @MaxLength(40)
  itemId: string;

  /** What the reviewer concluded (kept with the review). */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  @NotContains(NUL, { message: 'must not contain NUL characters' })
  note?: string;

  /** A chain acting for one of its stores (for a checklist the store follows from the contract). */
  @IsOptional()
  @IsUUID()
  pharmacyId?: string;
}

export class ReviewQueueProductDto {
  id: string;
  name: string;
  version: string;
}

export class ReviewQueueEntryDto {
  @ApiProperty({ enum: RISK_DOCUMENT_TYPES })
  documentType: RiskDocumentType;
  documentId: string;
  /** MDS, SDS, RM-SDS or checklist. */
  documentKind: string;
  /** "SDS 薬局クラウド 6.0 第2版", "令和7年度 事業者確認用チェックリスト 第1版". */
  documentLabel: string;
  @ApiProperty({ type: 'integer' })
  documentRevision: number;
  itemId: string;
  itemText: string;
  itemTextEn: string | null;
  section: string | null;
  /** The heading the item stands under on the sheet (サーバ, 端末PC…): items with the same text differ by it. */
  scope: string | null;
  /** いいえ or 対象外. */
  answer: string;
  remarks: string | null;
  /** Checklists: 確認日 and 目標日 of the answer. */
  confirmedOn: string | null;
  targetOn: string | null;
  /** Checklists: the item's number on the pharmacy's own checklist (薬局確認用), where it differs. */
  counterpartItemId: string | null;
  /** The pharmacy whose queue this is (a chain sees one entry per store). */
  pharmacy: { id: string; name: string };
  vendor: { id: string; name: string };
  /** Who wrote the document: the vendor, or an agent (RM-SDS). */
  author: { id: string; name: string };
  /** Disclosures: the product and version disclosed. */
  @ApiPropertyOptional({ type: ReviewQueueProductDto, nullable: true })
  product: ReviewQueueProductDto | null;
  /** Checklists: the products the contract covers. */
  productNames: string | null;
  contractId: string | null;
  @ApiProperty({ type: 'integer', nullable: true })
  fiscalYear: number | null;
  /** When the document was published or submitted. */
  issuedAt: string;
}

export class ReviewQueuePageDto {
  @ApiProperty({ type: [ReviewQueueEntryDto] })
  items: ReviewQueueEntryDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

export class AnswerReviewDto {
  pharmacyId: string;
  @ApiProperty({ enum: RISK_DOCUMENT_TYPES })
  documentType: RiskDocumentType;
  documentId: string;
  itemId: string;
  answer: string;
  note: string | null;
  reviewedBy: string | null;
  reviewedAt: string;
}
