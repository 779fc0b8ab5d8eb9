import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationShutdown,
} from '@nestjs/common';
import Redis from 'ioredis';
import type { Config } from '@frontdoor/config';
import { JobQueue } from '@frontdoor/queues';
import { CONFIG } from './config.module';

/** Connection for BullMQ: retries forever, so work resumes by itself when Redis returns. */
export const REDIS = Symbol('REDIS');
/** Connection for health checks: no offline queue, so a ping fails at once when Redis is down. */
export const REDIS_PROBE = Symbol('REDIS_PROBE');

/** One warning when Redis goes away and one note when it is back, not one per retry. */
export function reportOutages(redis: Redis, context = 'Redis'): void {
  const logger = new Logger(context);
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn(`Redis unavailable (${error.message}); retrying`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.log('Redis is back');
    down = false;
  });
}

@Injectable()
class RedisLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REDIS_PROBE) private readonly probe: Redis,
    private readonly jobs: JobQueue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.jobs.close();
    this.probe.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [CONFIG],
      useFactory: (config: Config) => {
        const redis = new Redis(config.REDIS_URL, {
          maxRetriesPerRequest: null,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
          connectionName: 'front-door',
        });
        reportOutages(redis);
        return redis;
      },
    },
    {
      provide: REDIS_PROBE,
      inject: [CONFIG],
      useFactory: (config: Config) => {
        const probe = new Redis(config.REDIS_URL, {
          enableOfflineQueue: false,
          maxRetriesPerRequest: 0,
          connectTimeout: 1_000,
          retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
          connectionName: 'front-door-probe',
        });
        // Errors are reported by the readiness check, not thrown at the process.
        probe.on('error', () => undefined);
        return probe;
      },
    },
    {
      provide: JobQueue,
      inject: [REDIS, CONFIG],
      useFactory: (redis: Redis, config: Config) => {
        // Outages are already reported once by reportOutages; queues repeat the same errors.
        const logger = new Logger('JobQueue');
        return new JobQueue(redis, config.REDIS_PREFIX, (error) => logger.debug(error.message), {
          'gp.notify': { backoff: { type: 'exponential', delay: config.GP_NOTIFY_BACKOFF_MS } },
        });
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS, REDIS_PROBE, JobQueue],
})
export class RedisModule {}
