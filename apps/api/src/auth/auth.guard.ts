import {
  BadRequestException,
  type CanActivate,
  type ExecutionContext,
  Injectable,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { authorise } from '@frontdoor/auth';
import { ACCESS_RULE, type AccessRule } from './access-rule';
import { Authenticator, credentialsOf } from './authenticator.service';

const REASON_LENGTH = { min: 10, max: 500 };

/**
 * Every HTTP route: public, or authenticated and checked against the permission matrix, before
 * the body is read. Scope that needs the referral loaded (its team, its organisation) is
 * checked by the handler through AccessControl, which also writes the audit row.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) throw new Error(`${context.getClass().name} has a route with no access rule`);
    if ('public' in rule) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const principal = await this.authenticator.authenticate(credentialsOf(request.headers));
    const breakGlassReason = reasonOf(request.headers['x-break-glass-reason']);
    const params = request.params as Record<string, string>;
    const permission =
      typeof rule.permission === 'function' ? rule.permission(params) : rule.permission;
    if (permission) authorise(principal, permission, rule.resource?.(params), breakGlassReason);
    request.caller = {
      principal,
      ...(breakGlassReason && { breakGlassReason }),
      route: `${request.method} ${request.routeOptions.url ?? request.url}`,
      requestId: String(request.id),
      ip: request.ip,
      ...(request.headers['user-agent'] && { userAgent: request.headers['user-agent'] }),
    };
    return true;
  }
}

function reasonOf(header: string | string[] | undefined): string | undefined {
  const reason = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!reason) return undefined;
  if (reason.length < REASON_LENGTH.min || reason.length > REASON_LENGTH.max) {
    throw new BadRequestException(
      `X-Break-Glass-Reason must say why, in ${REASON_LENGTH.min} to ${REASON_LENGTH.max} characters`,
    );
  }
  return reason;
}
