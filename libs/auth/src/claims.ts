import { ROLES, type Role } from '@frontdoor/domain';
import type { Principal } from './principal';

/** A token that verified but does not say who the caller is in Front Door's terms. */
export class ClaimsError extends Error {
  override readonly name = 'ClaimsError';
}

const MAX_TEXT = 200;

/**
 * The caller described by a verified JWT's claims (`sub`, `name`, `roles`, `teamIds`,
 * `orgCode`, as in the API contract). Roles Front Door does not know are ignored; a token
 * with none of its roles is refused.
 */
export function principalFromClaims(claims: Record<string, unknown>): Principal {
  const id = text(claims.sub, 'sub');
  if (!id) throw new ClaimsError('The token has no subject (sub)');
  const roles = list(claims.roles, 'roles').filter((role): role is Role =>
    (ROLES as readonly string[]).includes(role),
  );
  if (!roles.length) {
    throw new ClaimsError(`The token carries none of Front Door's roles (${ROLES.join(', ')})`);
  }
  return {
    id,
    name: text(claims.name, 'name'),
    roles,
    teamIds: list(claims.teamIds, 'teamIds'),
    orgCode: text(claims.orgCode, 'orgCode')?.toUpperCase() ?? null,
    credential: 'jwt',
  };
}

function text(value: unknown, claim: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || value.length > MAX_TEXT) {
    throw new ClaimsError(`The token's ${claim} claim must be a short string`);
  }
  return value;
}

function list(value: unknown, claim: string): string[] {
  if (value === undefined || value === null) return [];
  if (
    !Array.isArray(value) ||
    value.length > 100 ||
    value.some((item) => typeof item !== 'string' || item.length > MAX_TEXT)
  ) {
    throw new ClaimsError(`The token's ${claim} claim must be a list of short strings`);
  }
  return [...new Set(value as string[])];
}
