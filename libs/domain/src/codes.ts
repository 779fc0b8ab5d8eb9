/**
 * The public vocabulary of Front Door (see the API contract). One name per concept:
 * these lists are the only place the codes are spelled out.
 */
export const PATHWAYS = [
  'ucr',
  'virtual_ward_frailty',
  'virtual_ward_ari',
  'frailty',
  'eolc',
  'dementia_crisis',
  'falls',
  'heart_failure',
  'respiratory',
  'diabetes',
  'parkinsons',
  'tissue_viability',
  'learning_disability',
  'cyp_community_nursing',
  'community_nursing',
  'redirect_999',
  'transfer_out',
] as const;
export type Pathway = (typeof PATHWAYS)[number];

/** Pathways a community team can serve (the other two are hub outcomes, not teams). */
export type TeamPathway = Exclude<Pathway, 'redirect_999' | 'transfer_out'>;

export function isTeamPathway(pathway: Pathway): pathway is TeamPathway {
  return pathway !== 'redirect_999' && pathway !== 'transfer_out';
}

export const TEAM_PATHWAYS = PATHWAYS.filter(isTeamPathway);

export const URGENCIES = ['immediate', '2_hour', 'same_day', '48_hour', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const REFERRAL_STATUSES = [
  'received',
  'triaged',
  'awaiting_information',
  'accepted',
  'assigned',
  'first_contact',
  'in_care',
  'discharged',
  'redirected',
  'transferred_out',
  'cancelled',
] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** A team holds the referral (it counts against the team's caseload) in these statuses. */
export const TEAM_HELD_STATUSES = [
  'accepted',
  'assigned',
  'first_contact',
  'in_care',
] as const satisfies readonly ReferralStatus[];

export const CLOCK_STATES = ['on_time', 'at_risk', 'breached', 'stopped'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

export const ROLES = ['referrer', 'coordinator', 'team_lead', 'clinician', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Urgencies whose team must be open now to take the referral (otherwise mutual aid). */
export const URGENT: readonly Urgency[] = ['immediate', '2_hour'];
