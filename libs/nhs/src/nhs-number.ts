/**
 * NHS number checks: NHS Data Dictionary, NHS NUMBER [S27]; brief section 6.1.
 * A checksum-valid number may still belong to someone else: only PDS can verify it.
 */

/** Removes the spaces and hyphens people type (shown `3 3 4`, e.g. "943 476 5919"). */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/** 10 digits whose 10th digit is the Modulus 11 check digit of the first nine [S27]. */
export function isValidNhsNumber(input: string): boolean {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i); // weights 10..2
  const check = 11 - (sum % 11);
  if (check === 10) return false; // never issued
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/**
 * In the 999 000 0000–999 999 9999 range reserved for test data [S28]. A range check only:
 * combine with isValidNhsNumber when the checksum matters too.
 */
export function isTestNhsNumber(input: string): boolean {
  return /^999\d{7}$/.test(normaliseNhsNumber(input));
}
