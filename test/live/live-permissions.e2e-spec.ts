import { grantFor, type Principal } from '@frontdoor/auth';
import {
  admin,
  bearer,
  clinician,
  coordinator,
  referrer,
  teamLead,
  type Person,
} from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { postJson } from '../support/http';
import { liveClient, type LiveClient } from '../support/live';

const ROOMS = ['hub', 'team:ucr-medway'] as const;

/** Who may follow which room: every role, in and out of scope (docs/security.md). */
const MAY: { who: string; person?: Person; rooms: (typeof ROOMS)[number][] }[] = [
  { who: 'a coordinator', person: coordinator, rooms: ['hub', 'team:ucr-medway'] },
  { who: "the team's lead", person: teamLead('ucr-medway'), rooms: ['team:ucr-medway'] },
  { who: "another team's lead", person: teamLead('ucr-swale'), rooms: [] },
  { who: "the team's clinician", person: clinician('ucr-medway'), rooms: ['team:ucr-medway'] },
  { who: "another team's clinician", person: clinician('ucr-swale'), rooms: [] },
  { who: 'a referrer', person: referrer('VNA12'), rooms: [] },
  { who: 'an admin', person: admin, rooms: [] },
  { who: "a referrer system's API key", rooms: [] },
];

const principalOf = (person: Person): Principal => ({
  id: person.id,
  name: null,
  roles: [person.role],
  teamIds: person.teams ?? [],
  orgCode: person.org ?? null,
  credential: 'jwt',
});

/**
 * The socket permission matrix: each role in and out of scope subscribes to the hub and to a
 * team's room; a refusal answers { ok: false, error } and joins nothing (a referral's events
 * then reach only those let in), and every subscription let in leaves an audit row.
 */
describe('who may follow the live rooms', () => {
  let context: ApiContext;
  const clients = new Map<string, LiveClient>();
  const answers = new Map<string, { ok: boolean; error?: string }>();

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
    const issued = await postJson<{ key: string }>(
      `${context.api.url}/api/v1/admin/api-keys`,
      { name: 'Oak House portal', orgCode: 'VNA12' },
      await bearer(context.config, admin),
    );
    for (const { who, person } of MAY) {
      const auth = person ? await bearer(context.config, person) : { apiKey: issued.body.key };
      const client = await liveClient(context.api.url, auth);
      clients.set(who, client);
      for (const room of ROOMS) answers.set(`${who} ${room}`, await client.subscribe(room));
    }
  });
  afterAll(async () => {
    for (const client of clients.values()) client.close();
    await context.close();
  });

  it('agrees with the permission matrix', () => {
    for (const { person, rooms } of MAY.filter((row) => row.person)) {
      const principal = principalOf(person as Person);
      expect(!!grantFor(principal, 'live.hub')).toBe(rooms.includes('hub'));
      expect(!!grantFor(principal, 'live.team', { teamCode: 'ucr-medway' })).toBe(
        rooms.includes('team:ucr-medway'),
      );
    }
  });

  it.each(MAY.flatMap(({ who, rooms }) => ROOMS.map((room) => [who, room, rooms.includes(room)])))(
    '%s subscribing to %s: allowed %s',
    (who, room, allowed) => {
      const answer = answers.get(`${who} ${room}`);
      if (allowed) {
        expect(answer).toEqual({ ok: true, room });
      } else {
        expect(answer).toEqual({ ok: false, error: expect.stringMatching(/may|team/) });
      }
    },
  );

  it("sends a referral's events only to those let in", async () => {
    const { body } = await postJson<{ id: string }>(
      `${context.api.url}/api/v1/referrals`,
      newSubmission(),
    );
    const isTriage = (client: LiveClient) =>
      client.next(
        (event) =>
          event.event === 'referral.changed' &&
          event.payload.id === body.id &&
          event.payload.status === 'triaged',
      );
    for (const { who, rooms } of MAY) {
      const client = clients.get(who) as LiveClient;
      if (rooms.length) {
        const { payload } = await isTriage(client);
        expect(rooms).toContain(payload.room);
      }
    }
    // Every room has had its events by now; the refused heard nothing at all.
    for (const { who, rooms } of MAY) {
      const heard = (clients.get(who) as LiveClient).received.map((event) => event.payload.room);
      expect(heard.every((room) => (rooms as string[]).includes(room))).toBe(true);
      if (!rooms.length) expect(heard).toEqual([]);
    }
  });

  it('records each subscription let in, as a read of that queue', async () => {
    const rows = await context.database.dataSource.query<
      { actor_id: string; permission: string; route: string; team_code: string | null }[]
    >(
      `SELECT actor_id, permission, route, team_code FROM audit_events
       WHERE route = 'WS /live subscribe' ORDER BY id`,
    );
    expect(rows).toEqual([
      { actor_id: 'coord-1', permission: 'live.hub', route: 'WS /live subscribe', team_code: null },
      {
        actor_id: 'coord-1',
        permission: 'live.team',
        route: 'WS /live subscribe',
        team_code: 'ucr-medway',
      },
      {
        actor_id: 'lead-ucr-medway',
        permission: 'live.team',
        route: 'WS /live subscribe',
        team_code: 'ucr-medway',
      },
      {
        actor_id: 'clin-ucr-medway',
        permission: 'live.team',
        route: 'WS /live subscribe',
        team_code: 'ucr-medway',
      },
    ]);
  });
});
