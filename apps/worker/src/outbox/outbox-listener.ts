import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Client } from 'pg';
import type { Config } from '@frontdoor/config';
import { CONFIG } from '@frontdoor/platform';
import { OutboxRelayHandler } from './outbox-relay.handler';

const RECONNECT_MS = 2_000;

/**
 * Runs the relay as soon as an outbox row is committed (Postgres LISTEN/NOTIFY), so a
 * referral reaches triage in milliseconds rather than at the next scheduled relay. Safe to
 * race with the schedule and with other workers: the relay claims rows with SKIP LOCKED.
 */
@Injectable()
export class OutboxListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxListener.name);
  private client?: Client;
  private stopped = false;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly relay: OutboxRelayHandler,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.client?.end().catch(() => undefined);
    await this.running;
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.DATABASE_URL,
      application_name: 'front-door-outbox-listener',
    });
    client.on('notification', () => this.wake());
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'outbox listener lost its connection; reconnecting');
      void client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    });
    try {
      await client.connect();
      if (this.stopped) {
        await client.end();
        return;
      }
      await client.query('LISTEN outbox');
      this.client = client;
      this.wake(); // catch up on anything committed while not listening
    } catch (error) {
      this.logger.warn({ err: error }, 'outbox listener could not connect; retrying');
      await client.end().catch(() => undefined);
      setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    }
  }

  /** One relay at a time; a wake-up during a run asks for one more run, not one per row. */
  private wake(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relay
      .handle()
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'relay on notification failed; the schedule retries'),
      )
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.wake();
        }
      });
  }
}
