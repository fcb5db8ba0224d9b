import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { API_SCOPES, ApiScope } from '../auth/scopes';
import { PageQueryDto } from '../common/pagination';
import { IsCidr } from '../common/validators';
import { USER_ROLES, UserRole } from './user.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserDto {
  @Transform(trim)
  @IsEmail()
  @MaxLength(320)
  email: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: UserRole;

  /** Initial password: 8+ characters mixing letters, digits and symbols, or 13+ characters. */
  @IsString()
  @MaxLength(256)
  password: string;
}

export class UpdateUserDto {
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  /** true disables the account (its sessions end at once); false enables it again. */
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;
}

/**
 * An admin's reset of a member's credentials: a temporary password the member must replace at the
 * next login, and/or their 2FA (they enrol again). Either way every session of theirs ends.
 */
export class ResetCredentialsDto {
  /**
   * A temporary password (the password policy applies; it is not one of the user's last five).
   * Tell it to the user by another channel: Kaiji never shows or sends it. Omit to keep the password.
   */
  @IsOptional()
  @IsString()
  @MaxLength(256)
  temporaryPassword?: string;

  /** true removes the user's authenticator and recovery codes: they enrol again before anything else. */
  @IsBoolean()
  resetTwoFactor: boolean;
}

export class UserQueryDto extends PageQueryDto {
  /** Only accounts unused for the configured number of days (90 by default). */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  inactive?: boolean;
}

export class UserDto {
  id: string;
  organizationId: string;
  email: string;
  displayName: string;
  @ApiProperty({ enum: USER_ROLES })
  role: UserRole;
  twoFactorEnrolled: boolean;
  disabled: boolean;
  disabledReason: string | null;
  lastLoginAt: string | null;
  /** Not used for the configured number of days (checklist item 2-⑤). */
  inactive: boolean;
  /** An admin reset the password: the user sets a new one at the next login, before anything else. */
  passwordChangeRequired: boolean;
  /** An admin reset 2FA: the user enrols again at the next login, whether or not the organization requires 2FA. */
  twoFactorEnrolmentRequired: boolean;
  createdAt: string;
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] })
  items: UserDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}

export class DisabledUsersDto {
  /** Accounts disabled by this call. */
  @ApiProperty({ type: 'integer' })
  disabled: number;
}

export class CreateApiClientDto {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ enum: API_SCOPES, isArray: true })
  @IsArray()
  @ArrayMaxSize(API_SCOPES.length)
  @IsIn(API_SCOPES, { each: true })
  scopes: ApiScope[];

  /** Source ranges the client may call from, e.g. ["203.0.113.0/24"] (checklist item 2-⑬). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsCidr({ each: true })
  allowedCidrs: string[];

  /**
   * Confirms ranges that admit (nearly) any source — 0.0.0.0/0, ::/0, or wider than /8 (IPv4) or
   * /16 (IPv6): refused without it. Such a client is shown with the risk `any_source`.
   */
  @IsOptional()
  @IsBoolean()
  allowAnySource?: boolean;
}

/** Why an API client's settings weaken checklist item 2-⑬, in Japanese with the English beside it. */
export class ApiClientRiskDto {
  @ApiProperty({ enum: ['any_source'] })
  code: 'any_source';
  message: string;
  /** The ranges concerned. */
  allowedCidrs: string[];
}

export class ApiClientDto {
  id: string;
  clientId: string;
  name: string;
  @ApiProperty({ enum: API_SCOPES, isArray: true })
  scopes: string[];
  allowedCidrs: string[];
  /** Empty when the client is restricted as checklist 2-⑬ asks. */
  @ApiProperty({ type: [ApiClientRiskDto] })
  risks: ApiClientRiskDto[];
  lastUsedAt: string | null;
  revoked: boolean;
  createdAt: string;
}

export class CreatedApiClientDto extends ApiClientDto {
  /** Shown once; Kaiji keeps only a hash. */
  clientSecret: string;
}

export class ApiClientPageDto {
  @ApiProperty({ type: [ApiClientDto] })
  items: ApiClientDto[];
  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor: string | null;
}
