import { startApiContext, type ApiContext } from '../support/context';
import { getJson } from '../support/http';

interface Item {
  id: string;
  reference: string;
  status: string;
  version: number;
  pathway: string | null;
  urgency: string | null;
  team: string | null;
  assignee: string | null;
  receivedAt: string;
  responseDueAt: string | null;
  clockState: string | null;
  flags: string[];
  redFlags: string[];
  patient: { initials: string | null; age: number | null };
}
interface Snapshot {
  seq: number;
  queue: string;
  team?: { code: string; name: string };
  total: number;
  limit: number;
  items: Item[];
}

const TEAM = 'ucr-medway';
const OTHER_TEAM = 'ucr-west-kent';
const CLOCK_TEAM = 'ucr-dartford-gravesham-swanley';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface RowSpec {
  status: string;
  team?: string;
  urgency?: string;
  /** Due in this many ms from now (negative: overdue). */
  dueIn?: number;
  confirmed?: boolean;
  clockStartedAgo?: number;
  clockStopped?: boolean;
  assignee?: string;
  flags?: string[];
  redFlags?: string[];
  receivedAgo?: number;
}

describe('GET /api/v1/queues', () => {
  let context: ApiContext;
  let count = 0;
  /** One "now" for every row, so equal due times are equal. */
  const now = Date.now();
  const ids: Record<string, string> = {};
  const url = (path: string) => `${context.api.url}/api/v1/queues/${path}`;

  /** A referral row written directly: the queues read columns, not the action service. */
  async function insert(name: string, spec: RowSpec): Promise<void> {
    count += 1;
    const [row] = await context.database.dataSource.query<{ id: string }[]>(
      `INSERT INTO referrals (reference, status, received_at, referrer_type, referrer, patient,
         clinical, consent, nhs_number, channel, date_of_birth, pathway, urgency, team_code,
         response_due_at, clock_started_at, clock_stopped_at, hub_confirmed_at, assignee, flags,
         triage, submitted_by)
       VALUES ($1, $2, $3, 'gp', '{"type": "gp"}', $4, '{"summary": "test"}', 'given', $5, 'api',
         $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'test')
       RETURNING id`,
      [
        `FD-TST${String(count).padStart(2, '0')}-QUEU`,
        spec.status,
        new Date(now - (spec.receivedAgo ?? 3 * HOUR - count * MINUTE)),
        {
          givenName: 'Zelda',
          familyName: `Quartermaine${count}`,
          dateOfBirth: '1941-03-15',
          postcode: 'ME7 1XY',
          nhsNumber: '9990000026',
        },
        '9990000026',
        '1941-03-15',
        spec.status === 'received' ? null : 'ucr',
        spec.urgency ?? null,
        spec.team ?? null,
        spec.dueIn === undefined ? null : new Date(now + spec.dueIn),
        spec.clockStartedAgo === undefined ? null : new Date(now - spec.clockStartedAgo),
        spec.clockStopped ? new Date(now - MINUTE) : null,
        spec.confirmed ? new Date(now - 30 * MINUTE) : null,
        spec.assignee ?? null,
        spec.flags ?? [],
        spec.redFlags
          ? { redFlags: spec.redFlags.map((code) => ({ code, reason: 'r', severity: 1 })) }
          : null,
      ],
    );
    ids[name] = row.id;
    await context.database.dataSource.query(
      `INSERT INTO referral_events (referral_id, type, actor_id, actor_role, to_status)
       VALUES ($1, 'received', 'test', 'referrer', 'received')`,
      [row.id],
    );
  }

  const names = (items: Item[]) =>
    items.map((item) => Object.keys(ids).find((k) => ids[k] === item.id));

  beforeAll(async () => {
    context = await startApiContext();
    // The hub: not confirmed by a coordinator.
    await insert('hubReceived', { status: 'received' });
    await insert('hubRoutine', {
      status: 'triaged',
      team: TEAM,
      urgency: 'routine',
      dueIn: 5 * 24 * HOUR,
    });
    await insert('hubImmediate', {
      status: 'triaged',
      urgency: 'immediate',
      dueIn: 3 * 24 * HOUR,
      redFlags: ['chest_pain'],
    });
    await insert('hubAwaiting', {
      status: 'awaiting_information',
      team: TEAM,
      urgency: 'same_day',
      dueIn: 2 * HOUR,
    });
    await insert('hubSameDueOlder', {
      status: 'triaged',
      team: OTHER_TEAM,
      urgency: '2_hour',
      dueIn: 2 * HOUR,
      receivedAgo: 5 * HOUR,
    });
    // The team's: confirmed by the hub, or with the team.
    await insert('teamConfirmed', {
      status: 'triaged',
      team: TEAM,
      urgency: '2_hour',
      dueIn: 4 * HOUR,
      confirmed: true,
    });
    await insert('teamAccepted', {
      status: 'accepted',
      team: TEAM,
      urgency: '2_hour',
      dueIn: HOUR,
      assignee: 'clinician-7',
      flags: ['possible_duplicate'],
    });
    await insert('teamAwaiting', {
      status: 'awaiting_information',
      team: TEAM,
      urgency: 'routine',
      confirmed: true,
    });
    await insert('teamInCareUnconfirmed', {
      status: 'in_care',
      team: TEAM,
      urgency: '48_hour',
      dueIn: 30 * HOUR,
    });
    // In no queue of TEAM: closed, or another team's.
    await insert('closed', {
      status: 'discharged',
      team: TEAM,
      urgency: '2_hour',
      dueIn: -HOUR,
      confirmed: true,
    });
    await insert('otherTeam', {
      status: 'accepted',
      team: OTHER_TEAM,
      urgency: '2_hour',
      dueIn: HOUR,
      confirmed: true,
    });
    // Clocks, in a team of their own.
    await insert('onTime', {
      status: 'accepted',
      team: CLOCK_TEAM,
      dueIn: HOUR,
      clockStartedAgo: 10 * MINUTE,
    });
    await insert('atRisk', {
      status: 'accepted',
      team: CLOCK_TEAM,
      dueIn: 10 * MINUTE,
      clockStartedAgo: 90 * MINUTE,
    });
    await insert('breached', {
      status: 'assigned',
      team: CLOCK_TEAM,
      dueIn: -HOUR,
      clockStartedAgo: 2 * HOUR,
    });
    await insert('stopped', {
      status: 'first_contact',
      team: CLOCK_TEAM,
      dueIn: 4 * HOUR,
      clockStartedAgo: HOUR,
      clockStopped: true,
    });
    await insert('noClock', { status: 'accepted', team: CLOCK_TEAM, dueIn: 5 * HOUR });
  });
  afterAll(async () => {
    await context.close();
  });

  it('hub: everything not yet confirmed by a coordinator; immediate first, then by due time, none due last', async () => {
    const response = await getJson<Snapshot>(url('hub'));
    expect(response.status).toBe(200);
    expect(response.body.queue).toBe('hub');
    expect(names(response.body.items)).toEqual([
      'hubImmediate',
      'hubSameDueOlder',
      'hubAwaiting',
      'hubRoutine',
      'hubReceived',
    ]);
    expect(response.body.total).toBe(5);
    expect(response.body.items[0].redFlags).toEqual(['chest_pain']);
    expect(response.body.items[4]).toMatchObject({
      status: 'received',
      urgency: null,
      responseDueAt: null,
      clockState: null,
    });
  });

  it("team: handed over by the hub or being worked, by due time; not the hub's, not closed, not another team's", async () => {
    const response = await getJson<Snapshot>(url(`teams/${TEAM}`));
    expect(response.status).toBe(200);
    expect(response.body.queue).toBe(`team:${TEAM}`);
    expect(response.body.team).toEqual({ code: TEAM, name: expect.any(String) });
    expect(names(response.body.items)).toEqual([
      'teamAccepted',
      'teamConfirmed',
      'teamInCareUnconfirmed',
      'teamAwaiting',
    ]);
    expect(response.body.total).toBe(4);
    const accepted = response.body.items[0];
    expect(accepted).toEqual({
      id: ids.teamAccepted,
      reference: expect.stringMatching(/^FD-TST/),
      status: 'accepted',
      version: 1,
      pathway: 'ucr',
      urgency: '2_hour',
      team: TEAM,
      assignee: 'clinician-7',
      receivedAt: expect.any(String),
      responseDueAt: expect.any(String),
      clockState: null,
      flags: ['possible_duplicate'],
      redFlags: [],
      patient: { initials: 'ZQ', age: expect.any(Number) },
    });
  });

  it('shows the patient as initials and age only: no name, NHS number, date of birth or postcode', async () => {
    for (const path of ['hub', `teams/${TEAM}`]) {
      const response = await getJson<Snapshot>(url(path));
      for (const forbidden of ['Zelda', 'Quartermaine', '9990000026', '1941-03-15', 'ME7', '1XY']) {
        expect(response.text).not.toContain(forbidden);
      }
      for (const item of response.body.items) {
        expect(Object.keys(item.patient).sort()).toEqual(['age', 'initials']);
        expect(item.patient.initials).toBe('ZQ');
        const today = new Date();
        const birthdayPassed =
          today.getUTCMonth() > 2 || (today.getUTCMonth() === 2 && today.getUTCDate() >= 15);
        expect(item.patient.age).toBe(today.getUTCFullYear() - 1941 - (birthdayPassed ? 0 : 1));
      }
    }
  });

  it('gives each item the state of its response clock now', async () => {
    const response = await getJson<Snapshot>(url(`teams/${CLOCK_TEAM}`));
    const states = Object.fromEntries(
      response.body.items.map((item) => [names([item])[0], item.clockState]),
    );
    expect(states).toEqual({
      onTime: 'on_time',
      atRisk: 'at_risk',
      breached: 'breached',
      stopped: 'stopped',
      noClock: null,
    });
  });

  it('carries the highest event seq of the same snapshot', async () => {
    const [{ max }] = await context.database.dataSource.query<{ max: string }[]>(
      'SELECT max(seq) FROM referral_events',
    );
    for (const path of ['hub', `teams/${TEAM}`]) {
      const response = await getJson<Snapshot>(url(path));
      expect(response.body.seq).toBe(Number(max));
    }
  });

  it('cuts the list at ?limit= and still counts the whole queue', async () => {
    const response = await getJson<Snapshot>(url('hub?limit=2'));
    expect(response.status).toBe(200);
    expect(names(response.body.items)).toEqual(['hubImmediate', 'hubSameDueOlder']);
    expect(response.body).toMatchObject({ total: 5, limit: 2 });
    for (const bad of ['0', '501', 'ten', '-1', '2.5']) {
      const refused = await getJson(url(`hub?limit=${bad}`));
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        details: [{ field: 'limit', message: expect.any(String) }],
      });
    }
  });

  it('answers 404 for a team that does not exist', async () => {
    const response = await getJson(url('teams/no-such-team'));
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ statusCode: 404, message: 'No team with this code' });
  });
});
