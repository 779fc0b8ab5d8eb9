import { randomBytes } from 'node:crypto';
import { exampleSubmission } from '@frontdoor/domain';
import { seedReferenceData } from '@frontdoor/persistence';
import { withDataSource } from '../scripts/database';
import { locateRedis } from '../scripts/services';
import { startApiProcess } from './api-process';
import { baselineOf } from './baselines';
import { measureHttp } from './http-load';
import { testNhsNumber } from './referral-row';
import { figure } from './report';
import type { FigureSource } from './run';
import { clockFigures } from './clock-figures';
import { liveFigures } from './live-figures';
import { queueFigures } from './queue-figures';
import { triageFigures } from './triage-figures';

/** The contract's example submission, each time for a different synthetic patient. */
function submissions(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const submission = exampleSubmission();
    submission.patient.nhsNumber = testNhsNumber(i);
    return JSON.stringify(submission);
  });
}

/**
 * The compiled api in its own process: GET /health/live against the bare Fastify route (what
 * NestJS, logging and pipes cost), and intake (verify the token, validate, then referral + event
 * + outbox + audit row in one transaction) against the raw pg transaction doing the same inserts.
 */
const apiFigures: FigureSource = async ({ databaseUrl, baselines, settings, defer, log }) => {
  await withDataSource(databaseUrl, (dataSource) => seedReferenceData(dataSource));
  const redis = await locateRedis({ name: 'bench-redis', port: 63791 });
  defer('redis', () => redis.stop());
  const api = await startApiProcess({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `bench-${randomBytes(4).toString('hex')}`,
  });
  defer('api process', () => api.stop());
  log('measuring the api: GET /health/live');
  const live = await measureHttp(`${api.url}/health/live`, {
    connections: settings.connections,
    seconds: settings.seconds,
  });
  log('measuring intake: POST /api/v1/referrals');
  const intake = await measureHttp(`${api.url}/api/v1/referrals`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(await api.signIn({ sub: 'bench-care-home', roles: ['referrer'], orgCode: 'VNA12' })),
    },
    bodies: submissions(20_000),
    connections: settings.pgConcurrency,
    seconds: settings.seconds,
  });
  return [
    figure(
      'api GET /health/live (NestJS on Fastify)',
      live.requestsPerSecond,
      'requests/s',
      baselineOf(baselines, 'bareHttp', 'requestsPerSecond'),
    ),
    figure(
      `intake POST /api/v1/referrals (p50 ${intake.p50Ms} ms, p99 ${intake.p99Ms} ms)`,
      intake.requestsPerSecond,
      'referrals/s',
      baselineOf(baselines, 'pgTransaction', 'transactionsPerSecond'),
    ),
  ];
};

/** The application figures, each a ratio to a baseline measured in the same run. */
export const FIGURES: FigureSource[] = [
  apiFigures,
  queueFigures,
  clockFigures,
  liveFigures,
  triageFigures,
];
