import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EnvironmentDto } from './environment.dto';

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
  dbPoolSize: number;
  dataDir: string;
  operator?: { email: string; password: string };
  jwt: { secret: string; previousSecrets: string[]; accessTokenTtlSeconds: number; refreshTokenDays: number };
  totpKey: Buffer;
  login: { lockThreshold: number; lockMinutes: number; rateLimitPerMinute: number };
  inactiveDays: number;
  trustProxy: boolean;
  logLevel: string;
  /** The PostgreSQL job queue (pg-boss): whether this process runs workers and schedules, how often they poll, and how often dead workers' jobs are taken back. */
  jobs: { workers: boolean; pollSeconds: number; maintenanceSeconds: number };
  /** Seconds a request holds its Idempotency-Key before a retry may take it over. */
  idempotencyLeaseSeconds: number;
  webhooks: {
    /** Test-only: loopback and private addresses are accepted as webhook targets. */
    allowPrivateAddresses: boolean;
    /** Attempts after the first, with exponential backoff from retryDelaySeconds. */
    retryLimit: number;
    retryDelaySeconds: number;
  };
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

interface StoredSecrets {
  jwtSecret: string;
  totpKey: string;
}

/**
 * Validates the environment and returns the configuration. The only reader of process.env.
 * Throws ConfigError naming the first bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
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
  if (production && dto.KAIJI_WEBHOOK_ALLOW_PRIVATE) throw new ConfigError('KAIJI_WEBHOOK_ALLOW_PRIVATE', 'is for tests only and cannot be enabled in production');
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
    login: {
      lockThreshold: dto.KAIJI_LOGIN_LOCK_THRESHOLD ?? 5,
      lockMinutes: dto.KAIJI_LOGIN_LOCK_MINUTES ?? 15,
      rateLimitPerMinute: dto.KAIJI_AUTH_RATE_LIMIT ?? 30,
    },
    inactiveDays: dto.KAIJI_INACTIVE_DAYS ?? 90,
    trustProxy: dto.KAIJI_TRUST_PROXY ?? false,
    logLevel: dto.LOG_LEVEL ?? (dto.NODE_ENV === 'test' ? 'silent' : 'info'),
    // Tests enqueue but run no workers unless they ask (KAIJI_JOBS=on): jobs of one test app must not be taken by another's.
    jobs: {
      workers: (dto.KAIJI_JOBS ?? (dto.NODE_ENV === 'test' ? 'off' : 'on')) === 'on',
      pollSeconds: dto.KAIJI_JOBS_POLL_SECONDS ?? 2,
      maintenanceSeconds: dto.KAIJI_JOBS_MAINTENANCE_SECONDS ?? 120,
    },
    idempotencyLeaseSeconds: dto.KAIJI_IDEMPOTENCY_LEASE_SECONDS ?? 120,
    webhooks: {
      allowPrivateAddresses: dto.KAIJI_WEBHOOK_ALLOW_PRIVATE ?? false,
      retryLimit: dto.KAIJI_WEBHOOK_RETRY_LIMIT ?? 8,
      retryDelaySeconds: dto.KAIJI_WEBHOOK_RETRY_DELAY_SECONDS ?? 30,
    },
  };
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
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StoredSecrets;
  mkdirSync(dataDir, { recursive: true });
  const secrets: StoredSecrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    totpKey: randomBytes(32).toString('hex'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}
