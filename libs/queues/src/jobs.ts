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
}

export type JobName = keyof JobPayloads;

export interface JobDefinition<N extends JobName = JobName> {
  queue: QueueName;
  /** Run on a schedule as well: every N milliseconds, once across all worker replicas. */
  schedule?: { everyMs: number; data: JobPayloads[N] };
}

export const JOBS: { readonly [N in JobName]: JobDefinition<N> } = Object.freeze({
  'outbox.relay': {
    queue: QUEUE.outbox,
    schedule: { everyMs: 1_000, data: { trigger: 'schedule' } },
  },
  'triage.referral': { queue: QUEUE.triage },
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
