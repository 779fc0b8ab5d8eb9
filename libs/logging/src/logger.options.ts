import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { LoggerOptions } from 'pino';
import { REDACTED_PATHS, REDACTION_CENSOR } from './redaction';

export const REQUEST_ID_HEADER = 'x-request-id';
const USABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's X-Request-ID when it is sane, else a new one. Used as the HTTP request id. */
export function requestId(req: { headers: IncomingHttpHeaders }): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && USABLE_REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * Errors are logged by type, code, message and stack only: database errors carry a `detail`
 * ("Failing row contains ...") that would put patient data in the log.
 */
export function errorSerializer(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  return {
    type: error.name,
    code: (error as { code?: unknown }).code,
    message: error.message,
    stack: error.stack,
  };
}

/** The pino options both apps share: JSON lines, ISO times, identifiers redacted. */
export function baseLoggerOptions(service: string, level: string): LoggerOptions {
  return {
    level,
    base: { service },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: { paths: [...REDACTED_PATHS], censor: REDACTION_CENSOR },
    formatters: { level: (label) => ({ level: label }) },
    serializers: { err: errorSerializer },
  };
}

/**
 * nestjs-pino settings for an HTTP app: one log line per request, with the request id
 * Fastify assigned (see `requestId`).
 */
export function httpLoggerParams(service: string, level: string): Params {
  return {
    pinoHttp: {
      ...baseLoggerOptions(service, level),
      // The query string may one day carry a search term; log the path only.
      serializers: {
        err: errorSerializer,
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, error) =>
        error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      autoLogging: {
        ignore: (req) =>
          (
            (req as IncomingMessage & { originalUrl?: string }).originalUrl ??
            req.url ??
            ''
          ).startsWith('/health/'),
      },
    },
  };
}
