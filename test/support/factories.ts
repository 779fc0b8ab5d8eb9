import type { ReferralSubmission } from '@frontdoor/domain';

/** Synthetic NHS numbers from the 999 test range, each valid by Modulus 11. */
export const TEST_NHS_NUMBERS = [
  '9990000018',
  '9990000026',
  '9990000034',
  '9990000042',
  '9990000050',
];

/** A valid submission like the API contract's example: a care home fall. Override any part. */
export function newSubmission(
  overrides: {
    referrer?: Partial<ReferralSubmission['referrer']>;
    patient?: Partial<ReferralSubmission['patient']>;
    clinical?: Partial<ReferralSubmission['clinical']>;
    consent?: ReferralSubmission['consent'];
  } = {},
): ReferralSubmission {
  return {
    referrer: {
      type: 'care_home',
      organisation: { name: 'Oak House Care Home', odsCode: 'VNA12' },
      name: 'Sam Carter',
      role: 'Senior carer',
      phone: '01634 000000',
      ...overrides.referrer,
    },
    patient: {
      nhsNumber: '9990000018',
      givenName: 'Ada',
      familyName: 'Lovelace',
      dateOfBirth: '1938-04-02',
      sex: 'female',
      postcode: 'ME7 1AA',
      gpPracticeOdsCode: 'G82001',
      livesInCareHome: true,
      phone: '01634 000001',
      communicationNeeds: 'hard of hearing',
      ...overrides.patient,
    },
    clinical: {
      summary: 'Slid from armchair, witnessed, no head strike, no pain, cannot get up.',
      presentingNeeds: ['fall'],
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
      ...overrides.clinical,
    },
    consent: overrides.consent ?? 'patient_consented',
  };
}
