import type { ReferralStatus } from './codes';

/**
 * What a referrer is told at each status: plain words, no clinical detail. The hub owns
 * onward routing, so no status ever asks the referrer to refer again.
 */
export const REFERRER_NEXT_STEP: Readonly<Record<ReferralStatus, string>> = Object.freeze({
  received: 'Received by the hub. A care coordinator will triage it shortly.',
  triaged: 'Triaged by the hub, which is confirming the right team.',
  awaiting_information:
    'The hub has asked for more information. Please answer the question shown with this referral.',
  accepted: 'Accepted by the team named here. They will contact the patient.',
  assigned: 'A clinician from the team named here will contact the patient.',
  first_contact: 'The team has seen the patient.',
  in_care: 'The patient is in the care of the team named here.',
  discharged: 'Care is complete and a summary has been sent to the GP practice.',
  redirected: 'The hub directed this referral to emergency care (999 or the emergency department).',
  transferred_out: "The hub has passed this referral to the service for the patient's area.",
  cancelled: 'This referral has been closed by the hub.',
});
