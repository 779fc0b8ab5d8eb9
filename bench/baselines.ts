import { fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { extname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool, type PoolClient } from 'pg';
import { stopChild } from '../scripts/services';
import { measureHttp, type HttpMeasurement } from './http-load';
import { syntheticReferral } from './referral-row';
import { log, percentile, round, type BaselineRef } from './report';

/** Raw node-postgres doing what intake does: one referral, its first event and an outbox row. */
export interface PgTransactionBaseline {
  transactions: number;
  concurrency: number;
  transactionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

/** Bare Fastify 5 answering `GET /` with `{ ok: true }`, in its own process. */
export interface BareHttpBaseline {
  connections: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface Baselines {
  pgTransaction: PgTransactionBaseline;
  bareHttp: BareHttpBaseline;
}

type NumericField<T> = { [K in keyof T]: T[K] extends number ? K : never }[keyof T] & string;

/** Names one baseline number for `figure()`, e.g. baselineOf(b, 'bareHttp', 'requestsPerSecond'). */
export function baselineOf<K extends keyof Baselines>(
  baselines: Baselines,
  kind: K,
  field: NumericField<Baselines[K]>,
): BaselineRef {
  return { name: `${kind}.${field}`, value: baselines[kind][field] as number };
}

const INSERT_REFERRAL = `
  INSERT INTO referrals (reference, status, referrer_type, referrer_org_code, referrer, patient,
                         clinical, consent, nhs_number, channel, submitted_by)
  VALUES ($1, 'received', $2, $3, $4, $5, $6, $7, $8, 'api', 'bench-referrer')
  RETURNING id`;
const INSERT_EVENT = `
  INSERT INTO referral_events (referral_id, type, actor_id, actor_role, from_status, to_status, data)
  VALUES ($1, 'received', $2, 'referrer', NULL, 'received', $3)`;
const INSERT_OUTBOX = `INSERT INTO outbox (job_name, payload) VALUES ('triage.referral', $1)`;
const INSERT_AUDIT = `
  INSERT INTO audit_events (actor_id, actor_role, credential, permission, route, referral_id)
  VALUES ('bench-referrer', 'referrer', 'jwt', 'referral.submit', 'POST /api/v1/referrals', $1)`;

async function intakeTransaction(pool: Pool, i: number, referenceOffset: number): Promise<void> {
  const referral = syntheticReferral(i, referenceOffset);
  const client: PoolClient = await pool.connect();
  let failure: unknown;
  try {
    await client.query('BEGIN');
    const inserted = await client.query<{ id: string }>(INSERT_REFERRAL, [
      referral.reference,
      referral.referrerType,
      referral.referrerOrgCode,
      JSON.stringify(referral.referrer),
      JSON.stringify(referral.patient),
      JSON.stringify(referral.clinical),
      referral.consent,
      referral.nhsNumber,
    ]);
    const id = inserted.rows[0].id;
    await client.query(INSERT_EVENT, [
      id,
      'bench-referrer',
      JSON.stringify({ reference: referral.reference, channel: 'api' }),
    ]);
    await client.query(INSERT_OUTBOX, [JSON.stringify({ referralId: id, version: 1 })]);
    await client.query(INSERT_AUDIT, [id]);
    await client.query('COMMIT');
  } catch (error) {
    failure = error;
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    // A client whose transaction failed is thrown away rather than reused.
    client.release(failure instanceof Error ? failure : undefined);
  }
}

/** Runs transactions first..first+count-1 with `concurrency` at once; returns each latency (ms). */
async function runTransactions(
  pool: Pool,
  first: number,
  count: number,
  concurrency: number,
  referenceOffset: number,
): Promise<Float64Array> {
  const latencies = new Float64Array(count);
  let next = 0;
  const client = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) {
      const started = performance.now();
      await intakeTransaction(pool, first + index, referenceOffset);
      latencies[index] = performance.now() - started;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return latencies;
}

/**
 * The pgTransaction baseline on a migrated database: `concurrency` clients (pg.Pool of the same
 * size) each running BEGIN; INSERT referral RETURNING id; INSERT event; INSERT outbox; COMMIT.
 * A warm-up of a tenth of `transactions` (at least 100) is run first and not counted.
 */
export async function measurePgTransactions(
  databaseUrl: string,
  transactions: number,
  concurrency: number,
): Promise<PgTransactionBaseline> {
  const pool = new Pool({
    connectionString: databaseUrl,
    max: concurrency,
    application_name: 'front-door-bench',
  });
  // A checked-out client whose connection dies (e.g. the database is dropped on Ctrl-C) emits
  // 'error' outside any query; without a listener that would crash the run before cleanup.
  // The query in flight fails too, and that failure is the one reported.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  try {
    const warmup = Math.max(100, Math.round(transactions / 10));
    const referenceOffset = randomInt(0, 2 ** 40 - 1);
    log(`pgTransaction: warm-up of ${warmup} transactions`);
    await runTransactions(pool, 0, warmup, concurrency, referenceOffset);
    log(`pgTransaction: ${transactions} transactions, ${concurrency} at once`);
    const started = performance.now();
    const latencies = await runTransactions(
      pool,
      warmup,
      transactions,
      concurrency,
      referenceOffset,
    );
    const elapsedSeconds = (performance.now() - started) / 1000;
    latencies.sort();
    return {
      transactions,
      concurrency,
      transactionsPerSecond: round(transactions / elapsedSeconds, 1),
      p50Ms: round(percentile(latencies, 50), 2),
      p99Ms: round(percentile(latencies, 99), 2),
    };
  } finally {
    await pool.end();
  }
}

/** Starts bare-http-server in a child process; resolves with its URL and a way to stop it. */
async function startBareServer(): Promise<{ url: string; stop(): Promise<void> }> {
  // From source (ts-node) the sibling is .ts and needs ts-node in the child too.
  const fromSource = extname(__filename) === '.ts';
  const child = fork(join(__dirname, `bare-http-server${extname(__filename)}`), [], {
    execArgv: fromSource ? ['-r', 'ts-node/register/transpile-only'] : [],
    // The child's output goes to stderr: stdout carries only the report.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const stop = (): Promise<void> => stopChild(child, 5_000);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('bare HTTP server: no port in 10 s')),
        10_000,
      );
      child.once('message', (message: { port?: number }) => {
        clearTimeout(timer);
        if (typeof message.port === 'number') resolve(message.port);
        else reject(new Error('bare HTTP server: unexpected message'));
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bare HTTP server exited with code ${code}`));
      });
    });
    return { url: `http://127.0.0.1:${port}/`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The bareHttp baseline: autocannon against a bare Fastify app in another process. */
export async function measureBareHttp(
  connections: number,
  seconds: number,
): Promise<BareHttpBaseline> {
  const server = await startBareServer();
  try {
    log(`bareHttp: ${connections} connections for ${seconds} s on ${server.url}`);
    const measured: HttpMeasurement = await measureHttp(server.url, { connections, seconds });
    return {
      connections,
      seconds,
      requestsPerSecond: round(measured.requestsPerSecond, 1),
      p50Ms: measured.p50Ms,
      p99Ms: measured.p99Ms,
    };
  } finally {
    await server.stop();
  }
}
