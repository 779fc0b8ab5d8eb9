import { UnauthorizedException } from '@nestjs/common';
import { ROLES, type Actor, type Role } from '@frontdoor/domain';

/**
 * Who is acting, from development headers (X-Actor-Id, X-Actor-Role, X-Actor-Teams) until the
 * security issue replaces them with a verified JWT. Never trusted in production.
 */
export function actorFromHeaders(
  headers: Record<string, string | string[] | undefined>,
  nodeEnv: string,
): Actor {
  if (nodeEnv === 'production') {
    throw new UnauthorizedException('Sign-in is required; development actor headers are refused');
  }
  const id = single(headers['x-actor-id']);
  const role = single(headers['x-actor-role']);
  if (!id || !role || !(ROLES as readonly string[]).includes(role)) {
    throw new UnauthorizedException(
      `Say who is acting: X-Actor-Id and X-Actor-Role (one of ${ROLES.join(', ')})`,
    );
  }
  const teams = single(headers['x-actor-teams']);
  return {
    id,
    role: role as Role,
    teamIds: teams
      ? teams
          .split(',')
          .map((team) => team.trim())
          .filter(Boolean)
      : [],
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value?.trim() || undefined;
}
