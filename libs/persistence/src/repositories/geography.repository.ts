import type { EntityManager } from 'typeorm';
import { GP_DEFAULT_CODES, isPseudoPostcode, postcodeDistrict } from '@frontdoor/nhs';
import type { Pathway } from '@frontdoor/domain';
import type { RouteBy, TeamSuggestion } from '@frontdoor/triage';

export interface PatientLocation {
  residence: string | null;
  practice: string | null;
  /** For the triage engine: false sends the referral to transfer_out; undefined = unknown. */
  inArea: boolean | undefined;
}

/** Where a patient belongs, and which team serves a pathway there. Geography is data. */
export const geography = {
  /**
   * The neighbourhood where the patient lives (postcode district) and the one their GP
   * practice belongs to (null where not ours or not given), and whether they are in the area.
   */
  async locate(
    db: EntityManager,
    patient: { postcode?: string; gpPracticeOdsCode?: string },
  ): Promise<PatientLocation> {
    const district = patient.postcode ? postcodeDistrict(patient.postcode) : undefined;
    const [found] = await db.query<{ residence: string | null; practice: string | null }[]>(
      `SELECT (SELECT neighbourhood_code FROM postcode_districts WHERE district = $1) AS residence,
              (SELECT neighbourhood_code FROM gp_practices WHERE ods_code = $2) AS practice`,
      [district ?? null, patient.gpPracticeOdsCode ?? null],
    );
    const residence = found?.residence ?? null;
    const practice = found?.practice ?? null;
    return { residence, practice, inArea: inArea(residence, practice, patient) };
  },

  /** The neighbourhood that routes the referral: home first, or practice first. */
  neighbourhoodFor(location: PatientLocation, routeBy: RouteBy | null): string | null {
    return routeBy === 'registered_practice'
      ? (location.practice ?? location.residence)
      : (location.residence ?? location.practice);
  },

  /** The most local team serving the pathway in the neighbourhood: its own, then wider footprints. */
  async teamFor(
    db: EntityManager,
    neighbourhood: string | null,
    pathway: Pathway,
  ): Promise<TeamSuggestion | null> {
    if (!neighbourhood || pathway === 'redirect_999' || pathway === 'transfer_out') return null;
    const [team] = await db.query<{ code: string; name: string; routine_wait_days: number }[]>(
      `SELECT t.code, t.name, t.routine_wait_days
       FROM teams t JOIN team_neighbourhoods tn ON tn.team_code = t.code
       WHERE tn.neighbourhood_code = $1 AND $2 = ANY(t.pathways)
       ORDER BY CASE t.footprint_level WHEN 'neighbourhood' THEN 0
                  WHEN 'multi_neighbourhood' THEN 1 ELSE 2 END, t.code
       LIMIT 1`,
      [neighbourhood, pathway],
    );
    return team
      ? { code: team.code, name: team.name, routineWaitDays: team.routine_wait_days }
      : null;
  },
};

/**
 * In the area when the home or the GP practice is ours; out of it when a real postcode or a
 * real practice was given and neither is ours; unknown (treated as in area) otherwise, e.g.
 * no fixed abode (ZZ99 3VZ) and no registered practice (V81997): the hub keeps them.
 */
function inArea(
  residence: string | null,
  practice: string | null,
  patient: { postcode?: string; gpPracticeOdsCode?: string },
): boolean | undefined {
  if (residence || practice) return true;
  const realPostcode = patient.postcode !== undefined && !isPseudoPostcode(patient.postcode);
  const realPractice =
    patient.gpPracticeOdsCode !== undefined && !(patient.gpPracticeOdsCode in GP_DEFAULT_CODES);
  return realPostcode || realPractice ? false : undefined;
}
