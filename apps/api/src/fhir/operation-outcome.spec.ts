import { BadRequestException, HttpException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@frontdoor/domain';
import {
  operationOutcome,
  OperationOutcomeException,
  outcomeIssue,
  outcomeOf,
  statusForIssues,
} from './operation-outcome';

describe('operationOutcome', () => {
  it('builds error issues with details, diagnostics and expression', () => {
    expect(
      operationOutcome([
        outcomeIssue('value', 'bad', 'Patient.birthDate', 'patient.dateOfBirth'),
        outcomeIssue('exception', 'oops'),
      ]),
    ).toEqual({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'value',
          details: { text: 'bad' },
          diagnostics: 'patient.dateOfBirth',
          expression: ['Patient.birthDate'],
        },
        { severity: 'error', code: 'exception', details: { text: 'oops' } },
      ],
    });
  });

  it('answers 422 only when every issue is something not supported', () => {
    expect(statusForIssues([outcomeIssue('not-supported', 'x')])).toBe(422);
    expect(statusForIssues([outcomeIssue('not-supported', 'x'), outcomeIssue('value', 'y')])).toBe(
      400,
    );
    expect(statusForIssues([outcomeIssue('required', 'x')])).toBe(400);
  });
});

describe('outcomeOf', () => {
  const texts = (exception: unknown) =>
    outcomeOf(exception).outcome.issue.map((issue) => issue.details?.text);

  it('keeps the status and issues of an OperationOutcomeException', () => {
    const issues = [outcomeIssue('required', 'consent is required', 'Consent', 'consent')];
    expect(outcomeOf(new OperationOutcomeException(400, issues))).toEqual({
      status: 400,
      outcome: operationOutcome(issues),
      unexpected: false,
    });
  });

  it('maps domain errors through the one status table', () => {
    const conflict = outcomeOf(new DomainError('idempotency_conflict', 'Key reused'));
    expect(conflict.status).toBe(409);
    expect(conflict.outcome.issue[0]).toMatchObject({
      code: 'conflict',
      details: { text: 'Key reused' },
    });
    expect(outcomeOf(new DomainError('not_found', 'No such referral')).outcome.issue[0].code).toBe(
      'not-found',
    );
  });

  it('turns the details of our HttpExceptions into issues', () => {
    const error = new BadRequestException({
      message: 'The request has invalid fields',
      details: [{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }],
    });
    expect(outcomeOf(error)).toMatchObject({
      status: 400,
      outcome: {
        issue: [
          {
            code: 'invalid',
            diagnostics: 'Idempotency-Key',
            details: { text: 'Idempotency-Key must be 1 to 200 visible ASCII characters' },
          },
        ],
      },
    });
    expect(outcomeOf(new NotFoundException('Nothing here')).outcome.issue[0]).toMatchObject({
      code: 'not-found',
      details: { text: 'Nothing here' },
    });
  });

  it('answers Fastify body errors with fixed messages that never echo the body', () => {
    const syntax = Object.assign(new SyntaxError('Unexpected token in "9990000018, Ada"'), {
      statusCode: 400,
    });
    expect(outcomeOf(syntax).status).toBe(400);
    expect(texts(syntax)).toEqual(['The request body is not valid JSON']);

    const media = Object.assign(new Error('Unsupported Media Type: application/xml'), {
      statusCode: 415,
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    });
    expect(outcomeOf(media)).toMatchObject({
      status: 415,
      outcome: { issue: [{ code: 'not-supported' }] },
    });
    const large = Object.assign(new Error('too big'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(texts(large)).toEqual(['The request body is too large']);
  });

  it('answers a rate limit as a throttled issue', () => {
    expect(outcomeOf(new HttpException('Too many requests', 429))).toMatchObject({
      status: 429,
      outcome: { issue: [{ code: 'throttled', details: { text: 'Too many requests' } }] },
      unexpected: false,
    });
  });

  it('answers anything else as a 500 that says nothing, to be logged', () => {
    const failure = outcomeOf(new Error('connect ECONNREFUSED 10.0.0.1:5432 patient 9990000018'));
    expect(failure).toMatchObject({
      status: 500,
      unexpected: true,
      outcome: { issue: [{ code: 'exception' }] },
    });
    expect(JSON.stringify(failure.outcome)).not.toMatch(/ECONNREFUSED|9990000018/);
  });
});
