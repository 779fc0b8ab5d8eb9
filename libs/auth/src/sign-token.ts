import { SignJWT } from 'jose';
import type { Role } from '@frontdoor/domain';

export interface TokenRequest {
  sub: string;
  name?: string;
  roles: readonly Role[];
  teamIds?: readonly string[];
  orgCode?: string;
  /** Lifetime, as jose reads it: '8h', '15m', '30s'. */
  ttl?: string;
}

/**
 * A token in the contract's claim shape, signed HS256 with `secret`: for development sign-in
 * (`npm run token`, the web app's development sign-in) and the tests only. Production tokens
 * come from the identity provider.
 */
export function signToken(request: TokenRequest, secret: string): Promise<string> {
  return new SignJWT({
    roles: request.roles,
    teamIds: request.teamIds ?? [],
    ...(request.name && { name: request.name }),
    ...(request.orgCode && { orgCode: request.orgCode }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuedAt()
    .setExpirationTime(request.ttl ?? '8h')
    .sign(new TextEncoder().encode(secret));
}
