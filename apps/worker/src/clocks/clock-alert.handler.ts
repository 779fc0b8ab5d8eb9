import { Injectable, Logger } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { clocks, type AlertOutcome } from '@frontdoor/persistence';
import type { JobPayloads } from '@frontdoor/queues';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';

/** A job that fires this little ahead of its time (clock skew) waits for it in place. */
export const EARLY_WAIT_MS = 2_000;

/**
 * clock.alert: a response clock's at_risk warning (at 75% of its target) or breach (when
 * due), recorded on the clock and as a `clock.at_risk` / `clock.breached` referral event.
 * Why a job: it must happen at a time, on whichever worker is up then; it is a BullMQ delayed
 * job (id `clock:<clockId>:<level>`) scheduled through the outbox when the clock starts, and
 * removed when the clock stops.
 * Safe to repeat: the job is only a wake-up call. The clock is locked and re-read, by the
 * database's time, and alerts only if it is still open, due at that level and not yet
 * alerted at it; so a late job still alerts (correctly, and says how late), a duplicate
 * alerts once, and one that outlived the stop does nothing. A job that fires early is put
 * back until its time.
 */
@Injectable()
@HandlesJob('clock.alert')
export class ClockAlertHandler implements JobHandler<'clock.alert'> {
  private readonly logger = new Logger(ClockAlertHandler.name);

  constructor(private readonly dataSource: DataSource) {}

  async handle({ clockId, level }: JobPayloads['clock.alert'], job?: Job): Promise<void> {
    for (;;) {
      const result: AlertOutcome = await this.dataSource.transaction((db) =>
        clocks.alert(db, clockId, level, 'job'),
      );
      if (result.outcome === 'alerted') {
        this.logger.log({ clockId, level, lateByMs: result.lateByMs }, `clock ${level}`);
        return;
      }
      if (result.outcome !== 'early') {
        this.logger.debug({ clockId, level, outcome: result.outcome }, 'clock alert not owed');
        return;
      }
      if (result.waitMs <= EARLY_WAIT_MS) {
        await new Promise((resolve) => setTimeout(resolve, result.waitMs));
        continue;
      }
      if (job?.token) {
        await job.moveToDelayed(Date.now() + result.waitMs, job.token);
        throw new DelayedError();
      }
      // Called directly, long before its time: the delayed job or the sweeper will come.
      return;
    }
  }
}
