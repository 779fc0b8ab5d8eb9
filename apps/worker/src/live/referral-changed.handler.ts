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
 * committed (a trigger on referral_events queues it through the outbox, never from a code
 * path that might roll back), and raises `clock.alert` for a clock's at_risk or breach.
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

  async handle({ referralId, seq, type }: JobPayloads['referral.changed']): Promise<void> {
    const referral = await this.dataSource.manager.findOneBy(ReferralEntity, { id: referralId });
    if (!referral) return;
    const rooms = [HUB_ROOM, ...(referral.teamCode ? [teamRoom(referral.teamCode)] : [])];
    const responseDueAt = referral.responseDueAt?.toISOString() ?? null;
    const changed: LiveMessage<'referral.changed'> = {
      event: 'referral.changed',
      rooms,
      payload: {
        seq,
        id: referral.id,
        status: referral.status,
        version: referral.version,
        teamCode: referral.teamCode,
        urgency: referral.urgency,
        responseDueAt,
        clockState: currentClockState(
          {
            startedAt: referral.clockStartedAt,
            dueAt: referral.responseDueAt,
            stoppedAt: referral.clockStoppedAt,
          },
          new Date(),
        ),
      },
    };
    await this.publish(changed);
    const level = CLOCK_EVENTS[type];
    if (level) {
      await this.publish({
        event: 'clock.alert',
        rooms,
        payload: { seq, id: referral.id, teamCode: referral.teamCode, level, responseDueAt },
      } satisfies LiveMessage<'clock.alert'>);
    }
  }

  private async publish(message: LiveMessage): Promise<void> {
    await this.redis.publish(liveChannel(this.config.REDIS_PREFIX), JSON.stringify(message));
  }
}

/** Clock events (written by the clock alert job) that boards show as alerts. */
const CLOCK_EVENTS: Record<string, 'at_risk' | 'breached' | undefined> = {
  'clock.at_risk': 'at_risk',
  'clock.breached': 'breached',
};
