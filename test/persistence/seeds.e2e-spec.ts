import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { parse, stringify } from 'yaml';
import { SeedError, seedReferenceData, type SeedCounts } from '@frontdoor/persistence';
import { PROJECT_ROOT } from '../../scripts/services';
import { createTestDatabase, type TestDatabase } from '../support/database';

const SEEDS = join(PROJECT_ROOT, 'seeds', 'reference');

/** Table name to its key columns, for ordered snapshots. */
const TABLES = {
  areas: 'code',
  multi_neighbourhoods: 'code',
  neighbourhoods: 'code',
  postcode_districts: 'district',
  gp_practices: 'ods_code',
  teams: 'code',
  team_neighbourhoods: 'team_code, neighbourhood_code',
} as const;
type Table = keyof typeof TABLES;

async function snapshot(dataSource: DataSource): Promise<Record<Table, unknown[]>> {
  const tables = Object.keys(TABLES) as Table[];
  const rows = await Promise.all(
    tables.map((table) =>
      dataSource.query<unknown[]>(`SELECT * FROM ${table} ORDER BY ${TABLES[table]}`),
    ),
  );
  return Object.fromEntries(tables.map((table, i) => [table, rows[i]])) as Record<Table, unknown[]>;
}

async function rowCounts(dataSource: DataSource): Promise<Record<Table, number>> {
  const all = await snapshot(dataSource);
  return Object.fromEntries(
    Object.entries(all).map(([table, rows]) => [table, rows.length]),
  ) as Record<Table, number>;
}

async function coverageOf(dataSource: DataSource, team: string): Promise<string[]> {
  const rows = await dataSource.query<{ neighbourhood_code: string }[]>(
    `SELECT neighbourhood_code FROM team_neighbourhoods WHERE team_code = $1 ORDER BY 1`,
    [team],
  );
  return rows.map((row) => row.neighbourhood_code);
}

interface TeamDoc {
  code: string;
  name: string;
  caseloadLimit: number;
  footprint: { level: string; code: string };
  [field: string]: unknown;
}

/** A temporary copy of seeds/reference whose teams.yaml the test may rewrite. */
class SeedCopy {
  readonly dir = mkdtempSync(join(tmpdir(), 'frontdoor-seeds-'));

  constructor() {
    cpSync(SEEDS, this.dir, { recursive: true });
  }

  editTeams(change: (teams: TeamDoc[]) => void): void {
    const file = join(this.dir, 'teams.yaml');
    const doc = parse(readFileSync(file, 'utf8')) as { version: number; teams: TeamDoc[] };
    change(doc.teams);
    writeFileSync(file, stringify(doc));
  }

  team(teams: TeamDoc[], code: string): TeamDoc {
    const found = teams.find((team) => team.code === code);
    if (!found) throw new Error(`no team ${code} in seeds/reference/teams.yaml`);
    return found;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('reference data seeding', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const copies: SeedCopy[] = [];
  const copy = (): SeedCopy => {
    const made = new SeedCopy();
    copies.push(made);
    return made;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ referenceData: false });
    dataSource = database.dataSource;
  });

  afterAll(async () => {
    for (const made of copies) made.remove();
    await database.drop();
  });

  describe('on an empty database', () => {
    it('loads nothing from invalid files, and names the problem', async () => {
      const bad = copy();
      bad.editTeams((teams) => {
        bad.team(teams, 'ucr-west-kent').footprint = { level: 'multi_neighbourhood', code: 'xx' };
      });
      const failure = seedReferenceData(dataSource, bad.dir);
      await expect(failure).rejects.toBeInstanceOf(SeedError);
      await expect(failure).rejects.toThrow(
        'teams.yaml: team ucr-west-kent: unknown multi-neighbourhood "xx"',
      );
      expect(Object.values(await rowCounts(dataSource))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    });

    it('rolls the whole load back when the database refuses a row part-way through', async () => {
      await dataSource.query(`
        CREATE FUNCTION refuse_test_team() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'refused by the test'; END $$;
        CREATE TRIGGER refuse_test_team BEFORE INSERT ON team_neighbourhoods
          FOR EACH ROW WHEN (NEW.team_code = 'ucr-west-kent') EXECUTE FUNCTION refuse_test_team();
      `);
      try {
        await expect(seedReferenceData(dataSource, SEEDS)).rejects.toThrow(/refused by the test/);
      } finally {
        await dataSource.query(`
          DROP TRIGGER refuse_test_team ON team_neighbourhoods;
          DROP FUNCTION refuse_test_team();
        `);
      }
      expect(Object.values(await rowCounts(dataSource))).toEqual([0, 0, 0, 0, 0, 0, 0]);
    });
  });

  describe('the shipped seeds/reference', () => {
    let first: SeedCounts;

    beforeAll(async () => {
      first = await seedReferenceData(dataSource, SEEDS);
    });

    it('load every row the files describe', async () => {
      expect(first.changed).toBeGreaterThan(0);
      expect(await rowCounts(dataSource)).toEqual({
        areas: first.areas,
        multi_neighbourhoods: first.multiNeighbourhoods,
        neighbourhoods: first.neighbourhoods,
        postcode_districts: first.postcodeDistricts,
        gp_practices: first.gpPractices,
        teams: first.teams,
        team_neighbourhoods: first.teamNeighbourhoods,
      });
      expect(first).toMatchObject({ areas: 4, multiNeighbourhoods: 8 });

      const [practice] = await dataSource.query<{ neighbourhood_code: string; district: string }[]>(
        `SELECT p.neighbourhood_code, d.district FROM gp_practices p
         JOIN postcode_districts d ON d.neighbourhood_code = p.neighbourhood_code
         WHERE p.ods_code = 'G82001' AND d.district = 'ME7'`,
      );
      expect(practice).toEqual({ neighbourhood_code: 'nh-gillingham', district: 'ME7' });

      const [ucr] = await dataSource.query<{ hours: string; opening: unknown }[]>(
        `SELECT hours, opening FROM teams WHERE code = 'ucr-west-kent'`,
      );
      expect(ucr).toEqual({ hours: '24_7', opening: null });
      expect(await coverageOf(dataSource, 'ucr-west-kent')).toHaveLength(12);

      const [nursing] = await dataSource.query<{ hours: string; opening: unknown }[]>(
        `SELECT hours, opening FROM teams WHERE code = 'community-nursing-gillingham'`,
      );
      expect(nursing).toEqual({
        hours: 'set_hours',
        opening: {
          days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          from: '08:00',
          to: '20:00',
        },
      });
    });

    it('load again without changing a single row', async () => {
      const before = await snapshot(dataSource);
      const again = await seedReferenceData(dataSource, SEEDS);
      expect(again).toEqual({ ...first, changed: 0 });
      expect(await snapshot(dataSource)).toEqual(before);
    });

    it('update a changed team in place, touching nothing else', async () => {
      const edited = copy();
      edited.editTeams((teams) => {
        const team = edited.team(teams, 'ucr-west-kent');
        team.name = 'West Kent Urgent Community Response (24/7)';
        team.caseloadLimit = 95;
      });
      const before = await snapshot(dataSource);

      const counts = await seedReferenceData(dataSource, edited.dir);

      expect(counts).toEqual({ ...first, changed: 1 });
      const after = await snapshot(dataSource);
      expect(after.teams).toHaveLength(before.teams.length);
      const changed = (rows: unknown[]) =>
        (rows as { code: string }[]).find((row) => row.code === 'ucr-west-kent');
      expect(changed(after.teams)).toMatchObject({
        name: 'West Kent Urgent Community Response (24/7)',
        caseload_limit: 95,
      });
      const updatedAt = (rows: unknown[]) =>
        (changed(rows) as { updated_at: Date } | undefined)?.updated_at.getTime() ?? 0;
      expect(updatedAt(after.teams)).toBeGreaterThan(updatedAt(before.teams));
      const others = (rows: unknown[]) =>
        (rows as { code: string }[]).filter((row) => row.code !== 'ucr-west-kent');
      expect(others(after.teams)).toEqual(others(before.teams));
      expect(after.team_neighbourhoods).toEqual(before.team_neighbourhoods);
    });

    it("replace a team's coverage when its footprint shrinks", async () => {
      const split = copy();
      split.editTeams((teams) => {
        split.team(teams, 'ucr-west-kent').footprint = {
          level: 'multi_neighbourhood',
          code: 'mnh-maidstone-malling',
        };
        teams.push({
          ...split.team(teams, 'ucr-west-kent'),
          code: 'ucr-tunbridge-wells-tonbridge-sevenoaks',
          name: 'Tunbridge Wells, Tonbridge and Sevenoaks Urgent Community Response',
          footprint: {
            level: 'multi_neighbourhood',
            code: 'mnh-tunbridge-wells-tonbridge-sevenoaks',
          },
          phone: '01632 960999',
        });
      });
      const westKent = await coverageOf(dataSource, 'ucr-west-kent');
      expect(westKent).toHaveLength(12);

      const counts = await seedReferenceData(dataSource, split.dir);

      const maidstone = await dataSource.query<{ code: string }[]>(
        `SELECT code FROM neighbourhoods WHERE multi_neighbourhood_code = 'mnh-maidstone-malling' ORDER BY 1`,
      );
      const nowWestKent = await coverageOf(dataSource, 'ucr-west-kent');
      expect(nowWestKent).toEqual(maidstone.map((row) => row.code));
      const tunbridge = await coverageOf(dataSource, 'ucr-tunbridge-wells-tonbridge-sevenoaks');
      expect(tunbridge).toHaveLength(6);
      expect([...nowWestKent, ...tunbridge].sort()).toEqual(westKent);
      expect(counts.teams).toBe(first.teams + 1);
      // 12 rows became 6 + 6: the old team lost the six the new one took over.
      expect(counts.teamNeighbourhoods).toBe(first.teamNeighbourhoods);
      expect((await rowCounts(dataSource)).team_neighbourhoods).toBe(counts.teamNeighbourhoods);
    });

    it('leave rows that are not in the files alone', async () => {
      await dataSource.query(`
        INSERT INTO teams (code, name, pathways, footprint_level, footprint_code, hours, caseload_limit)
        VALUES ('legacy-team', 'A team referrals still point at', '{ucr}', 'neighbourhood',
                'nh-gillingham', '24_7', 5);
        INSERT INTO team_neighbourhoods (team_code, neighbourhood_code)
        VALUES ('legacy-team', 'nh-gillingham');
      `);
      await seedReferenceData(dataSource, SEEDS);
      expect(await coverageOf(dataSource, 'legacy-team')).toEqual(['nh-gillingham']);
      // The team added by the previous test is no longer in the files: it stays too.
      expect(await coverageOf(dataSource, 'ucr-tunbridge-wells-tonbridge-sevenoaks')).toHaveLength(
        6,
      );
      expect(await coverageOf(dataSource, 'ucr-west-kent')).toHaveLength(12);
    });

    it('change nothing when given invalid files after a good load', async () => {
      const bad = copy();
      bad.editTeams((teams) => {
        bad.team(teams, 'ucr-west-kent').caseloadLimit = 1;
        bad.team(teams, 'vw-ari-medway').hours = 'office hours';
      });
      const before = await snapshot(dataSource);
      await expect(seedReferenceData(dataSource, bad.dir)).rejects.toThrow(
        'teams.yaml: team vw-ari-medway: hours must be 24_7 or { days, from, to }, not "office hours"',
      );
      expect(await snapshot(dataSource)).toEqual(before);
    });
  });
});
