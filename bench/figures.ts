import { randomBytes } from 'node:crypto';
import { locateRedis } from '../scripts/services';
import { startApiProcess } from './api-process';
import { baselineOf } from './baselines';
import { measureHttp } from './http-load';
import { figure } from './report';
import type { FigureSource } from './run';
import { triageFigures } from './triage-figures';

/** The NestJS api on Fastify, with its logging and global pipes, against the bare Fastify route. */
const apiLiveness: FigureSource = async ({ databaseUrl, baselines, settings, defer, log }) => {
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
  return [
    figure(
      'api GET /health/live (NestJS on Fastify)',
      live.requestsPerSecond,
      'requests/s',
      baselineOf(baselines, 'bareHttp', 'requestsPerSecond'),
    ),
  ];
};

/** The application figures, each a ratio to a baseline measured in the same run. */
export const FIGURES: FigureSource[] = [apiLiveness, triageFigures];
