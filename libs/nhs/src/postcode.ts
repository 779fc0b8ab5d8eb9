/**
 * UK postcodes: BS 7666 shapes [S30] and NHS pseudo-postcodes [S30b]; brief section 6.3.
 * A format check only: whether a postcode exists needs the ONS postcode directory.
 */

/** NHS pseudo-postcodes, which fail the real-postcode regex and must be allowed explicitly. */
export const PSEUDO_POSTCODES: Readonly<Record<string, string>> = Object.freeze({
  'ZZ99 3VZ': 'No fixed abode',
  'ZZ99 3WZ': 'Address not known',
  'ZZ99 3CZ': 'England/UK, not otherwise specified',
  'ZZ99 1WZ': 'Scotland',
  'ZZ99 2WZ': 'Northern Ireland',
});

/** The brief's format check, run on the normalised form (so the space is always present). */
const POSTCODE =
  /^(GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?[0-9][ABD-HJLNP-UW-Z]{2})$/;

/** Upper-case, drop all whitespace, then one space before the inward code (last 3 chars). */
export function normalisePostcode(input: string): string {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  return compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact;
}

export function isPseudoPostcode(input: string): boolean {
  return Object.prototype.hasOwnProperty.call(PSEUDO_POSTCODES, normalisePostcode(input));
}

/** A well-formed real postcode, or an NHS pseudo-postcode. */
export function isValidPostcode(input: string): boolean {
  return POSTCODE.test(normalisePostcode(input)) || isPseudoPostcode(input);
}

/** The outward code ("ME7 1AA" → "ME7") of a real postcode; undefined for pseudo or invalid. */
export function postcodeDistrict(input: string): string | undefined {
  const normalised = normalisePostcode(input);
  if (!POSTCODE.test(normalised)) return undefined; // pseudo-postcodes fail this too
  return normalised.slice(0, -4);
}
