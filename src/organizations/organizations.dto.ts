import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import { IsCorporateNumber } from '../common/validators';
import { IdentityChangeDto } from './identity-changes.dto';
import { ORGANIZATION_KINDS, OrganizationKind } from './organization.entity';
import { normalizeOrganizationName } from './organization-name';

const CREATABLE_KINDS = ['vendor', 'pharmacy', 'chain'] as const;
/** Names are stored as people read them: NFKC, no invisible or bidi characters (organization-name.ts). */
const normalizeName = ({ value }: { value: unknown }) => (typeof value === 'string' ? normalizeOrganizationName(value) : value);
/** Absent leaves the field unchanged; unlike @IsOptional, null is validated (and refused): these columns are NOT NULL. */
const IfPresent = () => ValidateIf((_: unknown, value: unknown) => value !== undefined);

export class CreateOrganizationDto {
  @ApiProperty({ enum: CREATABLE_KINDS })
  @IsIn(CREATABLE_KINDS)
  kind: 'vendor' | 'pharmacy' | 'chain';

  @Transform(normalizeName)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** 法人番号: 13 digits with a check digit. */
  @IsOptional()
  @IsCorporateNumber()
  corporateNumber?: string;

  /** 保険薬局コード: 10 digits (pharmacies only). */
  @IsOptional()
  @Matches(/^\d{10}$/, { message: 'must be a 10-digit 保険薬局コード' })
  pharmacyCode?: string;

  /** The chain (法人本部) a pharmacy belongs to. */
  @IsOptional()
  @IsUUID()
  chainId?: string;
}

export class UpdateOrganizationDto {
  @IfPresent()
  @Transform(normalizeName)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsOptional()
  @IsCorporateNumber()
  corporateNumber?: string;

  /** Every user must enrol 2FA before doing anything else (checklist item 2-⑩). */
  @IfPresent()
  @IsBoolean()
  requireTwoFactor?: boolean;

  /** Disable accounts unused for 90 days (configurable) automatically, daily (item 2-⑤). */
  @IfPresent()
  @IsBoolean()
  autoDisableInactiveUsers?: boolean;
}

export class OrganizationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS })
  @IsOptional()
  @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;

  /** Only the pharmacies of this chain. */
  @IsOptional()
  @IsUUID()
  chainId?: string;
}

export class OrganizationDto {
  id: string;
  @ApiProperty({ enum: ORGANIZATION_KINDS })
  kind: OrganizationKind;
  /** 組織種別 as shown to people. */
  kindLabel: string;
  name: string;
  corporateNumber: string | null;
  pharmacyCode: string | null;
  chainId: string | null;
  requireTwoFactor: boolean;
  autoDisableInactiveUsers: boolean;
  createdAt: string;
  /**
   * A vendor's latest name / 法人番号 change request and what became of it (its own members and the
   * operator see it): a vendor's change takes effect only once the operator approves it.
   */
  @ApiPropertyOptional({ type: IdentityChangeDto, nullable: true })
  identityChange?: IdentityChangeDto | null;
}

export class OrganizationPageDto {
  @ApiProperty({ type: [OrganizationDto] })
  items: OrganizationDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
