import type { FastifyCorsOptions } from '@fastify/cors';
import { REQUEST_ID_HEADER } from '@frontdoor/logging';

/**
 * Cross-origin access for the listed origins only (exact match); with none listed, no CORS
 * headers are sent and preflights are not answered. Credentials travel in headers, not cookies.
 */
export function corsOptions(origins: readonly string[]): FastifyCorsOptions {
  return {
    origin: origins.length ? [...origins] : false,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'Authorization',
      'X-Api-Key',
      'Idempotency-Key',
      'Content-Type',
      REQUEST_ID_HEADER,
      'X-Break-Glass-Reason',
    ],
    exposedHeaders: [
      REQUEST_ID_HEADER,
      'Location',
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
    ],
    maxAge: 600,
  };
}
