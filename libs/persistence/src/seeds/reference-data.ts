import { parseDocument } from 'yaml';
import {
  FOOTPRINT_LEVELS,
  gpEndpointProblem,
  TEAM_PATHWAYS,
  type FootprintLevel,
  type TeamHours,
} from '@frontdoor/domain';
import type { TeamOpening } from '@frontdoor/domain';

/**
 * Reference data as files (seeds/reference/*.yaml, documented in seeds/README.md): parsed and
 * validated here without any I/O, so the same checks run in unit tests, in the loader and in
 * any tool that edits the files. Every problem is collected before anything is thrown.
 */

/** The files of one reference data set, by role. */
export const REFERENCE_FILES = {
  geography: 'geography.yaml',
  gpPractices: 'gp-practices.yaml',
  teams: 'teams.yaml',
} as const;

export type ReferenceFileRole = keyof typeof REFERENCE_FILES;
/** The text of each file. */
export type ReferenceSources = Record<ReferenceFileRole, string>;

export type TeamPathway = (typeof TEAM_PATHWAYS)[number];
export type Weekday = TeamOpening['days'][number];

export interface AreaSeed {
  code: string;
  name: string;
}

export interface MultiNeighbourhoodSeed {
  code: string;
  name: string;
  areaCode: string;
  /** The sum of its neighbourhoods' populations. */
  population: number;
}

export interface NeighbourhoodSeed {
  code: string;
  name: string;
  multiNeighbourhoodCode: string;
  population: number;
}

export interface PostcodeDistrictSeed {
  district: string;
  neighbourhoodCode: string;
}

export interface GpPracticeSeed {
  odsCode: string;
  name: string;
  neighbourhoodCode: string;
  postcode: string;
  /** Where discharge letters are POSTed; null when the file gives none. */
  notifyUrl: string | null;
}

export interface TeamSeed {
  code: string;
  name: string;
  pathways: TeamPathway[];
  footprintLevel: FootprintLevel;
  footprintCode: string;
  hours: TeamHours;
  /** Null for 24_7 teams. */
  opening: TeamOpening | null;
  caseloadLimit: number;
  beds: number | null;
  phone: string | null;
  /** Every neighbourhood the footprint covers (the team_neighbourhoods rows). */
  neighbourhoodCodes: string[];
}

/** Validated reference data, one list per table, in the order the files give them. */
export interface ReferenceData {
  areas: AreaSeed[];
  multiNeighbourhoods: MultiNeighbourhoodSeed[];
  neighbourhoods: NeighbourhoodSeed[];
  postcodeDistricts: PostcodeDistrictSeed[];
  gpPractices: GpPracticeSeed[];
  teams: TeamSeed[];
}

/** Reference data that cannot be loaded; `problems` names the file and item of each. */
export class SeedError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `reference data has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'SeedError';
  }
}

export const SEED_FORMAT_VERSION = 1;
const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const DISTRICT = /^[A-Z]{1,2}[0-9][0-9A-Z]?$/;
const POSTCODE = /^([A-Z]{1,2}[0-9][0-9A-Z]?) ?([0-9][A-Z]{2})$/;
const ODS_PRACTICE = /^[A-Z][0-9]{5}$/;
const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const PHONE = /^0[0-9 ]+$/;
const MAX_INT = 2_147_483_647;
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const VIRTUAL_WARDS: readonly TeamPathway[] = ['virtual_ward_frailty', 'virtual_ward_ari'];
/** How many neighbourhoods a coverage-gap message names before it says "and N more". */
const GAPS_NAMED = 10;

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const quote = (value: unknown): string =>
  typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));

/** A kind of item in the files: what it is called, its identifying field and that field's form. */
interface Kind {
  name: string;
  key: string;
  pattern: RegExp;
  form: string;
  upperCase?: boolean;
  fields: readonly string[];
}

const KEBAB = 'kebab-case (like "west-kent")';
const AREA: Kind = {
  name: 'area',
  key: 'code',
  pattern: CODE,
  form: KEBAB,
  fields: ['code', 'name', 'multiNeighbourhoods'],
};
const MNH: Kind = {
  name: 'multi-neighbourhood',
  key: 'code',
  pattern: CODE,
  form: KEBAB,
  fields: ['code', 'name', 'neighbourhoods'],
};
const NEIGHBOURHOOD: Kind = {
  name: 'neighbourhood',
  key: 'code',
  pattern: CODE,
  form: KEBAB,
  fields: ['code', 'name', 'population', 'postcodeDistricts'],
};
const PRACTICE: Kind = {
  name: 'practice',
  key: 'odsCode',
  pattern: ODS_PRACTICE,
  form: 'a GP practice ODS code (a letter and 5 digits)',
  upperCase: true,
  fields: ['odsCode', 'name', 'neighbourhood', 'postcode', 'notifyUrl'],
};
const TEAM: Kind = {
  name: 'team',
  key: 'code',
  pattern: CODE,
  form: KEBAB,
  fields: ['code', 'name', 'pathways', 'footprint', 'hours', 'caseloadLimit', 'beds', 'phone'],
};
const LEVEL_KINDS: Record<FootprintLevel, Kind> = {
  neighbourhood: NEIGHBOURHOOD,
  multi_neighbourhood: MNH,
  area: AREA,
};

/** One mapping in a file; reports each problem as "<file>: <item>: <message>". */
class Item {
  /** "team ucr-west-kent" when the item's code is well formed, else its path ("teams[3]"). */
  readonly label: string;

  constructor(
    private readonly problems: string[],
    readonly file: string,
    readonly kind: Kind | undefined,
    path: string,
    readonly fields: Fields,
    allowed: readonly string[],
  ) {
    const id = kind ? this.normalise(fields[kind.key]) : undefined;
    this.label = kind && id !== undefined && kind.pattern.test(id) ? `${kind.name} ${id}` : path;
    for (const key of Object.keys(fields)) {
      if (!allowed.includes(key)) this.problem(`unknown field "${key}"`);
    }
  }

  private normalise(value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    return this.kind?.upperCase ? value.trim().toUpperCase() : value.trim();
  }

  problem(message: string): void {
    this.problems.push(`${this.file}: ${this.label}: ${message}`);
  }

  /** The item's own code (normalised), or undefined after reporting why it is unusable. */
  id(): string | undefined {
    if (!this.kind) return undefined;
    const value = this.text(this.kind.key);
    const id = this.normalise(value);
    if (id !== undefined && !this.kind.pattern.test(id)) {
      this.problem(`${this.kind.key} ${quote(id)} is not ${this.kind.form}`);
      return undefined;
    }
    return id;
  }

  text(key: string): string | undefined {
    const value = this.fields[key];
    if (value === undefined || value === null) {
      this.problem(`${key} is missing`);
      return undefined;
    }
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(`${key} must be non-empty text, not ${quote(value)}`);
      return undefined;
    }
    return value.trim();
  }

  count(key: string, optional = false): number | undefined {
    const value = this.fields[key];
    if ((value === undefined || value === null) && optional) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_INT) {
      this.problem(
        value === undefined
          ? `${key} is missing`
          : `${key} must be a whole number above 0, not ${quote(value)}`,
      );
      return undefined;
    }
    return value;
  }

  list(key: string): unknown[] | undefined {
    const value = this.fields[key];
    if (!Array.isArray(value) || value.length === 0) {
      this.problem(value === undefined ? `${key} is missing` : `${key} must be a non-empty list`);
      return undefined;
    }
    return value as unknown[];
  }
}

/** Parses one YAML file, checks its version, and returns its list of items. */
function readFile(
  problems: string[],
  file: string,
  text: string,
  listKey: string,
): unknown[] | undefined {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) problems.push(`${file}: ${error.message.split('\n')[0]}`);
    return undefined;
  }
  const root: unknown = document.toJS();
  if (!isFields(root)) {
    problems.push(`${file}: expected a mapping with "version" and "${listKey}"`);
    return undefined;
  }
  const top = new Item(problems, file, undefined, 'file', root, ['version', listKey]);
  if (root.version !== SEED_FORMAT_VERSION) {
    top.problem(`version must be ${SEED_FORMAT_VERSION}, not ${quote(root.version)}`);
  }
  return top.list(listKey);
}

/** The mappings of a list, each as an Item of the given kind. */
function* items(
  problems: string[],
  file: string,
  path: string,
  list: unknown[] | undefined,
  kind: Kind,
): Generator<Item> {
  for (const [index, value] of (list ?? []).entries()) {
    const at = `${path}[${index}]`;
    if (isFields(value)) yield new Item(problems, file, kind, at, value, kind.fields);
    else problems.push(`${file}: ${at}: expected a mapping, not ${quote(value)}`);
  }
}

/** The items of one kind by code; a second use of a code is reported. */
class Registry<T> {
  readonly byCode = new Map<string, T>();

  claim(item: Item, code: string | undefined, value: T): boolean {
    if (code === undefined) return false;
    if (this.byCode.has(code)) {
      item.problem(`duplicate ${item.kind?.name ?? 'item'} code`);
      return false;
    }
    this.byCode.set(code, value);
    return true;
  }
}

interface Geography {
  areas: Registry<AreaSeed>;
  multiNeighbourhoods: Registry<MultiNeighbourhoodSeed>;
  neighbourhoods: Registry<NeighbourhoodSeed>;
  districtsOf: Map<string, string[]>;
  /** Neighbourhood code to area code, kept apart so a bad MNH does not hide the area. */
  areaOf: Map<string, string>;
  postcodeDistricts: PostcodeDistrictSeed[];
  /** False when the file could not be read at all: references into it are then not checked. */
  readable: boolean;
}

function parseGeography(problems: string[], text: string): Geography {
  const file = REFERENCE_FILES.geography;
  const geography: Geography = {
    areas: new Registry(),
    multiNeighbourhoods: new Registry(),
    neighbourhoods: new Registry(),
    districtsOf: new Map(),
    areaOf: new Map(),
    postcodeDistricts: [],
    readable: false,
  };
  const areas = readFile(problems, file, text, 'areas');
  geography.readable = areas !== undefined;
  const districtOwner = new Map<string, string>();

  for (const area of items(problems, file, 'areas', areas, AREA)) {
    const areaSeed: AreaSeed = { code: area.id() ?? '', name: area.text('name') ?? '' };
    geography.areas.claim(area, areaSeed.code || undefined, areaSeed);
    const mnhs = area.list('multiNeighbourhoods');

    for (const mnh of items(problems, file, `${area.label}: multiNeighbourhoods`, mnhs, MNH)) {
      const mnhSeed: MultiNeighbourhoodSeed = {
        code: mnh.id() ?? '',
        name: mnh.text('name') ?? '',
        areaCode: areaSeed.code,
        population: 0,
      };
      geography.multiNeighbourhoods.claim(mnh, mnhSeed.code || undefined, mnhSeed);
      const neighbourhoods = mnh.list('neighbourhoods');

      for (const nh of items(
        problems,
        file,
        `${mnh.label}: neighbourhoods`,
        neighbourhoods,
        NEIGHBOURHOOD,
      )) {
        const code = nh.id();
        const seed: NeighbourhoodSeed = {
          code: code ?? '',
          name: nh.text('name') ?? '',
          multiNeighbourhoodCode: mnhSeed.code,
          population: nh.count('population') ?? 0,
        };
        mnhSeed.population += seed.population;
        const claimed = geography.neighbourhoods.claim(nh, code, seed);
        const districts: string[] = [];
        for (const raw of nh.list('postcodeDistricts') ?? []) {
          const district = typeof raw === 'string' ? raw.trim().toUpperCase() : undefined;
          if (district === undefined || !DISTRICT.test(district)) {
            nh.problem(`postcode district ${quote(raw)} is not an outward code (like "ME7")`);
            continue;
          }
          const owner = districtOwner.get(district);
          if (owner !== undefined) {
            nh.problem(`postcode district ${district} is already assigned to ${owner}`);
            continue;
          }
          districtOwner.set(district, code ?? nh.label);
          districts.push(district);
          if (claimed) geography.postcodeDistricts.push({ district, neighbourhoodCode: seed.code });
        }
        if (claimed) geography.districtsOf.set(seed.code, districts);
        if (claimed) geography.areaOf.set(seed.code, areaSeed.code);
      }
    }
  }
  return geography;
}

function parseGpPractices(
  problems: string[],
  text: string,
  geography: Geography,
): GpPracticeSeed[] {
  const file = REFERENCE_FILES.gpPractices;
  const practices = new Registry<GpPracticeSeed>();
  const list = readFile(problems, file, text, 'practices');
  for (const item of items(problems, file, 'practices', list, PRACTICE)) {
    const seed: GpPracticeSeed = {
      odsCode: item.id() ?? '',
      name: item.text('name') ?? '',
      neighbourhoodCode: item.text('neighbourhood') ?? '',
      postcode: '',
      notifyUrl: null,
    };
    if (item.fields.notifyUrl !== undefined && item.fields.notifyUrl !== null) {
      const url = item.text('notifyUrl');
      // Loopback http is allowed in the files; the worker refuses it in production.
      const problem = url === undefined ? null : gpEndpointProblem(url, true);
      if (problem) item.problem(`notifyUrl ${problem}`);
      else if (url !== undefined) seed.notifyUrl = url;
    }
    practices.claim(item, seed.odsCode || undefined, seed);
    const known = geography.neighbourhoods.byCode.has(seed.neighbourhoodCode);
    if (seed.neighbourhoodCode && !known && geography.readable) {
      item.problem(`unknown neighbourhood ${quote(seed.neighbourhoodCode)}`);
    }
    const rawPostcode = item.text('postcode');
    if (rawPostcode === undefined) continue;
    const match = POSTCODE.exec(rawPostcode.toUpperCase().replace(/\s+/g, ' '));
    if (match === null) {
      item.problem(`postcode ${quote(rawPostcode)} is not a full UK postcode (like "ME7 1AA")`);
      continue;
    }
    seed.postcode = `${match[1]} ${match[2]}`;
    const districts = geography.districtsOf.get(seed.neighbourhoodCode);
    if (districts !== undefined && !districts.includes(match[1])) {
      item.problem(
        `postcode ${seed.postcode} is not in ${seed.neighbourhoodCode}'s postcode districts ` +
          `(${districts.join(', ') || 'none'})`,
      );
    }
  }
  return [...practices.byCode.values()];
}

function parseHours(item: Item): Pick<TeamSeed, 'hours' | 'opening'> | undefined {
  const value = item.fields.hours;
  if (value === '24_7') return { hours: '24_7', opening: null };
  if (!isFields(value)) {
    item.problem(`hours must be 24_7 or { days, from, to }, not ${quote(value)}`);
    return undefined;
  }
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!['days', 'from', 'to'].includes(key)) problems.push(`unknown field "${key}"`);
  }
  const days: Weekday[] = [];
  if (!Array.isArray(value.days) || value.days.length === 0) {
    problems.push(`days must be a non-empty list of ${WEEKDAYS.join(', ')}`);
  } else {
    for (const day of value.days as unknown[]) {
      const known = WEEKDAYS.find((weekday) => weekday === day);
      if (known === undefined) problems.push(`unknown day ${quote(day)}`);
      else if (days.includes(known)) problems.push(`day ${known} is listed twice`);
      else days.push(known);
    }
  }
  const clock = (key: 'from' | 'to'): string | undefined => {
    const time = value[key];
    if (typeof time === 'string' && CLOCK.test(time)) return time;
    problems.push(`${key} must be a quoted 24-hour time like "08:00", not ${quote(time)}`);
    return undefined;
  };
  const from = clock('from');
  const to = clock('to');
  if (from !== undefined && to !== undefined && from >= to) {
    problems.push(`to (${to}) must be later than from (${from}); a team open overnight is 24_7`);
  }
  for (const problem of problems) item.problem(`hours: ${problem}`);
  if (problems.length > 0 || from === undefined || to === undefined) return undefined;
  days.sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b));
  return { hours: 'set_hours', opening: { days, from, to } };
}

function parseFootprint(
  item: Item,
  geography: Geography,
): { level: FootprintLevel; code: string } | undefined {
  const value = item.fields.footprint;
  if (!isFields(value)) {
    item.problem(`footprint must be { level, code }, not ${quote(value)}`);
    return undefined;
  }
  const registries: Record<FootprintLevel, Registry<unknown>> = {
    neighbourhood: geography.neighbourhoods,
    multi_neighbourhood: geography.multiNeighbourhoods,
    area: geography.areas,
  };
  for (const key of Object.keys(value)) {
    if (!['level', 'code'].includes(key)) item.problem(`footprint: unknown field "${key}"`);
  }
  const level = FOOTPRINT_LEVELS.find((known) => known === value.level);
  if (level === undefined) {
    item.problem(
      `footprint: level must be one of ${FOOTPRINT_LEVELS.join(', ')}, not ${quote(value.level)}`,
    );
  }
  const code = typeof value.code === 'string' ? value.code.trim() : undefined;
  if (!code) item.problem(`footprint: code must be non-empty text, not ${quote(value.code)}`);
  if (level === undefined || !code) return undefined;
  if (registries[level].byCode.has(code)) return { level, code };
  if (geography.readable) {
    const other = FOOTPRINT_LEVELS.find((known) => registries[known].byCode.has(code));
    const hint = other
      ? ` (it is ${other === 'area' ? 'an' : 'a'} ${LEVEL_KINDS[other].name})`
      : '';
    item.problem(`unknown ${LEVEL_KINDS[level].name} ${quote(code)}${hint}`);
  }
  return undefined;
}

interface Coverage {
  pathways: TeamPathway[];
  neighbourhoodCodes: string[];
}

function parseTeams(
  problems: string[],
  text: string,
  geography: Geography,
): { readable: boolean; teams: TeamSeed[]; coverage: Coverage[] } {
  const file = REFERENCE_FILES.teams;
  const teams = new Registry<TeamSeed | null>();
  const coverage: Coverage[] = [];
  const list = readFile(problems, file, text, 'teams');

  for (const item of items(problems, file, 'teams', list, TEAM)) {
    const code = item.id();
    const name = item.text('name');
    const claimed = teams.claim(item, code, null);

    const pathways: TeamPathway[] = [];
    for (const raw of item.list('pathways') ?? []) {
      const pathway = TEAM_PATHWAYS.find((known) => known === raw);
      if (pathway === undefined) item.problem(`unknown pathway ${quote(raw)}`);
      else if (pathways.includes(pathway)) item.problem(`pathway ${pathway} is listed twice`);
      else pathways.push(pathway);
    }
    const footprint = parseFootprint(item, geography);
    const neighbourhoodCodes = footprint
      ? coveredNeighbourhoods(geography, footprint.level, footprint.code)
      : [];
    // Coverage counts every entry whose pathways and footprint are usable, so an unrelated
    // mistake (say, its hours) does not also show up as gaps.
    coverage.push({ pathways, neighbourhoodCodes });

    const hours = parseHours(item);
    const caseloadLimit = item.count('caseloadLimit');
    const beds = item.count('beds', true) ?? null;
    const virtualWard = pathways.some((pathway) => VIRTUAL_WARDS.includes(pathway));
    if (item.fields.beds !== undefined && !virtualWard) {
      item.problem(`beds are only for virtual ward teams (${VIRTUAL_WARDS.join(', ')})`);
    } else if (virtualWard && item.fields.beds === undefined) {
      item.problem('a virtual ward team needs beds');
    }
    const phone = parsePhone(item);

    if (!claimed || code === undefined || name === undefined || pathways.length === 0) continue;
    if (!footprint || !hours || caseloadLimit === undefined || phone === undefined) continue;
    teams.byCode.set(code, {
      code,
      name,
      pathways,
      footprintLevel: footprint.level,
      footprintCode: footprint.code,
      ...hours,
      caseloadLimit,
      beds,
      phone,
      neighbourhoodCodes,
    });
  }
  return {
    readable: list !== undefined,
    teams: [...teams.byCode.values()].filter((team): team is TeamSeed => team !== null),
    coverage,
  };
}

/** An optional phone number: null when absent, undefined when reported as wrong. */
function parsePhone(item: Item): string | null | undefined {
  const value = item.fields.phone;
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') {
    item.problem('phone must be quoted text (as a number it loses its leading 0)');
    return undefined;
  }
  const phone = typeof value === 'string' ? value.trim().replace(/ +/g, ' ') : '';
  const digits = phone.replace(/ /g, '').length;
  if (!PHONE.test(phone) || digits < 10 || digits > 11) {
    item.problem(`phone ${quote(value)} is not a UK number (like "01632 960001")`);
    return undefined;
  }
  return phone;
}

/** The neighbourhoods a footprint covers: itself, an MNH's neighbourhoods, or an area's. */
function coveredNeighbourhoods(
  geography: Geography,
  level: FootprintLevel,
  code: string,
): string[] {
  const covered: string[] = [];
  for (const neighbourhood of geography.neighbourhoods.byCode.values()) {
    const inFootprint =
      (level === 'neighbourhood' && neighbourhood.code === code) ||
      (level === 'multi_neighbourhood' && neighbourhood.multiNeighbourhoodCode === code) ||
      (level === 'area' && geography.areaOf.get(neighbourhood.code) === code);
    if (inFootprint) covered.push(neighbourhood.code);
  }
  return covered;
}

/** Every team pathway must be served somewhere in every neighbourhood: one line per pathway. */
function coverageGaps(geography: Geography, coverage: Coverage[]): string[] {
  const gaps: string[] = [];
  for (const pathway of TEAM_PATHWAYS) {
    const served = new Set(
      coverage
        .filter((team) => team.pathways.includes(pathway))
        .flatMap((team) => team.neighbourhoodCodes),
    );
    const missing = [...geography.neighbourhoods.byCode.keys()].filter((code) => !served.has(code));
    if (missing.length === 0) continue;
    const named = missing.slice(0, GAPS_NAMED).join(', ');
    const more = missing.length > GAPS_NAMED ? ` and ${missing.length - GAPS_NAMED} more` : '';
    const what = missing.length === 1 ? 'neighbourhood' : `${missing.length} neighbourhoods`;
    gaps.push(
      `${REFERENCE_FILES.teams}: pathway ${pathway}: no team serves ${what} ${named}${more}`,
    );
  }
  return gaps;
}

/**
 * Parses and validates one reference data set from the text of its files. Returns the rows to
 * store, or throws a SeedError listing every problem found (file, item and what is wrong).
 */
export function parseReferenceData(sources: ReferenceSources): ReferenceData {
  const problems: string[] = [];
  const geography = parseGeography(problems, sources.geography);
  const gpPractices = parseGpPractices(problems, sources.gpPractices, geography);
  const { readable, teams, coverage } = parseTeams(problems, sources.teams, geography);
  if (geography.readable && readable) problems.push(...coverageGaps(geography, coverage));
  if (problems.length > 0) throw new SeedError(problems);
  return {
    areas: [...geography.areas.byCode.values()],
    multiNeighbourhoods: [...geography.multiNeighbourhoods.byCode.values()],
    neighbourhoods: [...geography.neighbourhoods.byCode.values()],
    postcodeDistricts: geography.postcodeDistricts,
    gpPractices,
    teams,
  };
}
