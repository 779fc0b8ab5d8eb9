import {
  AreaEntity,
  GpPracticeEntity,
  MultiNeighbourhoodEntity,
  NeighbourhoodEntity,
  PostcodeDistrictEntity,
} from './geography.entity';
import { DischargeEntity, GpDeliveryEntity } from './discharge.entity';
import { OutboxEntity } from './outbox.entity';
import { ReferralEventEntity } from './referral-event.entity';
import { ReferralEntity } from './referral.entity';
import { ResponseClockEntity } from './response-clock.entity';
import { ApiKeyEntity, AuditEventEntity } from './security.entity';
import { TeamEntity, TeamEventEntity, TeamNeighbourhoodEntity } from './team.entity';

export * from './geography.entity';
export * from './discharge.entity';
export * from './outbox.entity';
export * from './referral-event.entity';
export * from './referral.entity';
export * from './response-clock.entity';
export * from './security.entity';
export * from './team.entity';

export const ENTITIES = [
  AreaEntity,
  MultiNeighbourhoodEntity,
  NeighbourhoodEntity,
  PostcodeDistrictEntity,
  GpPracticeEntity,
  TeamEntity,
  TeamNeighbourhoodEntity,
  TeamEventEntity,
  ReferralEntity,
  ReferralEventEntity,
  OutboxEntity,
  DischargeEntity,
  GpDeliveryEntity,
  ResponseClockEntity,
  ApiKeyEntity,
  AuditEventEntity,
];
