import { DateTime } from 'luxon';
import { SERVICE_TIME_ZONE } from './response-target';
import type { TeamHours } from './geography';

export interface TeamOpening {
  days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
  /** Local clock time, HH:MM. */
  from: string;
  to: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Whether a team is open at `now`, in UK local time (24/7 teams always are). */
export function isTeamOpen(hours: TeamHours, opening: TeamOpening | null, now: Date): boolean {
  if (hours === '24_7' || !opening) return true;
  const local = DateTime.fromJSDate(now, { zone: SERVICE_TIME_ZONE });
  const day = DAYS[local.weekday - 1];
  const time = local.toFormat('HH:mm');
  return opening.days.includes(day) && time >= opening.from && time < opening.to;
}
