import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { seedsDir } from '../project-root';
import {
  parseReferenceData,
  REFERENCE_FILES,
  SeedError,
  type ReferenceData,
  type ReferenceFileRole,
  type ReferenceSources,
} from './reference-data';

/** Rows in the files, per table, and how many rows the load inserted, updated or removed. */
export interface SeedCounts {
  areas: number;
  multiNeighbourhoods: number;
  neighbourhoods: number;
  postcodeDistricts: number;
  gpPractices: number;
  teams: number;
  teamNeighbourhoods: number;
  /** 0 when the database already held exactly these rows. */
  changed: number;
}

/** Serialises concurrent loads (say `npm start` and `npm run db:seed` at once). */
const SEED_LOCK = 7_306_245_010;

/** seeds/reference of the repository this code runs from (source or compiled under dist/). */
/**
 * A team whose capacity someone changed through the api (a capacity_changed team event) keeps
 * it: the files set capacity until the service manages it, so a restart never undoes it.
 */
const MANAGED = `EXISTS (SELECT 1 FROM team_events e
                         WHERE e.team_code = teams.code AND e.type = 'capacity_changed')`;

export const defaultReferenceDir = (): string => seedsDir('reference');

/** Reads and validates the reference files in `dir`; throws SeedError naming every problem. */
export async function readReferenceData(dir: string): Promise<ReferenceData> {
  const roles = Object.keys(REFERENCE_FILES) as ReferenceFileRole[];
  const problems: string[] = [];
  const texts = await Promise.all(
    roles.map((role) =>
      readFile(join(dir, REFERENCE_FILES[role]), 'utf8').catch((error: unknown) => {
        const reason = (error as NodeJS.ErrnoException).code ?? String(error);
        problems.push(`${REFERENCE_FILES[role]}: cannot read it from ${dir} (${reason})`);
        return '';
      }),
    ),
  );
  if (problems.length > 0) throw new SeedError(problems);
  const sources = Object.fromEntries(roles.map((role, i) => [role, texts[i]])) as ReferenceSources;
  return parseReferenceData(sources);
}

/**
 * Loads the reference data in `dir` (default: the repository's seeds/reference) into the
 * database in one transaction: every row in the files is inserted or brought up to date, and
 * each seeded team's neighbourhood coverage is replaced by what its footprint covers now.
 * Rows that are not in the files are left alone (referrals may point at them). Invalid files
 * throw SeedError before anything is written; a database error rolls the whole load back.
 */
export async function seedReferenceData(
  dataSource: DataSource,
  dir: string = defaultReferenceDir(),
): Promise<SeedCounts> {
  const data = await readReferenceData(dir);
  const changed = await dataSource.transaction((manager) => writeReferenceData(manager, data));
  return {
    areas: data.areas.length,
    multiNeighbourhoods: data.multiNeighbourhoods.length,
    neighbourhoods: data.neighbourhoods.length,
    postcodeDistricts: data.postcodeDistricts.length,
    gpPractices: data.gpPractices.length,
    teams: data.teams.length,
    teamNeighbourhoods: data.teams.reduce((sum, team) => sum + team.neighbourhoodCodes.length, 0),
    changed,
  };
}

/** Runs a data-modifying statement that ends in `RETURNING 1` and counts the rows it touched. */
async function touched(manager: EntityManager, statement: string, rows: unknown): Promise<number> {
  const result: { n: number }[] = await manager.query(
    `WITH touched AS (${statement}) SELECT count(*)::int AS n FROM touched`,
    [JSON.stringify(rows)],
  );
  return result[0].n;
}

/**
 * One upsert per table, parents first. Each row is written only when it differs, so loading
 * the same files twice changes nothing (teams.updated_at included).
 */
async function writeReferenceData(manager: EntityManager, data: ReferenceData): Promise<number> {
  await manager.query(`SELECT pg_advisory_xact_lock(${SEED_LOCK})`);
  let changed = 0;

  changed += await touched(
    manager,
    `INSERT INTO areas (code, name)
     SELECT code, name FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name
     WHERE areas.name IS DISTINCT FROM EXCLUDED.name
     RETURNING 1`,
    data.areas,
  );

  changed += await touched(
    manager,
    `INSERT INTO multi_neighbourhoods (code, name, area_code, population)
     SELECT code, name, area_code, population
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, area_code text, population int)
     ON CONFLICT (code) DO UPDATE
       SET name = EXCLUDED.name, area_code = EXCLUDED.area_code, population = EXCLUDED.population
     WHERE (multi_neighbourhoods.name, multi_neighbourhoods.area_code, multi_neighbourhoods.population)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.area_code, EXCLUDED.population)
     RETURNING 1`,
    data.multiNeighbourhoods.map((mnh) => ({
      code: mnh.code,
      name: mnh.name,
      area_code: mnh.areaCode,
      population: mnh.population,
    })),
  );

  changed += await touched(
    manager,
    `INSERT INTO neighbourhoods (code, name, multi_neighbourhood_code, population)
     SELECT code, name, multi_neighbourhood_code, population
     FROM jsonb_to_recordset($1::jsonb)
       AS r(code text, name text, multi_neighbourhood_code text, population int)
     ON CONFLICT (code) DO UPDATE
       SET name = EXCLUDED.name, multi_neighbourhood_code = EXCLUDED.multi_neighbourhood_code,
           population = EXCLUDED.population
     WHERE (neighbourhoods.name, neighbourhoods.multi_neighbourhood_code, neighbourhoods.population)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.multi_neighbourhood_code, EXCLUDED.population)
     RETURNING 1`,
    data.neighbourhoods.map((nh) => ({
      code: nh.code,
      name: nh.name,
      multi_neighbourhood_code: nh.multiNeighbourhoodCode,
      population: nh.population,
    })),
  );

  changed += await touched(
    manager,
    `INSERT INTO postcode_districts (district, neighbourhood_code)
     SELECT district, neighbourhood_code
     FROM jsonb_to_recordset($1::jsonb) AS r(district text, neighbourhood_code text)
     ON CONFLICT (district) DO UPDATE SET neighbourhood_code = EXCLUDED.neighbourhood_code
     WHERE postcode_districts.neighbourhood_code IS DISTINCT FROM EXCLUDED.neighbourhood_code
     RETURNING 1`,
    data.postcodeDistricts.map((row) => ({
      district: row.district,
      neighbourhood_code: row.neighbourhoodCode,
    })),
  );

  changed += await touched(
    manager,
    `INSERT INTO gp_practices (ods_code, name, neighbourhood_code, postcode, notify_url)
     SELECT ods_code, name, neighbourhood_code, postcode, notify_url
     FROM jsonb_to_recordset($1::jsonb)
       AS r(ods_code text, name text, neighbourhood_code text, postcode text, notify_url text)
     ON CONFLICT (ods_code) DO UPDATE
       SET name = EXCLUDED.name, neighbourhood_code = EXCLUDED.neighbourhood_code,
           postcode = EXCLUDED.postcode, notify_url = EXCLUDED.notify_url
     WHERE (gp_practices.name, gp_practices.neighbourhood_code, gp_practices.postcode,
            gp_practices.notify_url)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.neighbourhood_code, EXCLUDED.postcode,
                         EXCLUDED.notify_url)
     RETURNING 1`,
    data.gpPractices.map((practice) => ({
      ods_code: practice.odsCode,
      name: practice.name,
      neighbourhood_code: practice.neighbourhoodCode,
      postcode: practice.postcode,
      notify_url: practice.notifyUrl,
    })),
  );

  changed += await touched(
    manager,
    `INSERT INTO teams (code, name, pathways, footprint_level, footprint_code, hours, opening,
                        caseload_limit, beds, phone)
     SELECT code, name, pathways, footprint_level, footprint_code, hours,
            NULLIF(opening, 'null'::jsonb), caseload_limit, beds, phone
     FROM jsonb_to_recordset($1::jsonb) AS r(code text, name text, pathways text[],
       footprint_level text, footprint_code text, hours text, opening jsonb,
       caseload_limit int, beds int, phone text)
     ON CONFLICT (code) DO UPDATE
       SET name = EXCLUDED.name, pathways = EXCLUDED.pathways,
           footprint_level = EXCLUDED.footprint_level, footprint_code = EXCLUDED.footprint_code,
           hours = EXCLUDED.hours, opening = EXCLUDED.opening,
           caseload_limit = CASE WHEN ${MANAGED} THEN teams.caseload_limit
                                 ELSE EXCLUDED.caseload_limit END,
           beds = CASE WHEN ${MANAGED} THEN teams.beds ELSE EXCLUDED.beds END,
           phone = EXCLUDED.phone,
           updated_at = now()
     WHERE (teams.name, teams.pathways, teams.footprint_level, teams.footprint_code, teams.hours,
            teams.opening, teams.caseload_limit, teams.beds, teams.phone)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.pathways, EXCLUDED.footprint_level,
            EXCLUDED.footprint_code, EXCLUDED.hours, EXCLUDED.opening,
            CASE WHEN ${MANAGED} THEN teams.caseload_limit ELSE EXCLUDED.caseload_limit END,
            CASE WHEN ${MANAGED} THEN teams.beds ELSE EXCLUDED.beds END, EXCLUDED.phone)
     RETURNING 1`,
    data.teams.map((team) => ({
      code: team.code,
      name: team.name,
      pathways: team.pathways,
      footprint_level: team.footprintLevel,
      footprint_code: team.footprintCode,
      hours: team.hours,
      opening: team.opening,
      caseload_limit: team.caseloadLimit,
      beds: team.beds,
      phone: team.phone,
    })),
  );

  // A seeded team covers exactly the neighbourhoods its footprint covers now: rows it no
  // longer covers go, new ones come; teams that are not in the files keep theirs.
  const coverage = data.teams.flatMap((team) =>
    team.neighbourhoodCodes.map((code) => ({ team_code: team.code, neighbourhood_code: code })),
  );
  changed += await touched(
    manager,
    `DELETE FROM team_neighbourhoods AS tn
     WHERE tn.team_code IN (SELECT DISTINCT team_code FROM jsonb_to_recordset($1::jsonb)
                              AS r(team_code text, neighbourhood_code text))
       AND NOT EXISTS (SELECT 1 FROM jsonb_to_recordset($1::jsonb)
                         AS r(team_code text, neighbourhood_code text)
                       WHERE r.team_code = tn.team_code
                         AND r.neighbourhood_code = tn.neighbourhood_code)
     RETURNING 1`,
    coverage,
  );
  changed += await touched(
    manager,
    `INSERT INTO team_neighbourhoods (team_code, neighbourhood_code)
     SELECT team_code, neighbourhood_code
     FROM jsonb_to_recordset($1::jsonb) AS r(team_code text, neighbourhood_code text)
     ON CONFLICT DO NOTHING
     RETURNING 1`,
    coverage,
  );
  return changed;
}
