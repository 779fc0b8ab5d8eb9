import {
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
} from 'jose';
import type { Config } from '@frontdoor/config';
import { ClaimsError, principalFromClaims, type Principal } from '@frontdoor/auth';
import { CONFIG } from '@frontdoor/platform';
import { ApiKeysService } from './api-keys.service';

/** What a request or socket handshake presents. */
export interface Credentials {
  bearer?: string;
  apiKey?: string;
}

const IDENTITY_PROVIDER_ALGORITHMS = ['RS256', 'ES256', 'PS256'];

/**
 * Turns a credential into a verified caller, for HTTP and sockets alike: a JWT signed HS256
 * with AUTH_JWT_SECRET, or by the identity provider's keys at AUTH_JWKS_URL; or a system's
 * X-Api-Key. Every refusal is a 401 that says what to send, never why a secret failed.
 */
@Injectable()
export class Authenticator {
  private readonly secret: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly options: JWTVerifyOptions;

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly apiKeys: ApiKeysService,
  ) {
    this.secret = new TextEncoder().encode(config.AUTH_JWT_SECRET);
    this.jwks = config.AUTH_JWKS_URL
      ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL))
      : undefined;
    this.options = {
      algorithms: ['HS256', ...(this.jwks ? IDENTITY_PROVIDER_ALGORITHMS : [])],
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 30,
      ...(config.AUTH_JWT_ISSUER && { issuer: config.AUTH_JWT_ISSUER }),
      ...(config.AUTH_JWT_AUDIENCE && { audience: config.AUTH_JWT_AUDIENCE }),
    };
  }

  async authenticate({ bearer, apiKey }: Credentials): Promise<Principal> {
    if (bearer && apiKey) {
      throw new UnauthorizedException('Send one credential: a bearer token or an API key');
    }
    if (apiKey) return this.apiKeys.verify(apiKey);
    if (bearer) return this.verifyToken(bearer);
    throw new UnauthorizedException(
      'Sign in: send Authorization: Bearer <token>, or X-Api-Key for a system',
    );
  }

  private async verifyToken(token: string): Promise<Principal> {
    try {
      const { payload } = await jwtVerify(token, this.keyFor, this.options);
      return principalFromClaims(payload);
    } catch (error) {
      if (error instanceof ClaimsError) throw new UnauthorizedException(error.message);
      const unreachable =
        error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError);
      if (unreachable) {
        throw new ServiceUnavailableException(
          "The identity provider's signing keys could not be fetched; try again shortly",
        );
      }
      throw new UnauthorizedException(
        error instanceof errors.JWTExpired
          ? 'The token has expired: sign in again'
          : 'The token is not valid',
      );
    }
  }

  private readonly keyFor: JWTVerifyGetKey = (header, token) => {
    if (header.alg === 'HS256') return this.secret;
    if (this.jwks) return this.jwks(header, token);
    throw new errors.JOSEAlgNotAllowed('only HS256 tokens are accepted');
  };
}

/** The credentials an HTTP request carries. */
export function credentialsOf(headers: Record<string, string | string[] | undefined>): Credentials {
  const authorization = single(headers.authorization);
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  const apiKey = single(headers['x-api-key']);
  return { ...(bearer && { bearer }), ...(apiKey && { apiKey }) };
}

function single(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.trim() || undefined;
}
