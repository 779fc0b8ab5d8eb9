import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCK_SWEEP_LOCK, clocks } from '@frontdoor/persistence';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';

/** How long past its time an alert may still be on its way from its own job. */
export const SWEEP_GRACE_MS = 2_000;
const SWEEP_BATCH = 500;

export interface SweepResult {
  /** False when another sweep held the lock, so this one did nothing. */
  ran: boolean;
  alerted: number;
}

/**
 * clock.sweep: raises any alert whose delayed job was lost (Redis flushed, job deleted or
 * failed for good), with `caughtBy: 'sweeper'` in the event, by the same code path as
 * clock.alert.
 * Why a job: a repeatable job (every 30 s) is scheduled once across replicas (the scheduler is
 * keyed by name) and runs on whichever worker is free.
 * Safe to repeat: it runs under pg_try_advisory_xact_lock, so two sweeps never overlap;
 * it takes only clocks owing an alert for longer than SWEEP_GRACE_MS, skipping any a
 * clock.alert job has locked, and each alert re-checks the clock as clock.alert does.
 */
@Injectable()
@HandlesJob('clock.sweep')
export class ClockSweepHandler implements JobHandler<'clock.sweep'> {
  private readonly logger = new Logger(ClockSweepHandler.name);

  constructor(private readonly dataSource: DataSource) {}

  async handle(): Promise<void> {
    await this.sweep();
  }

  async sweep(): Promise<SweepResult> {
    let alerted = 0;
    for (;;) {
      const batch = await this.dataSource.transaction(async (db) => {
        const [{ locked }] = await db.query<{ locked: boolean }[]>(
          'SELECT pg_try_advisory_xact_lock($1) AS locked',
          [CLOCK_SWEEP_LOCK],
        );
        if (!locked) return null;
        const owed = await clocks.overdue(db, SWEEP_GRACE_MS, SWEEP_BATCH);
        let raised = 0;
        for (const { clockId, level } of owed) {
          const result = await clocks.alert(db, clockId, level, 'sweeper');
          if (result.outcome === 'alerted') raised += 1;
        }
        return { found: owed.length, raised };
      });
      if (!batch) return { ran: false, alerted };
      alerted += batch.raised;
      if (batch.found < SWEEP_BATCH) break;
    }
    if (alerted) this.logger.warn({ alerted }, 'sweeper raised clock alerts whose jobs were lost');
    return { ran: true, alerted };
  }
}
