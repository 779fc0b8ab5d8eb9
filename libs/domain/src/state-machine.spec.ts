import { REFERRAL_STATUSES, type ReferralStatus } from './codes';
import { DomainError } from './errors';
import { ACTIONS, allowedActions, nextStatus, TRANSITIONS } from './state-machine';

const CLOSED: ReferralStatus[] = ['discharged', 'redirected', 'transferred_out', 'cancelled'];

function errorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('the tracker state machine', () => {
  it('allows no action at all on a closed referral', () => {
    for (const status of CLOSED) expect(allowedActions(status)).toEqual([]);
  });

  it('refuses every action a status does not allow with illegal_transition naming the status and the allowed actions', () => {
    for (const status of REFERRAL_STATUSES) {
      for (const action of ACTIONS) {
        if (TRANSITIONS[action].from.includes(status)) continue;
        const error = errorOf(() => nextStatus(status, action, TRANSITIONS[action].roles[0], null));
        expect(error.code).toBe('illegal_transition');
        expect(error.details).toEqual({ status, allowedActions: allowedActions(status) });
      }
    }
  });

  it('refuses a role the action does not name with forbidden', () => {
    expect(errorOf(() => nextStatus('triaged', 'confirm_triage', 'clinician', null)).code).toBe(
      'forbidden',
    );
    expect(errorOf(() => nextStatus('accepted', 'assign', 'clinician', null)).code).toBe(
      'forbidden',
    );
  });

  it('never sends a referral back to the referrer: hand_back returns it to the hub', () => {
    expect(nextStatus('accepted', 'hand_back', 'team_lead', null)).toBe('triaged');
    expect(ACTIONS.some((action) => /reject/.test(action))).toBe(false);
  });

  it('returns to where it was after information is provided', () => {
    expect(nextStatus('accepted', 'request_information', 'clinician', null)).toBe(
      'awaiting_information',
    );
    expect(nextStatus('awaiting_information', 'provide_information', 'referrer', 'accepted')).toBe(
      'accepted',
    );
  });

  it('follows a whole journey from triage to discharge', () => {
    let status: ReferralStatus = 'triaged';
    status = nextStatus(status, 'confirm_triage', 'coordinator', null);
    status = nextStatus(status, 'accept', 'team_lead', null);
    status = nextStatus(status, 'assign', 'team_lead', null);
    status = nextStatus(status, 'record_contact', 'clinician', null);
    expect(status).toBe('first_contact');
    status = nextStatus(status, 'admit', 'clinician', null);
    status = nextStatus(status, 'record_contact', 'clinician', null);
    expect(status).toBe('in_care');
    status = nextStatus(status, 'step_down', 'clinician', null);
    status = nextStatus(status, 'discharge', 'clinician', null);
    expect(status).toBe('discharged');
  });
});
