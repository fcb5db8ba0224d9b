import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { CONTRACT_KINDS, type ContractKind } from '../contracts/contracts.dto';
import { normalizeInvitationEmail } from '../invitations/invitation-email';

export const PENDING_PHARMACY_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type PendingPharmacyStatus = (typeof PENDING_PHARMACY_STATUSES)[number];

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The pharmacy and its first admin, as the requester names them (the operator checks the address). */
export class InvitePharmacyDto {
  @Matches(/^\d{10}$/, { message: 'must be a 10-digit 保険薬局コード (10桁の保険薬局コード)' })
  pharmacyCode: string;

  @Transform(trim)
  @IsString()
  @Length(1, 200)
  pharmacyName: string;

  /** The first admin's address: NFKC-normalised and lowercased, as invitations. */
  @Transform(({ value }) => (typeof value === 'string' ? normalizeInvitationEmail(value) : value))
  @IsEmail({}, { message: 'must be an e-mail address (メールアドレスの形式ではありません)' })
  @MaxLength(320)
  email: string;
}

/** The proposal sent with a vendor's invitation (the fields of POST /v1/contracts a vendor uses). */
export class PendingContractDto {
  @ApiProperty({ enum: CONTRACT_KINDS })
  @IsIn(CONTRACT_KINDS)
  kind: ContractKind;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  productIds: string[];

  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  startsOn: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  endsOn?: string;

  @IsOptional()
  @IsUUID()
  agentId?: string;
}

export class VendorPharmacyInvitationDto extends InvitePharmacyDto {
  @ValidateNested()
  @Type(() => PendingContractDto)
  contract: PendingContractDto;
}

export class PendingPharmacyDto {
  id: string;
  /** The pharmacy's organization, created now; it gets its 保険薬局コード when approved. */
  organizationId: string;
  pharmacyCode: string;
  pharmacyName: string;
  /** The first admin's address the operator checks. */
  email: string;
  @ApiProperty({ enum: PENDING_PHARMACY_STATUSES })
  status: PendingPharmacyStatus;
  /** 承認待ち / 承認済み（招待メール送信済み） / 却下. */
  statusLabel: string;
  requestedByOrganizationId: string;
  requestedByOrganizationName: string;
  @ApiProperty({ enum: ['vendor', 'chain'] })
  requestedByKind: string;
  /** The chain the pharmacy joins as a store (chain invitations). */
  chainId: string | null;
  /** The proposals waiting for the pharmacy (vendor invitations). */
  contractIds: string[];
  /** Why the operator rejected it. */
  reason: string | null;
  createdAt: string;
  decidedAt: string | null;
}

export class PendingPharmacyPageDto {
  @ApiProperty({ type: [PendingPharmacyDto] })
  items: PendingPharmacyDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

export class PendingPharmacyQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PENDING_PHARMACY_STATUSES })
  @IsOptional()
  @IsIn(PENDING_PHARMACY_STATUSES)
  status?: PendingPharmacyStatus;
}

export class RejectPendingPharmacyDto {
  /** Told to the requester, and the reason the proposals were declined. */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}
