import { principalFromClaims } from '@frontdoor/auth/claims';
import type { Principal } from '@frontdoor/auth/principal';

/**
 * Who is signed in: the token (sent as `Authorization: Bearer`) and the principal its claims
 * describe. Kept in sessionStorage, so it ends with the tab and is never sent as a cookie.
 */
export interface Session {
  token: string;
  principal: Principal;
  expiresAt: number | null;
}

const KEY = 'frontdoor.token';

function claimsOf(token: string): Record<string, unknown> {
  const [, payload] = token.split('.');
  if (!payload) throw new Error('This is not a sign-in token');
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Reads a token's claims (the api verifies its signature on every request). */
export function sessionFor(token: string): Session {
  const claims = claimsOf(token.trim());
  return {
    token: token.trim(),
    principal: principalFromClaims(claims),
    expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : null,
  };
}

export function currentSession(): Session | null {
  const token = sessionStorage.getItem(KEY);
  if (!token) return null;
  try {
    const session = sessionFor(token);
    if (session.expiresAt !== null && session.expiresAt <= Date.now()) {
      signOut();
      return null;
    }
    return session;
  } catch {
    signOut();
    return null;
  }
}

export function signIn(token: string): Session {
  const session = sessionFor(token);
  sessionStorage.setItem(KEY, session.token);
  return session;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

/** Where a person lands after signing in. */
export function homeFor(principal: Principal): string {
  if (principal.roles.includes('coordinator')) return '/hub';
  if (principal.roles.some((role) => role === 'team_lead' || role === 'clinician')) {
    return principal.teamIds[0] ? `/team/${principal.teamIds[0]}` : '/refer';
  }
  return '/refer';
}
