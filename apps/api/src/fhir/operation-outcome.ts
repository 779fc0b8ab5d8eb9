import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type * as R4 from 'fhir/r4';
import type { DomainErrorCode } from '@frontdoor/domain';
import { classifyError } from '../http/error-classification';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** The IssueType codes the FHIR doors answer with. */
export type IssueCode =
  | 'invalid'
  | 'required'
  | 'value'
  | 'conflict'
  | 'not-found'
  | 'exception'
  | 'not-supported'
  | 'forbidden'
  | 'login'
  | 'throttled';

/**
 * One problem with a request. `message` never repeats a value the client sent (it may be an
 * NHS number or a name); `expression` says where in the FHIR it is; `diagnostics` names the
 * contract field it would have filled, when there is one.
 */
export interface OutcomeIssue {
  code: IssueCode;
  message: string;
  expression?: string;
  diagnostics?: string;
}

export function outcomeIssue(
  code: IssueCode,
  message: string,
  expression?: string,
  diagnostics?: string,
): OutcomeIssue {
  return {
    code,
    message,
    ...(expression !== undefined && { expression }),
    ...(diagnostics !== undefined && { diagnostics }),
  };
}

export function operationOutcome(issues: readonly OutcomeIssue[]): R4.OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: issues.map((issue) => ({
      severity: 'error',
      code: issue.code,
      details: { text: issue.message },
      ...(issue.diagnostics !== undefined && { diagnostics: issue.diagnostics }),
      ...(issue.expression !== undefined && { expression: [issue.expression] }),
    })),
  };
}

/** 422 when everything wrong is something we do not support; 400 for anything else. */
export function statusForIssues(issues: readonly OutcomeIssue[]): number {
  return issues.length > 0 && issues.every((issue) => issue.code === 'not-supported')
    ? HttpStatus.UNPROCESSABLE_ENTITY
    : HttpStatus.BAD_REQUEST;
}

/** Thrown by the FHIR doors; the filter answers it as an OperationOutcome with `status`. */
export class OperationOutcomeException extends HttpException {
  constructor(
    status: number,
    readonly issues: OutcomeIssue[],
  ) {
    super({ message: issues.map((issue) => issue.message).join('; '), issues }, status);
  }
}

const DOMAIN_ISSUE_CODES: Record<DomainErrorCode, IssueCode> = {
  not_found: 'not-found',
  forbidden: 'forbidden',
  stale_version: 'conflict',
  idempotency_conflict: 'conflict',
  illegal_transition: 'invalid',
  invalid_submission: 'invalid',
};

function issueCodeFor(status: number, domainCode: DomainErrorCode | undefined): IssueCode {
  if (domainCode) return DOMAIN_ISSUE_CODES[domainCode];
  if (status === 401) return 'login';
  if (status === 403) return 'forbidden';
  if (status === 409) return 'conflict';
  if (status === 404) return 'not-found';
  if (status === 415) return 'not-supported';
  if (status === 429) return 'throttled';
  return status >= 500 ? 'exception' : 'invalid';
}

export interface Outcome {
  status: number;
  outcome: R4.OperationOutcome;
  /** Not a client mistake: log it. */
  unexpected: boolean;
}

/**
 * Anything thrown, as an OperationOutcome with the status the JSON API would give it (one
 * classification for both doors); field errors become one issue each.
 */
export function outcomeOf(exception: unknown): Outcome {
  if (exception instanceof OperationOutcomeException) {
    return {
      status: exception.getStatus(),
      outcome: operationOutcome(exception.issues),
      unexpected: false,
    };
  }
  const { status, message, details, domainCode, unexpected } = classifyError(exception);
  const code = issueCodeFor(status, domainCode);
  const issues = details?.length
    ? details.map((detail) =>
        outcomeIssue(code, `${detail.field} ${detail.message}`, undefined, detail.field),
      )
    : [outcomeIssue(code, message)];
  return { status, outcome: operationOutcome(issues), unexpected };
}

/** Sends `exception` as an OperationOutcome (application/fhir+json). */
export function replyWithOutcome(
  exception: unknown,
  requestId: string | undefined,
  reply: FastifyReply,
  logger: Logger,
): void {
  const { status, outcome, unexpected } = outcomeOf(exception);
  if (unexpected) logger.error({ err: exception, requestId }, 'unhandled error');
  void reply.status(status).header('content-type', FHIR_JSON).send(outcome);
}

/** Applied to the FHIR controller: every error it throws becomes an OperationOutcome. */
@Catch()
export class OperationOutcomeFilter implements ExceptionFilter {
  private readonly logger = new Logger('FhirErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<{ id?: string }>();
    replyWithOutcome(exception, request.id, http.getResponse<FastifyReply>(), this.logger);
  }
}
