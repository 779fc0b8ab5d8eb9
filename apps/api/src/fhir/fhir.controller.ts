import { Body, Controller, Headers, HttpStatus, Post, Req, Res, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type * as R4 from 'fhir/r4';
import { DomainError } from '@frontdoor/domain';
import type { ReferralEntity } from '@frontdoor/persistence';
import { Requires } from '../auth/access-rule';
import { CallerOf, type Caller } from '../auth/caller';
import { ReferralIntakeService } from '../referrals/referral-intake.service';
import { idempotencyKey } from '../http/idempotency-key';
import { readReferralMessage } from './message';
import {
  FHIR_JSON,
  OperationOutcomeException,
  OperationOutcomeFilter,
  outcomeIssue,
  statusForIssues,
} from './operation-outcome';
import { referralLocation, responseMessage, storedServiceRequest } from './responses';
import { containedContext, isResource, type Json, type ResourceContext } from './resources';
import { toReferralSubmission } from './service-request.mapper';

/** Route prefix of the FHIR doors; their own error handling keys off it (see FhirModule). */
export const FHIR_ROUTE_PREFIX = '/fhir/r4/';

const FHIR_MEDIA_TYPES = ['application/fhir+json', 'application/json'];

/**
 * FHIR R4 doors into the same intake as POST /api/v1/referrals: a lone ServiceRequest, or a
 * BaRS referral request message. Every error is an OperationOutcome (docs/fhir.md).
 */
@ApiTags('fhir')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('fhir/r4')
@Requires('referral.submit')
@UseFilters(OperationOutcomeFilter)
export class FhirController {
  constructor(private readonly intake: ReferralIntakeService) {}

  @Post('ServiceRequest')
  @ApiOperation({
    summary: 'Submit a referral as a FHIR R4 ServiceRequest with its Patient contained',
  })
  @ApiConsumes('application/fhir+json', 'application/json')
  @ApiProduces('application/fhir+json')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiBody({ schema: { type: 'object', description: 'A FHIR R4 ServiceRequest' } })
  @ApiResponse({ status: 201, description: 'Stored: the ServiceRequest with id and reference' })
  @ApiResponse({ status: 200, description: 'Idempotent replay: the ServiceRequest stored first' })
  @ApiResponse({ status: 400, description: 'OperationOutcome listing every problem' })
  @ApiResponse({ status: 409, description: 'Idempotency-Key reused with a different referral' })
  async createServiceRequest(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<R4.ServiceRequest> {
    requireFhirJson(contentType);
    const givenKey = idempotencyKey(key);
    if (!isResource(body, 'ServiceRequest')) {
      throw new OperationOutcomeException(HttpStatus.BAD_REQUEST, [
        outcomeIssue(
          'invalid',
          isResource(body, 'Bundle')
            ? 'The body must be a ServiceRequest resource: POST message Bundles to /fhir/r4/$process-message'
            : 'The body must be a ServiceRequest resource (resourceType ServiceRequest)',
        ),
      ]);
    }
    const { stored, referral, created } = await this.store(
      body,
      containedContext(body),
      givenKey,
      caller,
      false,
    );
    void reply
      .status(created ? HttpStatus.CREATED : HttpStatus.OK)
      .header('location', referralLocation(referral))
      .header('content-type', FHIR_JSON);
    return stored;
  }

  @Post('$process-message')
  @ApiOperation({
    summary: 'Submit a referral as a BaRS message Bundle (servicerequest-request)',
  })
  @ApiConsumes('application/fhir+json', 'application/json')
  @ApiProduces('application/fhir+json')
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Defaults to the Bundle.identifier (else MessageHeader.id) of the message',
  })
  @ApiBody({ schema: { type: 'object', description: 'A FHIR R4 Bundle of type message' } })
  @ApiResponse({ status: 201, description: 'Stored: a response message Bundle (code ok)' })
  @ApiResponse({ status: 200, description: 'A retry of a stored message: the same referral' })
  @ApiResponse({ status: 400, description: 'OperationOutcome listing every problem' })
  @ApiResponse({ status: 409, description: 'The message identifier was used for another referral' })
  @ApiResponse({ status: 422, description: 'An event or reason not supported here' })
  async processMessage(
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') key: string | undefined,
    @CallerOf() caller: Caller,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<R4.Bundle> {
    requireFhirJson(contentType);
    const givenKey = idempotencyKey(key);
    const read = readReferralMessage(body);
    if (!read.ok) throw new OperationOutcomeException(statusForIssues(read.issues), read.issues);
    const { message } = read;
    const { stored, referral, created } = await this.store(
      message.serviceRequest,
      message.context,
      givenKey ?? message.idempotencyKey,
      caller,
      givenKey === undefined,
    );
    void reply
      .status(created ? HttpStatus.CREATED : HttpStatus.OK)
      .header('location', referralLocation(referral))
      .header('content-type', FHIR_JSON);
    return responseMessage(
      message,
      stored,
      `${request.protocol}://${request.host}${FHIR_ROUTE_PREFIX}$process-message`,
    );
  }

  /** Maps, validates and stores; answers the stored ServiceRequest. */
  private async store(
    serviceRequest: Json,
    context: ResourceContext,
    key: string | undefined,
    caller: Caller,
    keyFromMessage: boolean,
  ): Promise<{ stored: R4.ServiceRequest; referral: ReferralEntity; created: boolean }> {
    const mapped = toReferralSubmission(serviceRequest, context.resolve, context.siblings);
    if (!mapped.ok) {
      throw new OperationOutcomeException(statusForIssues(mapped.issues), mapped.issues);
    }
    try {
      const { referral, created } = await this.intake.submit(mapped.submission, {
        channel: 'fhir',
        idempotencyKey: key,
        caller,
      });
      return { stored: storedServiceRequest(serviceRequest, referral), referral, created };
    } catch (error) {
      if (keyFromMessage && error instanceof DomainError && error.code === 'idempotency_conflict') {
        throw new OperationOutcomeException(HttpStatus.CONFLICT, [
          outcomeIssue(
            'conflict',
            'This message identifier (Bundle.identifier, else MessageHeader.id) was already used for a different referral; send a new message with a new identifier',
            'Bundle.identifier',
          ),
        ]);
      }
      throw error;
    }
  }
}

/** application/fhir+json or application/json; anything else (e.g. text/plain) is a 415. */
function requireFhirJson(contentType: string | undefined): void {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  if (!mediaType || !FHIR_MEDIA_TYPES.includes(mediaType)) {
    throw new OperationOutcomeException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, [
      outcomeIssue(
        'not-supported',
        'Unsupported content type: send application/fhir+json (or application/json)',
      ),
    ]);
  }
}
