import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  currentClockState,
  type Pathway,
  type ReferralStatus,
  type Urgency,
} from '@frontdoor/domain';
import type { JobPayloads } from '@frontdoor/queues';
import { HUB_ROOM, queueRoomOf, teamRoom, type LiveRoom } from '@frontdoor/realtime';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';
import { LiveEmitter, type Undelivered } from './live-emitter';

interface LiveRow {
  status: ReferralStatus;
  version: number;
  pathway: Pathway | null;
  urgency: Urgency | null;
  team_code: string | null;
  assignee: string | null;
  flags: string[];
  red_flags: string[];
  response_due_at: Date | null;
  clock_started_at: Date | null;
  clock_stopped_at: Date | null;
  hub_confirmed: boolean;
  /** The team the event moved it away from (hand back, override, step up or down). */
  from_team: string | null;
}

/** The referral as the board shows it, never patient details, and the event's team it left. */
const LIVE_ROW = `
  SELECT status, version, pathway, urgency, team_code, assignee, flags, response_due_at,
         clock_started_at, clock_stopped_at, hub_confirmed_at IS NOT NULL AS hub_confirmed,
         coalesce(jsonb_path_query_array(triage, '$.redFlags[*].code'), '[]') AS red_flags,
         (SELECT data->>'fromTeam' FROM referral_events WHERE seq = $2) AS from_team
  FROM referrals WHERE id = $1`;

/** Clock events (written by the clock alert job) that boards show as alerts. */
const CLOCK_EVENTS: Record<string, 'at_risk' | 'breached' | undefined> = {
  'clock.at_risk': 'at_risk',
  'clock.breached': 'breached',
};

/**
 * referral.changed: tells the live boards that a referral moved on, after the change is
 * committed (a trigger on referral_events queues it through the outbox, never from a code
 * path that might roll back), and raises `clock.alert` for a clock's at_risk or breach.
 * It goes to the hub's room, the referral's team's room, and the room of a team it just
 * left, each told whether the referral is now in that room's queue.
 * Why a job: Redis may be down when the change commits. Safe to repeat: it sends the
 * referral's current state and version with the event's seq; boards apply by version.
 */
@Injectable()
@HandlesJob('referral.changed')
export class ReferralChangedHandler implements JobHandler<'referral.changed'> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly live: LiveEmitter,
  ) {}

  async handle({ referralId, seq, type }: JobPayloads['referral.changed']): Promise<void> {
    const [row] = await this.dataSource.query<LiveRow[]>(LIVE_ROW, [referralId, seq]);
    if (!row) return;
    const queue = queueRoomOf({
      status: row.status,
      teamCode: row.team_code,
      hubConfirmed: row.hub_confirmed,
    });
    const responseDueAt = row.response_due_at?.toISOString() ?? null;
    const changed: Omit<Undelivered<'referral.changed'>, 'inQueue'> = {
      seq,
      id: referralId,
      status: row.status,
      version: row.version,
      teamCode: row.team_code,
      urgency: row.urgency,
      responseDueAt,
      clockState: currentClockState(
        {
          startedAt: row.clock_started_at,
          dueAt: row.response_due_at,
          stoppedAt: row.clock_stopped_at,
        },
        new Date(),
      ),
      pathway: row.pathway,
      assignee: row.assignee,
      flags: row.flags,
      redFlags: row.red_flags,
    };
    const level = CLOCK_EVENTS[type];
    for (const room of roomsFor(row)) {
      await this.live.emit(room, 'referral.changed', { ...changed, inQueue: queue === room });
      if (level) {
        await this.live.emit(room, 'clock.alert', {
          seq,
          id: referralId,
          teamCode: row.team_code,
          level,
          responseDueAt,
        });
      }
    }
  }
}

function roomsFor({ team_code, from_team }: LiveRow): LiveRoom[] {
  const teams = new Set([team_code, from_team].filter((code): code is string => !!code));
  return [HUB_ROOM, ...[...teams].map(teamRoom)];
}
