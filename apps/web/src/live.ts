import { io, type Socket } from 'socket.io-client';
import {
  LiveBoard,
  type BoardSnapshot,
  type LiveEvents,
  type LiveRoom,
  type QueueItem,
} from '@frontdoor/realtime';

/**
 * The live feed, in one place (API contract, "Queues and live updates"; docs/live.md):
 * socket.io at /socket.io, namespace /live, the token in `handshake.auth.token`, `subscribe`
 * to a room with an acknowledgement, then `referral.changed` and `clock.alert`.
 *
 * A LiveBoard (libs/realtime) holds the queue: events with a newer seq are applied in place,
 * and a fresh snapshot is fetched only when the board asks for one (a gap in the room's
 * events, a reconnection, a referral joining the queue). While the feed is down the snapshot
 * is fetched every POLL_MS instead.
 */
export interface LiveOptions<T extends QueueItem> {
  token: string;
  room: LiveRoom;
  /** Fetches the room's queue snapshot (and anything the page shows beside it). */
  snapshot: () => Promise<BoardSnapshot<T>>;
  /** Draws the board's items: after each snapshot and each event applied. */
  render: (items: readonly T[]) => void;
  /** A clock alert arrived for an item on the board. */
  onAlert?: (alert: LiveEvents['clock.alert']) => void;
  /** Connected and subscribed, or not (shown on the page: "live" or "updating every …"). */
  onStatus?: (status: LiveStatus) => void;
}

export type LiveStatus = 'live' | 'reconnecting';

type ServerEvents = { [E in keyof LiveEvents]: (payload: LiveEvents[E]) => void };
interface ClientEvents {
  subscribe: (
    request: { room: string },
    ack: (answer: { ok: boolean; error?: string }) => void,
  ) => void;
}

/** While the live feed is down, the board still refreshes this often. */
export const POLL_MS = 15_000;
/** Snapshots fetched in a row while events keep asking for another, before drawing anyway. */
const MAX_RELOADS = 3;

export interface LiveConnection {
  /** Fetches a fresh snapshot now (after the page's own action, say) and draws it. */
  refresh(): Promise<void>;
  close(): void;
}

export function connectLive<T extends QueueItem>(options: LiveOptions<T>): LiveConnection {
  const board = new LiveBoard<T>(options.room);
  let loading: Promise<void> | null = null;

  const refresh = (): Promise<void> => {
    loading ??= (async () => {
      try {
        for (let round = 0; round < MAX_RELOADS; round += 1) {
          board.load(await options.snapshot());
          if (!board.reloadNeeded) break;
        }
        options.render(board.items);
      } catch {
        // The page's snapshot function shows the problem; the next event or poll tries again.
      } finally {
        loading = null;
      }
    })();
    return loading;
  };
  const applied = (outcome: 'applied' | 'ignored' | 'reload') => {
    if (outcome === 'applied') options.render(board.items);
    if (outcome === 'reload') void refresh();
  };

  const socket: Socket<ServerEvents, ClientEvents> = io('/live', {
    path: '/socket.io',
    auth: { token: options.token },
    reconnectionDelayMax: 10_000,
  });
  const status = (value: LiveStatus) => options.onStatus?.(value);
  status('reconnecting');

  socket.on('connect', () => {
    socket.emit('subscribe', { room: options.room }, (answer) => {
      status(answer?.ok === false ? 'reconnecting' : 'live');
      // Whatever happened while we were away is in the new snapshot.
      board.reconnected();
      void refresh();
    });
  });
  socket.on('disconnect', () => status('reconnecting'));
  socket.on('referral.changed', (change) => applied(board.apply('referral.changed', change)));
  socket.on('clock.alert', (alert) => {
    applied(board.apply('clock.alert', alert));
    options.onAlert?.(alert);
  });

  const poll = window.setInterval(() => {
    if (!socket.connected) void refresh();
  }, POLL_MS);

  return {
    refresh,
    close() {
      window.clearInterval(poll);
      socket.close();
    },
  };
}
