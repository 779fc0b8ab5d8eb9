import { type INestApplicationContext, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import type { Config } from '@frontdoor/config';
import { JOB_HANDLERS, WorkerModule } from './worker.module';

/** Builds the worker; fails if any job lacks a handler or has two. Used by main.ts and tests. */
export async function createWorker(
  config: Config,
  handlers: Type[] = JOB_HANDLERS,
): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, handlers), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  return app;
}
