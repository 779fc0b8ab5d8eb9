import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK_LEVELS, clockJobId, clocks } from '@frontdoor/persistence';
import { JobQueue, QUEUE, type JobPayloads } from '@frontdoor/queues';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';

/**
 * clock.cancel: removes a stopped clock's two delayed alert jobs from Redis, so the
 * queue holds only clocks that still run.
 * Why a job: the clock stops in the caller's transaction, which must not touch Redis; the
 * outbox relays this once it commits.
 * Safe to repeat: removing a job that is gone (or never arrived) is a no-op, and it removes
 * nothing unless the clock is stopped. Not needed for correctness: an alert that outlives
 * the stop re-checks the clock and does nothing (one running right now cannot be removed).
 */
@Injectable()
@HandlesJob('clock.cancel')
export class ClockCancelHandler implements JobHandler<'clock.cancel'> {
  private readonly logger = new Logger(ClockCancelHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async handle({ clockId }: JobPayloads['clock.cancel']): Promise<void> {
    const clock = await clocks.byId(this.dataSource.manager, clockId);
    if (clock && !clock.stoppedAt) {
      this.logger.warn({ clockId }, 'clock still open; its alerts are kept');
      return;
    }
    const queue = this.jobs.queue(QUEUE.clocks);
    for (const level of CLOCK_LEVELS) await queue.remove(clockJobId(clockId, level));
  }
}
