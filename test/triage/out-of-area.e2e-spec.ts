import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { getJson, postJson } from '../support/http';
import { submitTriaged } from '../support/journey';

/**
 * Issue 12 item 4, out of area: decided by the postcode district and GP practice tables
 * (never by the letters: TN is Kent and East Sussex). A need that can wait goes to the
 * home-area provider (`transfer_out`); a 2-hour need is seen here (UCR), flagged either way.
 * Synthetic people; NHS numbers from the 999 test range, valid by Modulus 11.
 */

interface Triage {
  pathway: string;
  urgency: string;
  responseDueAt: string | null;
  flags: string[];
  reasons: { ruleId: string; text: string; source: string }[];
  suggestedTeam: { code: string; name: string } | null;
  communityPathway: string;
}
interface Referral {
  id: string;
  status: string;
  flags: string[];
  triage: Triage | null;
  team: { code: string } | null;
  clock: { startedAt: string; dueAt: string | null } | null;
}

/** Kent: TN4 (Southborough) and a Southborough practice; East Sussex: TN22 (Uckfield). */
const KENT_HOME = 'TN4 8AA';
const KENT_PRACTICE = 'G82046';
const SUSSEX_HOME = 'TN22 1AA';
const LONDON_PRACTICE = 'A81001';

/** A 2-hour need: the contract's example, fallen and unable to get up. */
const fallOnTheFloor = (nhsNumber: string, patient: Record<string, string>) =>
  newSubmission({ patient: { nhsNumber, ...patient } });

/** A need that can wait: a falls prevention review, no fall, no urgency. */
const fallsPrevention = (nhsNumber: string, patient: Record<string, string>) =>
  newSubmission({
    patient: { nhsNumber, ...patient },
    clinical: {
      summary: 'The GP asks for a falls prevention review and a home hazard check.',
      presentingNeeds: ['falls_prevention'],
      fall: undefined,
      clinicalFrailtyScale: 3,
      knownConditions: [],
    },
  });

describe('out of area', () => {
  let context: ApiContext;
  const url = (path: string) => `${context.api.url}${path}`;

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
  });
  afterAll(async () => {
    await context.close();
  });

  async function triaged(submission: object): Promise<Referral> {
    const { id } = await submitTriaged(context, submission);
    return (await getJson<Referral>(url(`/api/v1/referrals/${id}`))).body;
  }
  const evaluate = async (submission: object) =>
    (await postJson<Triage>(url('/api/v1/triage/evaluate'), submission)).body;

  it('the seeded districts hold the Kent TN districts and no East Sussex one', async () => {
    const rows = await context.database.dataSource.query<{ district: string }[]>(
      `SELECT district FROM postcode_districts WHERE district LIKE 'TN%'`,
    );
    const districts = new Set(rows.map((row) => row.district));
    expect(districts.has('TN4')).toBe(true);
    expect(districts.has('TN30')).toBe(true);
    for (const sussex of ['TN5', 'TN6', 'TN7', 'TN19', 'TN20', 'TN21', 'TN22', 'TN31', 'TN40']) {
      expect(districts.has(sussex)).toBe(false);
    }
  });

  it('keeps a Kent TN patient (TN4, Kent practice) in area, routed to the West Kent team', async () => {
    const referral = await triaged(
      fallOnTheFloor('9991200002', { postcode: KENT_HOME, gpPracticeOdsCode: KENT_PRACTICE }),
    );
    expect(referral.flags).not.toContain('out_of_area');
    expect(referral.triage).toMatchObject({
      pathway: 'ucr',
      urgency: '2_hour',
      suggestedTeam: { code: 'ucr-west-kent' },
    });
  });

  it('accepts an East Sussex TN patient (TN22) whose need can wait, for transfer to their area', async () => {
    const submission = fallsPrevention('9991200010', {
      postcode: SUSSEX_HOME,
      gpPracticeOdsCode: 'V81997',
    });
    const referral = await triaged(submission);
    expect(referral.status).toBe('triaged');
    expect(referral.flags).toContain('out_of_area');
    expect(referral.triage).toMatchObject({ pathway: 'transfer_out', suggestedTeam: null });
    expect(referral.triage!.urgency).not.toBe('2_hour');
    expect(referral.triage!.communityPathway).not.toBe('transfer_out');
    // The evaluate endpoint decides the same way.
    expect(await evaluate(submission)).toMatchObject({
      pathway: 'transfer_out',
      flags: expect.arrayContaining(['out_of_area']),
    });
  });

  // Waits on the routing rules of rule set 2.0.0 (transfer_out only when not 2_hour).
  it('sees a 2-hour need here (UCR, out_of_area), by a Kent team when the practice is ours', async () => {
    const submission = fallOnTheFloor('9991200029', {
      postcode: SUSSEX_HOME,
      gpPracticeOdsCode: KENT_PRACTICE,
    });
    const referral = await triaged(submission);
    expect(referral.flags).toContain('out_of_area');
    expect(referral.triage).toMatchObject({
      pathway: 'ucr',
      urgency: '2_hour',
      suggestedTeam: { code: 'ucr-west-kent' },
    });
    expect(referral.clock).toEqual({
      startedAt: expect.any(String),
      dueAt: referral.triage!.responseDueAt,
      stoppedAt: null,
    });
    expect(await evaluate(submission)).toMatchObject({
      pathway: 'ucr',
      urgency: '2_hour',
      flags: expect.arrayContaining(['out_of_area']),
    });
  });

  // Waits on the routing rules of rule set 2.0.0.
  it('sees a 2-hour need here even when home and practice are both elsewhere; the hub picks the team', async () => {
    const referral = await triaged(
      fallOnTheFloor('9991200037', { postcode: 'SW1A 1AA', gpPracticeOdsCode: LONDON_PRACTICE }),
    );
    expect(referral.flags).toContain('out_of_area');
    expect(referral.triage).toMatchObject({ pathway: 'ucr', urgency: '2_hour' });
  });

  it('treats a Kent home with a practice elsewhere as out of area (one outside is enough)', async () => {
    const submission = fallsPrevention('9991200045', {
      postcode: KENT_HOME,
      gpPracticeOdsCode: LONDON_PRACTICE,
    });
    const referral = await triaged(submission);
    expect(referral.flags).toContain('out_of_area');
    expect(referral.triage!.pathway).toBe('transfer_out');
  });

  it('treats an East Sussex home with a Kent practice as out of area too', async () => {
    const decision = await evaluate(
      fallsPrevention('9991200053', { postcode: SUSSEX_HOME, gpPracticeOdsCode: KENT_PRACTICE }),
    );
    expect(decision.flags).toContain('out_of_area');
    expect(decision.pathway).toBe('transfer_out');
  });

  it('cannot tell for no fixed abode and no registered practice: in area, kept by the hub', async () => {
    const referral = await triaged(
      fallOnTheFloor('9991200061', { postcode: 'ZZ99 3VZ', gpPracticeOdsCode: 'V81997' }),
    );
    expect(referral.status).toBe('triaged');
    expect(referral.flags).not.toContain('out_of_area');
    expect(referral.triage).toMatchObject({ pathway: 'ucr', suggestedTeam: null });
  });

  it('routes no fixed abode by the registered practice when it is ours', async () => {
    const referral = await triaged(
      fallOnTheFloor('9991200088', { postcode: 'ZZ99 3VZ', gpPracticeOdsCode: KENT_PRACTICE }),
    );
    expect(referral.flags).not.toContain('out_of_area');
    expect(referral.triage).toMatchObject({
      pathway: 'ucr',
      suggestedTeam: { code: 'ucr-west-kent' },
    });
  });

  it('routes a branch surgery by its parent practice', async () => {
    const decision = await evaluate(
      fallOnTheFloor('9991200096', {
        postcode: 'ZZ99 3VZ',
        gpPracticeOdsCode: `${KENT_PRACTICE}001`,
      }),
    );
    expect(decision.flags).not.toContain('out_of_area');
    expect(decision.suggestedTeam).toMatchObject({ code: 'ucr-west-kent' });
  });
});
