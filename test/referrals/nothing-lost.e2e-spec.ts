import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { PROJECT_ROOT, startRedisServer, type Service } from '../../scripts/services';
import { startApi, startWorker, testConfig, type RunningApi } from '../support/apps';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { newSubmission } from '../support/factories';
import { postJson } from '../support/http';

/**
 * A real Redis, stopped and started again: intake must keep answering 201 while it is down,
 * and every referral must reach the triage queue (and be triaged) once it is back.
 */
describe('intake while Redis is down', () => {
  const name = `test-redis-outage-${process.pid}`;
  const port = 63850 + (process.pid % 50);
  let redis: Service;
  let database: TestDatabase;
  let api: RunningApi;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    redis = await startRedisServer({ name, port });
    database = await createTestDatabase();
    const config = testConfig({
      databaseUrl: database.url,
      redisUrl: redis.url,
      redisPrefix: 'outage',
    });
    api = await startApi(config);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis?.stop();
    await database?.drop();
    rmSync(join(PROJECT_ROOT, '.data', name), { recursive: true, force: true });
  });

  const pending = async () => {
    const [{ count }] = await database.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM outbox WHERE relayed_at IS NULL AND job_name = 'triage.referral'`,
    );
    return Number(count);
  };

  it('answers 201 with Redis stopped, then drains the backlog and triages every referral when it returns', async () => {
    const ids: string[] = [];
    await redis.stop();
    try {
      for (let i = 0; i < 10; i += 1) {
        const response = await postJson<{ id: string }>(
          `${api.url}/api/v1/referrals`,
          newSubmission(),
        );
        expect(response.status).toBe(201);
        ids.push(response.body.id);
      }
      expect(await pending()).toBe(10);
    } finally {
      // Whatever happened, bring Redis back: the worker cannot shut down without it.
      redis = await startRedisServer({ name, port });
    }

    const deadline = Date.now() + 45_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      const rows = await database.dataSource.query<{ status: string }[]>(
        'SELECT status FROM referrals WHERE id = ANY($1)',
        [ids],
      );
      statuses = rows.map((row) => row.status);
      if (statuses.length === 10 && statuses.every((status) => status === 'triaged')) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(statuses).toEqual(Array(10).fill('triaged'));
    expect(await pending()).toBe(0);
  }, 90_000);
});
