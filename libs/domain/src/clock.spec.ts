import { atRiskAt, clockStateOf } from './clock';

const t = (minutes: number) => new Date(Date.UTC(2026, 10, 26, 10, minutes));
const clock = { startedAt: t(0), dueAt: t(120), stoppedAt: null };

describe('clockStateOf', () => {
  it('is on_time until 75% of the target, at_risk until due, then breached', () => {
    expect(atRiskAt(clock)).toEqual(t(90));
    expect(clockStateOf(clock, t(89))).toBe('on_time');
    expect(clockStateOf(clock, t(90))).toBe('at_risk');
    expect(clockStateOf(clock, t(119))).toBe('at_risk');
    expect(clockStateOf(clock, t(120))).toBe('breached');
  });

  it('is stopped once stopped, whenever that was', () => {
    expect(clockStateOf({ ...clock, stoppedAt: t(30) }, t(500))).toBe('stopped');
  });
});
