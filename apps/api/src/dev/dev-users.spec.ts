import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { seedsDir } from '@frontdoor/persistence';
import { loadDevUsers, parseDevUsers } from './dev-users';

describe('the development users (seeds/users.yaml)', () => {
  const users = loadDevUsers();

  it('has a coordinator, team leads and clinicians, a care-home referrer and an admin', () => {
    const withRole = (role: string) => users.filter((user) => user.roles.some((r) => r === role));
    expect(withRole('coordinator').length).toBeGreaterThan(0);
    expect(withRole('team_lead').map((user) => user.teamIds[0])).toContain('ucr-medway');
    expect(withRole('clinician').length).toBeGreaterThan(1);
    expect(withRole('referrer').map((user) => user.orgCode)).toContain('VNA12');
    expect(withRole('admin').length).toBeGreaterThan(0);
  });

  it('names only teams that are seeded', () => {
    const teams = (
      parse(readFileSync(seedsDir('reference', 'teams.yaml'), 'utf8')) as {
        teams: { code: string }[];
      }
    ).teams.map((team) => team.code);
    for (const user of users) {
      for (const team of user.teamIds)
        expect({ user: user.id, team, seeded: teams.includes(team) }).toEqual({
          user: user.id,
          team,
          seeded: true,
        });
    }
  });

  it('refuses a file with unknown roles or repeated ids, naming each problem', () => {
    const broken = `version: 1
users:
  - { id: a-1, name: A, roles: [nurse] }
  - { id: a-1, name: B, roles: [admin], orgCode: 'not an ods code' }
`;
    expect(() => parseDevUsers(broken)).toThrow(/3 problems/);
    expect(() => parseDevUsers(broken)).toThrow(/user a-1: roles must be/);
    expect(() => parseDevUsers(broken)).toThrow(/user a-1: appears more than once/);
  });
});
