import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { TEAM_PATHWAYS } from '@frontdoor/domain';
import {
  parseReferenceData,
  REFERENCE_FILES,
  SeedError,
  type ReferenceData,
  type ReferenceSources,
} from './reference-data';

const SEEDS = join(__dirname, '../../../../seeds/reference');

function realSources(): ReferenceSources {
  const read = (file: string): string => readFileSync(join(SEEDS, file), 'utf8');
  return {
    geography: read(REFERENCE_FILES.geography),
    gpPractices: read(REFERENCE_FILES.gpPractices),
    teams: read(REFERENCE_FILES.teams),
  };
}

type Doc = Record<string, unknown>;
interface Docs {
  geography: Doc;
  gpPractices: Doc;
  teams: Doc;
}

/** A small valid data set: one area, two MNHs, three neighbourhoods, every pathway covered. */
function smallDocs(): Docs {
  const nh = (code: string, districts: string[]) => ({
    code,
    name: `Neighbourhood ${code}`,
    population: 40000,
    postcodeDistricts: districts,
  });
  const team = (code: string, pathways: string[], level: string, footprint: string) => ({
    code,
    name: `Team ${code}`,
    pathways,
    footprint: { level, code: footprint },
    hours: '24_7',
    caseloadLimit: 20,
  });
  const others = TEAM_PATHWAYS.filter(
    (p) => !['ucr', 'virtual_ward_frailty', 'virtual_ward_ari', 'community_nursing'].includes(p),
  );
  return {
    geography: {
      version: 1,
      areas: [
        {
          code: 'north',
          name: 'North',
          multiNeighbourhoods: [
            {
              code: 'mnh-a',
              name: 'A',
              neighbourhoods: [nh('nh-a1', ['ME1']), nh('nh-a2', ['ME2'])],
            },
            { code: 'mnh-b', name: 'B', neighbourhoods: [nh('nh-b1', ['ME3', 'me4'])] },
          ],
        },
      ],
    },
    gpPractices: {
      version: 1,
      practices: [
        {
          odsCode: 'G82001',
          name: 'Riverside Surgery',
          neighbourhood: 'nh-a1',
          postcode: 'ME1 1AA',
        },
        {
          odsCode: 'G82002',
          name: 'Orchard Practice',
          neighbourhood: 'nh-b1',
          postcode: 'me4  2bb',
        },
      ],
    },
    teams: {
      version: 1,
      teams: [
        team('ucr-a', ['ucr', 'falls'], 'multi_neighbourhood', 'mnh-a'),
        team('ucr-b', ['ucr'], 'multi_neighbourhood', 'mnh-b'),
        {
          ...team('vw-north', ['virtual_ward_frailty', 'virtual_ward_ari'], 'area', 'north'),
          beds: 50,
        },
        {
          ...team('specialists-north', others, 'area', 'north'),
          hours: { days: ['sun', 'mon', 'sat'], from: '08:00', to: '20:00' },
          phone: '01632 960001',
        },
        ...['nh-a1', 'nh-a2', 'nh-b1'].map((code) =>
          team(`cn-${code}`, ['community_nursing'], 'neighbourhood', code),
        ),
      ],
    },
  };
}

function sources(docs: Docs): ReferenceSources {
  return {
    geography: stringify(docs.geography),
    gpPractices: stringify(docs.gpPractices),
    teams: stringify(docs.teams),
  };
}

/** The problems a parse reports (fails the test if it parses). */
function problemsOf(input: ReferenceSources | Docs): readonly string[] {
  const text =
    typeof input.geography === 'string' ? (input as ReferenceSources) : sources(input as Docs);
  try {
    parseReferenceData(text);
  } catch (error) {
    if (error instanceof SeedError) return error.problems;
    throw error;
  }
  throw new Error('expected a SeedError');
}

/** Mutates a fresh small data set and returns the problems it now has. */
function problemsAfter(change: (docs: Docs, at: Helpers) => void): readonly string[] {
  const docs = smallDocs();
  change(docs, helpers(docs));
  return problemsOf(docs);
}

interface Helpers {
  area: Doc;
  mnh(index: number): Doc;
  nh(mnh: number, index: number): Doc;
  practice(index: number): Doc;
  team(code: string): Doc;
  teams: Doc[];
}

function helpers(docs: Docs): Helpers {
  const area = (docs.geography.areas as Doc[])[0];
  const mnhs = area.multiNeighbourhoods as Doc[];
  const teams = docs.teams.teams as Doc[];
  return {
    area,
    mnh: (index) => mnhs[index],
    nh: (mnh, index) => (mnhs[mnh].neighbourhoods as Doc[])[index],
    practice: (index) => (docs.gpPractices.practices as Doc[])[index],
    team: (code) => {
      const found = teams.find((team) => team.code === code);
      if (!found) throw new Error(`no team ${code} in the small data set`);
      return found;
    },
    teams,
  };
}

describe('reference data: the shipped seeds/reference files', () => {
  let data: ReferenceData;
  beforeAll(() => {
    data = parseReferenceData(realSources());
  });

  it('parse cleanly into the expected shape of Kent and Medway', () => {
    expect(data.areas.map((area) => area.code)).toEqual([
      'dartford-gravesham-swanley',
      'west-kent',
      'medway-swale',
      'east-kent',
    ]);
    expect(data.multiNeighbourhoods).toHaveLength(8);
    expect(data.neighbourhoods.length).toBeGreaterThanOrEqual(40);
    expect(data.neighbourhoods.length).toBeLessThanOrEqual(50);
    for (const neighbourhood of data.neighbourhoods) {
      expect(neighbourhood.population).toBeGreaterThanOrEqual(30000);
      expect(neighbourhood.population).toBeLessThanOrEqual(50000);
    }
    const total = data.multiNeighbourhoods.reduce((sum, mnh) => sum + mnh.population, 0);
    expect(total).toBeGreaterThan(1_800_000);
    expect(total).toBeLessThan(2_000_000);
    expect(total).toBe(data.neighbourhoods.reduce((sum, nh) => sum + nh.population, 0));
  });

  it('carry the contract examples: practice G82001 in Gillingham (ME7) and team ucr-west-kent', () => {
    const practice = data.gpPractices.find((p) => p.odsCode === 'G82001');
    expect(practice).toMatchObject({ neighbourhoodCode: 'nh-gillingham' });
    expect(practice?.postcode).toMatch(/^ME7 /);
    expect(data.postcodeDistricts).toContainEqual({
      district: 'ME7',
      neighbourhoodCode: 'nh-gillingham',
    });
    const ucr = data.teams.find((team) => team.code === 'ucr-west-kent');
    expect(ucr?.pathways).toContain('ucr');
    expect(ucr?.hours).toBe('24_7');
  });

  it('give every neighbourhood 2-4 practices and a 24/7 UCR team', () => {
    for (const { code } of data.neighbourhoods) {
      const practices = data.gpPractices.filter((p) => p.neighbourhoodCode === code).length;
      expect({ code, enoughPractices: practices >= 2 && practices <= 4 }).toEqual({
        code,
        enoughPractices: true,
      });
      const ucr = data.teams.filter(
        (team) => team.pathways.includes('ucr') && team.neighbourhoodCodes.includes(code),
      );
      expect(ucr.map((team) => team.hours)).toEqual(['24_7']);
    }
  });

  it('provide 40-50 virtual ward beds per 100k people and only drama-range phone numbers', () => {
    const beds = data.teams.reduce((sum, team) => sum + (team.beds ?? 0), 0);
    const population = data.neighbourhoods.reduce((sum, nh) => sum + nh.population, 0);
    const per100k = (beds / population) * 100_000;
    expect(per100k).toBeGreaterThanOrEqual(40);
    expect(per100k).toBeLessThanOrEqual(50);
    for (const team of data.teams) expect(team.phone).toMatch(/^01632 960[0-9]{3}$/);
    expect(new Set(data.teams.map((team) => team.phone)).size).toBe(data.teams.length);
  });
});

describe('reference data: a valid small data set', () => {
  it('parses into table rows, expanding each footprint into its neighbourhoods', () => {
    const data = parseReferenceData(sources(smallDocs()));
    expect(data.multiNeighbourhoods).toEqual([
      { code: 'mnh-a', name: 'A', areaCode: 'north', population: 80000 },
      { code: 'mnh-b', name: 'B', areaCode: 'north', population: 40000 },
    ]);
    expect(data.postcodeDistricts.map((row) => row.district)).toEqual(['ME1', 'ME2', 'ME3', 'ME4']);
    expect(data.gpPractices[1]).toEqual({
      odsCode: 'G82002',
      name: 'Orchard Practice',
      neighbourhoodCode: 'nh-b1',
      postcode: 'ME4 2BB',
      notifyUrl: null,
    });
    const byCode = new Map(data.teams.map((team) => [team.code, team]));
    expect(byCode.get('ucr-a')?.neighbourhoodCodes).toEqual(['nh-a1', 'nh-a2']);
    expect(byCode.get('vw-north')?.neighbourhoodCodes).toEqual(['nh-a1', 'nh-a2', 'nh-b1']);
    expect(byCode.get('cn-nh-b1')?.neighbourhoodCodes).toEqual(['nh-b1']);
    expect(byCode.get('ucr-a')).toMatchObject({
      hours: '24_7',
      opening: null,
      beds: null,
      phone: null,
    });
    expect(byCode.get('specialists-north')).toMatchObject({
      hours: 'set_hours',
      opening: { days: ['mon', 'sat', 'sun'], from: '08:00', to: '20:00' },
      phone: '01632 960001',
    });
  });
});

describe('reference data: problems are named by file and item', () => {
  it.each<[string, (docs: Docs, at: Helpers) => void, string]>([
    [
      'a duplicate area code',
      (docs) => {
        (docs.geography.areas as Doc[]).push({ code: 'north', name: 'North again' });
      },
      'geography.yaml: area north: duplicate area code',
    ],
    [
      'a duplicate multi-neighbourhood code',
      (_, at) => {
        at.mnh(1).code = 'mnh-a';
      },
      'geography.yaml: multi-neighbourhood mnh-a: duplicate multi-neighbourhood code',
    ],
    [
      'a duplicate neighbourhood code',
      (_, at) => {
        at.nh(0, 1).code = 'nh-a1';
      },
      'geography.yaml: neighbourhood nh-a1: duplicate neighbourhood code',
    ],
    [
      'a code that is not kebab-case',
      (_, at) => {
        at.mnh(0).code = 'MNH A';
      },
      'geography.yaml: area north: multiNeighbourhoods[0]: code "MNH A" is not kebab-case (like "west-kent")',
    ],
    [
      'a postcode district assigned twice',
      (_, at) => {
        at.nh(1, 0).postcodeDistricts = ['ME3', 'ME1'];
      },
      'geography.yaml: neighbourhood nh-b1: postcode district ME1 is already assigned to nh-a1',
    ],
    [
      'a malformed postcode district',
      (_, at) => {
        at.nh(0, 1).postcodeDistricts = ['ME2 4'];
      },
      'geography.yaml: neighbourhood nh-a2: postcode district "ME2 4" is not an outward code (like "ME7")',
    ],
    [
      'a population that is not a whole number',
      (_, at) => {
        at.nh(0, 0).population = '40,000';
      },
      'geography.yaml: neighbourhood nh-a1: population must be a whole number above 0, not "40,000"',
    ],
    [
      'a malformed ODS code',
      (_, at) => {
        at.practice(0).odsCode = 'G8201';
      },
      'gp-practices.yaml: practices[0]: odsCode "G8201" is not a GP practice ODS code (a letter and 5 digits)',
    ],
    [
      'a duplicate ODS code',
      (_, at) => {
        at.practice(1).odsCode = 'g82001';
      },
      'gp-practices.yaml: practice G82001: duplicate practice code',
    ],
    [
      'a practice in an unknown neighbourhood',
      (_, at) => {
        at.practice(0).neighbourhood = 'xx';
      },
      'gp-practices.yaml: practice G82001: unknown neighbourhood "xx"',
    ],
    [
      "a practice postcode outside its neighbourhood's districts",
      (_, at) => {
        at.practice(0).postcode = 'ME3 1AA';
      },
      "gp-practices.yaml: practice G82001: postcode ME3 1AA is not in nh-a1's postcode districts (ME1)",
    ],
    [
      'a malformed practice postcode',
      (_, at) => {
        at.practice(0).postcode = 'ME1';
      },
      'gp-practices.yaml: practice G82001: postcode "ME1" is not a full UK postcode (like "ME7 1AA")',
    ],
    [
      'a practice notifyUrl that is not https',
      (_, at) => {
        at.practice(0).notifyUrl = 'http://gp.example/discharge';
      },
      'gp-practices.yaml: practice G82001: notifyUrl must be an https:// URL (http:// only to localhost or 127.0.0.1 outside production)',
    ],
    [
      'a duplicate team code',
      (_, at) => {
        at.team('ucr-b').code = 'ucr-a';
      },
      'teams.yaml: team ucr-a: duplicate team code',
    ],
    [
      'a footprint in an unknown neighbourhood',
      (_, at) => {
        at.team('cn-nh-a1').footprint = { level: 'neighbourhood', code: 'xx' };
      },
      'teams.yaml: team cn-nh-a1: unknown neighbourhood "xx"',
    ],
    [
      'a footprint in an unknown multi-neighbourhood',
      (_, at) => {
        at.team('ucr-a').footprint = { level: 'multi_neighbourhood', code: 'north' };
      },
      'teams.yaml: team ucr-a: unknown multi-neighbourhood "north" (it is an area)',
    ],
    [
      'a footprint in an unknown area',
      (_, at) => {
        at.team('vw-north').footprint = { level: 'area', code: 'south' };
      },
      'teams.yaml: team vw-north: unknown area "south"',
    ],
    [
      'a footprint level that does not exist',
      (_, at) => {
        at.team('ucr-a').footprint = { level: 'county', code: 'north' };
      },
      'teams.yaml: team ucr-a: footprint: level must be one of neighbourhood, multi_neighbourhood, area, not "county"',
    ],
    [
      'an unknown pathway',
      (_, at) => {
        at.team('ucr-a').pathways = ['ucr', 'falls', 'podiatry'];
      },
      'teams.yaml: team ucr-a: unknown pathway "podiatry"',
    ],
    [
      'a hub outcome given as a team pathway',
      (_, at) => {
        at.team('ucr-a').pathways = ['ucr', 'falls', 'redirect_999'];
      },
      'teams.yaml: team ucr-a: unknown pathway "redirect_999"',
    ],
    [
      'beds on a team that runs no virtual ward',
      (_, at) => {
        at.team('ucr-a').beds = 10;
      },
      'teams.yaml: team ucr-a: beds are only for virtual ward teams (virtual_ward_frailty, virtual_ward_ari)',
    ],
    [
      'a virtual ward without beds',
      (_, at) => {
        delete at.team('vw-north').beds;
      },
      'teams.yaml: team vw-north: a virtual ward team needs beds',
    ],
    [
      'hours that are neither 24_7 nor set hours',
      (_, at) => {
        at.team('ucr-a').hours = '9-5';
      },
      'teams.yaml: team ucr-a: hours must be 24_7 or { days, from, to }, not "9-5"',
    ],
    [
      'set hours that end before they start',
      (_, at) => {
        at.team('specialists-north').hours = { days: ['mon'], from: '20:00', to: '08:00' };
      },
      'teams.yaml: team specialists-north: hours: to (08:00) must be later than from (20:00); a team open overnight is 24_7',
    ],
    [
      'set hours with an unknown day',
      (_, at) => {
        at.team('specialists-north').hours = {
          days: ['mon', 'funday'],
          from: '08:00',
          to: '20:00',
        };
      },
      'teams.yaml: team specialists-north: hours: unknown day "funday"',
    ],
    [
      'set hours with a malformed time',
      (_, at) => {
        at.team('specialists-north').hours = { days: ['mon'], from: '8am', to: '20:00' };
      },
      'teams.yaml: team specialists-north: hours: from must be a quoted 24-hour time like "08:00", not "8am"',
    ],
    [
      'a missing caseload limit',
      (_, at) => {
        delete at.team('ucr-a').caseloadLimit;
      },
      'teams.yaml: team ucr-a: caseloadLimit is missing',
    ],
    [
      'a phone number written as a number',
      (_, at) => {
        at.team('ucr-a').phone = 1632960001;
      },
      'teams.yaml: team ucr-a: phone must be quoted text (as a number it loses its leading 0)',
    ],
    [
      'a misspelt field',
      (_, at) => {
        at.team('ucr-a').caseloadlimit = 3;
      },
      'teams.yaml: team ucr-a: unknown field "caseloadlimit"',
    ],
    [
      'a neighbourhood with no team for a pathway',
      (_, at) => {
        at.team('ucr-b').pathways = ['falls'];
      },
      'teams.yaml: pathway ucr: no team serves neighbourhood nh-b1',
    ],
    [
      'a file with the wrong version',
      (docs) => {
        docs.teams.version = 2;
      },
      'teams.yaml: file: version must be 1, not 2',
    ],
  ])('reports %s', (_, change, message) => {
    // The problem itself comes first; what follows are its knock-on effects, if any (a
    // renamed neighbourhood also leaves a team's footprint pointing nowhere).
    expect(problemsAfter(change)[0]).toBe(message);
  });

  it('reports a YAML syntax error with the file and line, and checks no references into it', () => {
    const text = sources(smallDocs());
    const problems = problemsOf({ ...text, geography: 'version: 1\nareas: [\n  - code: x\n' });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toMatch(/^geography\.yaml: .*line \d+/);
  });

  it('names files that are not a mapping', () => {
    expect(problemsOf({ ...sources(smallDocs()), gpPractices: '- G82001\n' })).toEqual([
      'gp-practices.yaml: expected a mapping with "version" and "practices"',
    ]);
  });

  it('lists a coverage gap once per pathway, naming at most ten neighbourhoods', () => {
    const docs = smallDocs();
    const nhs = helpers(docs).mnh(1).neighbourhoods as Doc[];
    for (let i = 2; i <= 13; i += 1) {
      nhs.push({
        code: `nh-b${i}`,
        name: `B${i}`,
        population: 30000,
        postcodeDistricts: [`ME${i + 3}`],
      });
    }
    helpers(docs).teams.push({
      code: 'cn-b',
      name: 'Community nursing B',
      pathways: ['community_nursing'],
      footprint: { level: 'multi_neighbourhood', code: 'mnh-b' },
      hours: '24_7',
      caseloadLimit: 100,
    });
    helpers(docs).team('ucr-b').pathways = ['falls'];
    expect(problemsOf(docs)).toEqual([
      'teams.yaml: pathway ucr: no team serves 13 neighbourhoods ' +
        'nh-b1, nh-b2, nh-b3, nh-b4, nh-b5, nh-b6, nh-b7, nh-b8, nh-b9, nh-b10 and 3 more',
    ]);
  });

  it('reports several problems across the files at once', () => {
    const problems = problemsAfter((docs, at) => {
      at.nh(1, 0).postcodeDistricts = ['ME1'];
      at.practice(1).odsCode = 'XX';
      at.team('ucr-a').pathways = ['podiatry'];
      docs.teams.version = '1';
    });
    expect(problems).toEqual([
      'geography.yaml: neighbourhood nh-b1: postcode district ME1 is already assigned to nh-a1',
      'gp-practices.yaml: practices[1]: odsCode "XX" is not a GP practice ODS code (a letter and 5 digits)',
      "gp-practices.yaml: practices[1]: postcode ME4 2BB is not in nh-b1's postcode districts (none)",
      'teams.yaml: file: version must be 1, not "1"',
      'teams.yaml: team ucr-a: unknown pathway "podiatry"',
      'teams.yaml: pathway ucr: no team serves 2 neighbourhoods nh-a1, nh-a2',
    ]);
    expect(() => parseReferenceData(sources(smallDocs()))).not.toThrow();
  });

  it('throws a SeedError whose message lists every problem', () => {
    const docs = smallDocs();
    helpers(docs).practice(0).neighbourhood = 'xx';
    helpers(docs).team('ucr-a').beds = 3;
    expect(() => parseReferenceData(sources(docs))).toThrow(
      new SeedError([
        'gp-practices.yaml: practice G82001: unknown neighbourhood "xx"',
        'teams.yaml: team ucr-a: beds are only for virtual ward teams (virtual_ward_frailty, virtual_ward_ari)',
      ]).message,
    );
  });
});
