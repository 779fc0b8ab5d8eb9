import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Redis from 'ioredis';
import type { Config } from '@frontdoor/config';
import { isWebAppRoute } from './web-app';

const SYSTEM = 'system:';

const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

/**
 * Who a request is counted against: its bearer token, else its system API key, else its client
 * IP. Secrets are stored only as hashes. System keys are marked, for their higher allowance.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const { authorization } = request.headers;
  if (authorization) return `auth:${sha256(authorization)}`;
  const apiKey = request.headers['x-api-key'];
  if (apiKey) return `${SYSTEM}${sha256(String(apiKey))}`;
  return `ip:${request.ip}`;
}

/**
 * A connection of its own that fails at once, never queues and never waits long: while Redis is
 * down or slow every request is let through (skipOnError) rather than held or refused.
 */
function limiterRedis(config: Config): Redis {
  const redis = new Redis(config.REDIS_URL, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 250,
    connectTimeout: 1_000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    connectionName: 'front-door-rate-limit',
  });
  // The readiness check reports an outage; a skipped count needs no log line of its own.
  redis.on('error', () => undefined);
  return redis;
}

/**
 * Per-credential limits over a one-minute window, counted in Redis under the configured prefix
 * so every replica shares them. Runs as an onRequest hook, before the body is read and before
 * authentication, so refused and unknown requests count too; /health/* and the web app's own
 * pages and files are never limited (a ward behind one address loads them often).
 */
export async function registerRateLimit(fastify: FastifyInstance, config: Config): Promise<void> {
  const redis = limiterRedis(config);
  fastify.addHook('onClose', (_instance, done) => {
    redis.disconnect();
    done();
  });
  await fastify.register(rateLimit, {
    global: false,
    redis,
    nameSpace: `${config.REDIS_PREFIX}:ratelimit:`,
    skipOnError: true,
    timeWindow: 60_000,
    keyGenerator: rateLimitKey,
    max: (_request, key) =>
      key.startsWith(SYSTEM) ? config.RATE_LIMIT_SYSTEM_PER_MINUTE : config.RATE_LIMIT_PER_MINUTE,
    allowList: (request) =>
      (request.routeOptions.url?.startsWith('/health/') ?? false) ||
      isWebAppRoute(request.routeOptions.url),
    enableDraftSpec: true,
    errorResponseBuilder: (_request, context) =>
      new HttpException(
        `Too many requests; try again in ${context.after}`,
        HttpStatus.TOO_MANY_REQUESTS,
      ),
  });
  fastify.addHook('onRequest', fastify.rateLimit());
}
