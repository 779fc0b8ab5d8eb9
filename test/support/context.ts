import type { Config } from '@frontdoor/config';
import { startApi, testConfig, type RunningApi } from './apps';
import { createTestDatabase, type TestDatabase } from './database';
import { createTestRedis, type TestRedis } from './redis';

export interface ApiContext {
  database: TestDatabase;
  redis: TestRedis;
  config: Config;
  api: RunningApi;
  close(): Promise<void>;
}

/** A test file's own database (with the reference data loaded), Redis prefix and running api. */
export async function startApiContext(): Promise<ApiContext> {
  const database = await createTestDatabase();
  const redis = createTestRedis();
  const config = testConfig({
    databaseUrl: database.url,
    redisUrl: redis.url,
    redisPrefix: redis.prefix,
  });
  const api = await startApi(config);
  return {
    database,
    redis,
    config,
    api,
    async close() {
      await api.close();
      await redis.cleanup();
      await database.drop();
    },
  };
}
