import type { ClockState, Pathway, ReferralStatus, Urgency } from '@frontdoor/domain';

/** Where the live feed is served (API contract, "Queues and live updates"). */
export const LIVE_PATH = '/socket.io';
export const LIVE_NAMESPACE = '/live';

/** Rooms by audience: the hub, and each team. A room carries the events of one queue. */
export const HUB_ROOM = 'hub';
export type LiveRoom = typeof HUB_ROOM | `team:${string}`;
export const teamRoom = (teamCode: string): LiveRoom => `team:${teamCode}`;

const TEAM_ROOM = /^team:([a-z0-9][a-z0-9-]{0,99})$/;

/** The room a client named, if it is one: `hub` or `team:<teamCode>`. */
export function parseRoom(value: unknown): { room: LiveRoom; teamCode?: string } | undefined {
  if (value === HUB_ROOM) return { room: HUB_ROOM };
  const team = typeof value === 'string' ? TEAM_ROOM.exec(value) : null;
  return team ? { room: teamRoom(team[1]), teamCode: team[1] } : undefined;
}

/**
 * Every event is emitted to each room separately, with the room named and the seq of the
 * event emitted to that room just before it (null for the room's first), so a client can
 * tell "I missed an event of my room" (previousSeq above the last seq it loaded or received)
 * from "other rooms had events" (seq jumps, previousSeq known).
 */
export interface RoomDelivery {
  room: LiveRoom;
  previousSeq: number | null;
}

/**
 * The live events the server sends to boards, one typed map shared by server and browser.
 * Thin: ids, codes and the global `seq`, never patient details or free text; clients fetch
 * anything else over HTTP. Version a name when its payload changes; add fields freely.
 */
export interface LiveEvents {
  'referral.changed': RoomDelivery & {
    seq: number;
    id: string;
    status: ReferralStatus;
    version: number;
    teamCode: string | null;
    urgency: Urgency | null;
    responseDueAt: string | null;
    clockState: ClockState | null;
    pathway: Pathway | null;
    assignee: string | null;
    flags: string[];
    /** Codes of the red flags the engine found. */
    redFlags: string[];
    /** Whether the referral is in this room's queue after the change (docs/queues.md). */
    inQueue: boolean;
  };
  'clock.alert': RoomDelivery & {
    seq: number;
    id: string;
    teamCode: string | null;
    level: 'at_risk' | 'breached';
    responseDueAt: string | null;
  };
}

export type LiveEventName = keyof LiveEvents;

/** What a client asks, and the answer its ack callback gets. */
export interface RoomRequest {
  room: string;
}
export type RoomAnswer = { ok: true; room: LiveRoom } | { ok: false; error: string };

/** socket.io's typed maps: `Socket<LiveServerEvents, LiveClientEvents>` in the browser. */
export type LiveServerEvents = {
  [E in LiveEventName]: (payload: LiveEvents[E]) => void;
};
export interface LiveClientEvents {
  subscribe(request: RoomRequest, ack: (answer: RoomAnswer) => void): void;
  unsubscribe(request: RoomRequest, ack: (answer: RoomAnswer) => void): void;
}

/**
 * The key prefix of socket.io's Redis adapter (api) and emitter (worker): they must agree,
 * and both live under the deployment's prefix.
 */
export const liveAdapterKey = (redisPrefix: string): string => `${redisPrefix}:socket.io`;
