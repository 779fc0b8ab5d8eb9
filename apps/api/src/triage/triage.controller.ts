import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { patientMatchKey, URGENT, withOpenEpisode, type OpenEpisode } from '@frontdoor/domain';
import { normaliseNhsNumber, normalisePostcode } from '@frontdoor/nhs';
import { episodes, geography } from '@frontdoor/persistence';
import { TRIAGE_ENGINE } from '@frontdoor/platform';
import { triageRecord, type TriageEngine, type TriageRecord } from '@frontdoor/triage';
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
    const db = this.dataSource.manager;
    const location = await geography.locate(db, submission.patient);
    const decision = this.engine.evaluate(submission, { now, inArea: location.inArea });
    const routing = await geography.route(
      db,
      geography.neighbourhoodFor(location, decision.routeBy),
      decision.pathway,
      { now, urgent: URGENT.includes(decision.urgency) },
    );
    // The patient as intake would match them: the same normalised NHS number or match key.
    const { nhsNumber, postcode } = submission.patient;
    const episode = await episodes.openFor(db, {
      nhsNumber: nhsNumber ? normaliseNhsNumber(nhsNumber) : null,
      matchKey:
        patientMatchKey({
          ...submission.patient,
          ...(postcode && { postcode: normalisePostcode(postcode) }),
        }) ?? null,
    });
    const engine = triageRecord(decision, {
      receivedAt: now,
      decidedAt: now,
      team: routing?.team ?? null,
      mutualAid: routing?.mutualAid,
    });
    return withOpenEpisode(engine, episode).record;
  }
}
