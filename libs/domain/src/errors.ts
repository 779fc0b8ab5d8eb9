/**
 * What can go wrong in a use case, as codes. The api turns each code into one HTTP status in
 * one exhaustive mapping; the worker decides per code whether to retry.
 */
export const DOMAIN_ERROR_CODES = [
  'not_found',
  'forbidden',
  'stale_version',
  'illegal_transition',
  'idempotency_conflict',
  'invalid_submission',
] as const;
export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Extra fields for the client (never patient identifiers). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}
