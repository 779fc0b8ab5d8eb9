/**
 * Referral references: short, read aloud over a phone line, typed back without confusion.
 * FD-XXXX-XXXX from an alphabet without 0/O, 1/I/L or U; the last character is a check
 * character (Luhn mod 30), so a misheard or transposed character is caught at once.
 */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const BASE = REFERENCE_ALPHABET.length;
const PATTERN = /^FD-([A-Z2-9]{4})-([A-Z2-9]{4})$/;

function checkCharacter(payload: string): string {
  let sum = 0;
  let factor = 2;
  for (let i = payload.length - 1; i >= 0; i -= 1) {
    const addend = factor * REFERENCE_ALPHABET.indexOf(payload[i]);
    sum += Math.floor(addend / BASE) + (addend % BASE);
    factor = factor === 2 ? 1 : 2;
  }
  return REFERENCE_ALPHABET[(BASE - (sum % BASE)) % BASE];
}

/** A new reference from 7 random numbers in [0, 1) (a CSPRNG in production). */
export function makeReference(random: () => number): string {
  let payload = '';
  for (let i = 0; i < 7; i += 1) payload += REFERENCE_ALPHABET[Math.floor(random() * BASE)];
  const chars = payload + checkCharacter(payload);
  return `FD-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** Upper-cases and re-inserts the dashes, so "fd 7h3k q9mx" reads as FD-7H3K-Q9MX. */
export function normaliseReference(input: string): string {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const body = compact.startsWith('FD') ? compact.slice(2) : compact;
  return body.length === 8 ? `FD-${body.slice(0, 4)}-${body.slice(4)}` : input.toUpperCase();
}

export function isValidReference(input: string): boolean {
  const match = PATTERN.exec(input);
  if (!match) return false;
  const chars = match[1] + match[2];
  if ([...chars].some((char) => !REFERENCE_ALPHABET.includes(char))) return false;
  return checkCharacter(chars.slice(0, 7)) === chars[7];
}
