import { TEAM_HELD_STATUSES, type ReferralStatus } from './codes';
import { DomainError } from './errors';

/**
 * The tracker's state machine, as data: for each action, the statuses it may be taken from,
 * the status it leads to and what it needs. The api, the worker and the web UI all read this
 * one table; who may take each action is the permission matrix's business (libs/auth). There is no "reject to referrer": `hand_back` returns a
 * referral to the hub, which routes it again.
 */
export const ACTIONS = [
  'confirm_triage',
  'override_triage',
  'request_information',
  'provide_information',
  'accept',
  'hand_back',
  'assign',
  'record_contact',
  'admit',
  'step_up',
  'step_down',
  'discharge',
  'redirect',
  'transfer_out',
  'cancel',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Where an action leads: a status, the same status, or back to where the referral was. */
export type Target = ReferralStatus | 'unchanged' | 'previous';

export interface Transition {
  from: readonly ReferralStatus[];
  to: Target;
  /** Statuses in which the action is allowed but leaves the status as it is. */
  stays?: readonly ReferralStatus[];
  /** Body fields the action cannot do without (beyond `version`). */
  needs: readonly string[];
  /** Plain English, for the UI and the OpenAPI document. */
  summary: string;
}

const OPEN_BEFORE_CARE = ['received', 'triaged', 'awaiting_information'] as const;

export const TRANSITIONS: Readonly<Record<Action, Transition>> = Object.freeze({
  confirm_triage: {
    from: ['triaged'],
    to: 'unchanged',
    needs: [],
    summary: "Confirm the engine's suggestion and send the referral to the suggested team",
  },
  override_triage: {
    // From `received` too: a coordinator can always triage by hand if the engine has not.
    from: ['received', 'triaged'],
    to: 'unchanged',
    needs: ['pathway', 'urgency', 'reason'],
    summary:
      'Choose another pathway, urgency or team (teamCode), with a reason; a team lead may reassign their own',
  },
  request_information: {
    from: ['received', 'triaged', 'accepted', 'assigned'],
    to: 'awaiting_information',
    needs: ['question'],
    summary: 'Ask the referrer a question; clocks keep running',
  },
  provide_information: {
    from: ['awaiting_information'],
    to: 'previous',
    needs: ['answer'],
    summary: 'Answer the question; the referral returns to where it was',
  },
  accept: {
    from: ['triaged'],
    to: 'accepted',
    needs: [],
    summary: 'The team takes the referral',
  },
  hand_back: {
    from: ['triaged', 'accepted', 'assigned'],
    to: 'triaged',
    needs: ['reason'],
    summary: 'The team returns the referral to the hub (never to the referrer), with a reason',
  },
  assign: {
    from: ['accepted', 'assigned'],
    to: 'assigned',
    needs: ['clinicianId'],
    summary: 'Give the referral to a clinician in the team',
  },
  record_contact: {
    from: TEAM_HELD_STATUSES,
    to: 'first_contact',
    stays: ['in_care'],
    needs: ['at', 'faceToFace'],
    summary: 'Record a contact; a face-to-face contact stops the response clock',
  },
  admit: {
    from: ['accepted', 'assigned', 'first_contact'],
    to: 'in_care',
    needs: [],
    summary: "Take the patient into the team's care (e.g. a virtual ward bed)",
  },
  step_up: {
    from: ['first_contact', 'in_care'],
    to: 'in_care',
    needs: ['pathway', 'reason'],
    summary: 'Move to a more intensive pathway in the same journey (no re-referral)',
  },
  step_down: {
    from: ['first_contact', 'in_care'],
    to: 'in_care',
    needs: ['pathway', 'reason'],
    summary: 'Move to a less intensive pathway in the same journey (no re-referral)',
  },
  discharge: {
    from: ['first_contact', 'in_care'],
    to: 'discharged',
    needs: ['outcome', 'summary'],
    summary: 'Discharge back to general practice with a summary for the GP',
  },
  redirect: {
    from: OPEN_BEFORE_CARE,
    to: 'redirected',
    needs: ['destination', 'reason'],
    summary: 'Direct to emergency care (999/ED) or another urgent service',
  },
  transfer_out: {
    from: OPEN_BEFORE_CARE,
    to: 'transferred_out',
    needs: ['destination'],
    summary: "The hub refers on to the service for the patient's area",
  },
  cancel: {
    from: [...OPEN_BEFORE_CARE, ...TEAM_HELD_STATUSES],
    to: 'cancelled',
    needs: ['reason'],
    summary: 'Close: duplicate, withdrawn, died or entered in error',
  },
});

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value);
}

/** The actions the status allows (for someone permitted to take them). */
export function allowedActions(status: ReferralStatus): Action[] {
  return ACTIONS.filter((action) => TRANSITIONS[action].from.includes(status));
}

/**
 * Where `action` takes a referral in `status` (with `previous` = the status before it awaited
 * information). Throws illegal_transition (422) naming the status and the allowed actions.
 */
export function nextStatus(
  status: ReferralStatus,
  action: Action,
  previous: ReferralStatus | null,
): ReferralStatus {
  const transition = TRANSITIONS[action];
  if (!transition.from.includes(status)) {
    throw new DomainError(
      'illegal_transition',
      `${action} is not allowed when the referral is ${status}`,
      {
        status,
        allowedActions: allowedActions(status),
      },
    );
  }
  if (transition.to === 'unchanged' || transition.stays?.includes(status)) return status;
  if (transition.to === 'previous') return previous ?? 'triaged';
  return transition.to;
}
