import { randomBytes } from 'node:crypto';
import { clocks } from '@frontdoor/persistence';
import { withDataSource } from '../scripts/database';
import { locateRedis } from '../scripts/services';
import { figure, percentile, round, type Figure } from './report';
import type { FigureSource } from './run';
import { startWorkerProcess } from './worker-process';

/** Clocks held pending (due in an hour or two) while others fire; BENCH_CLOCKS overrides. */
const PENDING = Number(process.env.BENCH_CLOCKS ?? 20_000);
/** Clocks that fall due during the measurement, spread over SPREAD_MS after LEAD_MS. */
const PROBES = 500;
const LEAD_MS = 5_000;
const SPREAD_MS = 10_000;
const ONE_SECOND = { name: 'one-second budget', value: 1000 };

/**
 * How many pending clocks the worker holds while firing each alert within a second of its due
 * time: PENDING clocks (2 delayed jobs each) wait for later while PROBES clocks fall due over
 * ten seconds; lateness is alerted_at (Postgres time) minus the due time. Run after the queue
 * figures, whose open referrals carry the clocks.
 */
export const clockFigures: FigureSource = async ({ databaseUrl, defer, log }) => {
  const redis = await locateRedis({ name: 'bench-redis-clocks', port: 63793 });
  defer('redis (clocks)', () => redis.stop());
  const worker = startWorkerProcess({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
  });
  defer('worker process', () => worker.stop());

  log(`clocks: ${PENDING} pending clocks (due in an hour or two), relayed to delayed jobs`);
  await startClocks(databaseUrl, PENDING, (i) => 3_600_000 + i * 100);
  await drainOutbox(databaseUrl);
  log(`clocks: ${PROBES} clocks falling due over ${SPREAD_MS / 1000} s`);
  const ids = await startClocks(
    databaseUrl,
    PROBES,
    (i) => LEAD_MS + Math.floor((i * SPREAD_MS) / PROBES),
  );
  await new Promise((resolve) => setTimeout(resolve, LEAD_MS + SPREAD_MS + 3_000));

  const lateness = await withDataSource(databaseUrl, (dataSource) =>
    clocks.alertLateness(dataSource.manager, ids),
  );
  const late = Float64Array.from(lateness.map((alert) => Math.max(0, alert.lateByMs))).sort();
  const onTime = late.filter((ms) => ms <= 1000).length;
  log(`clocks: ${late.length} of ${2 * ids.length} alerts fired, ${onTime} within a second`);
  const held = `${PENDING} clocks pending`;
  return [
    figure(`clock alerts fired within 1 s of due (${held})`, onTime, 'alerts', {
      name: 'alerts due',
      value: 2 * ids.length,
    }),
    figure(`clock alert lateness p50 (${held})`, round(percentile(late, 50), 1), 'ms', ONE_SECOND),
    figure(`clock alert lateness p99 (${held})`, round(percentile(late, 99), 1), 'ms', ONE_SECOND),
  ] satisfies Figure[];
};

/** Starts `count` 2-hour clocks on referrals without one, due `dueIn(i)` ms from now. */
async function startClocks(
  databaseUrl: string,
  count: number,
  dueIn: (i: number) => number,
): Promise<string[]> {
  return withDataSource(databaseUrl, (dataSource) =>
    dataSource.transaction(async (db) => {
      const referrals = await db.query<{ id: string }[]>(
        `SELECT r.id FROM referrals r
         WHERE NOT EXISTS (SELECT 1 FROM response_clocks c WHERE c.referral_id = r.id)
         LIMIT $1`,
        [count],
      );
      if (referrals.length < count)
        throw new Error(`only ${referrals.length} referrals for clocks`);
      const start = Date.now();
      return clocks.startMany(
        db,
        referrals.map((referral, i) => ({
          referralId: referral.id,
          urgency: '2_hour' as const,
          startedAt: new Date(start),
          dueAt: new Date(start + dueIn(i)),
        })),
      );
    }),
  );
}

/** Waits until the worker's relay has turned every outbox row into a job. */
async function drainOutbox(databaseUrl: string): Promise<void> {
  const deadline = Date.now() + 300_000;
  await withDataSource(databaseUrl, async (dataSource) => {
    while (Date.now() < deadline) {
      const [{ count }] = await dataSource.query<{ count: string }[]>(
        'SELECT count(*) FROM outbox WHERE relayed_at IS NULL',
      );
      if (count === '0') return;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the outbox did not drain within five minutes');
  });
}
