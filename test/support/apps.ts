import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplicationContext, Type } from '@nestjs/common';
import { loadConfig, type Config } from '@frontdoor/config';
import { createApi, type ApiOptions } from '../../apps/api/src/bootstrap';
import { createWorker } from '../../apps/worker/src/bootstrap';
import { bearer, coordinator } from './auth';
import { signInByDefault } from './http';

export interface TestServices {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
}

/** Configuration as the apps would read it from the environment, for one test file. */
export function testConfig(services: TestServices, extra: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: services.databaseUrl,
    REDIS_URL: services.redisUrl,
    REDIS_PREFIX: services.redisPrefix,
    DB_POOL_SIZE: '4',
    // Every request comes from 127.0.0.1: only the tests about rate limits should meet one.
    RATE_LIMIT_PER_MINUTE: '100000',
    RATE_LIMIT_SYSTEM_PER_MINUTE: '100000',
    ...extra,
  });
}

export interface RunningApi {
  app: NestFastifyApplication;
  /** http://127.0.0.1:<port>, a real socket. */
  url: string;
  close(): Promise<void>;
}

/** The real api, listening on a free loopback port. */
/** Starts the api; requests from ./http then sign in as a coordinator unless they say otherwise. */
export async function startApi(config: Config, options: ApiOptions = {}): Promise<RunningApi> {
  signInByDefault(await bearer(config, coordinator));
  const app = await createApi(config, options);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

export async function startWorker(
  config: Config,
  handlers?: Type[],
): Promise<INestApplicationContext> {
  return createWorker(config, handlers);
}
