import { patientMatchKey } from './patient-match';

describe('patientMatchKey', () => {
  it('agrees across case, spacing, accents and punctuation', () => {
    const a = patientMatchKey({
      familyName: "O'Brien",
      dateOfBirth: '1940-01-02',
      postcode: 'me7 1aa',
    });
    const b = patientMatchKey({
      familyName: 'OBRIEN',
      dateOfBirth: '1940-01-02',
      postcode: 'ME71AA',
    });
    const c = patientMatchKey({
      familyName: 'o brién',
      dateOfBirth: '1940-01-02',
      postcode: 'ME7  1AA',
    });
    expect(a).toBe('OBRIEN|1940-01-02|ME71AA');
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('is undefined when any part is missing, so strangers never match', () => {
    expect(patientMatchKey({ familyName: 'Smith', dateOfBirth: '1940-01-02' })).toBeUndefined();
    expect(patientMatchKey({ familyName: 'Smith', postcode: 'ME7 1AA' })).toBeUndefined();
    expect(patientMatchKey({ dateOfBirth: '1940-01-02', postcode: 'ME7 1AA' })).toBeUndefined();
  });
});
