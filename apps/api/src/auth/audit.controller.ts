import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { DataSource } from 'typeorm';
import { AuditEventEntity } from '@frontdoor/persistence';
import { AccessControl } from './access-control.service';
import { CallerOf, type Caller } from './caller';
import { Requires } from './access-rule';

export class AuditQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'must be a referral id (a UUID)' })
  referralId!: string;
}

/** Who touched a referral's record, for admins (and the Caldicott guardian behind them). */
@ApiTags('admin')
@Controller('api/v1/audit')
export class AuditController {
  constructor(
    private readonly access: AccessControl,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @Requires('audit.read')
  @ApiOperation({ summary: "Every authorised read and write of a referral's record, oldest first" })
  async list(@Query() query: AuditQuery, @CallerOf() caller: Caller) {
    await this.access.check(caller, 'audit.read', { referralId: query.referralId });
    const events = await this.dataSource.manager.find(AuditEventEntity, {
      where: { referralId: query.referralId },
      order: { id: 'ASC' },
    });
    return {
      items: events.map((event) => ({
        id: Number(event.id),
        at: event.at.toISOString(),
        actor: { id: event.actorId, role: event.actorRole, credential: event.credential },
        orgCode: event.orgCode,
        permission: event.permission,
        route: event.route,
        teamCode: event.teamCode,
        breakGlassReason: event.breakGlassReason,
        requestId: event.requestId,
        ip: event.ip,
        detail: event.detail,
      })),
    };
  }
}
