import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, assertUnreachable, type DomainErrorCode } from '@frontdoor/domain';
import type { FieldError } from './validation';

/** Anything thrown, reduced to what a client may be told. Rendered as JSON or as FHIR. */
export interface ClassifiedError {
  status: number;
  /** Says nothing about the values sent: they may be an NHS number or a name. */
  message: string;
  details?: FieldError[];
  /** Further fields for the client, e.g. `status` and `allowedActions` on a 422. */
  extra: Record<string, unknown>;
  domainCode?: DomainErrorCode;
  /** Not the client's doing: log it with the request id. */
  unexpected: boolean;
}

/** Fastify's own 4xx codes and our JSON parser's (json-body.ts), repeating nothing sent. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE:
    'Unsupported content type: send application/json (or application/fhir+json)',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
  FST_ERR_BAD_URL: 'The URL is not valid: it has a malformed %-escape',
  FST_ERR_MAX_PARAM_LENGTH: 'A part of the URL is too long',
  FD_ERR_JSON_TOO_DEEP: 'The request body is nested too deeply',
  FD_ERR_JSON_PROTOTYPE_KEY:
    'The request body has a field named __proto__, constructor or prototype, which no request has',
  FD_ERR_JSON_LONE_SURROGATE:
    'The request body has text that is not valid Unicode (half of a surrogate pair)',
};

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

/**
 * True when Postgres or Redis did not answer (as opposed to refusing a query): the contract
 * answers that with 503, so clients and load balancers retry rather than give up.
 */
export function isDependencyDown(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 3; depth += 1) {
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      // SQLSTATE class 08 = connection exception; 57P0x = server shutting down or starting.
      if (CONNECTION_ERRORS.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code)) {
        return true;
      }
    }
    if (
      typeof message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect|Connection is closed/.test(
        message,
      )
    ) {
      return true;
    }
    current =
      (current as { driverError?: unknown; cause?: unknown }).driverError ??
      (current as { cause?: unknown }).cause;
  }
  return false;
}

/** Postgres refuses NUL and invalid text in json and text columns: the client's text, not ours. */
export function isUnstorableText(error: unknown): boolean {
  const driver = (error as { driverError?: { code?: unknown } }).driverError ?? error;
  const code = (driver as { code?: unknown }).code;
  return code === '22P05' || code === '22021';
}

export function classifyError(exception: unknown): ClassifiedError {
  if (exception instanceof DomainError) {
    return {
      status: httpStatusOf(exception.code),
      message: exception.message,
      extra: exception.details,
      domainCode: exception.code,
      unexpected: false,
    };
  }
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    const {
      message,
      details,
      statusCode: _statusCode,
      error: _error,
      ...extra
    } = typeof response === 'string'
      ? { message: response }
      : (response as Record<string, unknown>);
    return {
      status: exception.getStatus(),
      message: Array.isArray(message)
        ? message.map(String).join('; ')
        : typeof message === 'string'
          ? message
          : exception.message,
      ...(Array.isArray(details) && { details: details as FieldError[] }),
      extra,
      unexpected: exception.getStatus() >= 500 && exception.getStatus() !== 503,
    };
  }
  const fastify = exception as { statusCode?: unknown; code?: unknown };
  if (
    typeof fastify.statusCode === 'number' &&
    fastify.statusCode >= 400 &&
    fastify.statusCode < 500
  ) {
    const code = typeof fastify.code === 'string' ? fastify.code : '';
    return {
      status: fastify.statusCode,
      message:
        FASTIFY_MESSAGES[code] ??
        (exception instanceof SyntaxError
          ? FASTIFY_MESSAGES.FST_ERR_CTP_INVALID_JSON_BODY
          : 'The request could not be read'),
      extra: {},
      unexpected: false,
    };
  }
  if (isUnstorableText(exception)) {
    return {
      status: HttpStatus.BAD_REQUEST,
      message: 'The request has text that cannot be stored (control characters such as NUL)',
      extra: {},
      unexpected: false,
    };
  }
  if (isDependencyDown(exception)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      message: 'A service Front Door depends on is not answering; please try again shortly',
      extra: {},
      unexpected: true,
    };
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    message: 'Something went wrong on our side; it has been logged',
    extra: {},
    unexpected: true,
  };
}

/** The one place a domain error code becomes an HTTP status. */
export function httpStatusOf(code: DomainErrorCode): number {
  switch (code) {
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'forbidden':
      return HttpStatus.FORBIDDEN;
    case 'stale_version':
    case 'idempotency_conflict':
      return HttpStatus.CONFLICT;
    case 'illegal_transition':
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case 'invalid_submission':
      return HttpStatus.BAD_REQUEST;
    default:
      return assertUnreachable(code);
  }
}
