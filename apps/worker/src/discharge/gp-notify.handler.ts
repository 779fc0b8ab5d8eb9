import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError, type Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { Config } from '@frontdoor/config';
import { gpEndpointProblem } from '@frontdoor/domain';
import { recordGpDeliveryEvent, type GpDeliveryStatus } from '@frontdoor/persistence';
import { CONFIG } from '@frontdoor/platform';
import type { JobPayloads } from '@frontdoor/queues';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';

/** How long one POST to a practice may take before it counts as a failed attempt. */
export const GP_NOTIFY_TIMEOUT_MS = 10_000;
const ACTOR = { id: 'gp-notify', role: 'system' };

interface DeliveryRow {
  status: GpDeliveryStatus;
  endpoint: string | null;
  letter_fhir: unknown;
}

/** Why an attempt failed, fit for the admin list and logs: a status or an error code, never a body. */
class AttemptFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttemptFailed';
  }
}

/**
 * gp.notify: POSTs a discharge letter (the FHIR document Bundle, application/fhir+json) to the
 * patient's GP practice endpoint. A 2xx marks the delivery delivered (`gp.delivered`), and
 * acknowledged too when the body says `{ "acknowledged": true }` (`gp.acknowledged`); anything
 * else counts an attempt, records why (no patient data) and throws, so BullMQ retries with
 * exponential backoff; the last attempt marks it failed (`gp.delivery_failed`) for the admin
 * list, where a person can resend it.
 * Why a job: the practice's system is outside our control and may be down for hours; the
 * discharge itself must not wait for it, and retries must survive restarts. Safe to repeat:
 * the delivery is re-read and nothing is sent unless it is still pending, and the status
 * changes are conditional on `pending`, so a duplicate run records no second event. A
 * practice may receive the same letter twice (a timeout after it accepted the first); the
 * Bundle's identifier is the same each time, so it can tell.
 */
@Injectable()
@HandlesJob('gp.notify')
export class GpNotifyHandler implements JobHandler<'gp.notify'> {
  private readonly logger = new Logger(GpNotifyHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async handle({ deliveryId }: JobPayloads['gp.notify'], job?: Job): Promise<void> {
    const [delivery] = await this.dataSource.query<DeliveryRow[]>(
      `SELECT g.status, g.endpoint, d.letter_fhir
       FROM gp_deliveries g JOIN discharges d ON d.id = g.discharge_id
       WHERE g.id = $1`,
      [deliveryId],
    );
    if (!delivery || delivery.status !== 'pending') {
      this.logger.log({ deliveryId, jobId: job?.id }, 'not pending; skipped');
      return;
    }
    const lastAttempt = job ? job.attemptsMade + 1 >= (job.opts.attempts ?? 1) : true;

    const problem = delivery.endpoint
      ? gpEndpointProblem(delivery.endpoint, this.config.NODE_ENV !== 'production')
      : 'is not configured';
    if (problem !== null || !delivery.endpoint) {
      // Retrying cannot fix configuration: fail now, a person fixes it and resends.
      await this.failed(deliveryId, `The practice endpoint ${problem ?? 'is missing'}`, true);
      throw new UnrecoverableError('GP endpoint refused by configuration');
    }

    let acknowledged: boolean;
    try {
      acknowledged = await this.post(delivery.endpoint, delivery.letter_fhir);
    } catch (error) {
      const reason = error instanceof AttemptFailed ? error.message : 'Unexpected error';
      await this.failed(deliveryId, reason, lastAttempt);
      throw error instanceof AttemptFailed ? error : new AttemptFailed(reason);
    }
    await this.delivered(deliveryId, acknowledged);
  }

  /** POSTs the Bundle; true when the practice acknowledged it in the same answer. */
  private async post(endpoint: string, bundle: unknown): Promise<boolean> {
    let response: Response;
    try {
      response = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/fhir+json; charset=utf-8',
          accept: 'application/json, application/fhir+json',
        },
        body: JSON.stringify(bundle),
        signal: AbortSignal.timeout(GP_NOTIFY_TIMEOUT_MS),
        redirect: 'error',
      });
    } catch (error) {
      throw new AttemptFailed(`No answer from the practice endpoint (${networkReason(error)})`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new AttemptFailed(`The practice endpoint answered HTTP ${response.status}`);
    }
    try {
      const body: unknown = JSON.parse(text);
      return (
        typeof body === 'object' &&
        body !== null &&
        (body as { acknowledged?: unknown }).acknowledged === true
      );
    } catch {
      return false;
    }
  }

  private async delivered(deliveryId: string, acknowledged: boolean): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const rows = await db.query<{ attempts: number }[]>(
        `WITH updated AS (
         UPDATE gp_deliveries
         SET status = $2, attempts = attempts + 1, last_attempt_at = clock_timestamp(),
             delivered_at = clock_timestamp(),
             acknowledged_at = CASE WHEN $2 = 'acknowledged' THEN clock_timestamp() END
         WHERE id = $1 AND status = 'pending'
         RETURNING attempts)
       SELECT * FROM updated`,
        [deliveryId, acknowledged ? 'acknowledged' : 'delivered'],
      );
      if (!rows.length) return;
      await recordGpDeliveryEvent(db, deliveryId, 'gp.delivered', ACTOR, {
        attempts: rows[0].attempts,
      });
      if (acknowledged) {
        await recordGpDeliveryEvent(db, deliveryId, 'gp.acknowledged', ACTOR, {
          via: 'delivery_response',
        });
      }
    });
    this.logger.log({ deliveryId, acknowledged }, 'discharge letter delivered');
  }

  /** Counts a failed attempt; on the last one marks the delivery failed, with an event. */
  private async failed(deliveryId: string, reason: string, last: boolean): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const rows = await db.query<{ attempts: number }[]>(
        `WITH updated AS (
         UPDATE gp_deliveries
         SET attempts = attempts + 1, last_error = $2, last_attempt_at = clock_timestamp(),
             status = CASE WHEN $3 THEN 'failed' ELSE status END
         WHERE id = $1 AND status = 'pending'
         RETURNING attempts)
       SELECT * FROM updated`,
        [deliveryId, reason, last],
      );
      if (rows.length && last) {
        await recordGpDeliveryEvent(db, deliveryId, 'gp.delivery_failed', ACTOR, {
          attempts: rows[0].attempts,
          reason,
        });
      }
    });
    this.logger.warn({ deliveryId, reason, last }, 'discharge letter not delivered');
  }
}

/** A network error's code (ECONNREFUSED, a timeout, …); never a message that may echo data. */
function networkReason(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${GP_NOTIFY_TIMEOUT_MS} ms`;
  }
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
