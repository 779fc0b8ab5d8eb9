import { DEVELOPMENT_JWT_SECRET, EnvError, loadConfig } from './env';

const valid = {
  DATABASE_URL: 'postgres://frontdoor:s3cret-password@db.internal:5432/frontdoor',
  REDIS_URL: 'redis://:redis-password@cache.internal:6379',
};

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof EnvError) return [...error.problems];
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid);
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      REDIS_PREFIX: 'frontdoor',
      LOG_LEVEL: 'info',
      DB_MIGRATE_ON_START: true,
      AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET,
    });
  });

  it('reads numbers and switches from strings', () => {
    const config = loadConfig({
      ...valid,
      PORT: '8080',
      DB_POOL_SIZE: '20',
      DB_MIGRATE_ON_START: 'false',
    });
    expect(config.PORT).toBe(8080);
    expect(config.DB_POOL_SIZE).toBe(20);
    expect(config.DB_MIGRATE_ON_START).toBe(false);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ ...valid, PORT: '' }).PORT).toBe(3000);
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'eighty', NODE_ENV: 'staging', LOG_LEVEL: 'loud' });
    expect(problems.map((problem) => problem.split(' ')[0]).sort()).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'NODE_ENV',
      'PORT',
      'REDIS_URL',
    ]);
  });

  it('never prints the value of a secret, even when it is malformed', () => {
    const error = (() => {
      try {
        loadConfig({
          DATABASE_URL: 'mysql://root:hunter2-secret@db/x',
          REDIS_URL: 'http://:another-secret@cache',
          AUTH_JWT_SECRET: 'short-secret',
        });
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected loadConfig to fail');
    })();
    expect(error.message).toContain('DATABASE_URL must be a postgres:// URL (value hidden)');
    expect(error.message).toContain('AUTH_JWT_SECRET');
    expect(error.message).not.toMatch(/hunter2|another-secret|short-secret/);
  });

  it('refuses to run in production on the development secret or none', () => {
    expect(problemsOf({ ...valid, NODE_ENV: 'production' })).toEqual([
      expect.stringContaining('AUTH_JWT_SECRET must be set'),
    ]);
    expect(
      problemsOf({ ...valid, NODE_ENV: 'production', AUTH_JWT_SECRET: DEVELOPMENT_JWT_SECRET }),
    ).toHaveLength(1);
    const secret = 'a-private-production-secret-of-enough-length';
    expect(
      loadConfig({ ...valid, NODE_ENV: 'production', AUTH_JWT_SECRET: secret }).AUTH_JWT_SECRET,
    ).toBe(secret);
  });
});

describe('loadConfig: HTTP hardening', () => {
  it('defaults to no cross-origin access, a 1 MiB body and 600/6000 requests a minute', () => {
    expect(loadConfig(valid)).toMatchObject({
      CORS_ORIGINS: [],
      BODY_LIMIT_BYTES: 1_048_576,
      RATE_LIMIT_PER_MINUTE: 600,
      RATE_LIMIT_SYSTEM_PER_MINUTE: 6000,
    });
  });

  it('reads a comma-separated list of exact origins', () => {
    const config = loadConfig({
      ...valid,
      CORS_ORIGINS: ' https://frontdoor.kentandmedway.nhs.uk, http://localhost:5173 ,',
    });
    expect(config.CORS_ORIGINS).toEqual([
      'https://frontdoor.kentandmedway.nhs.uk',
      'http://localhost:5173',
    ]);
  });

  it.each([
    'frontdoor.kentandmedway.nhs.uk',
    'https://frontdoor.kentandmedway.nhs.uk/',
    'https://frontdoor.kentandmedway.nhs.uk/app',
    'https://Frontdoor.nhs.uk',
    'ftp://files.nhs.uk',
    '*',
  ])('refuses %s as an origin, naming the variable', (origin) => {
    expect(problemsOf({ ...valid, CORS_ORIGINS: `https://ok.nhs.uk,${origin}` })).toEqual([
      expect.stringMatching(/^CORS_ORIGINS must list origins like https:\/\//),
    ]);
  });

  it('reads the body limit and the rate limits, within their bounds', () => {
    const config = loadConfig({
      ...valid,
      BODY_LIMIT_BYTES: '2048',
      RATE_LIMIT_PER_MINUTE: '5',
      RATE_LIMIT_SYSTEM_PER_MINUTE: '50',
    });
    expect(config).toMatchObject({
      BODY_LIMIT_BYTES: 2048,
      RATE_LIMIT_PER_MINUTE: 5,
      RATE_LIMIT_SYSTEM_PER_MINUTE: 50,
    });
    const problems = problemsOf({
      ...valid,
      BODY_LIMIT_BYTES: String(10 * 1024 * 1024 + 1),
      RATE_LIMIT_PER_MINUTE: '0',
      RATE_LIMIT_SYSTEM_PER_MINUTE: 'lots',
    });
    expect(problems.map((problem) => problem.split(' ')[0]).sort()).toEqual([
      'BODY_LIMIT_BYTES',
      'RATE_LIMIT_PER_MINUTE',
      'RATE_LIMIT_SYSTEM_PER_MINUTE',
    ]);
    expect(problemsOf({ ...valid, BODY_LIMIT_BYTES: '1023' })).toHaveLength(1);
  });
});
