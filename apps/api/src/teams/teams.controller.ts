import { Body, Controller, Get, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { DataSource } from 'typeorm';
import { DomainError, TEAM_HELD_STATUSES } from '@frontdoor/domain';
import { TeamEntity } from '@frontdoor/persistence';
import { actorOf } from '@frontdoor/auth';
import { AccessControl } from '../auth/access-control.service';
import { Requires } from '../auth/access-rule';
import { CallerOf, type Caller } from '../auth/caller';

export class CapacityChangeDto {
  @IsOptional() @IsInt() @Min(1) @Max(10_000) caseloadLimit?: number;
  @IsOptional() @IsInt() @Min(1) @Max(10_000) beds?: number;
  @IsString() @MinLength(3) @MaxLength(500) reason!: string;
}

/** A team's capacity now, and changes to it (each one an append-only team event). */
@ApiTags('teams')
@ApiBearerAuth()
@Controller('api/v1/teams')
export class TeamsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
  ) {}

  @Get(':code')
  @Requires('team.read', ({ code }) => ({ teamCode: code }))
  @ApiOperation({ summary: 'A team: pathways, footprint, hours, capacity and how much is in use' })
  async get(@Param('code') code: string, @CallerOf() caller: Caller) {
    await this.access.check(caller, 'team.read', { resource: { teamCode: code } });
    return this.view(code);
  }

  private async view(code: string) {
    const team = await this.dataSource.manager.findOneBy(TeamEntity, { code });
    if (!team) throw new DomainError('not_found', 'No team with this code');
    const [use] = await this.dataSource.query<{ caseload: number; in_care: number }[]>(
      `SELECT count(*) FILTER (WHERE status = ANY($2))::int AS caseload,
              count(*) FILTER (WHERE status = 'in_care')::int AS in_care
       FROM referrals WHERE team_code = $1`,
      [code, TEAM_HELD_STATUSES],
    );
    return {
      code: team.code,
      name: team.name,
      pathways: team.pathways,
      footprint: { level: team.footprintLevel, code: team.footprintCode },
      hours: team.hours,
      opening: team.opening,
      capacity: {
        caseloadLimit: team.caseloadLimit,
        openCaseload: use.caseload,
        beds: team.beds,
        bedsInUse: team.beds === null ? null : use.in_care,
        atCapacity:
          use.caseload >= team.caseloadLimit || (team.beds !== null && use.in_care >= team.beds),
      },
    };
  }

  @Patch(':code/capacity')
  @Requires('team.capacity', ({ code }) => ({ teamCode: code }))
  @ApiOperation({ summary: "Change a team's caseload limit or beds, with a reason (a team event)" })
  async changeCapacity(
    @Param('code') code: string,
    @Body() body: CapacityChangeDto,
    @CallerOf() caller: Caller,
  ) {
    await this.dataSource.transaction(async (db) => {
      const grant = await this.access.check(
        caller,
        'team.capacity',
        { resource: { teamCode: code } },
        db,
      );
      const actor = actorOf(caller.principal, grant);
      const team = await db.findOne(TeamEntity, {
        where: { code },
        lock: { mode: 'pessimistic_write' },
      });
      if (!team) throw new DomainError('not_found', 'No team with this code');
      if (body.beds !== undefined && team.beds === null) {
        throw new DomainError('invalid_submission', 'This team has no virtual ward beds to change');
      }
      const previous = { caseloadLimit: team.caseloadLimit, beds: team.beds };
      await db.query(
        `UPDATE teams SET caseload_limit = COALESCE($2, caseload_limit), beds = COALESCE($3, beds),
           updated_at = now() WHERE code = $1`,
        [code, body.caseloadLimit ?? null, body.beds ?? null],
      );
      await db.query(
        `INSERT INTO team_events (team_code, type, actor_id, actor_role, data)
         VALUES ($1, 'capacity_changed', $2, $3, $4)`,
        [
          code,
          actor.id,
          actor.role,
          { previous, caseloadLimit: body.caseloadLimit, beds: body.beds, reason: body.reason },
        ],
      );
    });
    return this.view(code);
  }
}
