import { Inject, Injectable } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type Redis from 'ioredis';
import type { Config } from '@frontdoor/config';
import { CONFIG, REDIS } from '@frontdoor/platform';
import {
  LIVE_NAMESPACE,
  liveAdapterKey,
  type LiveEventName,
  type LiveEvents,
  type LiveRoom,
  type LiveServerEvents,
} from '@frontdoor/realtime';

/** An event's payload before the emitter adds where it went and what went there before. */
export type Undelivered<E extends LiveEventName> = Omit<LiveEvents[E], 'room' | 'previousSeq'>;

/**
 * Emits live events to rooms through socket.io's Redis emitter, so they reach sockets held by
 * any api process. Each room's last emitted seq is kept in Redis (`SET … GET`, under the
 * deployment's prefix) and sent as the next event's `previousSeq`, for gap detection.
 * Emissions from this process go one at a time, so a room's events leave in the order their
 * previousSeq chain says; a second worker may interleave with it, which a board sees at
 * worst as a gap (it reloads).
 */
@Injectable()
export class LiveEmitter {
  private readonly key: string;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: Config,
  ) {
    this.key = liveAdapterKey(config.REDIS_PREFIX);
  }

  /** Resolves once Redis took the message; rejects (the job retries) when it did not. */
  emit<E extends LiveEventName>(room: LiveRoom, event: E, payload: Undelivered<E>): Promise<void> {
    const sent = this.tail.then(async () => {
      const previous = await this.redis.set(`${this.key}:last-seq:${room}`, payload.seq, 'GET');
      const delivery = {
        ...payload,
        room,
        previousSeq: previous === null ? null : Number(previous),
      } as LiveEvents[E];
      await this.publish(room, event, delivery);
    });
    this.tail = sent.catch(() => undefined);
    return sent;
  }

  /** The emitter publishes without awaiting; this hands it a client whose publish we await. */
  private async publish<E extends LiveEventName>(
    room: LiveRoom,
    event: E,
    delivery: LiveEvents[E],
  ): Promise<void> {
    let published: Promise<unknown> = Promise.resolve();
    const client = {
      publish: (channel: string, message: Buffer) =>
        (published = this.redis.publish(channel, message)),
    };
    const emitter = new Emitter<LiveServerEvents>(client, { key: this.key }, LIVE_NAMESPACE);
    emitter.to(room).emit(event, ...([delivery] as Parameters<LiveServerEvents[E]>));
    await published;
  }
}
