import { Body, Controller, Get, Headers, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccessControl, referralResource } from '../auth/access-control.service';
import { Requires } from '../auth/access-rule';
import { CallerOf, type Caller } from '../auth/caller';
import { ReferralSubmissionDto } from './dto/referral-submission.dto';
import { ReferralIntakeService } from './referral-intake.service';
import { ReferralQueryService } from './referral-query.service';
import { idempotencyKey } from '../http/idempotency-key';
import { eventView, referralView, referrerStatusView, submissionView } from './referral.views';

@ApiTags('referrals')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/referrals')
export class ReferralsController {
  constructor(
    private readonly intake: ReferralIntakeService,
    private readonly query: ReferralQueryService,
    private readonly access: AccessControl,
  ) {}

  @Post()
  @Requires('referral.submit')
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
    @CallerOf() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { referral, created } = await this.intake.submit(body, {
      channel: 'api',
      idempotencyKey: idempotencyKey(key),
      caller,
    });
    const view = submissionView(referral);
    void reply.status(created ? 201 : 200).header('location', view.links.self);
    return view;
  }

  @Get('by-reference/:reference/status')
  @Requires('referral.status')
  @ApiOperation({ summary: "What the referrer may see of a referral's progress" })
  async status(@Param('reference') reference: string, @CallerOf() caller: Caller) {
    const { referral, team } = await this.query.byReference(reference);
    await this.access.check(caller, 'referral.status', {
      referralId: referral.id,
      resource: referralResource(referral),
    });
    return referrerStatusView(referral, team);
  }

  @Get(':id')
  @Requires('referral.read')
  @ApiOperation({ summary: 'A referral in full (outside your teams: X-Break-Glass-Reason)' })
  @ApiHeader({ name: 'X-Break-Glass-Reason', required: false })
  async get(@Param('id', ParseUUIDPipe) id: string, @CallerOf() caller: Caller) {
    const { referral, team, possibleDuplicateOf } = await this.query.byId(id);
    await this.access.check(caller, 'referral.read', {
      referralId: id,
      resource: referralResource(referral),
    });
    return referralView(referral, team, possibleDuplicateOf);
  }

  @Get(':id/events')
  @Requires('referral.read')
  @ApiOperation({ summary: "A referral's append-only timeline" })
  @ApiHeader({ name: 'X-Break-Glass-Reason', required: false })
  async events(@Param('id', ParseUUIDPipe) id: string, @CallerOf() caller: Caller) {
    const referral = await this.query.find(id);
    await this.access.check(caller, 'referral.read', {
      referralId: id,
      resource: referralResource(referral),
    });
    return (await this.query.events(id)).map(eventView);
  }
}
