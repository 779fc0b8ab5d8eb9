import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { Config } from '@frontdoor/config';
import { currentClockState } from '@frontdoor/domain';
import { ReferralEntity } from '@frontdoor/persistence';
import { CONFIG, REDIS } from '@frontdoor/platform';
import type { JobPayloads } from '@frontdoor/queues';
import { HUB_ROOM, liveChannel, teamRoom, type LiveMessage } from '@frontdoor/realtime';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';

/**
 * referral.changed: tells the live boards that a referral moved on, after the change is
 * committed (it comes through the outbox, never from a code path that might roll back).
 * Why a job: Redis may be down when the change commits. Safe to repeat: it publishes the
 * referral's current state with the event's seq, and boards ignore a seq they have seen.
 */
@Injectable()
@HandlesJob('referral.changed')
export class ReferralChangedHandler implements JobHandler<'referral.changed'> {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async handle({ referralId, seq }: JobPayloads['referral.changed']): Promise<void> {
    const referral = await this.dataSource.manager.findOneBy(ReferralEntity, { id: referralId });
    if (!referral) return;
    const clock = currentClockState(
      {
        startedAt: referral.clockStartedAt,
        dueAt: referral.responseDueAt,
        stoppedAt: referral.clockStoppedAt,
      },
      new Date(),
    );
    const message: LiveMessage<'referral.changed'> = {
      event: 'referral.changed',
      rooms: [HUB_ROOM, ...(referral.teamCode ? [teamRoom(referral.teamCode)] : [])],
      payload: {
        seq,
        id: referral.id,
        status: referral.status,
        version: referral.version,
        teamCode: referral.teamCode,
        urgency: referral.urgency,
        responseDueAt: referral.responseDueAt?.toISOString() ?? null,
        clockState: clock,
      },
    };
    await this.redis.publish(liveChannel(this.config.REDIS_PREFIX), JSON.stringify(message));
  }
}
