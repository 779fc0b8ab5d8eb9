import { GP_DEFAULT_CODES, isGpPracticeCode, isValidOdsCode } from './ods-code';

describe('isValidOdsCode', () => {
  it.each(['A81001', 'RXA', 'K81003001', 'VLAXL', '8', ' A81001 '])('accepts %p', (c) => {
    expect(isValidOdsCode(c)).toBe(true);
  });

  it.each(['', '   ', 'a81001', 'A8100-1', 'ABCDEFGHIJ', 'A81 001'])('rejects %p', (c) => {
    expect(isValidOdsCode(c)).toBe(false);
  });
});

describe('isGpPracticeCode', () => {
  it.each(['A81001', 'Y02345', 'K81003001', 'V81997', 'V81998', 'V81999', ' A81001 '])(
    'accepts %p',
    (c) => {
      expect(isGpPracticeCode(c)).toBe(true);
    },
  );

  it.each([
    ['I81001', 'I is not an English first letter'],
    ['O81001', 'O is not an English first letter'],
    ['X81001', 'X is not an English first letter'],
    ['Z81001', 'Z is not an English first letter'],
    ['a81001', 'lower case'],
    ['A8100', 'too short'],
    ['A810012', '7 characters'],
    ['A8100300A', 'branch suffix not digits'],
    ['RXA', 'a trust, not a practice'],
    ['toString', 'not an own key of the defaults'],
  ])('rejects %p (%s)', (c) => {
    expect(isGpPracticeCode(c)).toBe(false);
  });

  it('names the default codes', () => {
    expect(GP_DEFAULT_CODES).toEqual({
      V81997: 'No registered GP practice',
      V81998: 'Not applicable',
      V81999: 'Not known',
    });
  });
});
