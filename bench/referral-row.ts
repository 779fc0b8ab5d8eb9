/**
 * Synthetic, referral-shaped rows for the raw pg baseline: the same columns and roughly the
 * same jsonb sizes as an intake of the contract's example. No real person: NHS numbers are in
 * the 999 test range, names and phone numbers are made up.
 */

import { exampleSubmission, type PresentingNeed } from '@frontdoor/domain';
import { isValidNhsNumber } from '@frontdoor/nhs';

const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GIVEN_NAMES = ['Ada', 'Grace', 'Alan', 'Mary', 'Tom', 'Edith', 'Arthur', 'Joan'];
const FAMILY_NAMES = ['Lovelace', 'Hopper', 'Turing', 'Seacole', 'Kilburn', 'Cavell', 'Clarke'];
const NEEDS: PresentingNeed[] = [
  'fall',
  'frailty_decompensation',
  'confusion_delirium',
  'reduced_function',
];

/** A valid (Modulus 11) NHS number in the 999 test range, distinct for each i below 100,000. */
export function testNhsNumber(i: number): string {
  for (let candidate = i * 10; ; candidate += 1) {
    const digits = `999${String(candidate % 1_000_000).padStart(6, '0')}`;
    for (let check = 0; check <= 9; check += 1) {
      if (isValidNhsNumber(`${digits}${check}`)) return `${digits}${check}`;
    }
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
  const example = exampleSubmission();
  const nhsNumber = testNhsNumber(i);
  return {
    reference: testReference(i, referenceOffset),
    referrerType: example.referrer.type,
    referrerOrgCode: example.referrer.organisation?.odsCode ?? '',
    referrer: { ...example.referrer },
    patient: {
      ...example.patient,
      nhsNumber,
      givenName: GIVEN_NAMES[i % GIVEN_NAMES.length],
      familyName: FAMILY_NAMES[i % FAMILY_NAMES.length],
      dateOfBirth: `19${30 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`,
      sex: i % 2 === 0 ? 'female' : 'male',
    },
    clinical: { ...example.clinical, presentingNeeds: [NEEDS[i % NEEDS.length]] },
    consent: example.consent,
    nhsNumber,
  };
}
