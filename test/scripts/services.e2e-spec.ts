import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  PROJECT_ROOT,
  redisAnswers,
  RedisUnavailableError,
  startRedisServer,
} from '../../scripts/services';

/**
 * The fallbacks a fresh machine relies on (no DATABASE_URL, no Redis on 6379), exercised
 * directly, since the machines that run these tests do have both.
 */
const run = promisify(execFile);

describe('the services npm start falls back to', () => {
  it('an embedded PostgreSQL under .data/, created on first use and stopped cleanly', async () => {
    const name = `test-embedded-${process.pid}`;
    try {
      const { stdout } = await run(process.execPath, [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        join(__dirname, 'embedded-postgres.probe.ts'),
        name,
        String(54340 + (process.pid % 50)),
      ]);
      expect(JSON.parse(stdout)).toEqual({ source: 'embedded', database: 'frontdoor' });
    } finally {
      rmSync(join(PROJECT_ROOT, '.data', name), { recursive: true, force: true });
    }
  }, 90_000);

  it('a redis-server from the PATH, with its data under .data/', async () => {
    const name = `test-redis-${process.pid}`;
    const redis = await startRedisServer({ name, port: 63800 + (process.pid % 50) });
    try {
      expect(redis.source).toBe('embedded');
      expect(await redisAnswers(redis.url)).toBe(true);
    } finally {
      await redis.stop();
      rmSync(join(PROJECT_ROOT, '.data', name), { recursive: true, force: true });
    }
    expect(await redisAnswers(redis.url)).toBe(false);
  });

  it('a short message on how to get Redis when there is no redis-server to start', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(startRedisServer({ name: 'unused', port: 63899 })).rejects.toThrow(
        RedisUnavailableError,
      );
      await expect(startRedisServer({ name: 'unused', port: 63899 })).rejects.toThrow(
        /apt-get install redis-server.*REDIS_URL/s,
      );
    } finally {
      process.env.PATH = path;
      rmSync(join(PROJECT_ROOT, '.data', 'unused'), { recursive: true, force: true });
    }
  });
});
