import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The urgencies that run a community response clock (`immediate` goes to 999/ED instead). */
export type ClockKind = '2_hour' | 'same_day' | '48_hour' | 'routine';

/** CSDS waiting time measurement type (community care): 05 = 2-hour UCR, 06 = 2-day. */
export type CsdsMeasurementType = '05' | '06';

/**
 * One response clock, in the shape of a CSDS referral-to-treatment period (CYP104): start,
 * stop, target, met. A referral has at most one open clock; stopped clocks are never changed.
 */
@Entity('response_clocks')
export class ResponseClockEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'referral_id' }) referralId!: string;
  @Column('text') kind!: ClockKind;
  /** null for local targets (same day, routine). */
  @Column('text', { name: 'measurement_type', nullable: true })
  measurementType!: CsdsMeasurementType | null;
  @Column('timestamptz', { name: 'started_at' }) startedAt!: Date;
  /** 75% of the target: when the at_risk warning is due. */
  @Column('timestamptz', { name: 'at_risk_at' }) atRiskAt!: Date;
  @Column('timestamptz', { name: 'due_at' }) dueAt!: Date;
  @Column('timestamptz', { name: 'stopped_at', nullable: true }) stoppedAt!: Date | null;
  /** Set when stopped: stopped_at <= due_at. null while the clock runs, even when breached. */
  @Column('boolean', { nullable: true }) met!: boolean | null;
  @Column('timestamptz', { name: 'at_risk_alerted_at', nullable: true })
  atRiskAlertedAt!: Date | null;
  @Column('timestamptz', { name: 'breached_alerted_at', nullable: true })
  breachedAlertedAt!: Date | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'clock_timestamp()' })
  createdAt!: Date;
}
