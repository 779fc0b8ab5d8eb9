import type { Type } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { JobName, JobPayloads } from '@frontdoor/queues';

const JOB_NAME = Symbol('job name');

/** Marks a class as the handler of one job. */
export function HandlesJob(name: JobName): ClassDecorator {
  return (target) => Reflect.defineMetadata(JOB_NAME, name, target);
}

/** The job a handler class declared with @HandlesJob, if any. */
export function jobNameOf(handler: Type): JobName | undefined {
  return Reflect.getMetadata(JOB_NAME, handler) as JobName | undefined;
}

/**
 * A job handler. It throws on failure (BullMQ retries with backoff); it never catches and
 * logs, which would silently turn retries off. It must be safe to run twice.
 */
export interface JobHandler<N extends JobName> {
  handle(data: JobPayloads[N], job: Job<JobPayloads[N], unknown, N>): Promise<void>;
}
