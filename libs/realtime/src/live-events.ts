import type { ClockState, ReferralStatus, Urgency } from '@frontdoor/domain';

/**
 * The live events the server sends to boards, one typed map shared by server and browser
 * (API contract, "Queues and live updates"). Thin: ids, changed fields and the global `seq`;
 * clients re-fetch anything authoritative. Version a name when its payload changes.
 */
export interface LiveEvents {
  'referral.changed': {
    seq: number;
    id: string;
    status: ReferralStatus;
    version: number;
    teamCode: string | null;
    urgency: Urgency | null;
    responseDueAt: string | null;
    clockState: ClockState | null;
  };
  'clock.alert': {
    seq: number;
    id: string;
    teamCode: string | null;
    level: 'at_risk' | 'breached';
    responseDueAt: string | null;
  };
}

export type LiveEventName = keyof LiveEvents;

/** One message on the live channel: the event, its payload and the rooms that should see it. */
export interface LiveMessage<E extends LiveEventName = LiveEventName> {
  event: E;
  rooms: string[];
  payload: LiveEvents[E];
}

/** Rooms by audience: the hub, and each team. */
export const HUB_ROOM = 'hub';
export const teamRoom = (teamCode: string): string => `team:${teamCode}`;

/** The Redis pub/sub channel live messages travel on, under the deployment's key prefix. */
export const liveChannel = (redisPrefix: string): string => `${redisPrefix}:live`;
