import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work to hand to a queue, written in the same transaction as the change that causes it.
 * The relay in the worker moves each row to BullMQ with job id = `job_id` (default: the outbox
 * id), delayed until `run_at` when set.
 */
@Entity('outbox')
export class OutboxEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text', { name: 'job_name' }) jobName!: string;
  @Column('jsonb') payload!: Record<string, unknown>;
  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' })
  createdAt!: Date;
  @Column('timestamptz', { name: 'relayed_at', nullable: true }) relayedAt!: Date | null;
  @Column('integer', { default: 0 }) attempts!: number;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  /** The BullMQ job id to use; null means the row's own id. */
  @Column('text', { name: 'job_id', nullable: true }) jobId!: string | null;
  /** Delay the job until then (a delayed job); null means at once. */
  @Column('timestamptz', { name: 'run_at', nullable: true }) runAt!: Date | null;
}
