import { seedReferenceData } from '@frontdoor/persistence';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission, TEST_NHS } from '../support/factories';
import { getJson } from '../support/http';
import { bearer, type Person } from '../support/auth';
import { act, coordinator, submitTriaged, teamLead } from '../support/journey';

const HOME = 'community-nursing-gillingham';

/** A referral that routes to community nursing in the patient's neighbourhood (Gillingham). */
const communityNursing = (nhsNumber: string) =>
  newSubmission({
    patient: { nhsNumber },
    clinical: {
      summary: 'Needs help with medicines after discharge home.',
      presentingNeeds: ['medication_support'],
      fall: null,
      clinicalFrailtyScale: 3,
      knownConditions: [],
    },
  });

describe('capacity and mutual aid', () => {
  let context: ApiContext;

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
  });
  afterAll(async () => {
    await context.close();
  });

  const patch = async (code: string, body: object, person: Person) =>
    fetch(`${context.api.url}/api/v1/teams/${code}/capacity`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', ...(await bearer(context.config, person)) },
      body: JSON.stringify(body),
    });

  it('records a capacity change as a team event, by the team lead only', async () => {
    expect(
      (
        await patch(
          HOME,
          { caseloadLimit: 1, reason: 'Two nurses off sick' },
          teamLead('ucr-medway'),
        )
      ).status,
    ).toBe(403);
    const changed = await patch(
      HOME,
      { caseloadLimit: 1, reason: 'Two nurses off sick' },
      teamLead(HOME),
    );
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({
      code: HOME,
      capacity: { caseloadLimit: 1, openCaseload: 0, atCapacity: false },
    });
    const [event] = await context.database.dataSource.query<
      { type: string; data: Record<string, unknown> }[]
    >('SELECT type, data FROM team_events WHERE team_code = $1', [HOME]);
    expect(event).toMatchObject({
      type: 'capacity_changed',
      data: { reason: 'Two nurses off sick', caseloadLimit: 1 },
    });

    // Loading the reference files again (every npm start does) keeps the team's own change.
    await seedReferenceData(context.database.dataSource);
    const [team] = await context.database.dataSource.query<{ caseload_limit: number }[]>(
      'SELECT caseload_limit FROM teams WHERE code = $1',
      [HOME],
    );
    expect(team.caseload_limit).toBe(1);
  });

  it('sends a referral to a partner team in the same multi-neighbourhood when the home team is full, saying why', async () => {
    const first = await submitTriaged(context, communityNursing(TEST_NHS[0]));
    expect(first.teamCode).toBe(HOME);
    await act(context, first.id, 'confirm_triage', { version: first.version }, coordinator);
    await act(context, first.id, 'accept', { version: first.version + 1 }, teamLead(HOME));

    const second = await submitTriaged(context, communityNursing(TEST_NHS[1]));
    expect(second.teamCode).not.toBe(HOME);
    expect(second.teamCode).toMatch(/^community-nursing-/);
    const view = await getJson<{
      flags: string[];
      triage: { mutualAid: { homeTeam: string; reason: string } };
    }>(`${context.api.url}/api/v1/referrals/${second.id}`);
    expect(view.body.flags).toContain('mutual_aid');
    expect(view.body.triage.mutualAid).toEqual({
      homeTeam: HOME,
      reason: expect.stringContaining('caseload limit'),
    });

    // The partner team's lead can hand it to another team serving the pathway.
    const reassigned = await act(
      context,
      second.id,
      'override_triage',
      {
        version: second.version,
        pathway: 'community_nursing',
        urgency: 'routine',
        reason: 'Chatham has room today',
        teamCode: 'community-nursing-chatham',
      },
      teamLead(second.teamCode),
    );
    expect(reassigned.status).toBe(200);
    expect(reassigned.body.teamCode).toBe('community-nursing-chatham');
  });
});
