import { Column, Entity, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';
import type { Pathway, ReferralStatus, Urgency } from '@frontdoor/domain';

/** One referral: the current state. Its history is in referral_events. */
@Entity('referrals')
export class ReferralEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  /** Short, readable over the phone, e.g. FD-7H3K-Q9MX. */
  @Column('text', { unique: true }) reference!: string;
  @Column('text') status!: ReferralStatus;
  @VersionColumn() version!: number;
  /** The server's commit time, never the client's. */
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('text', { name: 'referrer_type' }) referrerType!: string;
  @Column('text', { name: 'referrer_org_code', nullable: true }) referrerOrgCode!: string | null;
  @Column('jsonb') referrer!: Record<string, unknown>;
  @Column('jsonb') patient!: Record<string, unknown>;
  @Column('jsonb') clinical!: Record<string, unknown>;
  @Column('text') consent!: string;
  @Column('text', { name: 'nhs_number', nullable: true }) nhsNumber!: string | null;
  @Column('text', { name: 'neighbourhood_code', nullable: true }) neighbourhoodCode!: string | null;
  @Column('text', { nullable: true }) pathway!: Pathway | null;
  @Column('text', { nullable: true }) urgency!: Urgency | null;
  @Column('text', { name: 'team_code', nullable: true }) teamCode!: string | null;
  @Column('timestamptz', { name: 'response_due_at', nullable: true }) responseDueAt!: Date | null;
  /** The current response clock's start and stop (a copy of response_clocks, for queue reads). */
  @Column('timestamptz', { name: 'clock_started_at', nullable: true }) clockStartedAt!: Date | null;
  @Column('timestamptz', { name: 'clock_stopped_at', nullable: true }) clockStoppedAt!: Date | null;
  /** The clinician the referral is assigned to (a clinician id), if any. */
  @Column('text', { nullable: true }) assignee!: string | null;
  /**
   * When the hub confirmed or overrode triage and handed the referral to its team (moves it
   * from the hub queue to the team's); hand_back sets it back to null. See docs/queues.md.
   */
  @Column('timestamptz', { name: 'hub_confirmed_at', nullable: true }) hubConfirmedAt!: Date | null;
  /** The engine's decision, or a clinician's override of it (see TriageRecord). */
  @Column('jsonb', { nullable: true }) triage!: Record<string, unknown> | null;
  /** The open question to the referrer, if any (request_information). */
  @Column('jsonb', { name: 'information_request', nullable: true }) informationRequest!: {
    question: string;
    askedBy: string;
    askedAt: string;
    previousStatus: ReferralStatus;
  } | null;
  @Column('text', { array: true, default: () => "'{}'" }) flags!: string[];
  /** One caller's key: unique per `submittedBy`. */
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey!: string | null;
  @Column('text', { name: 'request_hash', nullable: true }) requestHash!: string | null;
  /** The signed-in person or system that submitted it. */
  @Column('text', { name: 'submitted_by' }) submittedBy!: string;
  /** The submitting system's or referrer's organisation (ODS), when they signed in as one. */
  @Column('text', { name: 'submitter_org_code', nullable: true }) submitterOrgCode!: string | null;
  /** The door it came in by. */
  @Column('text') channel!: 'api' | 'fhir' | 'web';
  @Column('date', { name: 'date_of_birth', nullable: true }) dateOfBirth!: string | null;
  /** family name + date of birth + postcode, normalised: finds the patient without an NHS number. */
  @Column('text', { name: 'match_key', nullable: true }) matchKey!: string | null;
  /** The open referral this one may duplicate (flag possible_duplicate). */
  @Column('uuid', { name: 'linked_referral_id', nullable: true }) linkedReferralId!: string | null;
}
