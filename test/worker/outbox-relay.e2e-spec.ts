import Redis from 'ioredis';
import { JobQueue, QUEUE } from '@frontdoor/queues';
import { OutboxRelayHandler } from '../../apps/worker/src/outbox/outbox-relay.handler';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTestRedis, type TestRedis } from '../support/redis';
import { TcpProxy } from '../support/tcp-proxy';

describe('the outbox relay', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let proxy: TcpProxy;
  let connection: Redis;
  let jobs: JobQueue;
  let relay: OutboxRelayHandler;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    proxy = TcpProxy.for(redis.url);
    await proxy.start();
    connection = new Redis(proxy.wrap(redis.url), {
      maxRetriesPerRequest: null,
      retryStrategy: () => 100,
    });
    connection.on('error', () => undefined);
    jobs = new JobQueue(connection, redis.prefix);
    relay = new OutboxRelayHandler(database.dataSource, jobs);
  });

  afterAll(async () => {
    await jobs.close();
    connection.disconnect();
    await proxy.stop();
    await redis.cleanup();
    await database.drop();
  });

  beforeEach(async () => {
    await database.dataSource.query('DELETE FROM outbox');
    await jobs.queue(QUEUE.outbox).obliterate({ force: true });
  });

  async function insertRows(count: number, jobName = 'outbox.relay'): Promise<string[]> {
    const rows = await database.dataSource.query<{ id: string }[]>(
      `INSERT INTO outbox (job_name, payload)
       SELECT $1, '{"trigger":"outbox"}'::jsonb FROM generate_series(1, $2) RETURNING id`,
      [jobName, count],
    );
    return rows.map((row) => row.id);
  }

  async function queuedIds(): Promise<string[]> {
    const queued = await jobs.queue(QUEUE.outbox).getJobs(['waiting', 'delayed', 'active']);
    return queued.map((job) => job.id ?? '').sort();
  }

  async function pending(): Promise<number> {
    const [{ count }] = await database.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM outbox WHERE relayed_at IS NULL',
    );
    return Number(count);
  }

  it('enqueues each committed row as a job whose id is the row id, and marks it relayed', async () => {
    const ids = await insertRows(3);
    await relay.handle();
    expect(await queuedIds()).toEqual([...ids].sort());
    expect(await pending()).toBe(0);
  });

  it('enqueues a row once even when it is relayed again after a crash before commit', async () => {
    const ids = await insertRows(2);
    await relay.handle();
    // As if the relay died between enqueueing and committing: the rows look unrelayed again.
    await database.dataSource.query('UPDATE outbox SET relayed_at = NULL');
    await relay.handle();
    expect(await queuedIds()).toEqual([...ids].sort());
  });

  it('lets relays run side by side without taking the same row twice', async () => {
    const ids = await insertRows(450);
    const second = new OutboxRelayHandler(database.dataSource, jobs);
    const claimed = await Promise.all([
      relay.relayBatch(),
      second.relayBatch(),
      relay.relayBatch(),
    ]);
    expect(claimed.reduce((sum, n) => sum + n, 0)).toBe(450);
    expect(Math.max(...claimed)).toBeLessThanOrEqual(200);
    expect(await queuedIds()).toEqual([...ids].sort());
    expect(await pending()).toBe(0);
  });

  it('keeps rows while Redis is down and drains the backlog when it returns', async () => {
    await proxy.stop();
    const ids = await insertRows(5);
    await expect(relay.handle()).rejects.toThrow(/Redis did not accept the jobs/);
    expect(await pending()).toBe(5);

    await proxy.start();
    await relay.handle();
    expect(await pending()).toBe(0);
    expect(await queuedIds()).toEqual([...ids].sort());
  }, 30_000);

  it('sets aside a row naming a job nobody declared, without blocking the others', async () => {
    const [unknown] = await insertRows(1, 'no.such.job');
    const known = await insertRows(1);
    await relay.handle();
    expect(await queuedIds()).toEqual(known);
    const [row] = await database.dataSource.query<{ attempts: number; last_error: string }[]>(
      'SELECT attempts, last_error FROM outbox WHERE id = $1',
      [unknown],
    );
    expect(row).toEqual({ attempts: 1, last_error: 'unknown job name' });
  });
});
