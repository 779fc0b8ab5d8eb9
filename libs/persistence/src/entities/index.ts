import {
  AreaEntity,
  GpPracticeEntity,
  MultiNeighbourhoodEntity,
  NeighbourhoodEntity,
  PostcodeDistrictEntity,
} from './geography.entity';
import { OutboxEntity } from './outbox.entity';
import { ReferralEventEntity } from './referral-event.entity';
import { ReferralEntity } from './referral.entity';
import { TeamEntity, TeamNeighbourhoodEntity } from './team.entity';

export * from './geography.entity';
export * from './outbox.entity';
export * from './referral-event.entity';
export * from './referral.entity';
export * from './team.entity';

export const ENTITIES = [
  AreaEntity,
  MultiNeighbourhoodEntity,
  NeighbourhoodEntity,
  PostcodeDistrictEntity,
  GpPracticeEntity,
  TeamEntity,
  TeamNeighbourhoodEntity,
  ReferralEntity,
  ReferralEventEntity,
  OutboxEntity,
];
