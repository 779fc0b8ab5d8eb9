import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReferenceData, REFERENCE_FILES } from '../seeds/reference-data';
import { inArea, practiceLookupCode } from './geography.repository';

/**
 * The TN postcode area by local authority (Wikipedia, "TN postcode area", coverage table,
 * statistics as at May 2020, from Royal Mail and ONS data). Kent districts may have a fringe
 * elsewhere (TN3 Wealden, TN8 Tandridge, TN16 Bromley/Tandridge); each is assigned whole to
 * the county that holds most of it, as seeds/README.md says.
 */
const KENT_TN = [
  1, 2, 3, 4, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 23, 24, 25, 26, 27, 28, 29, 30,
];
const EAST_SUSSEX_TN = [5, 6, 7, 19, 20, 21, 22, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40];

/** What the two lookups would find in the seeded tables, for the pure decision. */
const ours = { residence: 'nh-somewhere', practice: 'nh-somewhere' };
const neither = { residence: null, practice: null };
const homeOnly = { residence: 'nh-somewhere', practice: null };
const practiceOnly = { residence: null, practice: 'nh-somewhere' };

describe('inArea: decided by the postcode district and GP practice lookups only', () => {
  it('is in area when a known home or practice is ours and nothing is outside', () => {
    expect(inArea({ postcode: 'TN4 8AA' }, homeOnly)).toBe(true);
    expect(inArea({ gpPracticeOdsCode: 'G82046' }, practiceOnly)).toBe(true);
    expect(inArea({ postcode: 'TN4 8AA', gpPracticeOdsCode: 'G82046' }, ours)).toBe(true);
  });

  it('is out of area for a real district not in the table, whatever its letters (TN22 is East Sussex)', () => {
    expect(inArea({ postcode: 'TN22 1AA' }, neither)).toBe(false);
    expect(inArea({ postcode: 'SW1A 1AA' }, neither)).toBe(false);
    // The same letters as a Kent district: the table decides, not the prefix.
    expect(inArea({ postcode: 'TN4 8AA' }, homeOnly)).toBe(true);
  });

  it('is out of area for a real practice not in the table', () => {
    expect(inArea({ gpPracticeOdsCode: 'A81001' }, neither)).toBe(false);
  });

  it('is out of area when one is outside and the other is ours (one outside is enough)', () => {
    // Lives in East Sussex, registered with a Kent practice.
    expect(inArea({ postcode: 'TN22 1AA', gpPracticeOdsCode: 'G82046' }, practiceOnly)).toBe(false);
    // Lives in Kent, registered with a practice elsewhere.
    expect(inArea({ postcode: 'TN4 8AA', gpPracticeOdsCode: 'A81001' }, homeOnly)).toBe(false);
  });

  it('decides from the one that can be decided when the other cannot', () => {
    // No fixed abode, registered here / registered elsewhere.
    expect(inArea({ postcode: 'ZZ99 3VZ', gpPracticeOdsCode: 'G82046' }, practiceOnly)).toBe(true);
    expect(inArea({ postcode: 'ZZ99 3VZ', gpPracticeOdsCode: 'A81001' }, neither)).toBe(false);
    // Lives here / elsewhere, with no registered practice.
    expect(inArea({ postcode: 'ME7 1AA', gpPracticeOdsCode: 'V81997' }, homeOnly)).toBe(true);
    expect(inArea({ postcode: 'TN22 1AA', gpPracticeOdsCode: 'V81997' }, neither)).toBe(false);
  });

  it('cannot tell (undefined) when neither can be decided', () => {
    expect(inArea({}, neither)).toBeUndefined();
    expect(inArea({ postcode: 'ZZ99 3VZ' }, neither)).toBeUndefined();
    expect(inArea({ postcode: 'zz99 3wz', gpPracticeOdsCode: 'V81999' }, neither)).toBeUndefined();
    expect(inArea({ gpPracticeOdsCode: 'V81997' }, neither)).toBeUndefined();
    expect(inArea({ postcode: null, gpPracticeOdsCode: null }, neither)).toBeUndefined();
    // Malformed values never pass intake; if one were stored, it decides nothing.
    expect(inArea({ postcode: 'not a postcode', gpPracticeOdsCode: 'nope' }, neither)).toBe(
      undefined,
    );
  });
});

describe('practiceLookupCode', () => {
  it('looks a practice up by its code, and a branch surgery by its parent practice', () => {
    expect(practiceLookupCode('G82046')).toBe('G82046');
    expect(practiceLookupCode(' G82046 ')).toBe('G82046');
    expect(practiceLookupCode('G82046001')).toBe('G82046');
  });

  it('looks nothing up for no code, a default code or a code that is not a practice', () => {
    expect(practiceLookupCode(undefined)).toBeUndefined();
    expect(practiceLookupCode(null)).toBeUndefined();
    for (const code of ['V81997', 'V81998', 'V81999', 'VNA12', 'g82046', '']) {
      expect(practiceLookupCode(code)).toBeUndefined();
    }
  });
});

describe('the seeded postcode districts', () => {
  const dir = join(__dirname, '../../../../seeds/reference');
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const data = parseReferenceData({
    geography: read(REFERENCE_FILES.geography),
    gpPractices: read(REFERENCE_FILES.gpPractices),
    teams: read(REFERENCE_FILES.teams),
  });
  const districts = new Set(data.postcodeDistricts.map((row) => row.district));

  it('list every Kent TN district and no East Sussex one', () => {
    const tn = [...districts].filter((district) => /^TN\d/.test(district));
    expect(new Set(tn)).toEqual(new Set(KENT_TN.map((n) => `TN${n}`)));
    for (const n of EAST_SUSSEX_TN) expect(districts.has(`TN${n}`)).toBe(false);
  });

  it('list no London (Bexley, Bromley) DA or BR district, and no non-geographic one', () => {
    for (const district of ['DA5', 'DA6', 'DA7', 'DA8', 'DA14', 'DA15', 'DA16', 'DA17', 'DA18']) {
      expect(districts.has(district)).toBe(false);
    }
    expect([...districts].filter((district) => district.startsWith('BR'))).toEqual(['BR8']);
    expect(districts.has('ME99')).toBe(false);
    expect(districts.has('CT50')).toBe(false);
  });

  it('have practices that are each looked up by their own code', () => {
    for (const practice of data.gpPractices) {
      expect(practiceLookupCode(practice.odsCode)).toBe(practice.odsCode);
    }
  });
});
