import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** A health and care partnership area (Kent and Medway has four). */
@Entity('areas')
export class AreaEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
}

/** A multi-neighbourhood: about 250k people; the footprint for services that work at scale. */
@Entity('multi_neighbourhoods')
export class MultiNeighbourhoodEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'area_code' }) areaCode!: string;
  @Column('integer') population!: number;

  @ManyToOne(() => AreaEntity)
  @JoinColumn({ name: 'area_code' })
  area?: AreaEntity;
}

/** A neighbourhood: a primary care network footprint of 30-50k people. */
@Entity('neighbourhoods')
export class NeighbourhoodEntity {
  @PrimaryColumn('text') code!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'multi_neighbourhood_code' }) multiNeighbourhoodCode!: string;
  @Column('integer') population!: number;

  @ManyToOne(() => MultiNeighbourhoodEntity)
  @JoinColumn({ name: 'multi_neighbourhood_code' })
  multiNeighbourhood?: MultiNeighbourhoodEntity;
}

/** Postcode district (outward code, e.g. ME7) to the neighbourhood that serves it. */
@Entity('postcode_districts')
export class PostcodeDistrictEntity {
  @PrimaryColumn('text') district!: string;
  @Column('text', { name: 'neighbourhood_code' }) neighbourhoodCode!: string;
}

/** A GP practice (ODS code) and the neighbourhood its registered list belongs to. */
@Entity('gp_practices')
export class GpPracticeEntity {
  @PrimaryColumn('text', { name: 'ods_code' }) odsCode!: string;
  @Column('text') name!: string;
  @Column('text', { name: 'neighbourhood_code' }) neighbourhoodCode!: string;
  @Column('text') postcode!: string;
  /** Where discharge letters are POSTed (an HTTPS webhook); null: none configured. */
  @Column('text', { name: 'notify_url', nullable: true }) notifyUrl!: string | null;
}
