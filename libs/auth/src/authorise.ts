import {
  allowedActions,
  DomainError,
  type Action,
  type Actor,
  type ReferralStatus,
  type Role,
} from '@frontdoor/domain';
import {
  actionPermission,
  BREAK_GLASS_PERMISSIONS,
  PERMISSION_MATRIX,
  type Permission,
  type Scope,
} from './permissions';
import type { Principal } from './principal';

/** What a permission is checked against: who holds it, who it is assigned to, who owns it. */
export interface Resource {
  teamCode?: string | null;
  assignee?: string | null;
  /** Organisations that own it: the submitter's, or the practice a letter was sent to. */
  orgCodes?: readonly (string | null)[];
}

/** The role a permission was granted through, and whether the glass was broken for it. */
export interface Grant {
  role: Role;
  breakGlass: boolean;
}

/**
 * The caller's grant for `permission` on `resource`, or undefined. Without a resource (an
 * HTTP guard, before anything is loaded) only the role is checked; scope follows once the
 * resource is known. A break-glass grant needs a reason.
 */
export function grantFor(
  principal: Principal,
  permission: Permission,
  resource?: Resource,
  breakGlassReason?: string,
): Grant | undefined {
  const row = PERMISSION_MATRIX[permission];
  const held = principal.roles.filter((role) => row[role] !== undefined);
  for (const role of held) {
    if (within(row[role] as Scope, principal, resource)) return { role, breakGlass: false };
  }
  const glass = held.find(
    (role) => row[role] === 'break_glass' || BREAK_GLASS_PERMISSIONS.has(permission),
  );
  return glass && breakGlassReason ? { role: glass, breakGlass: true } : undefined;
}

/** As grantFor, but a refusal is a 403 that says what would be needed. */
export function authorise(
  principal: Principal,
  permission: Permission,
  resource?: Resource,
  breakGlassReason?: string,
): Grant {
  const grant = grantFor(principal, permission, resource, breakGlassReason);
  if (grant) return grant;
  const row = PERMISSION_MATRIX[permission];
  const held = principal.roles.filter((role) => row[role] !== undefined);
  if (!held.length) {
    throw new DomainError('forbidden', `Your role may not do this (${permission})`, {
      roles: Object.keys(row),
    });
  }
  const glass = held.some(
    (role) => row[role] === 'break_glass' || BREAK_GLASS_PERMISSIONS.has(permission),
  );
  throw new DomainError(
    'forbidden',
    glass
      ? `This is outside your teams: to go ahead (${permission}), state why in X-Break-Glass-Reason; it is audited`
      : `Only the team or organisation it belongs to may do this (${permission})`,
  );
}

/** The acting person as the tracker records them: the role the grant came through. */
export function actorOf(principal: Principal, grant: Grant): Actor {
  return { id: principal.id, role: grant.role, teamIds: principal.teamIds };
}

/** The actions this caller may take on a referral now: its status and their permissions. */
export function allowedActionsFor(
  principal: Principal,
  status: ReferralStatus,
  resource: Resource,
): Action[] {
  return allowedActions(status).filter((action: Action) =>
    grantFor(principal, actionPermission(action), resource),
  );
}

function within(scope: Scope, principal: Principal, resource: Resource | undefined): boolean {
  switch (scope) {
    case 'any':
      return true;
    case 'own_team':
      return (
        !resource ||
        (!!resource.teamCode && principal.teamIds.includes(resource.teamCode)) ||
        (!!resource.assignee && resource.assignee === principal.id)
      );
    case 'own_org':
      return !resource || (!!principal.orgCode && !!resource.orgCodes?.includes(principal.orgCode));
    case 'break_glass':
      return false;
  }
}
