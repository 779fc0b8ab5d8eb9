import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { classifyError, type ClassifiedError } from './error-classification';

/** The one error shape every client of the JSON API sees (see the API contract, "Errors"). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: unknown;
  [extra: string]: unknown;
}

/** The contract's error body for a classified error. */
export function errorBody({ status, message, details, extra }: ClassifiedError): ErrorBody {
  return {
    ...extra,
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
    ...(details && { details }),
  };
}

/**
 * Turns anything thrown into the contract's error body. Client mistakes keep their 4xx; a
 * dependency that does not answer is a 503; anything else is a 500 that says nothing about the
 * request and is logged with its request id.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const classified = classifyError(exception);
    if (classified.unexpected) {
      this.logger.error({ err: exception, requestId: request.id }, 'request failed');
    }
    void http.getResponse<FastifyReply>().status(classified.status).send(errorBody(classified));
  }
}
