/** Clinical Frailty Scale (Rockwood), v2.0 wording [S21]; brief section 5.3. */

export type ClinicalFrailtyScore = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;

export const CLINICAL_FRAILTY_SCALE: Readonly<Record<ClinicalFrailtyScore, string>> = Object.freeze(
  {
    1: 'Very fit',
    2: 'Fit',
    3: 'Managing well',
    4: 'Living with very mild frailty (formerly "vulnerable")',
    5: 'Living with mild frailty',
    6: 'Living with moderate frailty',
    7: 'Living with severe frailty: fully dependent for personal care, but stable',
    8: 'Living with very severe frailty: completely dependent, approaching end of life',
    9: 'Terminally ill: life expectancy under 6 months, otherwise not evidently frail',
  },
);

export function isValidFrailtyScore(n: unknown): n is ClinicalFrailtyScore {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 9;
}

/** Frail = CFS >=5; 4 is very mild (pre-frail) [S21]. False for an invalid score. */
export function isFrail(score: number): boolean {
  return isValidFrailtyScore(score) && score >= 5;
}
