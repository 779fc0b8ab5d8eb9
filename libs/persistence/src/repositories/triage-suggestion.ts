import type { EntityManager } from 'typeorm';
import {
  URGENT,
  withOpenEpisode,
  type EpisodeCandidate,
  type ReferralSubmission,
  type WithOpenEpisode,
} from '@frontdoor/domain';
import { triageRecord, type TriageEngine, type TriageRecord } from '@frontdoor/triage';
import { episodes } from './episodes.repository';
import { geography } from './geography.repository';

/**
 * The engine's suggestion for a submission as the hub sees it: where the patient belongs, the
 * decision, the team in that neighbourhood, and the patient's open episode applied. One path
 * for the worker's triage and for POST /api/v1/triage/evaluate, so the two always agree.
 */
export async function suggestTriage(
  db: EntityManager,
  engine: TriageEngine,
  submission: ReferralSubmission,
  options: {
    /** Ages are counted and the clock runs from here. */
    receivedAt: Date;
    decidedAt: Date;
    /** The patient as intake matched them (normalised NHS number or match key). */
    patient: { nhsNumber: string | null; matchKey: string | null };
    /** The referral being triaged, never its own open episode. */
    referralId?: string;
  },
): Promise<WithOpenEpisode<TriageRecord> & { episode: EpisodeCandidate | null }> {
  const location = await geography.locate(db, submission.patient);
  const decision = engine.evaluate(submission, {
    now: options.receivedAt,
    inArea: location.inArea,
  });
  const routing = await geography.route(
    db,
    geography.neighbourhoodFor(location, decision.routeBy),
    decision.pathway,
    { now: options.decidedAt, urgent: URGENT.includes(decision.urgency) },
  );
  const episode = await episodes.openFor(db, options.patient, options.referralId ?? null);
  const record = triageRecord(decision, {
    receivedAt: options.receivedAt,
    decidedAt: options.decidedAt,
    team: routing?.team ?? null,
    mutualAid: routing?.mutualAid,
  });
  return { ...withOpenEpisode(record, episode), episode };
}
