import type { ClockState } from './codes';

/** A response clock turns at_risk when 75% of its target has passed (issue: response clocks). */
export const AT_RISK_FRACTION = 0.75;

export interface ClockTimes {
  startedAt: Date;
  dueAt: Date;
  stoppedAt: Date | null;
}

/** When a clock turns at_risk. */
export function atRiskAt(clock: Pick<ClockTimes, 'startedAt' | 'dueAt'>): Date {
  const target = clock.dueAt.getTime() - clock.startedAt.getTime();
  return new Date(clock.startedAt.getTime() + target * AT_RISK_FRACTION);
}

/** on_time, at_risk (from 75% of the target), breached (past due), or stopped. */
export function clockStateOf(clock: ClockTimes, now: Date): ClockState {
  if (clock.stoppedAt) return 'stopped';
  if (now >= clock.dueAt) return 'breached';
  return now >= atRiskAt(clock) ? 'at_risk' : 'on_time';
}

/**
 * The state of a referral's current clock from its denormalised columns; null when it has no
 * clock (yet, or at all: 999/ED).
 */
export function currentClockState(
  clock: { startedAt: Date | null; dueAt: Date | null; stoppedAt: Date | null },
  now: Date,
): ClockState | null {
  if (!clock.startedAt) return null;
  if (clock.stoppedAt) return 'stopped';
  if (!clock.dueAt) return null;
  return clockStateOf({ startedAt: clock.startedAt, dueAt: clock.dueAt, stoppedAt: null }, now);
}
