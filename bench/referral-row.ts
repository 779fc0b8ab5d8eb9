/**
 * Synthetic, referral-shaped rows for the raw pg baseline: the same columns and roughly the
 * same jsonb sizes as an intake of the contract's example. No real person: NHS numbers are in
 * the 999 test range, names and phone numbers are made up.
 */

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GIVEN_NAMES = ['Ada', 'Grace', 'Alan', 'Mary', 'Tom', 'Edith', 'Arthur', 'Joan'];
const FAMILY_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Seacole', 'Kilburn', 'Cavell', 'Clarke'];
const NEEDS = ['fall', 'frailty_decompensation', 'confusion_delirium', 'reduced_function'];

/** A valid (Modulus 11) NHS number in the 999 test range, distinct for each i below 100,000. */
export function testNhsNumber(i: number): string {
  for (let candidate = i * 10; ; candidate += 1) {
    const digits = `999${String(candidate % 1_000_000).padStart(6, '0')}`;
    const sum = [...digits].reduce(
      (total, digit, index) => total + Number(digit) * (10 - index),
      0,
    );
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    return `${digits}${check === 11 ? 0 : check}`;
  }
}

/** FD-XXXX-XXXX, unique for every i of one run (the run's offset shifts them all). */
export function testReference(i: number, offset: number): string {
  let value = (offset + i) % 32 ** 8;
  let text = '';
  for (let position = 0; position < 8; position += 1) {
    text = REFERENCE_ALPHABET[value % 32] + text;
    value = Math.floor(value / 32);
  }
  return `FD-${text.slice(0, 4)}-${text.slice(4)}`;
}

export interface SyntheticReferral {
  reference: string;
  referrerType: string;
  referrerOrgCode: string;
  referrer: Record<string, unknown>;
  patient: Record<string, unknown>;
  clinical: Record<string, unknown>;
  consent: string;
  nhsNumber: string;
}

export function syntheticReferral(i: number, referenceOffset: number): SyntheticReferral {
  const nhsNumber = testNhsNumber(i);
  return {
    reference: testReference(i, referenceOffset),
    referrerType: 'care_home',
    referrerOrgCode: 'VNA12',
    referrer: {
      type: 'care_home',
      organisation: { name: 'Oak House Care Home', odsCode: 'VNA12' },
      name: 'Sam Carter',
      role: 'Senior carer',
      phone: '01634 000000',
    },
    patient: {
      nhsNumber,
      givenName: GIVEN_NAMES[i % GIVEN_NAMES.length],
      familyName: FAMILY_NAMES[i % FAMILY_NAMES.length],
      dateOfBirth: `19${30 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`,
      sex: i % 2 === 0 ? 'female' : 'male',
      postcode: 'ME7 1AA',
      gpPracticeOdsCode: 'G82001',
      livesInCareHome: true,
      phone: '01634 000001',
      communicationNeeds: 'hard of hearing',
    },
    clinical: {
      summary: 'Slid from armchair, witnessed, no head strike, no pain, cannot get up.',
      presentingNeeds: [NEEDS[i % NEEDS.length]],
      observations: {
        respiratoryRate: 18,
        spo2: 96,
        spo2Scale: 1,
        onOxygen: false,
        systolicBp: 134,
        pulse: 84,
        consciousness: 'A',
        temperature: 36.8,
      },
      news2Stated: 0,
      clinicalFrailtyScale: 6,
      softSigns: [],
      redFlagFindings: [],
      fall: {
        headStrike: false,
        lossOfConsciousness: false,
        suspectedFracture: false,
        unableToGetUp: true,
        longLieMinutes: 10,
      },
      endOfLife: null,
      respect: null,
      knownConditions: ['dementia'],
    },
    consent: 'patient_consented',
    nhsNumber,
  };
}
