import { Queue, type JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import { JOBS, type JobName, type JobPayloads, type JobRetryOptions } from './jobs';
import type { QueueName } from './queue-names';

/** Retries with backoff and bounded retention, for every job unless it says otherwise. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  // Completed jobs are kept a week so a re-relayed outbox row (same job id) stays a no-op.
  removeOnComplete: { age: 7 * 24 * 3600, count: 50_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** Per-job retry settings from configuration, over each job's declared options. */
export type JobOptionOverrides = { readonly [N in JobName]?: JobRetryOptions };

export interface EnqueueOptions {
  /** Deterministic id (e.g. the outbox id): adding the same id twice adds one job. */
  jobId?: string;
  delay?: number;
}

/**
 * The one way to put work on a queue. Typed by job name, so a payload cannot drift from
 * its declaration. Most callers do not use this directly: they write an outbox row in their
 * transaction and the relay enqueues it.
 */
export class JobQueue {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
    /** Connection trouble is reported here (the caller's logger), never thrown at the process. */
    private readonly onError: (error: Error) => void = () => undefined,
    private readonly overrides: JobOptionOverrides = {},
  ) {}

  /** A job's retry policy: its declaration, then configuration, then the caller's options. */
  private optionsFor(name: JobName, options: EnqueueOptions = {}): JobsOptions {
    return { ...JOBS[name].options, ...this.overrides[name], ...options };
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', this.onError);
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<N extends JobName>(
    name: N,
    data: JobPayloads[N],
    options: EnqueueOptions = {},
  ): Promise<void> {
    await this.queue(JOBS[name].queue).add(name, data, this.optionsFor(name, options));
  }

  /** Adds many jobs, one round trip per queue. */
  async addBulk(
    jobs: { name: JobName; data: JobPayloads[JobName]; options?: EnqueueOptions }[],
  ): Promise<void> {
    const byQueue = new Map<QueueName, typeof jobs>();
    for (const job of jobs) {
      const queue = JOBS[job.name].queue;
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), job]);
    }
    for (const [queue, queued] of byQueue) {
      await this.queue(queue).addBulk(
        queued.map((job) => ({
          name: job.name,
          data: job.data,
          opts: this.optionsFor(job.name, job.options),
        })),
      );
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}
