import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isJobName, JobQueue, type JobName, type JobPayloads } from '@frontdoor/queues';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';

const BATCH_SIZE = 200;
/**
 * How long to wait for Redis before giving the rows back. The claim is a transaction, so it
 * must not sit open through a Redis outage; a job added after the timeout is harmless
 * because the row is relayed again under the same job id.
 */
export const ENQUEUE_TIMEOUT_MS = 5_000;
/** A row that failed this often (an unknown job name) is left for a person to look at. */
export const MAX_RELAY_ATTEMPTS = 5;

interface OutboxRow {
  id: string;
  job_name: string;
  payload: JobPayloads[JobName];
  /** A deterministic job id (e.g. `clock:<clockId>:breached`); null means the row id. */
  job_id: string | null;
  /** Delay the job until then; null means at once. */
  run_at: Date | null;
}

/**
 * outbox.relay: moves committed outbox rows to BullMQ.
 * Why a job: it runs on a schedule on whichever worker is free, and resumes by itself when
 * Redis comes back. Safe to repeat: each row becomes a job whose id is the row's `job_id`
 * (default: the row's id), delayed until its `run_at` if any, so a row relayed twice (crash
 * between enqueue and commit) is still one job; rows are claimed
 * with FOR UPDATE SKIP LOCKED, so relays running side by side never take the same row.
 */
@Injectable()
@HandlesJob('outbox.relay')
export class OutboxRelayHandler implements JobHandler<'outbox.relay'> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly jobs: JobQueue,
  ) {}

  async handle(): Promise<void> {
    while ((await this.relayBatch()) === BATCH_SIZE);
  }

  /** Relays up to one batch; returns how many rows it claimed. */
  async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<OutboxRow[]>(
        `SELECT id, job_name, payload, job_id, run_at FROM outbox
         WHERE relayed_at IS NULL AND attempts < $2
         ORDER BY created_at
         LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE, MAX_RELAY_ATTEMPTS],
      );
      const known = rows.filter((row) => isJobName(row.job_name));
      const unknown = rows.filter((row) => !isJobName(row.job_name));
      await withTimeout(
        this.jobs.addBulk(
          known.map((row) => ({
            name: row.job_name as JobName,
            data: row.payload,
            options: {
              jobId: row.job_id ?? row.id,
              ...(row.run_at && { delay: Math.max(0, row.run_at.getTime() - Date.now()) }),
            },
          })),
        ),
        ENQUEUE_TIMEOUT_MS,
      );
      if (known.length) {
        await manager.query(
          `UPDATE outbox SET relayed_at = clock_timestamp(), attempts = attempts + 1
           WHERE id = ANY($1)`,
          [known.map((row) => row.id)],
        );
      }
      if (unknown.length) {
        await manager.query(
          `UPDATE outbox SET attempts = attempts + 1, last_error = 'unknown job name'
           WHERE id = ANY($1)`,
          [unknown.map((row) => row.id)],
        );
      }
      return rows.length;
    });
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not accept the jobs within ${ms}ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
