import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { FootprintLevel, Pathway, TeamHours } from '@frontdoor/domain';

/** Opening hours of a team that is not 24/7: days of the week and local clock times. */
export interface TeamOpening {
  days: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
  from: string;
  to: string;
}

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
