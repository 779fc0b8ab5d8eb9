import { invalidFields } from './validation';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Reads the optional Idempotency-Key header; a malformed one is a 400, not ignored. */
export function idempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(header)) {
    throw invalidFields([
      { field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' },
    ]);
  }
  return header;
}
