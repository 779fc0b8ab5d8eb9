import { currentClockState, REFERRER_NEXT_STEP } from '@frontdoor/domain';
import type { ReferralEntity, ReferralEventEntity } from '@frontdoor/persistence';

export interface TeamRef {
  code: string;
  name: string;
}

export interface LinkedReferral {
  id: string;
  reference: string;
  status: string;
  team: TeamRef | null;
}

const links = (referral: ReferralEntity) => ({
  self: `/api/v1/referrals/${referral.id}`,
  events: `/api/v1/referrals/${referral.id}/events`,
  status: `/api/v1/referrals/by-reference/${referral.reference}/status`,
});

/** The answer to a submission (201, or 200 on an idempotent replay). */
export function submissionView(referral: ReferralEntity) {
  const { self, status } = links(referral);
  return {
    id: referral.id,
    reference: referral.reference,
    status: referral.status,
    version: referral.version,
    receivedAt: referral.receivedAt.toISOString(),
    flags: referral.flags,
    links: { self, status },
  };
}

/** The whole referral, for the hub and the team (patient-identifiable). */
export function referralView(
  referral: ReferralEntity,
  team: TeamRef | null,
  possibleDuplicateOf: LinkedReferral | null,
) {
  return {
    id: referral.id,
    reference: referral.reference,
    status: referral.status,
    version: referral.version,
    receivedAt: referral.receivedAt.toISOString(),
    updatedAt: referral.updatedAt.toISOString(),
    channel: referral.channel,
    flags: referral.flags,
    neighbourhood: referral.neighbourhoodCode,
    patient: referral.patient,
    referrer: referral.referrer,
    clinical: referral.clinical,
    consent: referral.consent,
    triage: referral.triage,
    team,
    responseDueAt: referral.responseDueAt?.toISOString() ?? null,
    clockState: currentClockState(
      {
        startedAt: referral.clockStartedAt,
        dueAt: referral.responseDueAt,
        stoppedAt: referral.clockStoppedAt,
      },
      new Date(),
    ),
    clock: referral.clockStartedAt && {
      startedAt: referral.clockStartedAt.toISOString(),
      dueAt: referral.responseDueAt?.toISOString() ?? null,
      stoppedAt: referral.clockStoppedAt?.toISOString() ?? null,
    },
    assignee: referral.assignee,
    episode: {
      linkedReferralId: referral.linkedReferralId,
      possibleDuplicateOf,
      links: {
        ...links(referral),
        ...(referral.linkedReferralId && {
          linkedReferral: `/api/v1/referrals/${referral.linkedReferralId}`,
        }),
      },
    },
  };
}

/** Only what the referrer may see: no clinical detail, no patient details. */
export function referrerStatusView(referral: ReferralEntity, team: TeamRef | null) {
  return {
    reference: referral.reference,
    status: referral.status,
    team,
    updatedAt: referral.updatedAt.toISOString(),
    nextStep: REFERRER_NEXT_STEP[referral.status],
    ...(referral.informationRequest && {
      question: {
        text: referral.informationRequest.question,
        askedAt: referral.informationRequest.askedAt,
      },
    }),
  };
}

export function eventView(event: ReferralEventEntity) {
  return {
    seq: Number(event.seq),
    type: event.type,
    at: event.at.toISOString(),
    actor: { id: event.actorId, role: event.actorRole },
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    reason: typeof event.data.reason === 'string' ? event.data.reason : null,
    data: event.data,
  };
}
