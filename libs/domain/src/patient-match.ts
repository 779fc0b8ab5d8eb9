/** Statuses in which a referral is still open: a new referral for the same patient links to it. */
export const CLOSED_STATUSES = [
  'discharged',
  'redirected',
  'transferred_out',
  'cancelled',
] as const;

/**
 * The key that finds a patient without an NHS number: family name, date of birth and
 * postcode, normalised so "O'Brien", "o brien" and "OBRIEN" agree. Undefined when any part
 * is missing: a partial key would match strangers.
 */
export function patientMatchKey(patient: {
  familyName?: string;
  dateOfBirth?: string;
  postcode?: string;
}): string | undefined {
  const family = patient.familyName
    ?.normalize('NFKD')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  const postcode = patient.postcode?.toUpperCase().replace(/\s/g, '');
  if (!family || !patient.dateOfBirth || !postcode) return undefined;
  return `${family}|${patient.dateOfBirth}|${postcode}`;
}
