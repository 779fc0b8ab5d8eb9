import { clockJobId, isClockKind, measurementTypeFor } from './clocks.repository';

describe('response clock helpers', () => {
  it('maps the national standards to CSDS measurement types and local targets to none', () => {
    expect(measurementTypeFor('2_hour')).toBe('05');
    expect(measurementTypeFor('48_hour')).toBe('06');
    expect(measurementTypeFor('same_day')).toBeNull();
    expect(measurementTypeFor('routine')).toBeNull();
  });

  it('runs a clock for every urgency but immediate (999/ED) and none', () => {
    expect(['2_hour', 'same_day', '48_hour', 'routine'].every((u) => isClockKind(u as never))).toBe(
      true,
    );
    expect(isClockKind('immediate')).toBe(false);
    expect(isClockKind(null)).toBe(false);
  });

  it('names alert jobs by clock and level, in the three parts BullMQ allows', () => {
    const id = clockJobId('6f1c2d3e-0000-4000-8000-000000000001', 'at_risk');
    expect(id).toBe('clock:6f1c2d3e-0000-4000-8000-000000000001:at_risk');
    expect(id.split(':')).toHaveLength(3);
  });
});
