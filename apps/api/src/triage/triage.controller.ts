import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { patientMatchKey, type OpenEpisode } from '@frontdoor/domain';
import { normaliseNhsNumber, normalisePostcode } from '@frontdoor/nhs';
import { suggestTriage } from '@frontdoor/persistence';
import { TRIAGE_ENGINE } from '@frontdoor/platform';
import type { TriageEngine, TriageRecord } from '@frontdoor/triage';
import { AccessControl } from '../auth/access-control.service';
import { Requires } from '../auth/access-rule';
import { CallerOf, type Caller } from '../auth/caller';
import { ReferralSubmissionDto } from '../referrals/dto/referral-submission.dto';

@ApiTags('triage')
@ApiBearerAuth()
@Controller('api/v1/triage')
export class TriageController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    @Inject(TRIAGE_ENGINE) private readonly engine: TriageEngine,
  ) {}

  @Post('evaluate')
  @Requires('triage.evaluate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "The engine's decision for a submission, as if received now, with the patient's open episode applied as triage would; stored nowhere",
  })
  @ApiResponse({
    status: 200,
    description: 'The triage object, with reasons, rule-set version and openEpisode',
  })
  async evaluate(
    @Body() submission: ReferralSubmissionDto,
    @CallerOf() caller: Caller,
  ): Promise<TriageRecord & { openEpisode: OpenEpisode | null }> {
    await this.access.check(caller, 'triage.evaluate');
    const now = new Date();
    // The patient as intake would match them: the same normalised NHS number or match key.
    const { nhsNumber, postcode } = submission.patient;
    const { record } = await suggestTriage(this.dataSource.manager, this.engine, submission, {
      receivedAt: now,
      decidedAt: now,
      patient: {
        nhsNumber: nhsNumber ? normaliseNhsNumber(nhsNumber) : null,
        matchKey:
          patientMatchKey({
            ...submission.patient,
            ...(postcode && { postcode: normalisePostcode(postcode) }),
          }) ?? null,
      },
    });
    return record;
  }
}
