import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '@frontdoor/domain';
import type { QueueItem } from '@frontdoor/realtime';
import { readQueueRows, type QueueName } from './queue.sql';
import { queueItem } from './queue.views';

export const DEFAULT_QUEUE_LIMIT = 200;
export const MAX_QUEUE_LIMIT = 500;

export interface QueueSnapshot {
  /** The highest referral_events.seq in the snapshot: the board's start (LiveBoard.load). */
  seq: number;
  /** `hub` or `team:<code>`, the socket.io room that carries this queue's live events. */
  queue: string;
  team?: { code: string; name: string };
  /** How many referrals are in the queue; `items` holds the first `limit` of them. */
  total: number;
  limit: number;
  items: QueueItem[];
}

/** Queue snapshots for the hub and for each team (definitions in docs/queues.md). */
@Injectable()
export class QueuesService {
  constructor(private readonly dataSource: DataSource) {}

  async hub(limit: number): Promise<QueueSnapshot> {
    const { seq, total, rows, now } = await this.snapshot({ kind: 'hub' }, limit);
    return { seq, queue: 'hub', total, limit, items: rows.map((row) => queueItem(row, now)) };
  }

  async team(teamCode: string, limit: number): Promise<QueueSnapshot> {
    const { seq, total, rows, teamName, now } = await this.snapshot(
      { kind: 'team', teamCode },
      limit,
    );
    if (teamName === null) throw new DomainError('not_found', 'No team with this code');
    return {
      seq,
      queue: `team:${teamCode}`,
      team: { code: teamCode, name: teamName },
      total,
      limit,
      items: rows.map((row) => queueItem(row, now)),
    };
  }

  /**
   * The seq, the count and the rows from one REPEATABLE READ, read-only transaction: one
   * snapshot, so an event with a higher seq is a change the rows do not show yet.
   */
  private snapshot(queue: QueueName, limit: number) {
    return this.dataSource.transaction('REPEATABLE READ', async (db) => {
      await db.query('SET TRANSACTION READ ONLY');
      const read = await readQueueRows(
        (sql, parameters) => db.query(sql, parameters),
        queue,
        limit,
      );
      // Clock states are as of the snapshot's read, not of when the answer is serialised.
      return { ...read, now: new Date() };
    });
  }
}
