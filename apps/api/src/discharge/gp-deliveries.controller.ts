import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOperation,
  ApiProperty,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { GP_DELIVERY_STATUSES, type GpDeliveryStatus } from '@frontdoor/persistence';
import { AccessControl, referralResource } from '../auth/access-control.service';
import { Requires } from '../auth/access-rule';
import { CallerOf, type Caller } from '../auth/caller';
import { ReferralQueryService } from '../referrals/referral-query.service';
import { GpDeliveriesService } from './gp-deliveries.service';

export class GpDeliveryListQuery {
  @ApiProperty({ enum: GP_DELIVERY_STATUSES, required: false })
  @IsOptional()
  @IsIn(GP_DELIVERY_STATUSES, { message: `must be one of: ${GP_DELIVERY_STATUSES.join(', ')}` })
  status?: GpDeliveryStatus;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * Discharge letters and their delivery to GP practices: the admin list and resend, the
 * practice system's acknowledgement (an API key of that practice), and the letters, which
 * are patient data read like the referral itself.
 */
@ApiTags('discharge')
@ApiBearerAuth()
@Controller('api/v1')
export class GpDeliveriesController {
  constructor(
    private readonly deliveries: GpDeliveriesService,
    private readonly referrals: ReferralQueryService,
    private readonly access: AccessControl,
  ) {}

  @Get('admin/gp-deliveries')
  @Requires('gp_delivery.manage')
  @ApiOperation({ summary: 'Deliveries of discharge letters to GP practices (no patient data)' })
  async list(@Query() query: GpDeliveryListQuery, @CallerOf() caller: Caller) {
    await this.access.check(caller, 'gp_delivery.manage');
    return { items: await this.deliveries.list(query.status) };
  }

  @Post('admin/gp-deliveries/:id/resend')
  @Requires('gp_delivery.manage')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a failed delivery again (a new cycle of attempts)' })
  @ApiResponse({ status: 409, description: 'Not failed, or the practice has no endpoint' })
  async resend(@Param('id', ParseUUIDPipe) id: string, @CallerOf() caller: Caller) {
    return this.deliveries.resend(id, caller);
  }

  @Post('gp-deliveries/:id/acknowledgement')
  @Requires('gp_delivery.acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: "The GP practice's acknowledgement of a discharge letter" })
  async acknowledge(@Param('id', ParseUUIDPipe) id: string, @CallerOf() caller: Caller) {
    const delivery = await this.deliveries.acknowledge(id, caller);
    return { id: delivery.id, status: delivery.status, acknowledgedAt: delivery.acknowledgedAt };
  }

  @Get('referrals/:id/discharge-letter')
  @Requires('referral.read')
  @ApiHeader({ name: 'X-Break-Glass-Reason', required: false })
  @ApiOperation({ summary: 'The discharge letter as HTML' })
  async letterHtml(
    @Param('id', ParseUUIDPipe) id: string,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const discharge = await this.letter(id, caller);
    void reply.header('content-type', 'text/html; charset=utf-8');
    return discharge.letterHtml;
  }

  @Get('referrals/:id/discharge-letter.fhir')
  @Requires('referral.read')
  @ApiHeader({ name: 'X-Break-Glass-Reason', required: false })
  @ApiOperation({ summary: 'The discharge letter as a FHIR R4 document Bundle' })
  async letterFhir(
    @Param('id', ParseUUIDPipe) id: string,
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const discharge = await this.letter(id, caller);
    void reply.header('content-type', FHIR_JSON);
    return JSON.stringify(discharge.letterFhir);
  }

  private async letter(referralId: string, caller: Caller) {
    const referral = await this.referrals.find(referralId);
    await this.access.check(caller, 'referral.read', {
      referralId,
      resource: referralResource(referral),
      detail: { document: 'discharge_letter' },
    });
    return this.deliveries.discharge(referralId);
  }
}
