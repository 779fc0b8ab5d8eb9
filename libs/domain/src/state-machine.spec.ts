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
        const error = errorOf(() => nextStatus(status, action, null));
        expect(error.code).toBe('illegal_transition');
        expect(error.details).toEqual({ status, allowedActions: allowedActions(status) });
      }
    }
  });

  it('never sends a referral back to the referrer: hand_back returns it to the hub', () => {
    expect(nextStatus('accepted', 'hand_back', null)).toBe('triaged');
    expect(ACTIONS.some((action) => /reject/.test(action))).toBe(false);
  });

  it('returns to where it was after information is provided', () => {
    expect(nextStatus('accepted', 'request_information', null)).toBe('awaiting_information');
    expect(nextStatus('awaiting_information', 'provide_information', 'accepted')).toBe('accepted');
  });

  it('follows a whole journey from triage to discharge', () => {
    let status: ReferralStatus = 'triaged';
    status = nextStatus(status, 'confirm_triage', null);
    status = nextStatus(status, 'accept', null);
    status = nextStatus(status, 'assign', null);
    status = nextStatus(status, 'record_contact', null);
    expect(status).toBe('first_contact');
    status = nextStatus(status, 'admit', null);
    status = nextStatus(status, 'record_contact', null);
    expect(status).toBe('in_care');
    status = nextStatus(status, 'step_down', null);
    status = nextStatus(status, 'discharge', null);
    expect(status).toBe('discharged');
  });
});
