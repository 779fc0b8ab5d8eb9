import {
  PSEUDO_POSTCODES,
  isPseudoPostcode,
  isValidPostcode,
  normalisePostcode,
  postcodeDistrict,
} from './postcode';

describe('normalisePostcode', () => {
  it.each([
    ['me71aa', 'ME7 1AA'],
    ['  me7   1aa ', 'ME7 1AA'],
    ['tn231aa', 'TN23 1AA'],
    ['SW1A1AA', 'SW1A 1AA'],
    ['zz993vz', 'ZZ99 3VZ'],
    ['ab', 'AB'],
  ])('%p → %p', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
  });
});

describe('isValidPostcode (brief 6.3 examples)', () => {
  it.each(['ME4 4TR', 'TN23 1AA', 'SW1A 1AA', 'EC1A 1BB', 'W1A 0AX', 'me44tr', 'GIR 0AA'])(
    'accepts %p',
    (p) => {
      expect(isValidPostcode(p)).toBe(true);
    },
  );

  it.each(['QA1 1AA', 'ME4 4CI', 'ME4', '', '12345', 'ME4 4TRX', 'ZZ99 9ZZ'])('rejects %p', (p) => {
    expect(isValidPostcode(p)).toBe(false);
  });

  it.each(Object.keys(PSEUDO_POSTCODES))('accepts pseudo-postcode %p', (p) => {
    expect(isValidPostcode(p)).toBe(true);
    expect(isValidPostcode(p.toLowerCase().replace(' ', ''))).toBe(true);
  });
});

describe('PSEUDO_POSTCODES / isPseudoPostcode', () => {
  it('lists the NHS pseudo-postcodes with meanings', () => {
    expect(PSEUDO_POSTCODES['ZZ99 3VZ']).toBe('No fixed abode');
    expect(PSEUDO_POSTCODES['ZZ99 3WZ']).toBe('Address not known');
    expect(Object.keys(PSEUDO_POSTCODES)).toHaveLength(5);
    expect(Object.isFrozen(PSEUDO_POSTCODES)).toBe(true);
  });

  it.each([
    ['zz99 3vz', true],
    ['ZZ993WZ', true],
    ['ME7 1AA', false],
    ['toString', false],
  ])('%p → %p', (p, expected) => {
    expect(isPseudoPostcode(p)).toBe(expected);
  });
});

describe('postcodeDistrict', () => {
  it.each([
    ['ME7 1AA', 'ME7'],
    ['tn231aa', 'TN23'],
    ['SW1A 1AA', 'SW1A'],
    ['ZZ99 3VZ', undefined],
    ['QA1 1AA', undefined],
    ['', undefined],
  ])('%p → %p', (p, expected) => {
    expect(postcodeDistrict(p)).toBe(expected);
  });
});
