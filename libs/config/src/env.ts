import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { IsHttpOrigin, toList } from './origins';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The documented development secret. Used only when NODE_ENV is not production;
 * in production a missing or default AUTH_JWT_SECRET stops the boot.
 */
export const DEVELOPMENT_JWT_SECRET = 'front-door-development-secret-do-not-use-in-production';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/** Every environment variable the apps read, validated once at boot. */
export class Env {
  @IsIn(NODE_ENVS)
  NODE_ENV: (typeof NODE_ENVS)[number] = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// URL' })
  DATABASE_URL!: string;

  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL!: string;

  /** Prefix for every Redis key (BullMQ queues included), so environments can share one Redis. */
  @Matches(/^[a-z0-9:_-]{1,64}$/i, { message: 'must be 1-64 letters, digits, ":", "_" or "-"' })
  REDIS_PREFIX = 'frontdoor';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'must be at least 32 characters' })
  AUTH_JWT_SECRET?: string;

  /**
   * An identity provider's JSON Web Key Set (NHS login, CIS2 or the trust's own): when set,
   * RS256/ES256/PS256 tokens it signed are accepted as well as HS256 ones.
   */
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_tld: false, require_protocol: true })
  AUTH_JWKS_URL?: string;

  /** Required `iss` of every token, when set. */
  @IsOptional()
  @IsString()
  AUTH_JWT_ISSUER?: string;

  /** Required `aud` of every token, when set. */
  @IsOptional()
  @IsString()
  AUTH_JWT_AUDIENCE?: string;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE = 10;

  /**
   * How long a worker's hold on a job lasts without renewal; a job held by a worker that died
   * is handed to another after this (BullMQ lockDuration and stalled-job check interval).
   */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  WORKER_LOCK_MS = 30_000;

  /** Folder of the triage rule set (YAML); the repository's seeds/triage when unset. */
  @IsOptional()
  @IsString()
  TRIAGE_RULES_DIR?: string;

  /**
   * First wait before retrying a discharge letter the GP endpoint did not take; each later
   * wait doubles (six tries in all). Tests set a few milliseconds.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3_600_000)
  GP_NOTIFY_BACKOFF_MS = 30_000;

  /** Run pending migrations when the api starts (under an advisory lock, so replicas take turns). */
  @IsIn(['true', 'false'])
  DB_MIGRATE_ON_START: 'true' | 'false' = 'true';

  /**
   * Browser origins allowed to call the api cross-origin, comma-separated and exact
   * (`https://frontdoor.kentandmedway.nhs.uk`); unset means no cross-origin access at all.
   */
  @Transform(toList)
  @IsHttpOrigin({ each: true })
  CORS_ORIGINS: string[] = [];

  /** Largest request body accepted: a referral is a few kilobytes; FHIR bundles a little more. */
  @Transform(toInt)
  @IsInt()
  @Min(1024)
  @Max(10 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Requests a minute allowed per bearer token (or per client IP without a credential). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_PER_MINUTE = 600;

  /** Requests a minute allowed per system API key (X-Api-Key): systems send in bulk. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  RATE_LIMIT_SYSTEM_PER_MINUTE = 6000;
}

/** Variables whose values must never be echoed, even in a validation error. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set([
  'DATABASE_URL',
  'REDIS_URL',
  'AUTH_JWT_SECRET',
]);

export class EnvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid environment:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EnvError';
  }
}

/** The validated configuration the apps use; the JWT secret is always resolved. */
export type Config = Omit<Env, 'AUTH_JWT_SECRET' | 'DB_MIGRATE_ON_START'> & {
  AUTH_JWT_SECRET: string;
  DB_MIGRATE_ON_START: boolean;
};

function describe(error: ValidationError): string {
  const messages = Object.values(error.constraints ?? { invalid: 'is invalid' }).map((message) =>
    message.startsWith(error.property) ? message.slice(error.property.length).trim() : message,
  );
  const hint = SECRET_VARIABLES.has(error.property) ? ' (value hidden)' : '';
  return `${error.property} ${messages.join('; ')}${hint}`;
}

/**
 * Validates the environment. Throws an EnvError naming each bad variable; never includes
 * a value, so secrets cannot leak into logs.
 */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", so the default applies.
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const env = plainToInstance(Env, present);
  const errors = validateSync(env, {
    whitelist: true,
    validationError: { target: false, value: false },
  });
  const problems = errors.map(describe);

  const production = env.NODE_ENV === 'production';
  if (production && (!env.AUTH_JWT_SECRET || env.AUTH_JWT_SECRET === DEVELOPMENT_JWT_SECRET)) {
    problems.push(
      'AUTH_JWT_SECRET must be set to a private value of at least 32 characters when NODE_ENV is production',
    );
  }
  if (problems.length) throw new EnvError(problems);

  return {
    ...env,
    AUTH_JWT_SECRET: env.AUTH_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    DB_MIGRATE_ON_START: env.DB_MIGRATE_ON_START === 'true',
  };
}
