import { HttpException, Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { DataSource } from 'typeorm';
import { DomainError } from '@frontdoor/domain';
import { requestId } from '@frontdoor/logging';
import {
  LIVE_NAMESPACE,
  LIVE_PATH,
  parseRoom,
  type LiveClientEvents,
  type LiveServerEvents,
  type RoomAnswer,
} from '@frontdoor/realtime';
import { AccessControl } from '../auth/access-control.service';
import { Authenticator } from '../auth/authenticator.service';
import type { Caller } from '../auth/caller';

interface SocketData {
  caller: Caller;
}
type LiveSocket = Socket<LiveClientEvents, LiveServerEvents, Record<string, never>, SocketData>;

const ROOM_NEEDED = "Name a room: { room: 'hub' } or { room: 'team:<teamCode>' }";
const UNAVAILABLE = 'Live updates are unavailable just now; try again shortly';

/**
 * The live feed (API contract, "Queues and live updates"): socket.io namespace /live. A
 * connection signs in once, with the same credentials as HTTP (`auth.token`, a JWT, or
 * `auth.apiKey`); `subscribe` joins a queue's room if the permission matrix allows
 * (`live.hub`, `live.team`) and is audited like a queue read. The worker emits the events.
 */
@WebSocketGateway({ path: LIVE_PATH, namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit<Namespace> {
  private readonly logger = new Logger(LiveGateway.name);

  constructor(
    private readonly authenticator: Authenticator,
    private readonly access: AccessControl,
    private readonly dataSource: DataSource,
  ) {}

  /** Refuses a connection without a valid credential: `connect_error` with the reason. */
  afterInit(namespace: Namespace): void {
    namespace.use((socket: LiveSocket, next) => {
      this.signIn(socket).then(
        () => next(),
        (error: unknown) => next(new Error(this.refusal(error))),
      );
    });
  }

  @SubscribeMessage('subscribe')
  async subscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<RoomAnswer> {
    const target = parseRoom(roomOf(body));
    if (!target) return { ok: false, error: ROOM_NEEDED };
    const { room, teamCode } = target;
    try {
      if (teamCode && !(await this.teamExists(teamCode))) {
        return { ok: false, error: 'No team with this code' };
      }
      await this.access.check(
        socket.data.caller,
        teamCode ? 'live.team' : 'live.hub',
        teamCode ? { resource: { teamCode } } : {},
      );
      await socket.join(room);
      return { ok: true, room };
    } catch (error) {
      return { ok: false, error: this.refusal(error) };
    }
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<RoomAnswer> {
    const target = parseRoom(roomOf(body));
    if (!target) return { ok: false, error: ROOM_NEEDED };
    await socket.leave(target.room);
    return { ok: true, room: target.room };
  }

  private async signIn(socket: LiveSocket): Promise<void> {
    const { token, apiKey } = socket.handshake.auth as Record<string, unknown>;
    const principal = await this.authenticator.authenticate({
      ...(typeof token === 'string' && token && { bearer: token }),
      ...(typeof apiKey === 'string' && apiKey && { apiKey }),
    });
    const userAgent = socket.handshake.headers['user-agent'];
    socket.data.caller = {
      principal,
      route: 'WS /live subscribe',
      requestId: requestId(socket.request),
      ip: socket.handshake.address,
      ...(userAgent && { userAgent }),
    };
  }

  /** What the client is told: the refusal's own words, never a stack or an internal error. */
  private refusal(error: unknown): string {
    if (error instanceof DomainError || error instanceof HttpException) return error.message;
    this.logger.warn({ err: error }, 'live feed request failed');
    return UNAVAILABLE;
  }

  private async teamExists(code: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM teams WHERE code = $1', [
      code,
    ]);
    return rows.length > 0;
  }
}

function roomOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null ? (body as { room?: unknown }).room : undefined;
}
