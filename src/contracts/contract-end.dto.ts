import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, NotContains } from 'class-validator';

/** PostgreSQL text cannot hold NUL: refuse it here rather than fail the write (a 500). */
const NUL = '\u0000';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/**
 * Ending a contract: the body is the confirmation (an empty POST ends nothing), so the reason is
 * required; the portal asks the person to confirm before sending it.
 */
export class EndContractDto {
  /**
   * The contract's last day (JST, inclusive): today when omitted. Not in the past, not before the
   * contract starts, not after an end date agreed earlier. From the next day the vendor and its
   * agent no longer see anything new of the customer, and deliver nothing more under the contract.
   */
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  endsOn?: string;

  /** Why the contract ends (told to the other party, kept in the audit log). */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'must not be empty' })
  @MaxLength(1000)
  @NotContains(NUL, { message: 'must not contain NUL characters' })
  reason: string;
}

/** How a contract was ended through Kaiji (absent on contracts nobody ended). */
export class ContractTerminationDto {
  /** The last day the contract is in force (JST, inclusive). */
  endsOn: string;
  reason: string;
  /** The side that ended it. */
  @ApiProperty({ enum: ['vendor', 'customer'] })
  endedBy: 'vendor' | 'customer';
  /** When the end was recorded. */
  recordedAt: string;
}
