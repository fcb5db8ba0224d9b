import { ApiProperty } from '@nestjs/swagger';

/** One signed-in device of the caller: a login session that has not ended. */
export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  /** The browser's User-Agent at login, as sent (null when it sent none). */
  @ApiProperty({ type: String, nullable: true })
  userAgent!: string | null;

  /** The address the login came from. */
  @ApiProperty({ type: String, nullable: true })
  ip!: string | null;

  createdAt!: Date;

  /** The last login or token refresh of the session (the portal refreshes every few minutes while open). */
  @ApiProperty({ type: Date, nullable: true })
  lastUsedAt!: Date | null;

  expiresAt!: Date;

  /** The session making this request. */
  current!: boolean;
}

export class SessionListDto {
  @ApiProperty({ type: [SessionDto] })
  items!: SessionDto[];
}

export class SessionsRevokedDto {
  /** How many sessions were ended. */
  @ApiProperty({ type: 'integer' })
  revoked!: number;
}
