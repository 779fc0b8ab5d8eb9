import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { exampleSubmission } from '@frontdoor/domain';
import { seedReferenceData } from '@frontdoor/persistence';
import {
  LIVE_NAMESPACE,
  LIVE_PATH,
  type LiveClientEvents,
  type LiveServerEvents,
} from '@frontdoor/realtime';
import { withDataSource } from '../scripts/database';
import { locateRedis } from '../scripts/services';
import { startApiProcess, type ApiProcess } from './api-process';
import { testNhsNumber } from './referral-row';
import { figure, percentile, round, type BaselineRef, type Figure } from './report';
import type { FigureSource } from './run';
import { startWorkerProcess } from './worker-process';
import { createBenchDatabase } from './database';

/** The load: 50 referrals a second, watched by 200 hub boards. */
const REFERRALS_PER_SECOND = Number(process.env.BENCH_LIVE_RATE ?? 50);
const BOARD_CLIENTS = Number(process.env.BENCH_LIVE_CLIENTS ?? 200);
/** How long each load runs, whatever BENCH_SECONDS says: enough arrivals for a p99. */
const MIN_SECONDS = 10;
/** After the last submission, how long its events may take before they count as lost. */
const DRAIN_MS = 30_000;

interface Latency {
  p50Ms: number;
  p99Ms: number;
  samples: number;
}

function latencyOf(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  return {
    p50Ms: round(percentile(sorted, 50), 2),
    p99Ms: round(percentile(sorted, 99), 2),
    samples: samples.length,
  };
}

/** Calls `send(i)` at a steady rate for `seconds`, not waiting for one before the next. */
async function atRate(
  perSecond: number,
  seconds: number,
  send: (i: number) => Promise<void>,
): Promise<void> {
  const started = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < perSecond * seconds; i += 1) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sent.push(send(i));
  }
  await Promise.all(sent);
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * The baseline: BullMQ's own add-to-completed latency for a trivial job, a Queue and a Worker
 * on the same Redis, at the same rate.
 */
async function bullmqLatency(redisUrl: string, seconds: number): Promise<Latency> {
  const prefix = `bench-${randomBytes(4).toString('hex')}`;
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue('bench-trivial', { connection, prefix });
  const worker = new Worker('bench-trivial', () => Promise.resolve(), { connection, prefix });
  const added = new Map<string, number>();
  const samples: number[] = [];
  worker.on('completed', (job) => {
    const at = added.get(job.id ?? '');
    if (at !== undefined) samples.push(performance.now() - at);
  });
  try {
    await worker.waitUntilReady();
    await atRate(REFERRALS_PER_SECOND, seconds, async (i) => {
      added.set(`job-${i}`, performance.now());
      await queue.add('trivial', { i }, { jobId: `job-${i}`, removeOnComplete: true });
    });
    await waitUntil(() => samples.length === added.size, DRAIN_MS);
    return latencyOf(samples);
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
  }
}

type BoardSocket = Socket<LiveServerEvents, LiveClientEvents>;

/**
 * The live part alone: from the triage's referral event (its `at`, the machine's clock) to
 * each board's arrival (Date.now(), same clock): outbox, the live job, emitter, adapter, socket.
 */
async function liveHop(
  databaseUrl: string,
  ids: string[],
  arrivals: [string, number][],
): Promise<Latency> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ referral_id: string; at: Date }>(
      `SELECT referral_id, at FROM referral_events WHERE type = 'triaged' AND referral_id = ANY($1)`,
      [ids],
    );
    const triagedAt = new Map(rows.map((row) => [row.referral_id, row.at.getTime()]));
    return latencyOf(
      arrivals.flatMap(([id, at]) =>
        triagedAt.has(id) ? [at - (triagedAt.get(id) as number)] : [],
      ),
    );
  } finally {
    await client.end();
  }
}

/** `count` board clients split across the apis, each subscribed to the hub. */
async function boardClients(
  apis: ApiProcess[],
  count: number,
  onTriaged: (board: number, id: string) => void,
): Promise<BoardSocket[]> {
  const token = (
    await apis[0].signIn({ sub: 'bench-board', roles: ['coordinator'], ttl: '1h' })
  ).authorization.replace(/^Bearer /, '');
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const socket: BoardSocket = io(`${apis[i % apis.length].url}${LIVE_NAMESPACE}`, {
        path: LIVE_PATH,
        auth: { token },
        transports: ['websocket'],
        reconnection: false,
      });
      socket.on('referral.changed', (change) => {
        if (change.status === 'triaged') onTriaged(i, change.id);
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const answer = await socket.emitWithAck('subscribe', { room: 'hub' });
      if (!answer.ok) throw new Error(`subscribe refused: ${answer.error}`);
      return socket;
    }),
  );
}

/**
 * POST /api/v1/referrals at 50 a second (round robin over the apis) to the `referral.changed`
 * event with status `triaged` at each of 200 hub boards: intake, outbox, triage, the live job,
 * the Redis emitter and adapter, socket.io. One sample per referral and board.
 */
async function liveLatency(
  env: Record<string, string>,
  apiCount: number,
  seconds: number,
  log: (message: string) => void,
): Promise<Latency & { lost: number; refused: number; hop: Latency }> {
  const processes: { stop(): Promise<void> }[] = [];
  const sockets: BoardSocket[] = [];
  try {
    const apis: ApiProcess[] = [];
    for (let i = 0; i < apiCount; i += 1) {
      const api = await startApiProcess(env);
      processes.push(api);
      apis.push(api);
    }
    processes.push(startWorkerProcess(env));
    const sentAt = new Map<string, number>();
    const arrivals = new Map<string, number[]>();
    // The first triaged event per board: a late job for the `received` event sends the
    // referral's state then, which may be triaged already.
    const heard = new Set<string>();
    const wallArrivals: [string, number][] = [];
    const onTriaged = (board: number, id: string) => {
      if (heard.has(`${board} ${id}`)) return;
      heard.add(`${board} ${id}`);
      const now = performance.now();
      const seen = arrivals.get(id);
      if (seen) seen.push(now);
      else arrivals.set(id, [now]);
      wallArrivals.push([id, Date.now()]);
    };
    sockets.push(...(await boardClients(apis, BOARD_CLIENTS, onTriaged)));
    log(`live: ${BOARD_CLIENTS} hub boards on ${apiCount} api process(es)`);
    const headers = {
      'content-type': 'application/json',
      ...(await apis[0].signIn({ sub: 'bench-care-home', roles: ['referrer'], orgCode: 'VNA12' })),
    };
    const submit = async (i: number, offset: number) => {
      const submission = exampleSubmission();
      submission.patient.nhsNumber = testNhsNumber(offset + i);
      const started = performance.now();
      const response = await fetch(`${apis[i % apis.length].url}/api/v1/referrals`, {
        method: 'POST',
        headers,
        body: JSON.stringify(submission),
      });
      const { id } = (await response.json()) as { id: string };
      return response.status === 201 ? { id, started } : undefined;
    };

    // Warm-up: the worker is up, and a triage reaches every board.
    const warm = await submit(0, 900_000 + apiCount * 10_000);
    if (!warm) throw new Error('live: the warm-up referral was refused');
    await waitUntil(() => (arrivals.get(warm.id)?.length ?? 0) === BOARD_CLIENTS, DRAIN_MS);
    const warmed = arrivals.get(warm.id)?.length ?? 0;
    if (warmed < BOARD_CLIENTS) {
      throw new Error(`live: the warm-up triage reached ${warmed} of ${BOARD_CLIENTS} boards`);
    }

    log(`live: ${REFERRALS_PER_SECOND} referrals/s for ${seconds} s`);
    let refused = 0;
    await atRate(REFERRALS_PER_SECOND, seconds, async (i) => {
      const accepted = await submit(i, apiCount * 100_000);
      if (accepted) sentAt.set(accepted.id, accepted.started);
      else refused += 1;
    });
    const expected = sentAt.size * BOARD_CLIENTS;
    const arrived = () =>
      [...sentAt.keys()].reduce((n, id) => n + (arrivals.get(id)?.length ?? 0), 0);
    await waitUntil(() => arrived() >= expected, DRAIN_MS);
    const samples = [...sentAt].flatMap(([id, started]) =>
      (arrivals.get(id) ?? []).map((at) => at - started),
    );
    const hop = await liveHop(env.DATABASE_URL, [...sentAt.keys()], wallArrivals);
    return { ...latencyOf(samples), lost: expected - samples.length, refused, hop };
  } finally {
    for (const socket of sockets) socket.disconnect();
    for (const process of processes.reverse()) await process.stop();
  }
}

/**
 * End-to-end live latency (submission to a triage on 200 boards) with one api process and
 * with two behind the Redis adapter, each as a ratio to BullMQ's own add-to-completed
 * latency in the same run.
 */
export const liveFigures: FigureSource = async ({ adminUrl, settings, defer, log }) => {
  // A database of its own: the other figures leave referrals, clocks falling due and outbox
  // rows whose work (alerts, live events) would queue ahead of this figure's.
  const database = await createBenchDatabase(adminUrl);
  defer(`database ${database.name}`, () => database.drop());
  const databaseUrl = database.url;
  await withDataSource(databaseUrl, (dataSource) => seedReferenceData(dataSource));
  const redis = await locateRedis({ name: 'bench-redis-live', port: 63793 });
  defer('redis', () => redis.stop());
  const seconds = Math.max(MIN_SECONDS, settings.seconds);

  log(`live: BullMQ add-to-completed baseline, ${REFERRALS_PER_SECOND} jobs/s for ${seconds} s`);
  const bullmq = await bullmqLatency(redis.url, seconds);
  const p50: BaselineRef = { name: 'BullMQ add→completed p50 ms (same run)', value: bullmq.p50Ms };
  const p99: BaselineRef = { name: 'BullMQ add→completed p99 ms (same run)', value: bullmq.p99Ms };

  const figures: Figure[] = [];
  for (const apiCount of [1, 2]) {
    const env = {
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
    };
    const measured = await liveLatency(env, apiCount, seconds, log);
    const setup = `${apiCount} api process${apiCount > 1 ? 'es' : ''}, ${BOARD_CLIENTS} hub boards, ${REFERRALS_PER_SECOND} referrals/s, ${measured.lost} of ${measured.samples + measured.lost} deliveries lost, ${measured.refused} submissions refused`;
    figures.push(
      figure(`live POST → triaged at a board p50 (${setup})`, measured.p50Ms, 'ms', p50),
      figure(`live POST → triaged at a board p99 (${setup})`, measured.p99Ms, 'ms', p99),
      figure(`live hop, triage committed → board p50 (${setup})`, measured.hop.p50Ms, 'ms', p50),
      figure(`live hop, triage committed → board p99 (${setup})`, measured.hop.p99Ms, 'ms', p99),
    );
  }
  return figures;
};
