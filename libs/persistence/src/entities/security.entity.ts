import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A system's credential (111, ambulance CAD, a GP practice): only its SHA-256 hash is kept. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  /** The organisation (ODS code) the key acts for. */
  @Column('text', { name: 'org_code' }) orgCode!: string;
  @Column('text') role!: 'referrer';
  /** The key's first characters, to recognise it in a list; never enough to use it. */
  @Column('text') prefix!: string;
  @Column('text') hash!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('text', { name: 'created_by' }) createdBy!: string;
  @Column('timestamptz', { name: 'revoked_at', nullable: true }) revokedAt!: Date | null;
  @Column('text', { name: 'revoked_by', nullable: true }) revokedBy!: string | null;
}

/** One authorised read or write, append-only: who, in what role, what, which referral, when, from where. */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryColumn('bigint') id!: string;
  @Column('timestamptz') at!: Date;
  @Column('text', { name: 'actor_id' }) actorId!: string;
  @Column('text', { name: 'actor_role' }) actorRole!: string;
  @Column('text') credential!: string;
  @Column('text', { name: 'org_code', nullable: true }) orgCode!: string | null;
  @Column('text') permission!: string;
  /** Method and route pattern, e.g. `GET /api/v1/referrals/:id`. */
  @Column('text') route!: string;
  @Column('uuid', { name: 'referral_id', nullable: true }) referralId!: string | null;
  @Column('text', { name: 'team_code', nullable: true }) teamCode!: string | null;
  @Column('text', { name: 'break_glass_reason', nullable: true }) breakGlassReason!: string | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId!: string | null;
  @Column('text', { nullable: true }) ip!: string | null;
  @Column('text', { name: 'user_agent', nullable: true }) userAgent!: string | null;
  @Column('jsonb') detail!: Record<string, unknown>;
}
