import { isTestNhsNumber, isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

describe('normaliseNhsNumber', () => {
  it.each([
    ['999 000 0018', '9990000018'],
    ['999-000-0018', '9990000018'],
    [' 943 476 5919 ', '9434765919'],
    ['9434765919', '9434765919'],
  ])('%p → %p', (input, expected) => {
    expect(normaliseNhsNumber(input)).toBe(expected);
  });
});

describe('isValidNhsNumber (brief 6.1 worked examples)', () => {
  it.each(['9990000018', '9990000026', '9990000050', '9434765919', '943 476 5919', '999-000-0026'])(
    '%p is valid',
    (n) => {
      expect(isValidNhsNumber(n)).toBe(true);
    },
  );

  it.each([
    ['9990000010', 'wrong check digit'],
    ['9990000000', 'check 10, never issued'],
    ['9992274552', 'transposed digits'],
    ['999000001', '9 digits'],
    ['99900000180', '11 digits'],
    ['999000001A', 'letter'],
    ['ABCDEFGHIJ', 'letters'],
    ['', 'empty'],
    ['999.000.0018', 'dots are not stripped'],
  ])('%p is invalid (%s)', (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });

  it('accepts the untransposed 9992724552', () => {
    expect(isValidNhsNumber('9992724552')).toBe(true);
  });
});

describe('isTestNhsNumber', () => {
  it.each([
    ['9990000000', true],
    ['999 999 9999', true],
    ['9990000018', true],
    ['9434765919', false],
    ['998 999 9999', false],
    ['999000001', false],
  ])('%p → %p', (n, expected) => {
    expect(isTestNhsNumber(n)).toBe(expected);
  });
});
