import type { INestApplicationContext } from '@nestjs/common';
import { spawn } from 'node:child_process';
import Redis from 'ioredis';
import { JobQueue, QUEUE } from '@frontdoor/queues';

import { OutboxRelayHandler } from '../../apps/worker/src/outbox/outbox-relay.handler';
import { startApi, startWorker, testConfig, type RunningApi } from '../support/apps';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { newSubmission } from '../support/factories';
import { postJson } from '../support/http';
import { createTestRedis, type TestRedis } from '../support/redis';

/** A plain BullMQ worker, in its own process, that takes a triage job and never finishes it. */
const DOOMED_WORKER = `
  const { Worker } = require('bullmq');
  const Redis = require('ioredis');
  const [url, prefix] = process.argv.slice(1);
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  new Worker('${QUEUE.triage}', () => { process.stdout.write('taken\\n'); return new Promise(() => {}); },
    { connection, prefix, lockDuration: 1000, stalledInterval: 1000 });
`;

/**
 * A worker dies holding a triage job (its lock is never renewed, as when the process is
 * killed). BullMQ's stalled-job check hands the job to a live worker, which finishes it once.
 */
describe('a worker killed mid-job', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let api: RunningApi;
  let worker: INestApplicationContext | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await redis.cleanup();
    await database.drop();
  });

  it('has its job finished exactly once by another worker', async () => {
    const config = testConfig(
      { databaseUrl: database.url, redisUrl: redis.url, redisPrefix: redis.prefix },
      { WORKER_LOCK_MS: '1000' },
    );
    api = await startApi(config);
    const { body } = await postJson<{ id: string }>(`${api.url}/api/v1/referrals`, newSubmission());

    // Put the triage job on its queue, and let a doomed worker take it and hang.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const jobs = new JobQueue(connection, redis.prefix);
    await new OutboxRelayHandler(database.dataSource, jobs).handle();
    // A worker in its own process takes the job and hangs; then the process is killed -9.
    const doomed = spawn(process.execPath, ['-e', DOOMED_WORKER, redis.url, redis.prefix], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      doomed.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('taken') && resolve());
      doomed.once('exit', () => reject(new Error('the doomed worker exited early')));
    });
    doomed.kill('SIGKILL');

    worker = await startWorker(config);
    const deadline = Date.now() + 20_000;
    let triaged = 0;
    while (Date.now() < deadline) {
      const [{ count }] = await database.dataSource.query<{ count: string }[]>(
        `SELECT count(*) FROM referral_events WHERE referral_id = $1 AND type = 'triaged'`,
        [body.id],
      );
      triaged = Number(count);
      if (triaged > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [{ count }] = await database.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM referral_events WHERE referral_id = $1 AND type = 'triaged'`,
      [body.id],
    );
    expect(Number(count)).toBe(1);
    await jobs.close();
    connection.disconnect();
  });
});
