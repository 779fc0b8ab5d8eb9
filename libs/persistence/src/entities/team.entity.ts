import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FootprintLevel, Pathway, TeamHours, TeamOpening } from '@frontdoor/domain';

/** A community team: the pathways it serves, where, when, and how much it can hold. */
@Entity('teams')
export class TeamEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { array: true }) pathways!: Pathway[];
  @Column('text', { name: 'footprint_level' }) footprintLevel!: FootprintLevel;
  @Column('text', { name: 'footprint_code' }) footprintCode!: string;
  @Column('text') hours!: TeamHours;
  @Column('jsonb', { nullable: true }) opening!: TeamOpening | null;
  /** Open caseload the team can hold before mutual aid is sought. */
  @Column('integer', { name: 'caseload_limit' }) caseloadLimit!: number;
  /** Virtual ward beds, for teams that run one. */
  @Column('integer', { nullable: true }) beds!: number | null;
  @Column('text', { nullable: true }) phone!: string | null;
  /** How long a routine referral waits for this team, as the team publishes it. */
  @Column('integer', { name: 'routine_wait_days', default: 28 }) routineWaitDays!: number;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** Every neighbourhood a team covers, expanded from its footprint so routing is one lookup. */
@Entity('team_neighbourhoods')
export class TeamNeighbourhoodEntity {
  @PrimaryColumn('text', { name: 'team_code' }) teamCode!: string;
  @PrimaryColumn('text', { name: 'neighbourhood_code' }) neighbourhoodCode!: string;
}

/** A change to a team (capacity, hours): append-only, like referral events. */
@Entity('team_events')
export class TeamEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq!: string;
  @Column('text', { name: 'team_code' }) teamCode!: string;
  @Column('text') type!: string;
  @Column('timestamptz', { default: () => 'clock_timestamp()' }) at!: Date;
  @Column('text', { name: 'actor_id' }) actorId!: string;
  @Column('text', { name: 'actor_role', nullable: true }) actorRole!: string | null;
  @Column('jsonb', { default: () => "'{}'" }) data!: Record<string, unknown>;
}
