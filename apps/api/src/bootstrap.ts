import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Logger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import type { Config } from '@frontdoor/config';
import { REQUEST_ID_HEADER, requestId } from '@frontdoor/logging';
import { migrate } from '@frontdoor/persistence';
import { ApiModule } from './api.module';
import { corsOptions } from './http/cors';
import { classifyError } from './http/error-classification';
import { ErrorFilter, errorBody } from './http/error.filter';
import { jsonBodyParser } from './http/json-body';
import { LiveIoAdapter } from './live/live-io.adapter';
import { registerRateLimit } from './http/rate-limit';
import { SECURITY_HEADERS } from './http/security-headers';
import { strictValidationPipe } from './http/validation';
import { DEFAULT_WEB_ROOT, registerWebApp } from './http/web-app';

export interface ApiOptions {
  /** The built web app to serve at `/` (default dist/web; nothing is served without a build). */
  webRoot?: string;
}

/**
 * Builds the api: Fastify, security headers, CORS, rate limits, strict validation, the
 * contract's error shape, the socket.io live feed, OpenAPI at /api/docs, the web app at /,
 * and pending migrations applied (under a lock) before it takes traffic.
 * Used by main.ts and by the e2e tests, so both run the same app.
 */
export async function createApi(
  config: Config,
  options: ApiOptions = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config),
    new FastifyAdapter({
      bodyLimit: config.BODY_LIMIT_BYTES,
      genReqId: requestId,
      requestIdHeader: false,
      // A malformed %-escape or an overlong path segment, refused before any route: in the
      // contract's shape, without Fastify's own answer, which repeats the path.
      frameworkErrors: (error: Error, _request: unknown, reply: unknown) => {
        const classified = classifyError(error);
        void (reply as FastifyReply).status(classified.status).send(errorBody(classified));
      },
    }),
    // Nest's own body parsers are off: they would read form bodies too, and this api takes JSON.
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  app.useWebSocketAdapter(new LiveIoAdapter(app, config));
  // Typed against our fastify: @nestjs/platform-fastify pins a copy of its own.
  const fastify = app.get(HttpAdapterHost).httpAdapter.getInstance<FastifyInstance>();
  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  // In this order: a 429 still carries the security and CORS headers.
  await fastify.register(helmet, SECURITY_HEADERS);
  await fastify.register(cors, corsOptions(config.CORS_ORIGINS));
  await registerRateLimit(fastify, config);
  // JSON only, checked for depth, prototype keys and lone surrogates; FHIR clients send
  // application/fhir+json, parsed the same way. Any other content type is a 415.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    ['application/json', 'application/fhir+json'],
    { parseAs: 'string' },
    jsonBodyParser(fastify.getDefaultJsonParser('error', 'error')),
  );
  app.useGlobalPipes(strictValidationPipe());
  app.useGlobalFilters(new ErrorFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Front Door')
      .setDescription('No Wrong Door single point of access for NHS neighbourhood health services.')
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  const web = await registerWebApp(fastify, options.webRoot ?? DEFAULT_WEB_ROOT);
  if (!web) app.get(Logger).warn('No web app build found: run `npm run build` to serve it at /');

  if (config.DB_MIGRATE_ON_START) await migrate(app.get(DataSource));
  return app;
}
