import { Logger, Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ReferralsModule } from '../referrals/referrals.module';
import { FHIR_ROUTE_PREFIX, FhirController } from './fhir.controller';
import { replyWithOutcome } from './operation-outcome';

/**
 * FHIR R4 doors: POST /fhir/r4/ServiceRequest and POST /fhir/r4/$process-message.
 *
 * Errors raised before the controller runs (invalid JSON, an unsupported content type, a body
 * too large) never reach its exception filter: Fastify hands them to the app-wide JSON error
 * shape. So, as Nest registers the FHIR routes, each gets its own Fastify error handler that
 * answers an OperationOutcome instead. Nothing outside /fhir/r4/ is touched.
 */
@Module({
  imports: [ReferralsModule],
  controllers: [FhirController],
})
export class FhirModule {
  private readonly logger = new Logger('FhirErrors');

  constructor(adapterHost: HttpAdapterHost) {
    // Runs while the app is being created, before Nest registers routes (at init).
    const fastify = adapterHost.httpAdapter?.getInstance<FastifyInstance | undefined>();
    if (typeof fastify?.addHook !== 'function') return;
    fastify.addHook('onRoute', (route) => {
      // `includes`, not `startsWith`: the same routes under a global prefix, if one is set.
      if (!route.url.includes(FHIR_ROUTE_PREFIX) || route.errorHandler) return;
      route.errorHandler = (error, request, reply) =>
        replyWithOutcome(error, request.id, reply, this.logger);
    });
  }
}
