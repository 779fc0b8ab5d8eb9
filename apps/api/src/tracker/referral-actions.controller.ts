import {
  Body,
  Controller,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { actionPermission, allowedActionsFor } from '@frontdoor/auth';
import { ACTIONS, isAction } from '@frontdoor/domain';
import { referralResource } from '../auth/access-control.service';
import { Requires } from '../auth/access-rule';
import { CallerOf, type Caller } from '../auth/caller';
import { ReferralActionsService } from './referral-actions.service';

@ApiTags('tracker')
@ApiBearerAuth()
@Controller('api/v1/referrals')
export class ReferralActionsController {
  constructor(private readonly actions: ReferralActionsService) {}

  @Post(':id/actions/:action')
  @Requires(({ action }) => (isAction(action) ? actionPermission(action) : undefined))
  @HttpCode(200)
  @ApiOperation({ summary: `Move a referral on: ${ACTIONS.join(', ')}` })
  @ApiResponse({ status: 403, description: 'Your role, team or organisation may not' })
  @ApiResponse({ status: 409, description: 'Stale version: reload and try again' })
  @ApiResponse({
    status: 422,
    description: 'Not allowed in this status; names the allowed actions',
  })
  async act(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('action') name: string,
    @Body() raw: unknown,
    @CallerOf() caller: Caller,
  ) {
    if (!isAction(name)) {
      throw new NotFoundException(`No action "${name}"; actions are: ${ACTIONS.join(', ')}`);
    }
    const referral = await this.actions.apply(id, name, raw ?? {}, caller);
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
      allowedActions: allowedActionsFor(
        caller.principal,
        referral.status,
        referralResource(referral),
      ),
    };
  }
}
