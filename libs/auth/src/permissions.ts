import { ACTIONS, type Action, type Role } from '@frontdoor/domain';

/**
 * How far a role's permission reaches:
 * - `any`: every referral, queue or team;
 * - `own_team`: referrals held by one of the caller's teams or assigned to the caller, and
 *   those teams' queues and capacity;
 * - `own_org`: what the caller's organisation submitted (or, for a GP practice, was sent);
 * - `break_glass`: only with a stated reason, which the audit trail keeps.
 */
export type Scope = 'any' | 'own_team' | 'own_org' | 'break_glass';

export type ActionPermission = `referral.${Action}`;

export const PERMISSIONS = [
  'referral.submit',
  'referral.status',
  'referral.read',
  ...ACTIONS.map((action): ActionPermission => `referral.${action}`),
  'triage.evaluate',
  'triage.replay',
  'queue.hub',
  'queue.team',
  'live.hub',
  'live.team',
  'team.read',
  'team.capacity',
  'gp_delivery.manage',
  'gp_delivery.acknowledge',
  'audit.read',
  'api_key.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

type Grants = Readonly<Partial<Record<Role, Scope>>>;

const HUB: Grants = { coordinator: 'any' };
const TEAM: Grants = { team_lead: 'own_team', clinician: 'own_team' };
const TEAM_LEAD: Grants = { team_lead: 'own_team' };
const STAFF: Grants = { ...HUB, ...TEAM };
/** For what concerns no particular referral or team (submitting, trying the rules). */
const ANY_STAFF: Grants = { coordinator: 'any', team_lead: 'any', clinician: 'any' };

/**
 * The one permission matrix (role × permission → scope), read by the HTTP guard, the
 * tracker's state machine guard and the live socket gateway. A role absent from a row may
 * not do it at all. Referrers submit and follow their own organisation's referrals; the hub
 * triages everything; teams work their own referrals; admins run the system but reach
 * clinical detail only by breaking the glass.
 */
export const PERMISSION_MATRIX: Readonly<Record<Permission, Grants>> = Object.freeze({
  'referral.submit': { referrer: 'any', ...ANY_STAFF },
  'referral.status': { referrer: 'own_org', ...STAFF },
  'referral.read': { ...STAFF, admin: 'break_glass' },
  'referral.confirm_triage': HUB,
  'referral.override_triage': { ...HUB, ...TEAM_LEAD },
  'referral.request_information': STAFF,
  'referral.provide_information': { referrer: 'own_org', ...STAFF },
  'referral.accept': TEAM,
  'referral.hand_back': TEAM,
  'referral.assign': TEAM_LEAD,
  'referral.record_contact': TEAM,
  'referral.admit': TEAM,
  'referral.step_up': TEAM,
  'referral.step_down': TEAM,
  'referral.discharge': TEAM,
  'referral.redirect': HUB,
  'referral.transfer_out': HUB,
  'referral.cancel': { ...HUB, ...TEAM_LEAD },
  'triage.evaluate': { ...ANY_STAFF, admin: 'any' },
  // Re-evaluates stored referrals with a candidate rule set; answers ids, references and codes.
  'triage.replay': { admin: 'any' },
  'queue.hub': HUB,
  'queue.team': STAFF,
  'live.hub': HUB,
  'live.team': STAFF,
  'team.read': { referrer: 'any', ...ANY_STAFF, admin: 'any' },
  'team.capacity': { ...TEAM_LEAD, admin: 'any' },
  'gp_delivery.manage': { admin: 'any' },
  'gp_delivery.acknowledge': { referrer: 'own_org', admin: 'any' },
  'audit.read': { admin: 'any' },
  'api_key.manage': { admin: 'any' },
});

/** Reads a person may make outside their scope by stating why (break-glass). */
export const BREAK_GLASS_PERMISSIONS: ReadonlySet<Permission> = new Set(['referral.read']);

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}

export function actionPermission(action: Action): ActionPermission {
  return `referral.${action}`;
}
