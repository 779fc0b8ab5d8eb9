import { exampleSubmission, type ReferralSubmission } from '@frontdoor/domain';

/** The API contract's example (a care home fall), with any part overridden. */
export function newSubmission(
  overrides: {
    referrer?: Partial<ReferralSubmission['referrer']>;
    patient?: Partial<ReferralSubmission['patient']>;
    clinical?: Partial<ReferralSubmission['clinical']>;
    consent?: ReferralSubmission['consent'];
  } = {},
): ReferralSubmission {
  const example = exampleSubmission();
  return {
    referrer: { ...example.referrer, ...overrides.referrer },
    patient: { ...example.patient, ...overrides.patient },
    clinical: { ...example.clinical, ...overrides.clinical },
    consent: overrides.consent ?? example.consent,
  };
}

/** Synthetic NHS numbers from the 999 test range, each valid by Modulus 11. */
export const TEST_NHS = [
  '9990000018',
  '9990000026',
  '9990000034',
  '9990000042',
  '9990000050',
  '9990000069',
  '9990000077',
  '9990000085',
  '9990000093',
] as const;
