import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import type { Config } from '@frontdoor/config';
import { CONFIG, REDIS } from '@frontdoor/platform';
import { isJobName, JOB_NAMES, JobQueue, JOBS, queuesInUse, type JobName } from '@frontdoor/queues';
import { jobNameOf, type JobHandler } from './job-handler';

/** The handler classes the worker was built with (see WorkerModule). */
export const JOB_HANDLER_TYPES = Symbol('JOB_HANDLER_TYPES');

/** Runs one BullMQ Worker per queue, dispatching each job to its handler by name. */
@Injectable()
export class JobRunner implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobRunner.name);
  private readonly handlers = new Map<JobName, JobHandler<JobName>>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly jobs: JobQueue,
    @Inject(JOB_HANDLER_TYPES) private readonly handlerTypes: Type[],
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onModuleInit(): void {
    for (const type of this.handlerTypes) {
      const name = jobNameOf(type);
      if (name) this.handlers.set(name, this.moduleRef.get<JobHandler<JobName>>(type));
    }
  }
  async onApplicationBootstrap(): Promise<void> {
    for (const queue of queuesInUse()) {
      const worker = new Worker(queue, (job) => this.dispatch(job), {
        connection: this.redis,
        prefix: this.config.REDIS_PREFIX,
        concurrency: 4,
        lockDuration: this.config.WORKER_LOCK_MS,
        stalledInterval: this.config.WORKER_LOCK_MS,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn({ jobId: job?.id, jobName: job?.name, err: error }, 'job failed'),
      );
      worker.on('error', (error) => this.logger.warn({ err: error }, 'worker error'));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
    // Schedulers are keyed by job name, so every replica upserting the same one is harmless.
    for (const name of JOB_NAMES) {
      const schedule = JOBS[name].schedule;
      if (!schedule) continue;
      await this.jobs
        .queue(JOBS[name].queue)
        .upsertJobScheduler(name, { every: schedule.everyMs }, { name, data: schedule.data });
    }
    this.logger.log(`consuming queues: ${queuesInUse().join(', ')}`);
  }

  /** Before the Redis connections close: let running jobs finish, take no new ones. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }

  private async dispatch(job: Job): Promise<void> {
    const handler = isJobName(job.name) ? this.handlers.get(job.name) : undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}"`);
    await handler.handle(job.data as never, job as never);
  }
}
