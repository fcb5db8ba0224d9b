import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentDto } from './environment.dto';
import { lowEntropyProblem, placeholderProblem } from './secret-strength';
import { parseTrustedProxies, TrustedProxies } from './trusted-proxies';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Configuration error: ${variable} ${problem}`);
  }
}

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  /** Unset means: start the embedded PostgreSQL in dataDir. */
  databaseUrl?: string;
  /**
   * The role that owns the tables (migrations, the job queue's tables, the API role's grants) when
   * it differs from DATABASE_URL's, which is then the API's restricted role (src/database/open-database.ts).
   */
  migrationDatabaseUrl?: string;
  dbPoolSize: number;
  dataDir: string;
  operator?: { email: string; password: string };
  jwt: { secret: string; previousSecrets: string[]; accessTokenTtlSeconds: number; refreshTokenDays: number };
  totpKey: Buffer;
  /** HMAC keys of the audit chain anchors (src/audit/audit-anchor-mac.ts): `current` signs, `previous` still verify. */
  auditAnchorKeys: { current: string; previous: string[] };
  /**
   * lockThreshold failures from one source (an IPv4 address, an IPv6 /64) lock that source out of
   * the account; accountLockThreshold failures from all sources together lock the account itself.
   */
  login: { lockThreshold: number; accountLockThreshold: number; lockMinutes: number; rateLimitPerMinute: number };
  inactiveDays: number;
  /** Whose X-Forwarded-For is believed (see trusted-proxies.ts). */
  trustProxy: TrustedProxies;
  /** Swagger UI and the OpenAPI document at /docs. */
  docs: boolean;
  /** `--demo`: load the sample dataset (never in production). */
  demo: boolean;
  logLevel: string;
  /** The PostgreSQL job queue (pg-boss): whether this process runs workers and schedules, how often they poll, and how often dead workers' jobs are taken back. */
  jobs: { workers: boolean; pollSeconds: number; maintenanceSeconds: number };
  /** Seconds a request holds its Idempotency-Key before a retry may take it over. */
  idempotencyLeaseSeconds: number;
  /** Hours an Idempotency-Key and its recorded answer are kept. */
  idempotencyTtlHours: number;
  /** Contract proposals one organization may make per hour. */
  contractProposalsPerHour: number;
  /** RFC 9116 Contact URIs for /.well-known/security.txt; empty: the file is not served. */
  securityContacts: string[];
  /**
   * KAIJI_PUBLIC_URL without a trailing slash, when set: the OAuth issuer (src/oauth). Unset, the
   * issuer is derived from each request's scheme and host.
   */
  publicUrl?: string;
  webhooks: {
    /** Test-only: loopback and private addresses are accepted as webhook targets. */
    allowPrivateAddresses: boolean;
    /** Loopback targets only (a local receiver in development and the demo): KAIJI_WEBHOOK_ALLOW_LOOPBACK, on by default with --demo. */
    allowLoopback: boolean;
    /** Attempts after the first, with exponential backoff from retryDelaySeconds. */
    retryLimit: number;
    retryDelaySeconds: number;
  };
  /** Outgoing mail (src/mail). */
  mail: MailConfig;
  /** Self-service password reset by e-mail: requests per address and per source per hour. */
  passwordReset: { perAddressPerHour: number; perSourcePerHour: number };
  /** E-mail invitations (src/invitations): how long a link works; invitations and resends per organization per hour. */
  invitations: { validDays: number; perOrganizationPerHour: number };
}

export interface MailConfig {
  /**
   * `smtp`: through KAIJI_SMTP_URL; `embedded`: an SMTP server on loopback Kaiji starts itself (development,
   * demo), readable at /dev/mailbox; `none`: no server to send to (production without KAIJI_SMTP_URL, or a
   * test app that did not ask for one): messages are recorded and stay queued.
   */
  transport: 'smtp' | 'embedded' | 'none';
  smtpUrl?: string;
  from: string;
  /** The portal's origin for links in mail, without a trailing slash. */
  publicUrl: string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** Notification mails sent at once to one person per hour; the rest are left to the portal, with one notice saying so. */
  immediatePerRecipientPerHour: number;
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

interface StoredSecrets {
  jwtSecret: string;
  totpKey: string;
  auditAnchorKey?: string;
}

/**
 * Validates the environment and returns the configuration. The only reader of process.env.
 * Throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd(), argv: readonly string[] = process.argv): AppConfig {
  const dto = plainToInstance(EnvironmentDto, withoutEmpty(env));
  const errors = validateSync(dto, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const message = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(first.property, message.replace(new RegExp(`^${first.property}\\s*`), ''));
  }

  const production = dto.NODE_ENV === 'production';
  const dataDirRaw = dto.KAIJI_DATA_DIR ?? '.kaiji-data';
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw);

  if (production && !dto.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'is required in production');
  if (production && !dto.KAIJI_JWT_SECRET) throw new ConfigError('KAIJI_JWT_SECRET', 'is required in production');
  if (production && !dto.KAIJI_TOTP_KEY) throw new ConfigError('KAIJI_TOTP_KEY', 'is required in production');
  if (production && !dto.KAIJI_AUDIT_ANCHOR_KEY) throw new ConfigError('KAIJI_AUDIT_ANCHOR_KEY', 'is required in production');
  refuseMigrationUrlAlone(dto);
  if (production && dto.KAIJI_WEBHOOK_ALLOW_PRIVATE) throw new ConfigError('KAIJI_WEBHOOK_ALLOW_PRIVATE', 'is for tests only and cannot be enabled in production');
  if (production && dto.KAIJI_WEBHOOK_ALLOW_LOOPBACK) throw new ConfigError('KAIJI_WEBHOOK_ALLOW_LOOPBACK', 'is for local development and cannot be enabled in production');
  const demo = argv.includes('--demo');
  if (production && demo) throw new ConfigError('--demo', 'loads sample accounts whose passwords are published and cannot be used with NODE_ENV=production');
  if (production) refuseKnownSecrets(dto);
  const trustProxy = parseTrustedProxies(dto.KAIJI_TRUST_PROXY);
  if (typeof trustProxy === 'object' && !Array.isArray(trustProxy)) throw new ConfigError('KAIJI_TRUST_PROXY', trustProxy.problem);
  const lockThreshold = dto.KAIJI_LOGIN_LOCK_THRESHOLD ?? 5;
  const accountLockThreshold = dto.KAIJI_LOGIN_ACCOUNT_LOCK_THRESHOLD ?? 100;
  if (accountLockThreshold <= lockThreshold) {
    throw new ConfigError('KAIJI_LOGIN_ACCOUNT_LOCK_THRESHOLD', `must be larger than KAIJI_LOGIN_LOCK_THRESHOLD (${lockThreshold}), so that one source alone cannot lock an account`);
  }
  if (Boolean(dto.KAIJI_OPERATOR_EMAIL) !== Boolean(dto.KAIJI_OPERATOR_PASSWORD)) {
    const missing = dto.KAIJI_OPERATOR_EMAIL ? 'KAIJI_OPERATOR_PASSWORD' : 'KAIJI_OPERATOR_EMAIL';
    throw new ConfigError(missing, 'must be set together with the other operator variable');
  }
  const previousSecrets = (dto.KAIJI_JWT_PREVIOUS_SECRETS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (previousSecrets.some((s) => s.length < 32)) {
    throw new ConfigError('KAIJI_JWT_PREVIOUS_SECRETS', 'must list secrets of at least 32 characters, comma-separated');
  }

  const secrets =
    dto.KAIJI_JWT_SECRET && dto.KAIJI_TOTP_KEY
      ? { jwtSecret: dto.KAIJI_JWT_SECRET, totpKey: dto.KAIJI_TOTP_KEY }
      : { ...loadOrCreateLocalSecrets(dataDir), ...definedSecrets(dto) };

  return {
    production,
    port: dto.PORT ?? 3000,
    host: dto.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    databaseUrl: dto.DATABASE_URL,
    migrationDatabaseUrl: dto.KAIJI_MIGRATION_DATABASE_URL,
    dbPoolSize: dto.KAIJI_DB_POOL_SIZE ?? 10,
    dataDir,
    operator: dto.KAIJI_OPERATOR_EMAIL
      ? { email: dto.KAIJI_OPERATOR_EMAIL, password: dto.KAIJI_OPERATOR_PASSWORD as string }
      : undefined,
    jwt: {
      secret: secrets.jwtSecret,
      previousSecrets,
      accessTokenTtlSeconds: dto.KAIJI_ACCESS_TOKEN_TTL ?? 900,
      refreshTokenDays: dto.KAIJI_REFRESH_TOKEN_DAYS ?? 14,
    },
    totpKey: Buffer.from(secrets.totpKey, 'hex'),
    auditAnchorKeys: auditAnchorKeys(dto, secrets),
    login: {
      lockThreshold,
      accountLockThreshold,
      lockMinutes: dto.KAIJI_LOGIN_LOCK_MINUTES ?? 15,
      rateLimitPerMinute: dto.KAIJI_AUTH_RATE_LIMIT ?? 30,
    },
    inactiveDays: dto.KAIJI_INACTIVE_DAYS ?? 90,
    trustProxy,
    docs: dto.KAIJI_DOCS ?? !production,
    demo,
    logLevel: dto.LOG_LEVEL ?? (dto.NODE_ENV === 'test' ? 'silent' : 'info'),
    // Tests enqueue but run no workers unless they ask (KAIJI_JOBS=on): jobs of one test app must not be taken by another's.
    jobs: {
      workers: (dto.KAIJI_JOBS ?? (dto.NODE_ENV === 'test' ? 'off' : 'on')) === 'on',
      pollSeconds: dto.KAIJI_JOBS_POLL_SECONDS ?? 2,
      maintenanceSeconds: dto.KAIJI_JOBS_MAINTENANCE_SECONDS ?? 120,
    },
    idempotencyLeaseSeconds: dto.KAIJI_IDEMPOTENCY_LEASE_SECONDS ?? 120,
    idempotencyTtlHours: dto.KAIJI_IDEMPOTENCY_TTL_HOURS ?? 24,
    contractProposalsPerHour: dto.KAIJI_CONTRACT_PROPOSALS_PER_HOUR ?? 60,
    securityContacts: parseSecurityContacts(dto.KAIJI_SECURITY_CONTACT),
    publicUrl: dto.KAIJI_PUBLIC_URL?.replace(/\/+$/, ''),
    webhooks: {
      allowPrivateAddresses: dto.KAIJI_WEBHOOK_ALLOW_PRIVATE ?? false,
      allowLoopback: dto.KAIJI_WEBHOOK_ALLOW_LOOPBACK ?? demo,
      retryLimit: dto.KAIJI_WEBHOOK_RETRY_LIMIT ?? 8,
      retryDelaySeconds: dto.KAIJI_WEBHOOK_RETRY_DELAY_SECONDS ?? 30,
    },
    mail: mailConfig(dto, production),
    passwordReset: { perAddressPerHour: 3, perSourcePerHour: dto.KAIJI_PASSWORD_RESET_SOURCE_LIMIT ?? dto.KAIJI_AUTH_RATE_LIMIT ?? 30 },
    invitations: { validDays: dto.KAIJI_INVITATION_DAYS ?? 7, perOrganizationPerHour: dto.KAIJI_INVITATIONS_PER_HOUR ?? 30 },
  };
}

/**
 * Mail settings. Production sends through KAIJI_SMTP_URL or not at all (start-up says so: messages
 * wait queued), and its links need KAIJI_PUBLIC_URL: a link built from a request's Host header
 * could be pointed at another site. Development and the demo get an SMTP server on loopback;
 * tests (NODE_ENV=test) only what they ask for.
 */
function mailConfig(dto: EnvironmentDto, production: boolean): MailConfig {
  if (production && dto.KAIJI_SMTP_URL && !dto.KAIJI_PUBLIC_URL) {
    throw new ConfigError('KAIJI_PUBLIC_URL', 'is required in production with KAIJI_SMTP_URL: links in mail (password reset) point there');
  }
  const host = dto.HOST && dto.HOST !== '0.0.0.0' ? dto.HOST : '127.0.0.1';
  const transport = dto.KAIJI_SMTP_URL ? 'smtp' : production || dto.NODE_ENV === 'test' ? 'none' : 'embedded';
  return {
    transport,
    smtpUrl: dto.KAIJI_SMTP_URL,
    from: dto.KAIJI_MAIL_FROM ?? 'Kaiji <no-reply@kaiji.invalid>',
    publicUrl: (dto.KAIJI_PUBLIC_URL ?? `http://${host.includes(':') ? `[${host}]` : host}:${dto.PORT ?? 3000}`).replace(/\/+$/, ''),
    retryLimit: dto.KAIJI_MAIL_RETRY_LIMIT ?? 6,
    retryDelaySeconds: dto.KAIJI_MAIL_RETRY_DELAY_SECONDS ?? 60,
    immediatePerRecipientPerHour: dto.KAIJI_NOTIFICATION_MAILS_PER_HOUR ?? 30,
  };
}

/**
 * Least estimated entropy of a production signing key. Random keys score well above it (32 base64
 * characters ≥ 120, 32 hex digits ≥ 88 in 200,000 draws); a regular one scores far below.
 */
const MIN_JWT_SECRET_BITS = 80;
/** Least estimated entropy of the 64-hex-digit TOTP key (random ones score 218 or more in 200,000 draws). */
const MIN_TOTP_KEY_BITS = 160;

/** Production runs on secrets of its own: no published placeholder, no key too regular to be random. */
function refuseKnownSecrets(dto: EnvironmentDto): void {
  const problems: [string, string | null][] = [
    ['KAIJI_JWT_SECRET', dto.KAIJI_JWT_SECRET ? lowEntropyProblem(dto.KAIJI_JWT_SECRET, MIN_JWT_SECRET_BITS) : null],
    ['KAIJI_TOTP_KEY', dto.KAIJI_TOTP_KEY ? lowEntropyProblem(dto.KAIJI_TOTP_KEY.toLowerCase(), MIN_TOTP_KEY_BITS) : null],
    ['KAIJI_OPERATOR_PASSWORD', dto.KAIJI_OPERATOR_PASSWORD ? placeholderProblem(dto.KAIJI_OPERATOR_PASSWORD) : null],
  ];
  for (const [variable, problem] of problems) {
    if (problem) throw new ConfigError(variable, `${problem}: ${REMEDIES[variable]}`);
  }
  const previous = (dto.KAIJI_JWT_PREVIOUS_SECRETS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  for (const secret of previous) {
    const problem = lowEntropyProblem(secret, MIN_JWT_SECRET_BITS);
    if (problem) throw new ConfigError('KAIJI_JWT_PREVIOUS_SECRETS', `lists a key that ${problem}: remove it`);
  }
  const anchorProblem = dto.KAIJI_AUDIT_ANCHOR_KEY ? lowEntropyProblem(dto.KAIJI_AUDIT_ANCHOR_KEY, MIN_JWT_SECRET_BITS) : null;
  if (anchorProblem) throw new ConfigError('KAIJI_AUDIT_ANCHOR_KEY', `${anchorProblem}: ${REMEDIES.KAIJI_AUDIT_ANCHOR_KEY}`);
}

/** KAIJI_MIGRATION_DATABASE_URL names the owner; DATABASE_URL must then name the API's own role. */
function refuseMigrationUrlAlone(dto: EnvironmentDto): void {
  if (!dto.KAIJI_MIGRATION_DATABASE_URL) return;
  if (!dto.DATABASE_URL) throw new ConfigError('DATABASE_URL', 'must be set with KAIJI_MIGRATION_DATABASE_URL: it is the restricted role the API connects as');
  const role = (url: string) => decodeURIComponent(new URL(url).username);
  if (!role(dto.DATABASE_URL)) throw new ConfigError('DATABASE_URL', 'must name its user (postgres://user:password@host/db) when KAIJI_MIGRATION_DATABASE_URL is set: that role is granted what the API needs');
  if (role(dto.DATABASE_URL) === role(dto.KAIJI_MIGRATION_DATABASE_URL)) {
    throw new ConfigError('KAIJI_MIGRATION_DATABASE_URL', 'names the same role as DATABASE_URL: the API must run as a role that does not own the tables (README, Configuration)');
  }
}

/**
 * The anchor keys. Outside production, when not given: the data folder's (generated with the other
 * secrets), or, when the other secrets are given and nothing is written to disk, one derived from
 * KAIJI_JWT_SECRET, which is kept outside the database too.
 */
function auditAnchorKeys(dto: EnvironmentDto, secrets: StoredSecrets): AppConfig['auditAnchorKeys'] {
  const previous = (dto.KAIJI_AUDIT_ANCHOR_PREVIOUS_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean);
  if (previous.some((k) => k.length < 32)) throw new ConfigError('KAIJI_AUDIT_ANCHOR_PREVIOUS_KEYS', 'must list keys of at least 32 characters, comma-separated');
  const current = dto.KAIJI_AUDIT_ANCHOR_KEY ?? secrets.auditAnchorKey ?? createHmac('sha256', secrets.jwtSecret).update('kaiji audit anchor key').digest('base64url');
  return { current, previous };
}

const REMEDIES: Record<string, string> = {
  KAIJI_JWT_SECRET: 'generate one with `openssl rand -base64 48`',
  KAIJI_TOTP_KEY: 'generate one with `openssl rand -hex 32` (2FA seeds sealed with the old key cannot be read: their users enrol again)',
  KAIJI_OPERATOR_PASSWORD: 'choose a password of your own',
  KAIJI_AUDIT_ANCHOR_KEY: 'generate one with `openssl rand -base64 48` and keep it outside the database (anchors it signed then verify only with KAIJI_AUDIT_ANCHOR_PREVIOUS_KEYS)',
};

/** RFC 9116 §2.5.3: each Contact is a URI; Kaiji accepts the three kinds people can act on. */
function parseSecurityContacts(value: string | undefined): string[] {
  const contacts = (value ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  for (const contact of contacts) {
    if (!/^(mailto:[^\s@]+@[^\s@]+|https:\/\/[^\s]+|tel:\+?[0-9-]+)$/.test(contact)) {
      throw new ConfigError('KAIJI_SECURITY_CONTACT', `lists "${contact}": give mailto:, https:// or tel: URIs, comma-separated`);
    }
  }
  return contacts;
}

/** Empty variables count as unset, as in most shells' `VAR= cmd` habit. */
function withoutEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])));
}

function definedSecrets(dto: EnvironmentDto): Partial<StoredSecrets> {
  const result: Partial<StoredSecrets> = {};
  if (dto.KAIJI_JWT_SECRET) result.jwtSecret = dto.KAIJI_JWT_SECRET;
  if (dto.KAIJI_TOTP_KEY) result.totpKey = dto.KAIJI_TOTP_KEY;
  return result;
}

/** Outside production, secrets not given are generated once and kept (mode 0600) in the data folder. */
function loadOrCreateLocalSecrets(dataDir: string): StoredSecrets {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets) : undefined;
  // A folder from before the audit anchors gets its anchor key added; the other secrets are kept.
  if (stored?.auditAnchorKey) return stored;
  mkdirSync(dataDir, { recursive: true });
  const secrets: StoredSecrets = {
    jwtSecret: stored?.jwtSecret ?? randomBytes(48).toString('base64url'),
    totpKey: stored?.totpKey ?? randomBytes(32).toString('hex'),
    auditAnchorKey: randomBytes(48).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
