/**
 * What test/global-setup.ts found or started, handed to every test file through the
 * environment (Jest runs each file in a worker process that inherits it).
 */
export const TEST_ENV = {
  /** A connection to any database on the test cluster, used to create and drop databases. */
  adminUrl: 'FRONTDOOR_TEST_ADMIN_URL',
  /** The migrated database test files clone. */
  template: 'FRONTDOOR_TEST_TEMPLATE',
  /** The same with the reference data (geography, GP practices, teams) loaded. */
  seededTemplate: 'FRONTDOOR_TEST_SEEDED_TEMPLATE',
  redisUrl: 'FRONTDOOR_TEST_REDIS_URL',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value)
    throw new Error(`${TEST_ENV[name]} is not set: run e2e tests through jest (npm test)`);
  return value;
}

/** The same server as `url`, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
