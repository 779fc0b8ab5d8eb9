import { responseDueAt } from './response-target';

const at = (iso: string) => new Date(iso);

describe('responseDueAt', () => {
  it('gives a 2-hour response 120 minutes from receipt', () => {
    expect(responseDueAt('2_hour', at('2026-11-26T10:15:00Z'), 28)).toEqual(
      at('2026-11-26T12:15:00Z'),
    );
  });

  it('gives 48 hours for 48_hour and the team wait for routine', () => {
    expect(responseDueAt('48_hour', at('2026-11-26T10:00:00Z'), 28)).toEqual(
      at('2026-11-28T10:00:00Z'),
    );
    expect(responseDueAt('routine', at('2026-11-26T10:00:00Z'), 14)).toEqual(
      at('2026-12-10T10:00:00Z'),
    );
  });

  it('has no community clock for immediate (999/ED)', () => {
    expect(responseDueAt('immediate', at('2026-11-26T10:00:00Z'), 28)).toBeNull();
  });

  it('makes same_day 23:59 London time, in winter (GMT) and summer (BST)', () => {
    expect(responseDueAt('same_day', at('2026-11-26T09:00:00Z'), 28)).toEqual(
      at('2026-11-26T23:59:00Z'),
    );
    expect(responseDueAt('same_day', at('2026-07-01T09:00:00Z'), 28)).toEqual(
      at('2026-07-01T22:59:00Z'),
    );
  });

  it('never gives same_day less than four hours: a late referral is due four hours on', () => {
    expect(responseDueAt('same_day', at('2026-11-26T21:30:00Z'), 28)).toEqual(
      at('2026-11-27T01:30:00Z'),
    );
    expect(responseDueAt('same_day', at('2026-11-26T19:59:00Z'), 28)).toEqual(
      at('2026-11-26T23:59:00Z'),
    );
  });
});
