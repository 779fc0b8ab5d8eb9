import { SetMetadata } from '@nestjs/common';
import type { Permission } from '@frontdoor/auth';

/** What a route needs: nothing (public), or a permission, fixed or named by its params. */
export type AccessRule =
  | { public: true }
  | { permission: Permission | ((params: Record<string, string>) => Permission | undefined) };

export const ACCESS_RULE = 'frontdoor:access-rule';

/** Open to anyone: health probes only. */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);

/**
 * Needs a credential whose roles hold `permission` (scope is checked once the referral or
 * team is loaded). A function picks the permission from the route params; undefined lets the
 * handler answer 404 for a name that does not exist.
 */
export const Requires = (permission: Extract<AccessRule, { permission: unknown }>['permission']) =>
  SetMetadata(ACCESS_RULE, { permission } satisfies AccessRule);
