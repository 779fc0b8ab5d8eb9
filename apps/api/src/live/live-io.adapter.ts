import type { INestApplication } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';
import type { Config } from '@frontdoor/config';
import { reportOutages } from '@frontdoor/platform';
import { liveAdapterKey } from '@frontdoor/realtime';

/**
 * socket.io on the api's own HTTP server (Fastify's), with the Redis adapter, so an event
 * the worker emits (through @socket.io/redis-emitter, same key) reaches sockets held by any
 * api process. Its two connections retry forever in the background: while Redis is down
 * sockets stay connected and the HTTP api answers as usual; boards reconnect or see a gap
 * and reload.
 */
export class LiveIoAdapter extends IoAdapter {
  private readonly connections: Redis[] = [];

  constructor(
    app: INestApplication,
    private readonly config: Config,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      cors: { origin: this.config.CORS_ORIGINS.length ? [...this.config.CORS_ORIGINS] : false },
    }) as Server;
    server.adapter(
      createAdapter(this.connect('front-door-live-pub'), this.connect('front-door-live-sub'), {
        key: liveAdapterKey(this.config.REDIS_PREFIX),
      }),
    );
    return server;
  }

  override async dispose(): Promise<void> {
    await Promise.all(this.connections.map(close));
  }

  private connect(connectionName: string): Redis {
    const redis = new Redis(this.config.REDIS_URL, {
      maxRetriesPerRequest: null,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      connectionName,
    });
    reportOutages(redis, 'LiveRedis');
    this.connections.push(redis);
    return redis;
  }
}

/** How long closing waits for a connection still being made (its subscribes are queued on it). */
const READY_WAIT_MS = 2_000;

/**
 * QUIT lets the adapter's queued subscribes and unsubscribes finish first, so none is left to
 * fail unhandled; a connection that is not up within READY_WAIT_MS (Redis is down) is dropped.
 */
async function close(redis: Redis): Promise<void> {
  if (redis.status !== 'ready' && redis.status !== 'end') {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, READY_WAIT_MS);
      redis.once('ready', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
