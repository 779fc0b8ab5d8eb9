import type { ClockState } from '@frontdoor/domain';
import type { LiveEventName, LiveEvents, LiveRoom } from './live-events';
import { queueOrder, type QueueItem } from './queue-item';

/**
 * Why a board wants a fresh snapshot:
 * - `initial`: none loaded yet;
 * - `gap`: an event of its room was missed (previousSeq above what it has seen);
 * - `reconnect`: the socket reconnected, and events may have passed meanwhile;
 * - `entered`: a referral joined the queue, and events carry no patient initials or age;
 * - `window`: the snapshot held only the first `limit` of the queue, and the change reaches
 *   past its end.
 */
export type ReloadReason = 'initial' | 'gap' | 'reconnect' | 'entered' | 'window';

export type ApplyOutcome = 'applied' | 'ignored' | 'reload';

export interface BoardSnapshot<T extends QueueItem> {
  seq: number;
  items: readonly T[];
  /** The whole queue's length, when the snapshot may hold only its first `limit` items. */
  total?: number;
}

type Delivery = { [E in LiveEventName]: [E, LiveEvents[E]] }[LiveEventName];

/** Events received while waiting for a snapshot; past this many, the wait itself is a gap. */
const MAX_PENDING = 10_000;

const ALERT_RANK: Record<ClockState, number> = { on_time: 0, at_risk: 1, breached: 2, stopped: 3 };

/**
 * One queue board kept current from a snapshot and the live events of its room, with no
 * framework and no I/O: the browser and the tests drive it.
 *
 * Load a snapshot, feed it every event, and fetch a fresh snapshot whenever `reloadNeeded`
 * is set (each `apply` that returns `reload` says so). Events that arrive meanwhile are kept
 * and replayed onto the next snapshot. The board
 * - applies a change to an item in place (and re-sorts it) when the event's version is not
 *   older than the item's, and removes an item that left the queue;
 * - ignores duplicates, stale versions and events of other rooms;
 * - asks for a reload on a gap, on a reconnect, for a referral entering the queue, and for a
 *   change past the end of a truncated snapshot.
 * Events carry the referral's state when they were sent, so applying by version is safe in
 * any order, and an event whose seq is below the snapshot's may still bring news (its
 * transaction can commit after the snapshot was read).
 */
export class LiveBoard<T extends QueueItem = QueueItem> {
  private list: T[] = [];
  private last = 0;
  private truncated = false;
  /** Versions at which items left, so a late event cannot bring one back. */
  private readonly left = new Map<string, number>();
  private pending: Delivery[] = [];
  private overflowed = false;
  private reason: ReloadReason | null = 'initial';

  constructor(readonly room: LiveRoom) {}

  get items(): readonly T[] {
    return this.list;
  }

  /** The highest seq loaded or received: events whose previousSeq is above it were missed. */
  get seq(): number {
    return this.last;
  }

  get reloadNeeded(): ReloadReason | null {
    return this.reason;
  }

  /** A fresh snapshot (taken after subscribing); replays what arrived while waiting for it. */
  load(snapshot: BoardSnapshot<T>): ReloadReason | null {
    this.list = [...snapshot.items];
    this.last = snapshot.seq;
    this.truncated = snapshot.total !== undefined && snapshot.total > snapshot.items.length;
    this.left.clear();
    this.reason = null;
    const pending = this.pending;
    this.pending = [];
    if (this.overflowed) {
      this.overflowed = false;
      this.reload('gap');
      return this.reason;
    }
    for (const [event, payload] of pending) this.apply(event, payload);
    return this.reason;
  }

  /** The socket reconnected (and subscribed again): what happened meanwhile is unknown. */
  reconnected(): void {
    this.pending = [];
    this.overflowed = false;
    this.reload('reconnect');
  }

  apply<E extends LiveEventName>(event: E, payload: LiveEvents[E]): ApplyOutcome {
    if (payload.room !== this.room) return 'ignored';
    if (this.reason) return this.keep([event, payload] as Delivery);
    if (payload.previousSeq !== null && payload.previousSeq > this.last) {
      this.keep([event, payload] as Delivery);
      return this.reload('gap');
    }
    this.last = Math.max(this.last, payload.seq);
    return event === 'referral.changed'
      ? this.changed(payload as LiveEvents['referral.changed'])
      : this.alerted(payload as LiveEvents['clock.alert']);
  }

  private changed(change: LiveEvents['referral.changed']): ApplyOutcome {
    const index = this.list.findIndex((item) => item.id === change.id);
    if (index < 0) {
      const leftAt = this.left.get(change.id);
      if (!change.inQueue || (leftAt !== undefined && leftAt >= change.version)) return 'ignored';
      return this.reload('entered');
    }
    const item = this.list[index];
    if (change.version < item.version) return 'ignored';
    if (!change.inQueue) {
      this.list.splice(index, 1);
      this.left.set(change.id, change.version);
      return this.truncated ? this.reload('window') : 'applied';
    }
    const updated: T = {
      ...item,
      status: change.status,
      version: change.version,
      pathway: change.pathway,
      urgency: change.urgency,
      team: change.teamCode,
      assignee: change.assignee,
      responseDueAt: change.responseDueAt,
      clockState: change.clockState,
      flags: change.flags,
      redFlags: change.redFlags,
    };
    if (sameItem(item, updated)) return 'ignored';
    return this.place(index, updated);
  }

  private alerted(alert: LiveEvents['clock.alert']): ApplyOutcome {
    const index = this.list.findIndex((item) => item.id === alert.id);
    const item = this.list[index];
    if (!item || item.clockState === null) return 'ignored';
    if (ALERT_RANK[alert.level] <= ALERT_RANK[item.clockState]) return 'ignored';
    this.list[index] = { ...item, clockState: alert.level };
    return 'applied';
  }

  /** Moves an updated item to where the snapshot's order puts it. */
  private place(index: number, item: T): ApplyOutcome {
    this.list.splice(index, 1);
    const order = queueOrder(this.room);
    let at = this.list.findIndex((other) => order(item, other) < 0);
    if (at < 0) at = this.list.length;
    if (this.truncated && at === this.list.length) return this.reload('window');
    this.list.splice(at, 0, item);
    return 'applied';
  }

  private keep(delivery: Delivery): ApplyOutcome {
    if (this.pending.length >= MAX_PENDING) {
      this.pending = [];
      this.overflowed = true;
    } else if (!this.overflowed) {
      this.pending.push(delivery);
    }
    return 'reload';
  }

  private reload(reason: ReloadReason): ApplyOutcome {
    this.reason ??= reason;
    return 'reload';
  }
}

function sameItem(a: QueueItem, b: QueueItem): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
