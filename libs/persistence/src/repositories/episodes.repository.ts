import type { EntityManager } from 'typeorm';
import {
  CLOSED_STATUSES,
  TEAM_HELD_STATUSES,
  type EpisodeCandidate,
  type Pathway,
} from '@frontdoor/domain';

/**
 * Spelled out as literals (constants, never input) so Postgres can prove the query implies
 * the predicate of the partial indexes `referrals_open_nhs_number` / `_open_match_key`.
 */
const list = (statuses: readonly string[]) => statuses.map((status) => `'${status}'`).join(', ');
const OPEN_EPISODE_SQL = (key: 'nhs_number' | 'match_key') => `
  SELECT r.id, r.reference, r.pathway, r.response_due_at,
         t.code AS team_code, t.name AS team_name, t.pathways AS team_pathways
  FROM referrals r JOIN teams t ON t.code = r.team_code
  WHERE r.${key} = $1 AND r.${key} IS NOT NULL
    AND r.status NOT IN (${list(CLOSED_STATUSES)})
    AND r.status IN (${list(TEAM_HELD_STATUSES)})
    AND r.pathway IS NOT NULL
    AND ($2::uuid IS NULL OR r.id <> $2::uuid)
  ORDER BY r.received_at DESC, r.id
  LIMIT 1`;

interface EpisodeRow {
  id: string;
  reference: string;
  pathway: Pathway;
  response_due_at: Date | null;
  team_code: string;
  team_name: string;
  team_pathways: Pathway[];
}

/** The patient's journeys already under way. */
export const episodes = {
  /**
   * The patient's open episode: the most recently received other referral of the same
   * patient that a team holds (TEAM_HELD_STATUSES: accepted, assigned, first contact, in
   * care), with its team and what that team serves. The same patient = the same NHS number
   * or, without one, the same match key (family name, date of birth, postcode), as intake
   * matches. Null when there is none, or nothing to match by.
   */
  async openFor(
    db: EntityManager,
    patient: { nhsNumber: string | null; matchKey: string | null },
    excludeReferralId: string | null = null,
  ): Promise<EpisodeCandidate | null> {
    const [key, value] = patient.nhsNumber
      ? (['nhs_number', patient.nhsNumber] as const)
      : (['match_key', patient.matchKey] as const);
    if (!value) return null;
    const [row] = await db.query<EpisodeRow[]>(OPEN_EPISODE_SQL(key), [value, excludeReferralId]);
    if (!row) return null;
    return {
      referralId: row.id,
      reference: row.reference,
      pathway: row.pathway,
      team: { code: row.team_code, name: row.team_name },
      teamPathways: row.team_pathways,
      responseDueAt: row.response_due_at?.toISOString() ?? null,
    };
  },
};
