import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { assertUnreachable, DomainError, type DomainErrorCode } from '@frontdoor/domain';

/** The one error shape every client sees (see the API contract, "Errors"). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  [extra: string]: unknown;
}

/** Messages we trust to say nothing about the request body (Fastify's own 4xx codes). */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body',
};

/**
 * Turns anything thrown into the contract's error body. Client mistakes keep their 4xx;
 * anything else is a 500 that says nothing about the request and is logged with its request id.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest & { id?: string }>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500 && !(exception instanceof HttpException)) {
      this.logger.error({ err: exception, requestId: request.id }, 'unhandled error');
    }
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      const statusCode = httpStatusOf(exception.code);
      return {
        ...exception.details,
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: exception.message,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse();
      const { message, ...rest } =
        typeof response === 'string'
          ? { message: response }
          : (response as Record<string, unknown>);
      return {
        ...rest,
        statusCode,
        error: STATUS_CODES[statusCode] ?? 'Error',
        message: Array.isArray(message)
          ? message.join('; ')
          : typeof message === 'string'
            ? message
            : exception.message,
      };
    }
    const fastify = exception as { statusCode?: number; code?: string };
    if (
      typeof fastify.statusCode === 'number' &&
      fastify.statusCode >= 400 &&
      fastify.statusCode < 500
    ) {
      return {
        statusCode: fastify.statusCode,
        error: STATUS_CODES[fastify.statusCode] ?? 'Error',
        message: FASTIFY_MESSAGES[fastify.code ?? ''] ?? 'The request could not be read',
      };
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side; it has been logged',
    };
  }
}

/** The one place a domain error code becomes an HTTP status. */
export function httpStatusOf(code: DomainErrorCode): number {
  switch (code) {
    case 'not_found':
      return HttpStatus.NOT_FOUND;
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
