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
