import { Injectable } from '@nestjs/common';
import { HandlesJob, type JobHandler } from '../../apps/worker/src/jobs/job-handler';
import { OutboxRelayHandler } from '../../apps/worker/src/outbox/outbox-relay.handler';
import { startWorker, testConfig } from '../support/apps';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTestRedis, type TestRedis } from '../support/redis';

@Injectable()
@HandlesJob('outbox.relay')
class SecondRelayHandler implements JobHandler<'outbox.relay'> {
  async handle(): Promise<void> {}
}

describe('the worker job registry', () => {
  let database: TestDatabase;
  let redis: TestRedis;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
  });

  afterAll(async () => {
    await redis.cleanup();
    await database.drop();
  });

  const config = () =>
    testConfig({ databaseUrl: database.url, redisUrl: redis.url, redisPrefix: redis.prefix });

  it('boots when every declared job has exactly one handler', async () => {
    const worker = await startWorker(config());
    await worker.close();
  });

  it('refuses to boot when a job has no handler', async () => {
    await expect(startWorker(config(), [])).rejects.toThrow('job "outbox.relay" has no handler');
  });

  it('refuses to boot when a job has two handlers', async () => {
    await expect(startWorker(config(), [OutboxRelayHandler, SecondRelayHandler])).rejects.toThrow(
      'job "outbox.relay" has 2 handlers',
    );
  });
});
