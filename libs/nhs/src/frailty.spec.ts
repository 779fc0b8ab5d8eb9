import { CLINICAL_FRAILTY_SCALE, isFrail, isValidFrailtyScore } from './frailty';

describe('Clinical Frailty Scale', () => {
  it('has the nine v2.0 levels', () => {
    expect(Object.keys(CLINICAL_FRAILTY_SCALE)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
    ]);
    expect(CLINICAL_FRAILTY_SCALE[1]).toBe('Very fit');
    expect(CLINICAL_FRAILTY_SCALE[5]).toBe('Living with mild frailty');
  });

  it.each([
    [1, true],
    [9, true],
    [0, false],
    [10, false],
    [4.5, false],
    [Number.NaN, false],
    ['5', false],
    [undefined, false],
  ])('isValidFrailtyScore(%p) → %p', (n, expected) => {
    expect(isValidFrailtyScore(n)).toBe(expected);
  });

  it.each([
    [1, false],
    [4, false],
    [5, true],
    [9, true],
    [10, false],
    [5.5, false],
  ])('isFrail(%p) → %p', (n, expected) => {
    expect(isFrail(n)).toBe(expected);
  });
});
