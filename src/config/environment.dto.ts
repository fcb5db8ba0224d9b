import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/**
 * Every environment variable Kaiji reads, validated once at start-up.
 * Property names are the variables' names so that an error names the variable a person must fix.
 */
export class EnvironmentDto {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a port number between 1 and 65535' })
  @Min(1, { message: 'must be a port number between 1 and 65535' })
  @Max(65535, { message: 'must be a port number between 1 and 65535' })
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  /** The role that owns the tables: migrations and the job queue's tables run as it; DATABASE_URL is then the API's own, restricted role. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// connection URL' })
  KAIJI_MIGRATION_DATABASE_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  KAIJI_DB_POOL_SIZE?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  KAIJI_DATA_DIR?: string;

  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  KAIJI_OPERATOR_EMAIL?: string;

  @IsOptional()
  @IsString()
  KAIJI_OPERATOR_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters of random text' })
  KAIJI_JWT_SECRET?: string;

  @IsOptional()
  @IsString()
  KAIJI_JWT_PREVIOUS_SECRETS?: string;

  @IsOptional()
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'must be 64 hexadecimal characters (a 256-bit key)' })
  KAIJI_TOTP_KEY?: string;

  /** HMAC key of the audit chain anchors: kept outside the database, so that the database's owner cannot re-sign a rewritten chain. */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters of random text' })
  KAIJI_AUDIT_ANCHOR_KEY?: string;

  /** Earlier anchor keys, comma-separated: anchors they signed still verify after a rotation. */
  @IsOptional()
  @IsString()
  KAIJI_AUDIT_ANCHOR_PREVIOUS_KEYS?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(60, { message: 'must be between 60 and 900 seconds' })
  @Max(900, { message: 'must be between 60 and 900 seconds (access tokens live 15 minutes at most)' })
  KAIJI_ACCESS_TOKEN_TTL?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  KAIJI_REFRESH_TOKEN_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(2)
  @Max(50)
  KAIJI_LOGIN_LOCK_THRESHOLD?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  KAIJI_LOGIN_LOCK_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3650)
  KAIJI_INACTIVE_DAYS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100000)
  KAIJI_AUTH_RATE_LIMIT?: number;

  /** The load balancers' addresses or CIDR ranges, comma-separated, or their number; parsed in trusted-proxies.ts. */
  @IsOptional()
  @IsString()
  KAIJI_TRUST_PROXY?: string;

  /** Failed logins on one account from all sources together before the account is locked for everyone. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 3 and 10000' })
  @Min(3, { message: 'must be a whole number between 3 and 10000' })
  @Max(10000, { message: 'must be a whole number between 3 and 10000' })
  KAIJI_LOGIN_ACCOUNT_LOCK_THRESHOLD?: number;

  /** Swagger UI and the OpenAPI document at /docs: on by default outside production, off in it. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  KAIJI_DOCS?: boolean;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** `off`: this process enqueues jobs (in the publishing transaction) but runs no workers or schedules. */
  @IsOptional()
  @IsIn(['on', 'off'], { message: 'must be on or off' })
  KAIJI_JOBS?: 'on' | 'off';

  @IsOptional()
  @Transform(toInt)
  @IsNumber({}, { message: 'must be a number of seconds between 0.5 and 60' })
  @Min(0.5, { message: 'must be a number of seconds between 0.5 and 60' })
  @Max(60, { message: 'must be a number of seconds between 0.5 and 60' })
  KAIJI_JOBS_POLL_SECONDS?: number;

  /** How often pg-boss expires and retries jobs whose worker died (another instance takes them over). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 1 and 3600' })
  @Min(1, { message: 'must be a whole number of seconds between 1 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 1 and 3600' })
  KAIJI_JOBS_MAINTENANCE_SECONDS?: number;

  /** How long a request holds its Idempotency-Key; a retry can take the key over after that. Longer than any request. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 15 and 3600' })
  @Min(15, { message: 'must be a whole number of seconds between 15 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 15 and 3600' })
  KAIJI_IDEMPOTENCY_LEASE_SECONDS?: number;

  /** How long an Idempotency-Key and its recorded answer are kept; after that the key is forgotten (and reusable). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of hours between 1 and 720' })
  @Min(1, { message: 'must be a whole number of hours between 1 and 720' })
  @Max(720, { message: 'must be a whole number of hours between 1 and 720' })
  KAIJI_IDEMPOTENCY_TTL_HOURS?: number;

  /** Contract proposals one organization may make per hour (each tells the other side's users). */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 10000' })
  @Min(1, { message: 'must be a whole number between 1 and 10000' })
  @Max(10000, { message: 'must be a whole number between 1 and 10000' })
  KAIJI_CONTRACT_PROPOSALS_PER_HOUR?: number;

  /** Where security researchers report (RFC 9116 Contact): mailto:, https: or tel: URIs, comma-separated. Unset: no /.well-known/security.txt. */
  @IsOptional()
  @IsString()
  KAIJI_SECURITY_CONTACT?: string;

  /** Test-only: webhook URLs may point at loopback and private addresses. Refused in production. */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  KAIJI_WEBHOOK_ALLOW_PRIVATE?: boolean;

  /**
   * Webhook URLs may point at loopback (127.0.0.0/8, ::1, localhost) — never at private ranges — to
   * receive deliveries on the developer's own machine. Default: on with --demo, off otherwise. Refused in production.
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'must be true or false' })
  KAIJI_WEBHOOK_ALLOW_LOOPBACK?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 0 and 20' })
  @Min(0, { message: 'must be a whole number between 0 and 20' })
  @Max(20, { message: 'must be a whole number between 0 and 20' })
  KAIJI_WEBHOOK_RETRY_LIMIT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 1 and 3600' })
  @Min(1, { message: 'must be a whole number of seconds between 1 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 1 and 3600' })
  KAIJI_WEBHOOK_RETRY_DELAY_SECONDS?: number;

  /** The SMTP server mail goes out through: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://… (TLS from the start). Unset outside production: an embedded server on loopback. */
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL (smtp://user:password@host:587)' })
  KAIJI_SMTP_URL?: string;

  /** The From address of Kaiji's mail: an address, or a display name and an address (Kaiji <no-reply@example.jp>). */
  @IsOptional()
  @IsString()
  @Matches(/^[^\r\n]{3,320}$/, { message: 'must be one line: an address, or "Name <address>"' })
  KAIJI_MAIL_FROM?: string;

  /** Where people reach the portal (https://kaiji.example.jp): links in mail point there. Never taken from a request's Host header. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'must be an http(s):// URL without query (https://kaiji.example.jp)' })
  KAIJI_PUBLIC_URL?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 0 and 20' })
  @Min(0, { message: 'must be a whole number between 0 and 20' })
  @Max(20, { message: 'must be a whole number between 0 and 20' })
  KAIJI_MAIL_RETRY_LIMIT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 1000' })
  @Min(1, { message: 'must be a whole number between 1 and 1000' })
  @Max(1000, { message: 'must be a whole number between 1 and 1000' })
  KAIJI_NOTIFICATION_MAILS_PER_HOUR?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of seconds between 1 and 3600' })
  @Min(1, { message: 'must be a whole number of seconds between 1 and 3600' })
  @Max(3600, { message: 'must be a whole number of seconds between 1 and 3600' })
  KAIJI_MAIL_RETRY_DELAY_SECONDS?: number;

  /** Password reset requests one source (an IPv4 address, an IPv6 /64) may make per hour; default KAIJI_AUTH_RATE_LIMIT. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 100000' })
  @Min(1, { message: 'must be a whole number between 1 and 100000' })
  @Max(100000, { message: 'must be a whole number between 1 and 100000' })
  KAIJI_PASSWORD_RESET_SOURCE_LIMIT?: number;

  /** Days an invitation link works (src/invitations); default 7. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number of days between 1 and 30' })
  @Min(1, { message: 'must be a whole number of days between 1 and 30' })
  @Max(30, { message: 'must be a whole number of days between 1 and 30' })
  KAIJI_INVITATION_DAYS?: number;

  /** Invitations (and resends) one organization may send per hour; default 30. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'must be a whole number between 1 and 10000' })
  @Min(1, { message: 'must be a whole number between 1 and 10000' })
  @Max(10000, { message: 'must be a whole number between 1 and 10000' })
  KAIJI_INVITATIONS_PER_HOUR?: number;
}
