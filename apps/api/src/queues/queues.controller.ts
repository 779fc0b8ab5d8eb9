import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AccessControl } from '../auth/access-control.service';
import { Requires } from '../auth/access-rule';
import { CallerOf, type Caller } from '../auth/caller';
import { invalidFields } from '../http/validation';
import { DEFAULT_QUEUE_LIMIT, MAX_QUEUE_LIMIT, QueuesService } from './queues.service';

/** `?limit=`: a whole number from 1 to MAX_QUEUE_LIMIT; absent means DEFAULT_QUEUE_LIMIT. */
function queueLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_QUEUE_LIMIT;
  const limit = /^\d{1,4}$/.test(raw) ? Number(raw) : NaN;
  if (!(limit >= 1 && limit <= MAX_QUEUE_LIMIT)) {
    throw invalidFields([
      { field: 'limit', message: `must be a whole number from 1 to ${MAX_QUEUE_LIMIT}` },
    ]);
  }
  return limit;
}

/**
 * Queues for people, as snapshots `{ seq, queue, total, limit, items }` (docs/queues.md).
 *
 * - **Hub queue** (care coordinators): status `received`, `triaged` or `awaiting_information`
 *   and not yet confirmed by the hub (`hub_confirmed_at` null): waiting for triage, for the
 *   coordinator to confirm or override it, for information the hub asked for, or handed back
 *   by a team for re-routing. Immediate (red flag) referrals first, then by `responseDueAt`
 *   (none due last), then the oldest.
 * - **Team queue** (team leads and clinicians): referrals with `team_code` = the team that
 *   the hub has handed over (`triaged` or `awaiting_information` with `hub_confirmed_at` set)
 *   or that the team is working (`accepted`, `assigned`, `first_contact`, `in_care`), by
 *   `responseDueAt` (none due last), then the oldest. Closed referrals are in no queue.
 *
 * Each item carries the patient's initials and age only. `seq` is the highest event seq in
 * the same snapshot: a client applies live events with a higher seq and reloads on a gap.
 * The hub queue is for coordinators; a team's queue for coordinators and the team's own
 * leads and clinicians. Every read is audited.
 */
@ApiTags('queues')
@ApiBearerAuth()
@Controller('api/v1/queues')
export class QueuesController {
  constructor(
    private readonly queues: QueuesService,
    private readonly access: AccessControl,
  ) {}

  @Get('hub')
  @Requires('queue.hub')
  @ApiOperation({
    summary: "The coordinators' queue: awaiting triage confirmation, information or re-routing",
  })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `1–${MAX_QUEUE_LIMIT}, default ${DEFAULT_QUEUE_LIMIT}`,
  })
  @ApiResponse({ status: 200, description: '{ seq, queue, total, limit, items }' })
  @ApiResponse({ status: 400, description: 'limit out of range' })
  async hub(@CallerOf() caller: Caller, @Query('limit') limit?: string) {
    await this.access.check(caller, 'queue.hub');
    return this.queues.hub(queueLimit(limit));
  }

  @Get('teams/:teamCode')
  @Requires('queue.team', ({ teamCode }) => ({ teamCode }))
  @ApiOperation({ summary: "A team's queue: handed over by the hub or being worked, by due time" })
  @ApiParam({ name: 'teamCode', example: 'ucr-medway' })
  @ApiQuery({
    name: 'limit',
    required: false,
    description: `1–${MAX_QUEUE_LIMIT}, default ${DEFAULT_QUEUE_LIMIT}`,
  })
  @ApiResponse({ status: 200, description: '{ seq, queue, team, total, limit, items }' })
  @ApiResponse({ status: 404, description: 'No team with this code' })
  async team(
    @Param('teamCode') teamCode: string,
    @CallerOf() caller: Caller,
    @Query('limit') limit?: string,
  ) {
    await this.access.check(caller, 'queue.team', { resource: { teamCode } });
    return this.queues.team(teamCode, queueLimit(limit));
  }
}
