import { SetMetadata } from '@nestjs/common';
import type { Permission, Resource } from '@frontdoor/auth';

type Params = Record<string, string>;

/**
 * What a route needs: nothing (public), or a permission, fixed or named by its params, on a
 * resource its params name (a team code) when it needs no loading.
 */
export type AccessRule =
  | { public: true }
  | {
      permission: Permission | ((params: Params) => Permission | undefined);
      resource?: (params: Params) => Resource;
    };

export const ACCESS_RULE = 'frontdoor:access-rule';

/** Open to anyone: health probes only. */
export const Public = () => SetMetadata(ACCESS_RULE, { public: true } satisfies AccessRule);

/**
 * Needs a credential whose roles hold `permission`; its scope is checked here when `resource`
 * reads it from the params, else by the handler once the referral is loaded. A function picks
 * the permission from the params; undefined lets the handler answer 404 for an unknown name.
 */
export const Requires = (
  permission: Extract<AccessRule, { permission: unknown }>['permission'],
  resource?: (params: Params) => Resource,
) => SetMetadata(ACCESS_RULE, { permission, ...(resource && { resource }) } satisfies AccessRule);
