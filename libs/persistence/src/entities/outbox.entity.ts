import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Work to hand to a queue, written in the same transaction as the change that causes it.
 * The relay in the worker moves each row to BullMQ with job id = outbox id.
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
}
