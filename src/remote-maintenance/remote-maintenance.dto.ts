import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, MinLength, NotContains, ValidateNested } from 'class-validator';
import { AVAILABILITIES, CONNECTION_METHODS, RISK_LEVELS, type Availability, type ConnectionMethod, type RiskLevel } from './remote-maintenance-risks';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** PostgreSQL text cannot hold NUL: refuse it here rather than fail the whole write (a 500). */
const NUL = '\u0000';
const noNul = { message: 'must not contain NUL characters' };
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

// Declared beside the risk rules, which the portal shares; re-exported for the API's other features.
export { AVAILABILITIES, AVAILABILITY_LABELS, CONNECTION_METHOD_LABELS, CONNECTION_METHODS, RISK_LEVEL_LABELS, RISK_LEVELS } from './remote-maintenance-risks';
export type { Availability, ConnectionMethod, RiskLevel } from './remote-maintenance-risks';

export class RemoteMaintenanceGatewayInputDto {
  /** Maker of the VPN / gateway device at the pharmacy, e.g. "Fortinet". */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NotContains(NUL, noNul)
  maker: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NotContains(NUL, noNul)
  model: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @NotContains(NUL, noNul)
  firmwareVersion: string;

  /** The day the firmware was last patched (YYYY-MM-DD, not in the future). */
  @Matches(DATE, { message: 'must be a date YYYY-MM-DD' })
  lastPatchedOn: string;
}

/**
 * A remote-maintenance disclosure for one product of the contract (checklist item 2-②). When
 * `inUse` is true the connection, gateway and safeguards are required; when false, only notes.
 */
export class PutRemoteMaintenanceDto {
  /** A product the contract covers. */
  @IsUUID()
  productId: string;

  /** Whether the product's devices are maintained remotely. */
  @IsBoolean()
  inUse: boolean;

  /** Which devices are maintained remotely (レセコンサーバ, 調剤機器…). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NotContains(NUL, noNul)
  devices?: string;

  @ApiPropertyOptional({ enum: CONNECTION_METHODS })
  @IsOptional()
  @IsIn(CONNECTION_METHODS)
  connectionMethod?: ConnectionMethod;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @NotContains(NUL, noNul)
  connectionNote?: string;

  /** The VPN or gateway device the connection goes through (optional for a closed network). */
  @IsOptional()
  @ValidateNested()
  @Type(() => RemoteMaintenanceGatewayInputDto)
  gateway?: RemoteMaintenanceGatewayInputDto;

  /** Two-factor authentication on the remote-maintenance connection. */
  @IsOptional()
  @IsBoolean()
  twoFactor?: boolean;

  /** Connections only from registered source addresses (接続元制限). */
  @IsOptional()
  @IsBoolean()
  sourceRestricted?: boolean;

  /** Every remote session is logged. */
  @IsOptional()
  @IsBoolean()
  sessionLogging?: boolean;

  @ApiPropertyOptional({ enum: AVAILABILITIES })
  @IsOptional()
  @IsIn(AVAILABILITIES)
  availability?: Availability;

  /** Credentials are unique to this customer (not shared across customers). */
  @IsOptional()
  @IsBoolean()
  uniqueCredentials?: boolean;

  /** Your published RM-SDS of this product that describes the remote-maintenance service. */
  @IsOptional()
  @IsUUID()
  rmSdsDisclosureId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  @NotContains(NUL, noNul)
  notes?: string;
}

export class ConfirmRemoteMaintenanceDto {
  @IsUUID()
  productId: string;

  /** The revision read: it must still be the current one. */
  @IsInt()
  @Min(1)
  @ApiProperty({ type: 'integer' })
  revision: number;
}

export class RemoteMaintenanceQueryDto {
  /** Every revision of each product's disclosure, not only the current one. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  history?: boolean;
}

export class RemoteMaintenanceRiskDto {
  /** gateway_firmware_stale, no_two_factor, shared_credentials, no_source_restriction, remote_desktop_internet, no_session_logging */
  code: string;
  label: string;
  detail: string;
  @ApiProperty({ enum: RISK_LEVELS })
  severity: RiskLevel;
}

export class RemoteMaintenanceGatewayDto {
  maker: string | null;
  model: string | null;
  firmwareVersion: string | null;
  lastPatchedOn: string | null;
  /** Days since the last patch (today in Japan). */
  @ApiProperty({ type: 'integer', nullable: true })
  daysSincePatch: number | null;
}

export class RemoteMaintenancePartyDto {
  id: string;
  name: string;
}

export class RmSdsReferenceDto {
  id: string;
  productVersion: string;
  @ApiProperty({ type: 'integer' })
  revision: number;
  status: string;
}

export class RemoteMaintenanceConfirmationDto {
  confirmedAt: string;
  /** The user (or API client) who confirmed. */
  confirmedBy: string | null;
  confirmedByName: string | null;
  organization: RemoteMaintenancePartyDto;
}

export class RemoteMaintenanceDisclosureDto {
  id: string;
  contractId: string;
  productId: string;
  @ApiProperty({ type: 'integer' })
  revision: number;
  current: boolean;
  /** Who performs the remote maintenance and wrote this: the vendor or its agent. */
  author: RemoteMaintenancePartyDto;
  @ApiProperty({ enum: ['vendor', 'agent'] })
  authorRole: 'vendor' | 'agent';
  inUse: boolean;
  devices: string | null;
  @ApiPropertyOptional({ enum: CONNECTION_METHODS, nullable: true })
  connectionMethod: ConnectionMethod | null;
  connectionMethodLabel: string | null;
  connectionNote: string | null;
  gateway: RemoteMaintenanceGatewayDto | null;
  twoFactor: boolean | null;
  sourceRestricted: boolean | null;
  sessionLogging: boolean | null;
  @ApiPropertyOptional({ enum: AVAILABILITIES, nullable: true })
  availability: Availability | null;
  availabilityLabel: string | null;
  uniqueCredentials: boolean | null;
  rmSds: RmSdsReferenceDto | null;
  notes: string | null;
  @ApiProperty({ type: [RemoteMaintenanceRiskDto] })
  risks: RemoteMaintenanceRiskDto[];
  @ApiProperty({ enum: RISK_LEVELS })
  riskLevel: RiskLevel;
  riskLevelLabel: string;
  confirmation: RemoteMaintenanceConfirmationDto | null;
  /** The current revision still waits for the pharmacy's confirmation. */
  awaitingConfirmation: boolean;
  createdAt: string;
}

export class ProductRemoteMaintenanceDto {
  product: { id: string; name: string; category: string };
  /** The current disclosure; null when none was made yet. */
  current: RemoteMaintenanceDisclosureDto | null;
  /** With ?history=true: every revision, newest first. */
  @ApiPropertyOptional({ type: [RemoteMaintenanceDisclosureDto] })
  revisions?: RemoteMaintenanceDisclosureDto[];
}

export class ContractRemoteMaintenanceDto {
  contractId: string;
  vendor: RemoteMaintenancePartyDto;
  agent: RemoteMaintenancePartyDto | null;
  customer: { id: string; name: string | null };
  @ApiProperty({ type: [ProductRemoteMaintenanceDto] })
  products: ProductRemoteMaintenanceDto[];
}
