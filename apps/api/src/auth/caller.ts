import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '@frontdoor/auth';

/** The signed-in caller of one request, and what the audit trail records about it. */
export interface Caller {
  principal: Principal;
  /** Why a read outside the caller's teams is needed (X-Break-Glass-Reason), if stated. */
  breakGlassReason?: string;
  /** Method and route pattern, e.g. `GET /api/v1/referrals/:id`. */
  route: string;
  requestId: string;
  ip: string;
  userAgent?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

/** The caller the guard authenticated; only on routes that are not public. */
export const CallerOf = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw new Error('CallerOf used on a public route');
  return caller;
});
