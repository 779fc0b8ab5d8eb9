import type { ReferralSubmission } from './referral-submission';

/**
 * The API contract's example submission: a care home resident who slid from her armchair.
 * A synthetic person (NHS number from the 999 test range). A fresh copy each call, so tests,
 * benchmarks and docs can change it freely.
 */
export function exampleSubmission(): ReferralSubmission {
  return {
    referrer: {
      type: 'care_home',
      organisation: { name: 'Oak House Care Home', odsCode: 'VNA12' },
      name: 'Sam Carter',
      role: 'Senior carer',
      phone: '01634 000000',
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
    },
    consent: 'patient_consented',
  };
}
