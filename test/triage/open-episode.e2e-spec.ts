import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { getJson, postJson } from '../support/http';
import { act, coordinator, submitTriaged, teamLead } from '../support/journey';

/**
 * Issue 12 item 4, identity: a referral for a patient a team already holds is linked to that
 * episode (possible_duplicate, naming the team) and suggested to that team on the episode's
 * pathway with no second clock, unless it has a red flag or a need the team does not serve.
 * Brief §9.3 [S35]. Synthetic people; NHS numbers from the 999 test range, valid by Modulus 11.
 */

interface Triage {
  pathway: string;
  urgency: string;
  responseDueAt: string | null;
  redFlags: { code: string }[];
  flags: string[];
  reasons: { ruleId: string; text: string; source: string }[];
  suggestedTeam: { code: string; name: string } | null;
  communityPathway: string;
  openEpisode: {
    referralId: string;
    reference: string;
    pathway: string;
    team: { code: string; name: string };
    outcome: string;
  } | null;
}
interface Referral {
  id: string;
  reference: string;
  status: string;
  version: number;
  flags: string[];
  triage: Triage;
  team: { code: string } | null;
  responseDueAt: string | null;
  clockState: string | null;
  clock: { startedAt: string; dueAt: string | null } | null;
  episode: { linkedReferralId: string | null; possibleDuplicateOf: { id: string } | null };
}

/** Up after a fall, uninjured, not frail: the falls pathway, which Medway UCR also runs. */
const uninjuredFall = {
  summary: 'Slipped in the kitchen this afternoon, got up unaided, no injury, walking normally.',
  presentingNeeds: ['fall' as const],
  clinicalFrailtyScale: 3,
  knownConditions: [],
  fall: {
    headStrike: false,
    lossOfConsciousness: false,
    suspectedFracture: false,
    unableToGetUp: false,
    longLieMinutes: 0,
  },
};
/** A need Medway UCR does not serve. */
const parkinsons = {
  summary: "Parkinson's symptoms slowly worse over the past month; medication review wanted.",
  presentingNeeds: ['parkinsons_deterioration' as const],
  clinicalFrailtyScale: 3,
  knownConditions: ['parkinsons' as const],
  fall: undefined,
};

describe('a referral for a patient with an open episode', () => {
  let context: ApiContext;
  const url = (path: string) => `${context.api.url}${path}`;
  const read = async (id: string) => (await getJson<Referral>(url(`/api/v1/referrals/${id}`))).body;
  const clocksOf = async (id: string) =>
    context.database.dataSource.query<{ id: string }[]>(
      'SELECT id FROM response_clocks WHERE referral_id = $1',
      [id],
    );
  const evaluate = async (submission: object) =>
    (await postJson<Triage>(url('/api/v1/triage/evaluate'), submission)).body;

  /** A referral accepted by the team it was triaged to: an open episode. */
  async function openEpisode(submission: object): Promise<Referral> {
    const triaged = await submitTriaged(context, submission);
    expect(triaged.status).toBe('triaged');
    const accepted = await act(
      context,
      triaged.id,
      'accept',
      { version: triaged.version },
      teamLead(triaged.teamCode),
    );
    expect(accepted.body.status).toBe('accepted');
    return read(triaged.id);
  }
  async function triaged(submission: object): Promise<Referral> {
    return read((await submitTriaged(context, submission)).id);
  }

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
  });
  afterAll(async () => {
    await context.close();
  });

  it("is suggested to the episode's team on its pathway, linked, with no second clock", async () => {
    const nhsNumber = '9991300007';
    const episode = await openEpisode(newSubmission({ patient: { nhsNumber } }));
    expect(episode).toMatchObject({ status: 'accepted', team: { code: 'ucr-medway' } });
    expect(episode.triage.pathway).toBe('ucr');

    // What the engine alone would say for this need: falls, with Medway UCR.
    const engine = await evaluate(
      newSubmission({ patient: { nhsNumber: '9991300015' }, clinical: uninjuredFall }),
    );
    expect(engine.openEpisode).toBeNull();
    expect(engine.pathway).toBe('falls');

    const second = await triaged(
      newSubmission({ patient: { nhsNumber }, clinical: uninjuredFall }),
    );
    expect(second.status).toBe('triaged');
    expect(second.flags).toContain('possible_duplicate');
    expect(second.triage).toMatchObject({
      pathway: 'ucr',
      urgency: engine.urgency,
      communityPathway: 'falls',
      suggestedTeam: { code: 'ucr-medway' },
      responseDueAt: episode.responseDueAt,
      openEpisode: {
        referralId: episode.id,
        reference: episode.reference,
        pathway: 'ucr',
        team: { code: 'ucr-medway', name: expect.any(String) },
        outcome: 'joins_episode',
      },
    });
    const reason = second.triage.reasons.find((r) => r.ruleId === 'app.open-episode');
    expect(reason).toEqual({
      ruleId: 'app.open-episode',
      text: expect.stringContaining(episode.reference),
      source: expect.stringContaining('[S35]'),
    });
    expect(second.team).toMatchObject({ code: 'ucr-medway' });
    expect(second.episode.linkedReferralId).toBe(episode.id);
    expect(second.episode.possibleDuplicateOf).toMatchObject({ id: episode.id });
    // No second clock: none started, none on the row; the episode's due time orders the queue.
    expect(await clocksOf(second.id)).toEqual([]);
    expect(second.clock).toBeNull();
    expect(second.clockState).toBeNull();
    expect(second.responseDueAt).toBe(episode.responseDueAt);
    expect(await clocksOf(episode.id)).toHaveLength(1);

    const events = (
      await getJson<{ type: string; data: Record<string, unknown> }[]>(
        url(`/api/v1/referrals/${second.id}/events`),
      )
    ).body;
    expect(events.find((event) => event.type === 'triaged')?.data).toMatchObject({
      pathway: 'ucr',
      suggestedTeam: 'ucr-medway',
      openEpisode: { referralId: episode.id, team: 'ucr-medway', outcome: 'joins_episode' },
    });

    // The hub confirms it to the team like any other suggestion; the team can take it.
    const confirmed = await act(
      context,
      second.id,
      'confirm_triage',
      { version: second.version },
      coordinator,
    );
    expect(confirmed.body).toMatchObject({ status: 'triaged', teamCode: 'ucr-medway' });
    const queue = await getJson<{ items: { id: string; clockState: string | null }[] }>(
      url('/api/v1/queues/teams/ucr-medway'),
    );
    expect(queue.body.items.find((item) => item.id === second.id)).toMatchObject({
      clockState: null,
    });
    const accepted = await act(
      context,
      second.id,
      'accept',
      { version: confirmed.body.version },
      teamLead('ucr-medway'),
    );
    expect(accepted.body.status).toBe('accepted');
  });

  it("keeps the engine's pathway, team and clock for a need the team does not serve, still linked", async () => {
    const nhsNumber = '9991300023';
    const episode = await openEpisode(newSubmission({ patient: { nhsNumber } }));
    const engine = await evaluate(
      newSubmission({ patient: { nhsNumber: '9991300031' }, clinical: parkinsons }),
    );
    expect(engine.suggestedTeam?.code).not.toBe('ucr-medway');

    const second = await triaged(newSubmission({ patient: { nhsNumber }, clinical: parkinsons }));
    expect(second.flags).toContain('possible_duplicate');
    expect(second.triage).toMatchObject({
      pathway: engine.pathway,
      urgency: engine.urgency,
      suggestedTeam: engine.suggestedTeam,
      openEpisode: {
        referralId: episode.id,
        team: { code: 'ucr-medway' },
        outcome: 'need_not_served',
      },
    });
    expect(second.episode.linkedReferralId).toBe(episode.id);
    expect(await clocksOf(second.id)).toHaveLength(1);
    expect(second.clock?.dueAt).toBe(second.triage.responseDueAt);
  });

  it("keeps the engine's decision for a red flag, still linked", async () => {
    const nhsNumber = '9991300058';
    const episode = await openEpisode(newSubmission({ patient: { nhsNumber } }));
    const second = await triaged(
      newSubmission({
        patient: { nhsNumber },
        clinical: { fall: { headStrike: true, unableToGetUp: true } },
      }),
    );
    expect(second.triage).toMatchObject({
      pathway: 'redirect_999',
      urgency: 'immediate',
      suggestedTeam: null,
      openEpisode: { referralId: episode.id, outcome: 'red_flag' },
    });
    expect(second.triage.redFlags.length).toBeGreaterThan(0);
    expect(second.flags).toContain('possible_duplicate');
    expect(second.episode.linkedReferralId).toBe(episode.id);
  });

  it('finds the episode without an NHS number by family name, date of birth and postcode', async () => {
    const patient = {
      nhsNumber: undefined,
      givenName: 'Odette',
      familyName: 'Quillfeather',
      dateOfBirth: '1939-07-14',
      postcode: 'ME7 2ZZ',
    };
    const episode = await openEpisode(newSubmission({ patient }));
    const second = await triaged(
      newSubmission({
        patient: { ...patient, familyName: 'QUILLFEATHER', postcode: 'me72zz' },
        clinical: uninjuredFall,
      }),
    );
    expect(second.flags).toEqual(
      expect.arrayContaining(['identity_unverified', 'possible_duplicate']),
    );
    expect(second.triage).toMatchObject({
      pathway: 'ucr',
      suggestedTeam: { code: 'ucr-medway' },
      openEpisode: { referralId: episode.id, outcome: 'joins_episode' },
    });
    expect(await clocksOf(second.id)).toEqual([]);
  });

  it('POST /api/v1/triage/evaluate applies the open episode the same way, spaces and all, and stores nothing', async () => {
    const nhsNumber = '9991300066';
    const episode = await openEpisode(newSubmission({ patient: { nhsNumber } }));
    const [{ count: before }] = await context.database.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM referrals',
    );
    const decision = await evaluate(
      newSubmission({ patient: { nhsNumber: '999 130 0066' }, clinical: uninjuredFall }),
    );
    expect(decision).toMatchObject({
      pathway: 'ucr',
      communityPathway: 'falls',
      suggestedTeam: { code: 'ucr-medway' },
      responseDueAt: episode.responseDueAt,
      flags: expect.arrayContaining(['possible_duplicate']),
      openEpisode: { referralId: episode.id, outcome: 'joins_episode' },
    });
    const [{ count: after }] = await context.database.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM referrals',
    );
    expect(after).toBe(before);
  });

  it('is not an open episode while the hub still holds it, nor once it is closed', async () => {
    // Triaged, not yet accepted: intake links the two, but no team holds the patient.
    const hubHeld = await triaged(newSubmission({ patient: { nhsNumber: '9991300074' } }));
    const afterHub = await triaged(
      newSubmission({ patient: { nhsNumber: '9991300074' }, clinical: uninjuredFall }),
    );
    expect(afterHub.episode.linkedReferralId).toBe(hubHeld.id);
    expect(afterHub.flags).toContain('possible_duplicate');
    expect(afterHub.triage.openEpisode).toBeNull();
    expect(afterHub.triage.pathway).toBe('falls');
    expect(await clocksOf(afterHub.id)).toHaveLength(1);

    // Accepted, then cancelled: closed, so a new referral starts its own journey.
    const closed = await openEpisode(newSubmission({ patient: { nhsNumber: '9991300082' } }));
    const cancelled = await act(
      context,
      closed.id,
      'cancel',
      { version: closed.version, reason: 'withdrawn' },
      coordinator,
    );
    expect(cancelled.body.status).toBe('cancelled');
    const afterClose = await triaged(
      newSubmission({ patient: { nhsNumber: '9991300082' }, clinical: uninjuredFall }),
    );
    expect(afterClose.triage.openEpisode).toBeNull();
    expect(afterClose.flags).not.toContain('possible_duplicate');
  });
});
