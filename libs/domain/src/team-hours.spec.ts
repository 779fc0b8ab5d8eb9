import { isTeamOpen } from './team-hours';

const weekdays = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, from: '08:00', to: '20:00' };

describe('isTeamOpen', () => {
  it('is always open for a 24/7 team', () => {
    expect(isTeamOpen('24_7', null, new Date('2026-11-29T03:00:00Z'))).toBe(true);
  });

  it('follows set hours in UK local time', () => {
    const opening = { ...weekdays, days: [...weekdays.days] };
    expect(isTeamOpen('set_hours', opening, new Date('2026-11-26T08:00:00Z'))).toBe(true);
    expect(isTeamOpen('set_hours', opening, new Date('2026-11-26T20:00:00Z'))).toBe(false);
    expect(isTeamOpen('set_hours', opening, new Date('2026-11-28T12:00:00Z'))).toBe(false);
    // 07:30 UTC in July is 08:30 BST: open.
    expect(isTeamOpen('set_hours', opening, new Date('2026-07-01T07:30:00Z'))).toBe(true);
  });
});
