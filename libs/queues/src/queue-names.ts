/**
 * BullMQ queue names. Frozen: renaming one strands every job already waiting under the old
 * name in Redis. To move work, add a new queue and drain the old one first.
 */
export const QUEUE = Object.freeze({
  /** Moving committed outbox rows to their queues. */
  outbox: 'outbox',
  /** Referrals waiting for the rule engine's suggestion. */
  triage: 'triage',
  /** Committed changes, published to the live views. */
  live: 'live',
  /** Messages to other organisations' systems (discharge letters to GP practices). */
  notifications: 'notifications',
  /** Response clock warnings and breaches (delayed jobs), their cancelling, and the sweeper. */
  clocks: 'clocks',
} as const);

export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];
