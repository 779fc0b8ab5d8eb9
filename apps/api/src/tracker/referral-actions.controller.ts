import type { Config } from '@frontdoor/config';
import { CONFIG } from '@frontdoor/platform';
import {
  Body,
  Controller,
  Headers,
  Inject,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ACTIONS, allowedActions, isAction } from '@frontdoor/domain';
import { invalidFields, validatePlain } from '../http/validation';
import { actorFromHeaders } from './actor';
import { ACTION_BODIES, type ActionBody } from './dto/action-bodies';
import { ReferralActionsService } from './referral-actions.service';

@ApiTags('tracker')
@Controller('api/v1/referrals')
export class ReferralActionsController {
  constructor(
    private readonly actions: ReferralActionsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiOperation({ summary: `Move a referral on: ${ACTIONS.join(', ')}` })
  @ApiHeader({ name: 'X-Actor-Id', description: 'Development only, until sign-in' })
  @ApiHeader({ name: 'X-Actor-Role', description: 'Development only, until sign-in' })
  @ApiResponse({ status: 409, description: 'Stale version: reload and try again' })
  @ApiResponse({
    status: 422,
    description: 'Not allowed in this status; names the allowed actions',
  })
  async act(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('action') name: string,
    @Body() raw: unknown,
    @Headers() headers: Record<string, string | string[] | undefined>,
  ) {
    if (!isAction(name)) {
      throw new NotFoundException(`No action "${name}"; actions are: ${ACTIONS.join(', ')}`);
    }
    const actor = actorFromHeaders(headers, this.config.NODE_ENV);
    const check = validatePlain(ACTION_BODIES[name], raw ?? {});
    if (!check.ok) throw invalidFields(check.errors);
    const body = check.value as ActionBody & Record<string, unknown>;
    const referral = await this.actions.apply(id, name, body, actor);
    return {
      id: referral.id,
      reference: referral.reference,
      status: referral.status,
      version: referral.version,
      updatedAt: referral.updatedAt.toISOString(),
      pathway: referral.pathway,
      urgency: referral.urgency,
      teamCode: referral.teamCode,
      responseDueAt: referral.responseDueAt?.toISOString() ?? null,
      flags: referral.flags,
      allowedActions: allowedActions(referral.status, actor.role),
    };
  }
}
