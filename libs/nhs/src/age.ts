/** Dates of birth as the API carries them: ISO 8601 calendar dates, YYYY-MM-DD. */

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids DST surprises.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A real calendar date in the form YYYY-MM-DD (rejects 2023-02-29, 2024-13-01, 2024-1-1). */
export function isValidIsoDate(s: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Age in completed years on the UTC calendar date of `on`. Someone born on 29 February
 * turns a year older on 1 March in non-leap years (as UK law counts it). Throws a
 * RangeError for an invalid date of birth, an invalid `on`, or a birth after `on`.
 */
export function ageInYears(dateOfBirth: string, on: Date): number {
  if (!isValidIsoDate(dateOfBirth))
    throw new RangeError('dateOfBirth is not a valid YYYY-MM-DD date');
  if (Number.isNaN(on.getTime())) throw new RangeError('on is not a valid date');
  const [year, month, day] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = [on.getUTCFullYear(), on.getUTCMonth() + 1, on.getUTCDate()];
  const birthdayPassed = m > month || (m === month && d >= day);
  const age = y - year - (birthdayPassed ? 0 : 1);
  if (age < 0) throw new RangeError('dateOfBirth is after the date given');
  return age;
}
