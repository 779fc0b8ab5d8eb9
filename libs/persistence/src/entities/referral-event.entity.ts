import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { ReferralStatus } from '@frontdoor/domain';

/**
 * One step in a referral's life. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE);
 * `seq` increases across all referrals, so live views can spot a gap.
 */
@Entity('referral_events')
export class ReferralEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq!: string;
  @Column('uuid', { name: 'referral_id' }) referralId!: string;
  @Column('text') type!: string;
  @Column('timestamptz', { default: () => 'now()' }) at!: Date;
  @Column('text', { name: 'actor_id' }) actorId!: string;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole!: string | null;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus!: ReferralStatus | null;
  @Column('text', { name: 'to_status', nullable: true }) toStatus!: ReferralStatus | null;
  @Column('jsonb', { default: () => "'{}'" }) data!: Record<string, unknown>;
}
