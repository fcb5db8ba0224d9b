import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { TOKEN_DELIVERIES, type TokenDelivery } from './refresh-cookie';

export class LoginDto {
  @IsEmail()
  @MaxLength(320)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;

  /** The 6-digit authenticator code, or a recovery code (XXXX-XXXX-XXXX), once 2FA is enrolled. */
  @IsOptional()
  @IsString()
  @MaxLength(20)
  otp?: string;

  /**
   * `cookie` (the portal): the refresh token is set as an HttpOnly, SameSite=Strict cookie for
   * /v1/auth/refresh and left out of the answer. `body` (the default, API clients): in the answer.
   */
  @ApiPropertyOptional({ enum: TOKEN_DELIVERIES, default: 'body' })
  @IsOptional()
  @IsIn(TOKEN_DELIVERIES)
  tokenDelivery?: TokenDelivery;
}

export class RefreshDto {
  /** Required unless tokenDelivery is `cookie`: then the token is the cookie's alone (this field is not read). */
  @ValidateIf((body: RefreshDto) => body.tokenDelivery !== 'cookie')
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken?: string;

  /** `cookie`: the token comes from the cookie set at login, and the new one goes back there. */
  @ApiPropertyOptional({ enum: TOKEN_DELIVERIES, default: 'body' })
  @IsOptional()
  @IsIn(TOKEN_DELIVERIES)
  tokenDelivery?: TokenDelivery;
}

export class TokensDto {
  accessToken: string;
  /** Absent when the token was delivered as a cookie (tokenDelivery `cookie`). */
  @ApiPropertyOptional()
  refreshToken?: string;
  /** Seconds until the access token expires (at most 900). */
  @ApiProperty({ type: 'integer' })
  expiresIn: number;
  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';
}

/** RFC 6749 §4.4.2; the client may instead authenticate with HTTP Basic (§2.3.1). */
export class ClientTokenRequestDto {
  @ApiProperty({ enum: ['client_credentials'] })
  @IsIn(['client_credentials'], { message: 'must be client_credentials' })
  grant_type: 'client_credentials';

  @IsOptional()
  @IsString()
  @MaxLength(100)
  client_id?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  client_secret?: string;

  /** Space-separated subset of the client's scopes. */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  scope?: string;
}

export class ClientTokenDto {
  access_token: string;
  @ApiProperty({ enum: ['Bearer'] })
  token_type: 'Bearer';
  @ApiProperty({ type: 'integer' })
  expires_in: number;
  scope: string;
}

export class ChangePasswordDto {
  @IsString()
  @MaxLength(256)
  currentPassword: string;

  /** 8+ characters mixing letters, digits and symbols, or 13+ characters; not one of your last 5. */
  @IsString()
  @MaxLength(256)
  newPassword: string;
}

export class OtpDto {
  /** The 6-digit code from the authenticator app. */
  @Matches(/^\d{6}$/, { message: 'must be the 6-digit code from your authenticator app' })
  otp: string;
}

export class DisableTwoFactorDto extends OtpDto {
  @IsString()
  @MaxLength(256)
  password: string;
}

export class TwoFactorEnrolmentDto {
  /** Base32 seed, for typing into an app by hand. */
  secret: string;
  /** Scan as a QR code with an authenticator app. */
  otpauthUri: string;
}

export class RecoveryCodesDto {
  /** Each works once in place of an authenticator code. Shown only now. */
  recoveryCodes: string[];
}

export class MeOrganizationDto {
  id: string;
  @ApiProperty({ enum: ['vendor', 'pharmacy', 'chain', 'operator'] })
  kind: string;
  name: string;
  requireTwoFactor: boolean;
}

export class MeDto {
  @ApiProperty({ enum: ['user', 'client'] })
  type: 'user' | 'client';
  id: string;
  @ApiPropertyOptional()
  email?: string;
  @ApiPropertyOptional()
  displayName?: string;
  @ApiPropertyOptional({ enum: ['admin', 'member', 'viewer'] })
  role?: string;
  @ApiPropertyOptional({ type: [String] })
  scopes?: string[];
  @ApiPropertyOptional()
  twoFactorEnrolled?: boolean;
  /** The organization requires 2FA and you have not enrolled: only enrolment is open until you do. */
  @ApiPropertyOptional()
  twoFactorEnrolmentRequired?: boolean;
  /** An administrator reset your password: only password change (and the other self-service routes) is open until you set a new one. */
  @ApiPropertyOptional()
  passwordChangeRequired?: boolean;
  @ApiPropertyOptional({ type: 'integer' })
  recoveryCodesRemaining?: number;
  organization: MeOrganizationDto;
}
