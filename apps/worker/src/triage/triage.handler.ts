import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import type { ReferralSubmission } from '@frontdoor/domain';
import { clocks, ReferralEntity, suggestTriage } from '@frontdoor/persistence';
import { TRIAGE_ENGINE } from '@frontdoor/platform';
import type { JobPayloads } from '@frontdoor/queues';
import type { TriageEngine } from '@frontdoor/triage';
import { HandlesJob, type JobHandler } from '../jobs/job-handler';

/**
 * triage.referral: the rule engine's suggestion for a received referral, with the team in the
 * patient's neighbourhood and the response deadline, stored with its reasons and rule-set
 * version, and recorded as a `triaged` event. A patient a team already holds (an open
 * episode) is linked to it and, unless a red flag or a need that team does not serve, suggested
 * to that team on that episode's pathway with no second response clock (docs/triage.md).
 * Why a job: intake must answer without waiting for it (or for Redis). Safe to repeat: the
 * referral is locked and re-read, and a referral no longer `received` at the job's version is
 * left alone; ages are counted at receipt, so a retry decides the same way.
 */
@Injectable()
@HandlesJob('triage.referral')
export class TriageHandler implements JobHandler<'triage.referral'> {
  private readonly logger = new Logger(TriageHandler.name);

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TRIAGE_ENGINE) private readonly engine: TriageEngine,
  ) {}

  async handle(
    { referralId, version, correlationId }: JobPayloads['triage.referral'],
    job?: Job,
  ): Promise<void> {
    await this.dataSource.transaction(async (db) => {
      const referral = await db.findOne(ReferralEntity, {
        where: { id: referralId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!referral || referral.status !== 'received' || referral.version !== version) {
        this.logger.log({ referralId, correlationId, jobId: job?.id }, 'already moved on; skipped');
        return;
      }
      const submission = {
        referrer: referral.referrer,
        patient: referral.patient,
        clinical: referral.clinical,
        consent: referral.consent,
      } as unknown as ReferralSubmission;
      const { record, joinsEpisode, episode } = await suggestTriage(db, this.engine, submission, {
        receivedAt: referral.receivedAt,
        decidedAt: new Date(),
        patient: { nhsNumber: referral.nhsNumber, matchKey: referral.matchKey },
        referralId,
      });
      const flags = [...new Set([...referral.flags, ...record.flags])];

      await db.query(
        `UPDATE referrals
         SET status = 'triaged', version = version + 1, updated_at = clock_timestamp(),
             pathway = $3, urgency = $4, team_code = $5, response_due_at = $6, flags = $7,
             triage = $8, linked_referral_id = coalesce($9, linked_referral_id)
         WHERE id = $1 AND version = $2`,
        [
          referralId,
          version,
          record.pathway,
          record.urgency,
          record.suggestedTeam?.code ?? null,
          record.responseDueAt,
          flags,
          record,
          episode?.referralId ?? null,
        ],
      );
      await db.query(
        `INSERT INTO referral_events (referral_id, type, actor_id, actor_role, from_status, to_status, data)
         VALUES ($1, 'triaged', 'engine', 'system', 'received', 'triaged', $2)`,
        [
          referralId,
          {
            ruleSetVersion: record.ruleSetVersion,
            pathway: record.pathway,
            urgency: record.urgency,
            redFlags: record.redFlags.map((flag) => flag.code),
            flags: record.flags,
            suggestedTeam: record.suggestedTeam?.code ?? null,
            rules: record.reasons.map((reason) => reason.ruleId),
            ...(record.openEpisode && {
              openEpisode: {
                referralId: record.openEpisode.referralId,
                team: record.openEpisode.team.code,
                outcome: record.openEpisode.outcome,
              },
            }),
          },
        ],
      );
      // The response clock runs from receipt; a referral that already has one keeps it. One
      // that joins its patient's open episode runs none: the episode's clock is the one.
      if (!joinsEpisode) {
        await clocks.start(db, {
          referralId,
          urgency: record.urgency,
          startedAt: referral.receivedAt,
          dueAt: record.responseDueAt ? new Date(record.responseDueAt) : null,
        });
      }
      this.logger.log(
        { referralId, correlationId, pathway: record.pathway, urgency: record.urgency },
        'triaged',
      );
    });
  }
}
