import type { Config } from '@frontdoor/config';
import type { Role } from '@frontdoor/domain';
import { signToken } from '../../scripts/token';

/** Someone signed in, as the tests name them: an id, one role, their teams or organisation. */
export interface Person {
  id: string;
  role: Role;
  teams?: string[];
  org?: string;
}

export const coordinator: Person = { id: 'coord-1', role: 'coordinator' };
export const admin: Person = { id: 'admin-1', role: 'admin' };
export const teamLead = (team: string): Person => ({
  id: `lead-${team}`,
  role: 'team_lead',
  teams: [team],
});
export const clinician = (team: string): Person => ({
  id: `clin-${team}`,
  role: 'clinician',
  teams: [team],
});
export const referrer = (org: string): Person => ({
  id: `referrer-${org}`,
  role: 'referrer',
  org,
});

/** The Authorization header of a short-lived token for `person`, signed as the app expects. */
export async function bearer(config: Config, person: Person): Promise<Record<string, string>> {
  const token = await signToken(
    {
      sub: person.id,
      roles: [person.role],
      ...(person.teams && { teamIds: person.teams }),
      ...(person.org && { orgCode: person.org }),
      ttl: '15m',
    },
    config.AUTH_JWT_SECRET,
  );
  return { authorization: `Bearer ${token}` };
}
