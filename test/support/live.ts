import { io, type Socket } from 'socket.io-client';
import {
  LIVE_NAMESPACE,
  LIVE_PATH,
  type LiveClientEvents,
  type LiveEventName,
  type LiveEvents,
  type LiveServerEvents,
  type RoomAnswer,
} from '@frontdoor/realtime';

export type LiveSocket = Socket<LiveServerEvents, LiveClientEvents>;

/** One event as a test client saw it. */
export type Received = {
  [E in LiveEventName]: { event: E; payload: LiveEvents[E] };
}[LiveEventName];

/** A socket.io client of the live feed that records every event it receives. */
export interface LiveClient {
  socket: LiveSocket;
  received: Received[];
  subscribe(room: string): Promise<RoomAnswer>;
  unsubscribe(room: string): Promise<RoomAnswer>;
  /** Waits until an event matching `test` has arrived (10 s at most) and returns it. */
  next(test: (event: Received) => boolean, timeoutMs?: number): Promise<Received>;
  close(): void;
}

/** A socket to `${apiUrl}/live`, not yet connected; `auth` is the handshake's auth object. */
export function liveSocket(apiUrl: string, auth: Record<string, string>): LiveSocket {
  return io(`${apiUrl}${LIVE_NAMESPACE}`, {
    path: LIVE_PATH,
    auth,
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
  });
}

/** Connects, or rejects with the server's refusal (the connect_error message). */
export function connect(socket: LiveSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
    socket.connect();
  });
}

/** Signs in with a bearer token (or the handshake auth given) and connects. */
export async function liveClient(
  apiUrl: string,
  auth: Record<string, string> | { authorization: string },
): Promise<LiveClient> {
  const handshake =
    'authorization' in auth ? { token: auth.authorization.replace(/^Bearer /, '') } : auth;
  const socket = liveSocket(apiUrl, handshake);
  const received: Received[] = [];
  socket.on('referral.changed', (payload) => received.push({ event: 'referral.changed', payload }));
  socket.on('clock.alert', (payload) => received.push({ event: 'clock.alert', payload }));
  await connect(socket);
  const ask = (command: 'subscribe' | 'unsubscribe', room: string) =>
    new Promise<RoomAnswer>((resolve) => socket.emit(command, { room }, resolve));
  return {
    socket,
    received,
    subscribe: (room) => ask('subscribe', room),
    unsubscribe: (room) => ask('unsubscribe', room),
    async next(test, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error('no such live event arrived in time');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    close: () => socket.disconnect(),
  };
}
