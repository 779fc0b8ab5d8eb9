import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DischargeOutcome, DischargeSummary } from '@frontdoor/domain';

/** A referral's discharge back to general practice: the summary and the rendered letter. */
@Entity('discharges')
export class DischargeEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'referral_id', unique: true }) referralId!: string;
  @Column('text') outcome!: DischargeOutcome;
  @Column('jsonb') summary!: DischargeSummary;
  @Column('text', { name: 'discharged_by' }) dischargedBy!: string;
  @Column('text', { name: 'discharged_by_role' }) dischargedByRole!: string;
  @Column('timestamptz', { name: 'discharged_at' }) dischargedAt!: Date;
  @Column('text', { name: 'letter_html' }) letterHtml!: string;
  /** The FHIR R4 document Bundle (Composition + Patient). */
  @Column('jsonb', { name: 'letter_fhir' }) letterFhir!: Record<string, unknown>;
}

export const GP_DELIVERY_STATUSES = [
  'pending',
  'delivered',
  'acknowledged',
  'failed',
  'not_applicable',
] as const;
export type GpDeliveryStatus = (typeof GP_DELIVERY_STATUSES)[number];

/**
 * One delivery of a discharge letter to the patient's GP practice. `not_applicable`: the
 * patient has no registered practice (V81997); the letter goes to the patient instead.
 */
@Entity('gp_deliveries')
export class GpDeliveryEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid', { name: 'discharge_id' }) dischargeId!: string;
  @Column('text', { name: 'practice_ods_code', nullable: true }) practiceOdsCode!: string | null;
  @Column('text', { nullable: true }) endpoint!: string | null;
  @Column('text') status!: GpDeliveryStatus;
  @Column('integer') attempts!: number;
  /** Why the last attempt failed; never patient data. */
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'last_attempt_at', nullable: true }) lastAttemptAt!: Date | null;
  @Column('timestamptz', { name: 'delivered_at', nullable: true }) deliveredAt!: Date | null;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
