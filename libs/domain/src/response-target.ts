import { DateTime } from 'luxon';
import type { Urgency } from './codes';

/** Clocks run on local time where the target is a time of day ("by 23:59 today"). */
export const SERVICE_TIME_ZONE = 'Europe/London';

/** Response targets in minutes, where the target is a duration (API contract). */
export const RESPONSE_TARGET_MINUTES = Object.freeze({
  '2_hour': 120,
  '48_hour': 48 * 60,
});

/** "Same day" is by 23:59 local time, but never less than four hours away. */
export const SAME_DAY_MINIMUM_MINUTES = 4 * 60;

/**
 * When a response is due, counted from the server's receivedAt. `immediate` has no community
 * clock (999/ED now); `routine` waits as long as the team publishes.
 */
export function responseDueAt(
  urgency: Urgency,
  receivedAt: Date,
  routineWaitDays: number,
): Date | null {
  const received = DateTime.fromJSDate(receivedAt, { zone: SERVICE_TIME_ZONE });
  switch (urgency) {
    case 'immediate':
      return null;
    case '2_hour':
    case '48_hour':
      return received.plus({ minutes: RESPONSE_TARGET_MINUTES[urgency] }).toJSDate();
    case 'same_day': {
      const endOfToday = received.set({ hour: 23, minute: 59, second: 0, millisecond: 0 });
      const earliest = received.plus({ minutes: SAME_DAY_MINIMUM_MINUTES });
      return (earliest > endOfToday ? earliest : endOfToday).toJSDate();
    }
    case 'routine':
      return received.plus({ days: routineWaitDays }).toJSDate();
  }
}
