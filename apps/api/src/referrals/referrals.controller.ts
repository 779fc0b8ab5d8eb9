import {
  Body,
  Controller,
  Get,
  Headers,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReferralSubmissionDto } from './dto/referral-submission.dto';
import { ReferralIntakeService } from './referral-intake.service';
import { ReferralQueryService } from './referral-query.service';
import { idempotencyKey } from '../http/idempotency-key';
import { eventView, referralView, referrerStatusView, submissionView } from './referral.views';

@ApiTags('referrals')
@Controller('api/v1/referrals')
export class ReferralsController {
  constructor(
    private readonly intake: ReferralIntakeService,
    private readonly query: ReferralQueryService,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Submit a referral (any referrer, 24/7)' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  @ApiResponse({ status: 201, description: 'Stored; triage follows' })
  @ApiResponse({
    status: 200,
    description: 'Idempotent replay: the referral stored the first time',
  })
  @ApiResponse({ status: 400, description: 'Invalid fields, all listed in `details`' })
  @ApiResponse({ status: 409, description: 'Idempotency-Key reused with a different body' })
  async submit(
    @Body() body: ReferralSubmissionDto,
    @Headers('idempotency-key') key: string | undefined,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { referral, created } = await this.intake.submit(body, {
      channel: 'api',
      idempotencyKey: idempotencyKey(key),
      requestId: request.id,
    });
    const view = submissionView(referral);
    void reply.status(created ? 201 : 200).header('location', view.links.self);
    return view;
  }

  @Get('by-reference/:reference/status')
  @ApiOperation({ summary: "What the referrer may see of a referral's progress" })
  async status(@Param('reference') reference: string) {
    const { referral, team } = await this.query.byReference(reference);
    return referrerStatusView(referral, team);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A referral in full' })
  async get(@Param('id', ParseUUIDPipe) id: string) {
    const { referral, team, possibleDuplicateOf } = await this.query.byId(id);
    return referralView(referral, team, possibleDuplicateOf);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "A referral's append-only timeline" })
  async events(@Param('id', ParseUUIDPipe) id: string) {
    return (await this.query.events(id)).map(eventView);
  }
}
