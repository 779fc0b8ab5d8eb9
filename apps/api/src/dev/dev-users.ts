import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { ROLES, type Role } from '@frontdoor/domain';
import { seedsDir } from '@frontdoor/persistence';

/** A synthetic person from seeds/users.yaml, for development sign-in only. */
export interface DevUser {
  id: string;
  name: string;
  roles: Role[];
  teamIds: string[];
  orgCode: string | null;
  description: string;
}

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const ODS = /^[A-Z0-9]{3,6}$/;

/**
 * Reads and checks the development users (seeds/users.yaml by default). Every problem is
 * named with the user it belongs to; nothing here is a real person.
 */
export function loadDevUsers(file = seedsDir('users.yaml')): DevUser[] {
  return parseDevUsers(readFileSync(file, 'utf8'));
}

export function parseDevUsers(text: string): DevUser[] {
  const document = parse(text) as { version?: unknown; users?: unknown } | null;
  if (document?.version !== 1 || !Array.isArray(document.users)) {
    throw new Error('users.yaml: expected `version: 1` and a list of `users`');
  }
  const problems: string[] = [];
  const users = (document.users as Record<string, unknown>[]).map((raw, index) => {
    const id = typeof raw.id === 'string' ? raw.id : '';
    const where = `user ${id || `#${index + 1}`}`;
    if (!ID.test(id)) problems.push(`${where}: id must be lower-case words joined by hyphens`);
    const roles = Array.isArray(raw.roles) ? (raw.roles as unknown[]) : [];
    if (!roles.length || roles.some((role) => !(ROLES as readonly unknown[]).includes(role))) {
      problems.push(`${where}: roles must be one or more of ${ROLES.join(', ')}`);
    }
    const teamIds = Array.isArray(raw.teamIds) ? (raw.teamIds as unknown[]) : [];
    if (teamIds.some((team) => typeof team !== 'string' || !ID.test(team))) {
      problems.push(`${where}: teamIds must be team codes`);
    }
    const orgCode = raw.orgCode ?? null;
    if (orgCode !== null && (typeof orgCode !== 'string' || !ODS.test(orgCode))) {
      problems.push(`${where}: orgCode must be an ODS code`);
    }
    if (typeof raw.name !== 'string' || !raw.name.trim()) problems.push(`${where}: needs a name`);
    return {
      id,
      name: typeof raw.name === 'string' ? raw.name : '',
      roles: roles as Role[],
      teamIds: teamIds as string[],
      orgCode: orgCode as string | null,
      description: typeof raw.description === 'string' ? raw.description : '',
    };
  });
  const ids = users.map((user) => user.id);
  for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) {
    problems.push(`user ${id}: appears more than once`);
  }
  if (problems.length) {
    throw new Error(`users.yaml has ${problems.length} problems:\n  - ${problems.join('\n  - ')}`);
  }
  return users;
}
