import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQueryDto } from '../common/pagination';

export const IDENTITY_CHANGE_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type IdentityChangeStatus = (typeof IDENTITY_CHANGE_STATUSES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * A vendor's request to change its name or 法人番号: it takes effect only when the operator approves
 * it, so that no vendor can take another's name or 法人番号 (a pharmacy proposes contracts by it).
 */
export class IdentityChangeDto {
  id: string;
  @ApiProperty({ enum: IDENTITY_CHANGE_STATUSES })
  status: IdentityChangeStatus;
  /** 承認待ち / 承認済み / 却下 / 取り下げ. */
  statusLabel: string;
  requestedName: string;
  requestedCorporateNumber: string | null;
  /** The name and 法人番号 when the change was asked for. */
  previousName: string;
  previousCorporateNumber: string | null;
  requestedAt: string;
  decidedAt: string | null;
  /** Why the operator rejected it (or why the migration filed it). */
  reason: string | null;
}

export class LookalikeVendorDto {
  id: string;
  name: string;
  corporateNumber: string | null;
}

/** What the operator reviews: the request, the vendor, and any vendor it could be mistaken for. */
export class IdentityChangeReviewDto extends IdentityChangeDto {
  organizationId: string;
  /** Other vendors with the requested name (case, width and spacing aside) or the requested 法人番号. */
  @ApiProperty({ type: [LookalikeVendorDto] })
  lookalikes: LookalikeVendorDto[];
}

export class IdentityChangePageDto {
  @ApiProperty({ type: [IdentityChangeReviewDto] })
  items: IdentityChangeReviewDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

export class IdentityChangeQueryDto extends PageQueryDto {
  /** Pending (the default) or decided requests. */
  @ApiPropertyOptional({ enum: IDENTITY_CHANGE_STATUSES })
  @IsOptional()
  @IsIn(IDENTITY_CHANGE_STATUSES)
  status?: IdentityChangeStatus;
}

export class RejectIdentityChangeDto {
  /** Told to the vendor. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(500)
  reason?: string;
}
