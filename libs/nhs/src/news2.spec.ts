import { NEWS2_PHYSIOLOGICAL_RANGES, News2Input, news2Band, scoreNews2 } from './news2';

/** One parameter's score, the rest absent. */
const scoreOf = (input: News2Input, parameter: string): number | undefined =>
  scoreNews2(input).parameters.find((p) => p.parameter === parameter)?.score;

const ALL_ZERO: Required<Omit<News2Input, 'spo2Scale' | 'hypercapnicTargetDocumented'>> = {
  respiratoryRate: 16,
  spo2: 97,
  onOxygen: false,
  systolicBp: 120,
  pulse: 70,
  consciousness: 'A',
  temperature: 37,
};

describe('scoreNews2', () => {
  it('scores the contract example observations 0 (complete, low)', () => {
    const r = scoreNews2({
      respiratoryRate: 18,
      spo2: 96,
      spo2Scale: 1,
      onOxygen: false,
      systolicBp: 134,
      pulse: 84,
      consciousness: 'A',
      temperature: 36.8,
    });
    expect(r).toMatchObject({
      total: 0,
      complete: true,
      missing: [],
      highestSingleScore: 0,
      band: 'low',
      scale: 1,
    });
    expect(r.parameters).toHaveLength(7);
  });

  describe('band edges', () => {
    it.each([
      [8, 3],
      [8.5, 3],
      [9, 1],
      [11, 1],
      [12, 0],
      [20, 0],
      [21, 2],
      [24, 2],
      [25, 3],
    ])('respiratory rate %p scores %p', (v, s) => {
      expect(scoreOf({ respiratoryRate: v }, 'respiratoryRate')).toBe(s);
    });

    it.each([
      [91, 3],
      [92, 2],
      [93, 2],
      [94, 1],
      [95, 1],
      [96, 0],
      [100, 0],
    ])('SpO2 scale 1 %p scores %p (on air or oxygen)', (v, s) => {
      expect(scoreOf({ spo2: v }, 'spo2')).toBe(s);
      expect(scoreOf({ spo2: v, spo2Scale: 1, onOxygen: true }, 'spo2')).toBe(s);
    });

    it.each([
      [90, 3],
      [91, 2],
      [100, 2],
      [101, 1],
      [110, 1],
      [111, 0],
      [219, 0],
      [220, 3],
    ])('systolic BP %p scores %p', (v, s) => {
      expect(scoreOf({ systolicBp: v }, 'systolicBp')).toBe(s);
    });

    it.each([
      [40, 3],
      [41, 1],
      [50, 1],
      [51, 0],
      [90, 0],
      [91, 1],
      [110, 1],
      [111, 2],
      [130, 2],
      [131, 3],
    ])('pulse %p scores %p', (v, s) => {
      expect(scoreOf({ pulse: v }, 'pulse')).toBe(s);
    });

    it.each([
      [35.0, 3],
      [35.05, 3],
      [35.1, 1],
      [36.0, 1],
      [36.1, 0],
      [38.0, 0],
      [38.1, 1],
      [39.0, 1],
      [39.1, 2],
      [41, 2],
    ])('temperature %p scores %p', (v, s) => {
      expect(scoreOf({ temperature: v }, 'temperature')).toBe(s);
    });

    it.each([
      ['A', 0],
      ['C', 3],
      ['V', 3],
      ['P', 3],
      ['U', 3],
    ] as const)('consciousness %p scores %p', (v, s) => {
      expect(scoreOf({ consciousness: v }, 'consciousness')).toBe(s);
    });

    it('scores oxygen 2 and air 0', () => {
      expect(scoreOf({ onOxygen: true }, 'onOxygen')).toBe(2);
      expect(scoreOf({ onOxygen: false }, 'onOxygen')).toBe(0);
    });
  });

  describe('SpO2 scale 2', () => {
    it.each([
      [83, false, 3],
      [84, false, 2],
      [85, false, 2],
      [86, false, 1],
      [87, false, 1],
      [88, false, 0],
      [92, false, 0],
      [92, true, 0],
      [93, false, 0],
      [99, false, 0],
      [93, true, 1],
      [94, true, 1],
      [95, true, 2],
      [96, true, 2],
      [97, true, 3],
      [100, true, 3],
    ])('SpO2 %p on oxygen %p scores %p', (v, onOxygen, s) => {
      expect(scoreOf({ spo2: v, spo2Scale: 2, onOxygen }, 'spo2')).toBe(s);
    });

    it('scores a hypercapnic patient at target lower than scale 1 would', () => {
      const obs = { ...ALL_ZERO, spo2: 89 };
      expect(scoreNews2({ ...obs, spo2Scale: 2 })).toMatchObject({ total: 0, scale: 2 });
      expect(scoreNews2(obs)).toMatchObject({ total: 3, scale: 1, band: 'low_medium' });
    });

    it('counts oxygen itself as well as over-oxygenation', () => {
      const r = scoreNews2({ ...ALL_ZERO, spo2: 97, spo2Scale: 2, onOxygen: true });
      expect(r.total).toBe(5); // SpO2 3 + oxygen 2
      expect(r.band).toBe('medium');
    });

    it('scores >=93 with oxygen status unknown as air and reports onOxygen missing', () => {
      const r = scoreNews2({ spo2: 97, spo2Scale: 2 });
      expect(scoreOf({ spo2: 97, spo2Scale: 2 }, 'spo2')).toBe(0);
      expect(r.missing).toContain('onOxygen');
    });
  });

  describe('missing parameters', () => {
    it('sums only what is present and lists the rest, never guessing', () => {
      const r = scoreNews2({ respiratoryRate: 26, pulse: 84 });
      expect(r).toMatchObject({
        total: 3,
        complete: false,
        missing: ['spo2', 'onOxygen', 'systolicBp', 'consciousness', 'temperature'],
        highestSingleScore: 3,
        band: 'low_medium',
        scale: 1,
      });
      expect(r.parameters.map((p) => p.parameter)).toEqual(['respiratoryRate', 'pulse']);
    });

    it('scores nothing from an empty set', () => {
      const r = scoreNews2({});
      expect(r).toMatchObject({ total: 0, complete: false, highestSingleScore: 0, band: 'low' });
      expect(r.missing).toHaveLength(7);
      expect(r.parameters).toEqual([]);
    });

    it('treats NaN as absent rather than as a score', () => {
      const r = scoreNews2({ ...ALL_ZERO, pulse: Number.NaN });
      expect(r.complete).toBe(false);
      expect(r.missing).toEqual(['pulse']);
    });
  });

  describe('bands', () => {
    it('is high at >=7', () => {
      const r = scoreNews2({
        respiratoryRate: 26, // 3
        spo2: 93, // 2
        onOxygen: true, // 2
        systolicBp: 105, // 1
        pulse: 115, // 2
        consciousness: 'A',
        temperature: 38.5, // 1
      });
      expect(r).toMatchObject({ total: 11, band: 'high', highestSingleScore: 3, complete: true });
    });

    it('is low_medium for a single 3 with total 1-4', () => {
      const r = scoreNews2({ ...ALL_ZERO, consciousness: 'C' });
      expect(r).toMatchObject({ total: 3, band: 'low_medium', highestSingleScore: 3 });
    });

    it('is medium at 5-6 even with a single 3', () => {
      expect(scoreNews2({ ...ALL_ZERO, consciousness: 'V', onOxygen: true }).band).toBe('medium');
    });

    it.each([
      [0, 0, 'low'],
      [4, 2, 'low'],
      [3, 3, 'low_medium'],
      [4, 3, 'low_medium'],
      [5, 2, 'medium'],
      [6, 3, 'medium'],
      [7, 2, 'high'],
      [20, 3, 'high'],
    ] as const)('total %p with highest single %p is %p', (total, single, expected) => {
      expect(news2Band(total, single)).toBe(expected);
    });
  });
});

describe('NEWS2_PHYSIOLOGICAL_RANGES', () => {
  it('has the agreed plausible-input ranges', () => {
    expect(NEWS2_PHYSIOLOGICAL_RANGES.respiratoryRate).toMatchObject({ min: 0, max: 80 });
    expect(NEWS2_PHYSIOLOGICAL_RANGES.spo2).toMatchObject({ min: 50, max: 100 });
    expect(NEWS2_PHYSIOLOGICAL_RANGES.systolicBp).toMatchObject({ min: 40, max: 300 });
    expect(NEWS2_PHYSIOLOGICAL_RANGES.pulse).toMatchObject({ min: 20, max: 250 });
    expect(NEWS2_PHYSIOLOGICAL_RANGES.temperature).toMatchObject({ min: 25, max: 45 });
  });
});
