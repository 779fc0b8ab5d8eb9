import {
  Controller,
  Get,
  Headers,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { GP_DELIVERY_STATUSES, type GpDeliveryStatus } from '@frontdoor/persistence';
import { GpDeliveriesService } from './gp-deliveries.service';

export class GpDeliveryListQuery {
  @ApiProperty({ enum: GP_DELIVERY_STATUSES, required: false })
  @IsOptional()
  @IsIn(GP_DELIVERY_STATUSES, { message: `must be one of: ${GP_DELIVERY_STATUSES.join(', ')}` })
  status?: GpDeliveryStatus;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * Discharge letters and their delivery to GP practices. No authentication yet: the security
 * issue restricts the admin routes to the `admin` role, the letters to the referral's team and
 * the acknowledgement to the practice's system; until then the admin actor is taken from
 * X-Actor-Id (development only).
 */
@ApiTags('discharge')
@Controller('api/v1')
export class GpDeliveriesController {
  constructor(private readonly deliveries: GpDeliveriesService) {}

  @Get('admin/gp-deliveries')
  @ApiOperation({ summary: 'Deliveries of discharge letters to GP practices (no patient data)' })
  async list(@Query() query: GpDeliveryListQuery) {
    return { items: await this.deliveries.list(query.status) };
  }

  @Post('admin/gp-deliveries/:id/resend')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a failed delivery again (a new cycle of attempts)' })
  @ApiResponse({ status: 409, description: 'Not failed, or the practice has no endpoint' })
  async resend(
    @Param('id', ParseUUIDPipe) id: string,
    @Headers('x-actor-id') actorId: string | undefined,
  ) {
    return this.deliveries.resend(id, { id: actorId?.trim() || 'admin', role: 'admin' });
  }

  @Post('gp-deliveries/:id/acknowledgement')
  @HttpCode(200)
  @ApiOperation({ summary: "The GP practice's acknowledgement of a discharge letter" })
  async acknowledge(@Param('id', ParseUUIDPipe) id: string) {
    const delivery = await this.deliveries.acknowledge(id);
    return { id: delivery.id, status: delivery.status, acknowledgedAt: delivery.acknowledgedAt };
  }

  @Get('referrals/:id/discharge-letter')
  @ApiOperation({ summary: 'The discharge letter as HTML' })
  async letterHtml(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const discharge = await this.deliveries.discharge(id);
    void reply.header('content-type', 'text/html; charset=utf-8');
    return discharge.letterHtml;
  }

  @Get('referrals/:id/discharge-letter.fhir')
  @ApiOperation({ summary: 'The discharge letter as a FHIR R4 document Bundle' })
  async letterFhir(
    @Param('id', ParseUUIDPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const discharge = await this.deliveries.discharge(id);
    void reply.header('content-type', FHIR_JSON);
    return JSON.stringify(discharge.letterFhir);
  }
}
