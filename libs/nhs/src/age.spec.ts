import { ageInYears, isValidIsoDate } from './age';

const on = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('isValidIsoDate', () => {
  it.each(['2024-02-29', '2000-02-29', '1931-01-01', '2023-12-31'])('accepts %p', (s) => {
    expect(isValidIsoDate(s)).toBe(true);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-01-00',
    '2024-1-1',
    '24-01-01',
    '2024-01-01T00:00:00Z',
    '01/02/2024',
    '',
  ])('rejects %p', (s) => {
    expect(isValidIsoDate(s)).toBe(false);
  });
});

describe('ageInYears', () => {
  it('counts full years across the birthday', () => {
    expect(ageInYears('1940-06-15', on('2025-06-14'))).toBe(84);
    expect(ageInYears('1940-06-15', on('2025-06-15'))).toBe(85);
    expect(ageInYears('1940-06-15', on('2025-12-31'))).toBe(85);
    expect(ageInYears('2025-06-15', on('2025-06-15'))).toBe(0);
  });

  it('turns a 29 February birth a year older on 1 March in non-leap years', () => {
    expect(ageInYears('2000-02-29', on('2025-02-28'))).toBe(24);
    expect(ageInYears('2000-02-29', on('2025-03-01'))).toBe(25);
    expect(ageInYears('2000-02-29', on('2024-02-28'))).toBe(23);
    expect(ageInYears('2000-02-29', on('2024-02-29'))).toBe(24);
  });

  it('uses the UTC calendar date of `on`', () => {
    expect(ageInYears('1940-06-15', new Date('2025-06-14T23:30:00Z'))).toBe(84);
    expect(ageInYears('1940-06-15', new Date('2025-06-15T00:00:00Z'))).toBe(85);
  });

  it.each(['2023-02-29', '15/06/1940', ''])('throws on invalid date of birth %p', (dob) => {
    expect(() => ageInYears(dob, on('2025-01-01'))).toThrow(RangeError);
  });

  it('throws on an invalid `on` or a birth after it', () => {
    expect(() => ageInYears('1940-06-15', new Date('nope'))).toThrow(RangeError);
    expect(() => ageInYears('2025-06-16', on('2025-06-15'))).toThrow(RangeError);
  });
});
