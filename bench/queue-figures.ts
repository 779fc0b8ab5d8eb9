import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { seedReferenceData } from '@frontdoor/persistence';
import { QUEUE_SQL, readQueueRows } from '../apps/api/src/queues/queue.sql';
import { withDataSource } from '../scripts/database';
import { locateRedis } from '../scripts/services';
import { startApiProcess } from './api-process';
import { measureHttp } from './http-load';
import { figure, percentile, round, type BaselineRef, type Figure } from './report';
import type { FigureSource } from './run';

/** Open referrals loaded for the queue reads (the issue: "with 100,000 open referrals"). */
export const OPEN_REFERRALS = 100_000;

/**
 * 100,000 open referrals in one INSERT … SELECT generate_series, spread round-robin over every
 * seeded team. Of each 20: 3 wait for the hub (received, triaged, awaiting information, none
 * confirmed), 3 are handed over but not accepted, 14 are being worked (accepted … in care).
 * Due times spread over the next and past two weeks; a clock on every triaged referral,
 * stopped for those in first contact or care. Synthetic patients only.
 */
export const LOAD_OPEN_REFERRALS = `
  WITH team_codes AS (SELECT array_agg(code ORDER BY code) AS codes FROM teams),
  rows AS (
    SELECT i,
           (ARRAY['received', 'triaged', 'awaiting_information', 'triaged', 'triaged',
                  'awaiting_information', 'accepted', 'accepted', 'accepted', 'accepted',
                  'assigned', 'assigned', 'assigned', 'assigned', 'first_contact',
                  'first_contact', 'first_contact', 'in_care', 'in_care', 'in_care'])[i % 20 + 1]
             AS status,
           i % 20 BETWEEN 3 AND 5 AS confirmed,
           (ARRAY['immediate', '2_hour', 'same_day', '48_hour', 'routine', 'routine', 'routine',
                  'routine', '48_hour', 'same_day'])[i % 10 + 1] AS urgency,
           codes[i % cardinality(codes) + 1] AS team_code,
           now() - make_interval(mins => i % 20160) AS received_at
    FROM generate_series(1, $1::int) AS i, team_codes
  )
  INSERT INTO referrals (reference, status, received_at, updated_at, referrer_type, referrer,
                         patient, clinical, consent, nhs_number, channel, date_of_birth,
                         pathway, urgency, team_code, response_due_at, clock_started_at,
                         clock_stopped_at, hub_confirmed_at, assignee, flags, submitted_by)
  SELECT format('FD-Q%s-%s', lpad((i / 10000)::text, 3, '0'), lpad((i % 10000)::text, 4, '0')),
         status, received_at, received_at, 'gp', '{"type": "gp"}',
         jsonb_build_object('givenName', (ARRAY['Ada', 'Grace', 'Alan', 'Mary'])[i % 4 + 1],
                            'familyName', (ARRAY['Lovelace', 'Hopper', 'Turing'])[i % 3 + 1],
                            'dateOfBirth', to_char(date '1930-01-01' + i % 25000, 'YYYY-MM-DD'),
                            'postcode', 'ME7 1AA'),
         '{"summary": "bench", "presentingNeeds": ["fall"]}', 'given', NULL, 'api',
         date '1930-01-01' + i % 25000,
         CASE WHEN status <> 'received' THEN 'ucr' END,
         CASE WHEN status <> 'received' THEN urgency END,
         CASE WHEN status <> 'received' THEN team_code END,
         CASE WHEN status <> 'received'
              THEN received_at + make_interval(mins => (i * 7919) % 40320) END,
         CASE WHEN status <> 'received' THEN received_at END,
         CASE WHEN status IN ('first_contact', 'in_care') THEN received_at + interval '1 hour' END,
         CASE WHEN confirmed OR status NOT IN ('received', 'triaged', 'awaiting_information')
              THEN received_at + interval '10 minutes' END,
         CASE WHEN status IN ('assigned', 'first_contact', 'in_care') THEN 'clinician-' || i % 40 END,
         CASE WHEN i % 97 = 0 THEN ARRAY['possible_duplicate'] ELSE '{}' END,
         'bench'
  FROM rows`;

/** The baseline: one referral by primary key, the whole row, as GET /referrals/:id reads it. */
const PRIMARY_KEY_READ = 'SELECT * FROM referrals WHERE id = $1';

/** What TypeORM sends around the service's two statements for transaction('REPEATABLE READ'). */
const SNAPSHOT_BEGIN = [
  'START TRANSACTION',
  'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ',
  'SET TRANSACTION READ ONLY',
];

interface Latency {
  p50Ms: number;
  p99Ms: number;
}

/** Runs `read` `count` times one after another (after a tenth as warm-up); p50/p99 in ms. */
async function latencies(count: number, read: (i: number) => Promise<unknown>): Promise<Latency> {
  for (let i = 0; i < Math.max(50, Math.round(count / 10)); i += 1) await read(i);
  const times = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    const started = performance.now();
    await read(i);
    times[i] = performance.now() - started;
  }
  times.sort();
  return { p50Ms: round(percentile(times, 50), 3), p99Ms: round(percentile(times, 99), 3) };
}

function baseline(name: string, value: number): BaselineRef {
  return { name, value };
}

/**
 * The team-queue read with 100,000 open referrals, against a primary-key read measured in the
 * same run on the same data: in SQL (the service's exact statements, one client, one at a
 * time) and through the api in its own process (GET /api/v1/queues/teams/:code against
 * GET /api/v1/referrals/:id). The plans go to stderr.
 */
export const queueFigures: FigureSource = async ({ databaseUrl, settings, defer, log }) => {
  await withDataSource(databaseUrl, (dataSource) => seedReferenceData(dataSource));
  const client = new Client({
    connectionString: databaseUrl,
    application_name: 'front-door-bench',
  });
  await client.connect();
  client.on('error', () => undefined);
  defer('queue bench client', () => client.end());

  log(`queues: loading ${OPEN_REFERRALS} open referrals`);
  const loadStarted = performance.now();
  await client.query(LOAD_OPEN_REFERRALS, [OPEN_REFERRALS]);
  await client.query('VACUUM ANALYZE referrals');
  log(`queues: loaded and analysed in ${Math.round(performance.now() - loadStarted)} ms`);

  const ids = (
    await client.query<{ id: string }>(
      `SELECT id FROM referrals WHERE reference LIKE 'FD-Q%' ORDER BY random() LIMIT 5000`,
    )
  ).rows.map((row) => row.id);
  const teams = (
    await client.query<{ team_code: string; n: string }>(
      `SELECT team_code, count(*) AS n FROM referrals
       WHERE reference LIKE 'FD-Q%' AND team_code IS NOT NULL
       GROUP BY team_code ORDER BY count(*) DESC, team_code`,
    )
  ).rows;
  const largest = teams[0].team_code;
  const limit = 200;

  for (const [name, sql, parameters] of [
    ['team queue (largest team)', QUEUE_SQL.team.items, [largest, limit]],
    ['team queue count', QUEUE_SQL.team.header, [largest]],
    ['hub queue', QUEUE_SQL.hub.items, [limit]],
    ['hub queue count', QUEUE_SQL.hub.header, []],
  ] as const) {
    const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [
      ...parameters,
    ]);
    log(`plan of the ${name}:\n${plan.rows.map((row) => row['QUERY PLAN']).join('\n')}`);
  }

  const reads = settings.pgTransactions;
  const queueReads = Math.max(200, Math.round(reads / 4));
  log(`queues: ${reads} primary-key reads, one at a time`);
  const pk = await latencies(reads, (i) => client.query(PRIMARY_KEY_READ, [ids[i % ids.length]]));
  log(`queues: ${queueReads} team-queue reads (items, limit ${limit}), one at a time`);
  const items = await latencies(queueReads, (i) =>
    client.query(QUEUE_SQL.team.items, [teams[i % teams.length].team_code, limit]),
  );
  log(`queues: ${queueReads} team-queue snapshots (transaction, header, items), one at a time`);
  const run = async (sql: string, parameters: unknown[]): Promise<unknown[]> =>
    (await client.query<Record<string, unknown>>(sql, parameters)).rows;
  const snapshot = await latencies(queueReads, async (i) => {
    for (const statement of SNAPSHOT_BEGIN) await client.query(statement);
    await readQueueRows(run, { kind: 'team', teamCode: teams[i % teams.length].team_code }, limit);
    await client.query('COMMIT');
  });

  const redis = await locateRedis({ name: 'bench-redis-queues', port: 63792 });
  defer('redis', () => redis.stop());
  const api = await startApiProcess({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
  });
  defer('api process (queues)', () => api.stop());
  const connections = 8;
  const headers = await api.signIn({ sub: 'bench-coordinator', roles: ['coordinator'] });
  log(`queues: GET /api/v1/referrals/:id, ${connections} connections`);
  const httpPk = await measureHttp(`${api.url}/api/v1/referrals/${ids[0]}`, {
    headers,
    connections,
    seconds: settings.seconds,
  });
  log(`queues: GET /api/v1/queues/teams/${largest}, ${connections} connections`);
  const httpQueue = await measureHttp(`${api.url}/api/v1/queues/teams/${largest}`, {
    headers,
    connections,
    seconds: settings.seconds,
  });

  const pkP50 = baseline('primary-key read p50 ms (same run, same data)', pk.p50Ms);
  const pkP99 = baseline('primary-key read p99 ms (same run, same data)', pk.p99Ms);
  const httpP50 = baseline('GET /api/v1/referrals/:id p50 ms (same run)', httpPk.p50Ms);
  const httpP99 = baseline('GET /api/v1/referrals/:id p99 ms (same run)', httpPk.p99Ms);
  const rate = baseline(
    'GET /api/v1/referrals/:id requests/s (same run)',
    httpPk.requestsPerSecond,
  );
  const rows = `${OPEN_REFERRALS / 1000}k open referrals, ${limit} rows`;
  return [
    figure(`team-queue read SQL p50 (${rows})`, items.p50Ms, 'ms', pkP50),
    figure(`team-queue read SQL p99 (${rows})`, items.p99Ms, 'ms', pkP99),
    figure(`team-queue snapshot transaction p50 (${rows})`, snapshot.p50Ms, 'ms', pkP50),
    figure(`team-queue snapshot transaction p99 (${rows})`, snapshot.p99Ms, 'ms', pkP99),
    figure(`api GET /api/v1/queues/teams/:code p50 (${rows})`, httpQueue.p50Ms, 'ms', httpP50),
    figure(`api GET /api/v1/queues/teams/:code p99 (${rows})`, httpQueue.p99Ms, 'ms', httpP99),
    figure(
      `api GET /api/v1/queues/teams/:code (${rows}, ${connections} connections)`,
      httpQueue.requestsPerSecond,
      'requests/s',
      rate,
    ),
  ] satisfies Figure[];
};
