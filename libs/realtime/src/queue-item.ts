import type { ClockState, Pathway, ReferralStatus, Urgency } from '@frontdoor/domain';
import { HUB_ROOM, teamRoom, type LiveRoom } from './live-events';

/**
 * One line of a queue board, as the queue snapshots send it. The patient is initials and age
 * only: never the name, NHS number, date of birth, postcode or address.
 */
export interface QueueItem {
  id: string;
  reference: string;
  status: ReferralStatus;
  /** For the action the board may take next (optimistic concurrency). */
  version: number;
  pathway: Pathway | null;
  urgency: Urgency | null;
  team: string | null;
  assignee: string | null;
  receivedAt: string;
  responseDueAt: string | null;
  clockState: ClockState | null;
  /** possible_duplicate, identity_unverified, … as on the referral. */
  flags: string[];
  /** Codes of the red flags the engine found (sends to 999/ED); empty when none. */
  redFlags: string[];
  patient: { initials: string | null; age: number | null };
}

const WITH_HUB: readonly ReferralStatus[] = ['received', 'triaged', 'awaiting_information'];
const HANDED_OVER: readonly ReferralStatus[] = ['triaged', 'awaiting_information'];
const WORKED: readonly ReferralStatus[] = ['accepted', 'assigned', 'first_contact', 'in_care'];

/**
 * The room whose queue holds a referral, or null: the same predicates as the snapshots' SQL
 * (apps/api/src/queues/queue.sql.ts, docs/queues.md).
 */
export function queueRoomOf(referral: {
  status: ReferralStatus;
  teamCode: string | null;
  hubConfirmed: boolean;
}): LiveRoom | null {
  const { status, teamCode, hubConfirmed } = referral;
  if (!hubConfirmed && WITH_HUB.includes(status)) return HUB_ROOM;
  if (!teamCode) return null;
  const withTeam = (hubConfirmed && HANDED_OVER.includes(status)) || WORKED.includes(status);
  return withTeam ? teamRoom(teamCode) : null;
}

type Order = (a: QueueItem, b: QueueItem) => number;

const byDue: Order = (a, b) =>
  nullsLast(a.responseDueAt, b.responseDueAt) ||
  compare(a.receivedAt, b.receivedAt) ||
  compare(a.id, b.id);

/** The snapshots' ORDER BY: immediate first in the hub, then due time (none last), oldest, id. */
export function queueOrder(room: LiveRoom): Order {
  if (room !== HUB_ROOM) return byDue;
  return (a, b) =>
    Number(a.urgency !== 'immediate') - Number(b.urgency !== 'immediate') || byDue(a, b);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function nullsLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compare(a, b);
}
