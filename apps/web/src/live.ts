import { io, type Socket } from 'socket.io-client';
import type { LiveEvents } from '@frontdoor/realtime';

/**
 * The live feed, in one place (API contract, "Queues and live updates"): socket.io at
 * /socket.io, namespace /live, the token in `handshake.auth.token`, `subscribe` to a room
 * (`hub` or `team:<code>`) with an acknowledgement, then `referral.changed` and `clock.alert`.
 *
 * For now every event, every (re)connection and a fallback poll while disconnected all lead to
 * the same thing: a debounced reload of the queue snapshot. When LiveBoard (libs/realtime)
 * lands, this is the one module to change: apply events by `seq` and reload only on a gap.
 */
export interface LiveOptions {
  token: string;
  room: string;
  /** Reload the snapshot (debounced here; never called twice at once). */
  reload: () => Promise<void>;
  /** A clock alert arrived (after the reload it triggers). */
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

const DEBOUNCE_MS = 300;
/** While the live feed is down, the board still refreshes this often. */
export const POLL_MS = 15_000;

export interface LiveConnection {
  close(): void;
}

export function connectLive(options: LiveOptions): LiveConnection {
  let timer: number | undefined;
  let running: Promise<void> | null = null;
  let again = false;

  const reloadSoon = () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void reloadNow(), DEBOUNCE_MS);
  };
  const reloadNow = async () => {
    if (running) {
      again = true;
      return;
    }
    running = options.reload().catch(() => undefined);
    await running;
    running = null;
    if (again) {
      again = false;
      reloadSoon();
    }
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
      reloadSoon();
    });
  });
  socket.on('disconnect', () => status('reconnecting'));
  socket.on('referral.changed', () => reloadSoon());
  socket.on('clock.alert', (alert) => {
    reloadSoon();
    options.onAlert?.(alert);
  });

  const poll = window.setInterval(() => {
    if (!socket.connected) reloadSoon();
  }, POLL_MS);

  return {
    close() {
      window.clearTimeout(timer);
      window.clearInterval(poll);
      socket.close();
    },
  };
}
