import type { JobsOptions } from 'bullmq';
import { QUEUE, type QueueName } from './queue-names';

/**
 * Every job, declared once: its name, its queue and its payload. Payloads carry ids and
 * versions, never patient details; Postgres holds the truth and handlers re-read it.
 */
export interface JobPayloads {
  /** Relay committed outbox rows to BullMQ. Safe to repeat: job id = outbox id. */
  'outbox.relay': { trigger: 'schedule' | 'outbox' | 'manual' };
  /** Triage a received referral. Safe to repeat: the handler re-reads it and checks the version. */
  'triage.referral': { referralId: string; version: number; correlationId?: string };
  /**
   * Publish a committed referral event to the live views (queued by a trigger on
   * referral_events). Safe to repeat: it publishes current state with the event's seq.
   */
  'referral.changed': { referralId: string; seq: number; type: string };
  /**
   * Deliver a discharge letter to the GP practice's endpoint. Safe to repeat: the handler
   * re-reads the delivery and does nothing once it is delivered, acknowledged or failed.
   */
  'gp.notify': { deliveryId: string };
  /**
   * A response clock's at_risk warning or breach, delayed until it is due; job id
   * `clock:<clockId>:<level>`. Safe to repeat: the handler locks the clock and alerts only
   * while it is open, due at that level and not yet alerted.
   */
  'clock.alert': { clockId: string; level: 'at_risk' | 'breached' };
  /** Remove a stopped clock's two delayed alert jobs. Safe to repeat: absent jobs are fine. */
  'clock.cancel': { clockId: string };
  /** Alert any clock whose job was lost. Safe to repeat: same checks as clock.alert. */
  'clock.sweep': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export interface JobDefinition<N extends JobName = JobName> {
  queue: QueueName;
  /** Run on a schedule as well: every N milliseconds, once across all worker replicas. */
  schedule?: { everyMs: number; data: JobPayloads[N] };
  /** Retry policy for this job, over DEFAULT_JOB_OPTIONS (JobQueue may override the delay). */
  options?: JobRetryOptions;
}

/** How often a job is tried and how long it waits between tries. */
export type JobRetryOptions = Pick<JobsOptions, 'attempts' | 'backoff'>;

export const JOBS: { readonly [N in JobName]: JobDefinition<N> } = Object.freeze({
  'outbox.relay': {
    queue: QUEUE.outbox,
    schedule: { everyMs: 1_000, data: { trigger: 'schedule' } },
  },
  'triage.referral': { queue: QUEUE.triage },
  'referral.changed': { queue: QUEUE.live },
  'gp.notify': {
    queue: QUEUE.notifications,
    // 30 s, 1, 2, 4 and 8 minutes between the six tries (GP_NOTIFY_BACKOFF_MS sets the 30 s).
    options: { attempts: 6, backoff: { type: 'exponential', delay: 30_000 } },
  },
  'clock.alert': { queue: QUEUE.clocks },
  'clock.cancel': { queue: QUEUE.clocks },
  'clock.sweep': { queue: QUEUE.clocks, schedule: { everyMs: 30_000, data: {} } },
});

export const JOB_NAMES = Object.freeze(Object.keys(JOBS) as JobName[]);

/** A job as producers and handlers see it: the name fixes the payload type. */
export type JobOf<N extends JobName> = { name: N; data: JobPayloads[N] };
export type AnyJob = { [N in JobName]: JobOf<N> }[JobName];

export function isJobName(name: string): name is JobName {
  return Object.prototype.hasOwnProperty.call(JOBS, name);
}

/** The queues that have at least one job, i.e. the ones a worker must consume. */
export function queuesInUse(): QueueName[] {
  return [...new Set(JOB_NAMES.map((name) => JOBS[name].queue))];
}
