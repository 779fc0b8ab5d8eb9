import type { Config } from '@frontdoor/config';
import type { INestApplicationContext } from '@nestjs/common';
import { startApi, startWorker, testConfig, type RunningApi } from './apps';
import { createTestDatabase, type TestDatabase } from './database';
import { createTestRedis, type TestRedis } from './redis';

export interface ApiContext {
  database: TestDatabase;
  redis: TestRedis;
  config: Config;
  api: RunningApi;
  /** The worker too, when started with `{ worker: true }`. */
  worker?: INestApplicationContext;
  close(): Promise<void>;
}

/**
 * A test file's own database (with the reference data loaded), Redis prefix and running api,
 * and with `{ worker: true }` the worker as well; `close()` stops and removes all of it.
 * Requests from test/support/http sign in as a coordinator unless they carry a credential.
 * `env` sets further variables, as the environment would; `webRoot` serves a web app build.
 */
export async function startApiContext(
  options: { worker?: boolean; env?: Record<string, string>; webRoot?: string } = {},
): Promise<ApiContext> {
  const database = await createTestDatabase();
  const redis = createTestRedis();
  const config = testConfig(
    { databaseUrl: database.url, redisUrl: redis.url, redisPrefix: redis.prefix },
    options.env,
  );
  let api: RunningApi | undefined;
  let worker: INestApplicationContext | undefined;
  const close = async () => {
    await worker?.close();
    await api?.close();
    await redis.cleanup();
    await database.drop();
  };
  try {
    api = await startApi(config, { webRoot: options.webRoot });
    worker = options.worker ? await startWorker(config) : undefined;
  } catch (error) {
    // Leave nothing behind when the app does not start.
    await close();
    throw error;
  }
  return { database, redis, config, api, worker, close };
}
