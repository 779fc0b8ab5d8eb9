import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { testEnv } from './environment';

export interface TestRedis {
  url: string;
  /** This test file's own key prefix; everything it writes lives under it. */
  prefix: string;
  /** Deletes every key under the prefix (a scan, never FLUSHALL). */
  cleanup(): Promise<void>;
}

export function createTestRedis(): TestRedis {
  const url = testEnv('redisUrl');
  const prefix = `fdtest-${randomBytes(5).toString('hex')}`;
  return {
    url,
    prefix,
    async cleanup() {
      const redis = new Redis(url, { maxRetriesPerRequest: 1 });
      try {
        const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
        for await (const keys of stream as AsyncIterable<string[]>) {
          if (keys.length) await redis.unlink(...keys);
        }
      } finally {
        redis.disconnect();
      }
    },
  };
}
