/**
 * ODS organisation codes [S29]; brief section 6.2.
 *
 * Codes are validated as given after trimming, NOT upper-cased: ODS codes are issued in upper
 * case, and "a81001" is more likely a transcription error than a code; callers that want
 * leniency upper-case first.
 */

/** NHS default GP practice codes, for patients with no (known) registered practice [S29]. */
export const GP_DEFAULT_CODES: Readonly<Record<string, string>> = Object.freeze({
  V81997: 'No registered GP practice',
  V81998: 'Not applicable',
  V81999: 'Not known',
});

/** Any ODS code: 1–9 upper-case alphanumerics. */
export function isValidOdsCode(input: string): boolean {
  return /^[A-Z0-9]{1,9}$/.test(input.trim());
}

/**
 * An English GP practice code: 1 letter (A–H, J–N, P–W, Y) + 5 digits (e.g. A81001), or a
 * 9-character branch surgery code, the practice code + 3 digits (e.g. K81003001); or a default
 * code. Channel Islands practices (ALD/GUE/JER + 3 digits) are deliberately not accepted.
 */
export function isGpPracticeCode(input: string): boolean {
  const code = input.trim();
  return (
    /^[A-HJ-NP-WY][0-9]{5}(?:[0-9]{3})?$/.test(code) ||
    Object.prototype.hasOwnProperty.call(GP_DEFAULT_CODES, code)
  );
}
