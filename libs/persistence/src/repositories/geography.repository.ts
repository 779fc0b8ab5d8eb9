import type { EntityManager } from 'typeorm';
import { GP_DEFAULT_CODES, isGpPracticeCode, postcodeDistrict } from '@frontdoor/nhs';
import {
  isTeamOpen,
  isTeamPathway,
  TEAM_HELD_STATUSES,
  type Pathway,
  type TeamHours,
  type TeamOpening,
} from '@frontdoor/domain';
import type { RouteBy, TeamSuggestion } from '@frontdoor/triage';

export interface Routing {
  team: TeamSuggestion;
  /** Set when a partner team takes the referral because the home team cannot. */
  mutualAid: { homeTeam: string; reason: string } | null;
  /** Set when no team had room: the home team keeps it, and this says why it is stretched. */
  unavailable?: string;
}

interface Candidate {
  code: string;
  name: string;
  routine_wait_days: number;
  hours: TeamHours;
  opening: TeamOpening | null;
  caseload_limit: number;
  beds: number | null;
  open_caseload: number;
  in_care: number;
}

export interface PatientLocation {
  residence: string | null;
  practice: string | null;
  /**
   * For the triage engine (see `inArea` below): false = the home or the registered practice
   * is outside the footprint (flagged `out_of_area`); undefined = cannot tell.
   */
  inArea: boolean | undefined;
}

/** Where a patient belongs, and which team serves a pathway there. Geography is data. */
export const geography = {
  /**
   * The neighbourhood where the patient lives (postcode district) and the one their GP
   * practice belongs to (null where not ours or not given), and whether they are in the area
   * (`inArea`, decided by those two lookups only).
   */
  async locate(
    db: EntityManager,
    patient: { postcode?: string | null; gpPracticeOdsCode?: string | null },
  ): Promise<PatientLocation> {
    const district = patient.postcode ? postcodeDistrict(patient.postcode) : undefined;
    const practiceCode = practiceLookupCode(patient.gpPracticeOdsCode);
    const [found] = await db.query<{ residence: string | null; practice: string | null }[]>(
      `SELECT (SELECT neighbourhood_code FROM postcode_districts WHERE district = $1) AS residence,
              (SELECT neighbourhood_code FROM gp_practices WHERE ods_code = $2) AS practice`,
      [district ?? null, practiceCode ?? null],
    );
    const residence = found?.residence ?? null;
    const practice = found?.practice ?? null;
    return { residence, practice, inArea: inArea(patient, { residence, practice }) };
  },

  /** The neighbourhood that routes the referral: home first, or practice first. */
  neighbourhoodFor(location: PatientLocation, routeBy: RouteBy | null): string | null {
    return routeBy === 'registered_practice'
      ? (location.practice ?? location.residence)
      : (location.residence ?? location.practice);
  },

  /**
   * The team a referral goes to now. The home team (most local first) when it has room and,
   * for an urgent referral, is open; otherwise a partner team serving the pathway in the same
   * multi-neighbourhood (the one with most room), flagged as mutual aid with the reason. When
   * every team is full or closed the home team keeps it, so nothing is left unrouted.
   */
  async route(
    db: EntityManager,
    neighbourhood: string | null,
    pathway: Pathway,
    context: { now: Date; urgent: boolean },
  ): Promise<Routing | null> {
    const homes = await candidates(db, neighbourhood, pathway, 'home');
    if (!homes.length) return null;
    const available = (team: Candidate) =>
      team.open_caseload < team.caseload_limit &&
      (team.beds === null || team.in_care < team.beds) &&
      (!context.urgent || isTeamOpen(team.hours, team.opening, context.now));
    const home = homes.find(available);
    if (home) return { team: suggestion(home), mutualAid: null };
    const partners = (await candidates(db, neighbourhood, pathway, 'partner')).filter(available);
    const best = partners.sort((a, b) => spare(b) - spare(a))[0];
    const reason = unavailableReason(homes[0], context);
    if (!best) return { team: suggestion(homes[0]), mutualAid: null, unavailable: reason };
    return {
      team: suggestion(best),
      mutualAid: { homeTeam: homes[0].code, reason },
    };
  },
};

/**
 * The code to look a registered practice up by in `gp_practices`: the practice code as given
 * (trimmed), or a branch surgery's parent practice (its first six characters: a branch code
 * is the practice code + 3 digits [S29]). Undefined for no code, a default code (V81997 no
 * registered practice, V81998, V81999) or anything that is not a GP practice code.
 */
export function practiceLookupCode(code: string | null | undefined): string | undefined {
  const trimmed = code?.trim();
  if (!trimmed || !isGpPracticeCode(trimmed)) return undefined;
  if (Object.prototype.hasOwnProperty.call(GP_DEFAULT_CODES, trimmed)) return undefined;
  return trimmed.slice(0, 6);
}

/**
 * Whether the patient is inside the footprint, from the two lookups and nothing else (never
 * from the letters of a postcode: the TN area, for one, spans Kent and East Sussex).
 *
 * - `false` (out of area) when EITHER the home or the registered practice is outside it: a
 *   real postcode district (well-formed, not an NHS pseudo-postcode) that is not in
 *   `postcode_districts`, or a real GP practice code (not a default code) that is not in
 *   `gp_practices`. One outside is enough, whatever the other says.
 * - `true` when neither is outside and at least one is ours.
 * - `undefined` (cannot tell; the engine treats it as in area and the hub keeps it) when
 *   neither can be decided: no postcode or a pseudo-postcode (ZZ99 3VZ no fixed abode, …),
 *   and no practice or a default code (V81997 no registered practice, …).
 *
 * `residence` and `practice` are the neighbourhoods the lookups found (null = not found or
 * not looked up).
 */
export function inArea(
  patient: { postcode?: string | null; gpPracticeOdsCode?: string | null },
  found: { residence: string | null; practice: string | null },
): boolean | undefined {
  const home = patient.postcode ? postcodeDistrict(patient.postcode) : undefined;
  const practice = practiceLookupCode(patient.gpPracticeOdsCode);
  const homeOutside = home !== undefined && !found.residence;
  const practiceOutside = practice !== undefined && !found.practice;
  if (homeOutside || practiceOutside) return false;
  if (home !== undefined || practice !== undefined) return true;
  return undefined;
}

/**
 * Teams serving the pathway: `home` = covering the neighbourhood, most local first;
 * `partner` = covering another neighbourhood of the same multi-neighbourhood but not this one.
 * With their open caseload and virtual-ward occupancy.
 */
async function candidates(
  db: EntityManager,
  neighbourhood: string | null,
  pathway: Pathway,
  kind: 'home' | 'partner',
): Promise<Candidate[]> {
  if (!neighbourhood || !isTeamPathway(pathway)) return [];
  return db.query<Candidate[]>(
    `WITH teams_here AS (
       SELECT DISTINCT t.* FROM teams t
       JOIN team_neighbourhoods tn ON tn.team_code = t.code
       WHERE $2 = ANY(t.pathways)
         AND CASE WHEN $3 = 'home' THEN tn.neighbourhood_code = $1
             ELSE tn.neighbourhood_code IN (
                    SELECT n.code FROM neighbourhoods n
                    WHERE n.multi_neighbourhood_code =
                      (SELECT multi_neighbourhood_code FROM neighbourhoods WHERE code = $1))
                  AND NOT EXISTS (SELECT 1 FROM team_neighbourhoods own
                                  WHERE own.team_code = t.code AND own.neighbourhood_code = $1)
             END)
     SELECT t.code, t.name, t.routine_wait_days, t.hours, t.opening, t.caseload_limit, t.beds,
            count(r.id) FILTER (WHERE r.status = ANY($4))::int AS open_caseload,
            count(r.id) FILTER (WHERE r.status = 'in_care')::int AS in_care
     FROM teams_here t LEFT JOIN referrals r ON r.team_code = t.code AND r.status = ANY($4)
     GROUP BY t.code, t.name, t.routine_wait_days, t.hours, t.opening, t.caseload_limit, t.beds,
              t.footprint_level
     ORDER BY CASE t.footprint_level WHEN 'neighbourhood' THEN 0
                WHEN 'multi_neighbourhood' THEN 1 ELSE 2 END, t.code`,
    [neighbourhood, pathway, kind, TEAM_HELD_STATUSES],
  );
}

function suggestion(team: Candidate): TeamSuggestion {
  return { code: team.code, name: team.name, routineWaitDays: team.routine_wait_days };
}

function spare(team: Candidate): number {
  return 1 - team.open_caseload / team.caseload_limit;
}

function unavailableReason(team: Candidate, context: { now: Date; urgent: boolean }): string {
  if (team.open_caseload >= team.caseload_limit) {
    return `${team.code} is at its caseload limit (${team.open_caseload}/${team.caseload_limit})`;
  }
  if (team.beds !== null && team.in_care >= team.beds) {
    return `${team.code} has no virtual ward bed free (${team.in_care}/${team.beds})`;
  }
  return context.urgent && !isTeamOpen(team.hours, team.opening, context.now)
    ? `${team.code} is closed now`
    : `${team.code} cannot take it`;
}
