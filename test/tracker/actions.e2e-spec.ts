import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission, TEST_NHS } from '../support/factories';
import { getJson, postJson } from '../support/http';
import { act, clinician, coordinator, submitTriaged, teamLead } from '../support/journey';
import { referrer } from '../support/auth';

describe('tracker actions', () => {
  let context: ApiContext;

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
  });
  afterAll(async () => {
    await context.close();
  });

  it('follow a referral from triage through care, each step an event with actor, from, to and reason', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[1] } }),
    );
    expect(referral).toMatchObject({ status: 'triaged', teamCode: 'ucr-medway', version: 2 });
    const team = referral.teamCode;

    let step = await act(context, referral.id, 'confirm_triage', { version: 2 }, coordinator);
    expect(step.status).toBe(200);
    expect(step.body).toMatchObject({ status: 'triaged', version: 3, teamCode: team });
    step = await act(context, referral.id, 'accept', { version: 3 }, teamLead(team));
    expect(step.body).toMatchObject({ status: 'accepted', version: 4 });
    step = await act(
      context,
      referral.id,
      'assign',
      { version: 4, clinicianId: 'nurse-7' },
      teamLead(team),
    );
    expect(step.body.status).toBe('assigned');
    step = await act(
      context,
      referral.id,
      'record_contact',
      { version: 5, at: new Date().toISOString(), faceToFace: true },
      clinician(team),
    );
    expect(step.body.status).toBe('first_contact');
    step = await act(context, referral.id, 'admit', { version: 6 }, clinician(team));
    expect(step.body.status).toBe('in_care');
    step = await act(
      context,
      referral.id,
      'step_up',
      {
        version: 7,
        pathway: 'virtual_ward_frailty',
        urgency: '2_hour',
        reason: 'Needs IV antibiotics at home',
      },
      clinician(team),
    );
    expect(step.body).toMatchObject({ status: 'in_care', pathway: 'virtual_ward_frailty' });
    expect(step.body.teamCode).not.toBe(team);

    const events = (
      await getJson<
        {
          type: string;
          actor: { id: string; role: string };
          fromStatus: string;
          toStatus: string;
          data: Record<string, unknown>;
        }[]
      >(`${context.api.url}/api/v1/referrals/${referral.id}/events`)
    ).body;
    expect(events.map((event) => event.type)).toEqual([
      'received',
      'triaged',
      'confirm_triage',
      'accept',
      'assign',
      'record_contact',
      'admit',
      'step_up',
    ]);
    expect(events[7]).toMatchObject({
      actor: { id: `clin-${team}`, role: 'clinician' },
      fromStatus: 'in_care',
      toStatus: 'in_care',
      data: {
        reason: 'Needs IV antibiotics at home',
        fromPathway: 'ucr',
        toPathway: 'virtual_ward_frailty',
      },
    });
  });

  it('refuses an action the status does not allow with 422 naming the status and the allowed actions', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[2] } }),
    );
    const response = await act(
      context,
      referral.id,
      'admit',
      { version: referral.version },
      clinician(referral.teamCode),
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      statusCode: 422,
      status: 'triaged',
      allowedActions: expect.arrayContaining([
        'confirm_triage',
        'override_triage',
        'accept',
        'redirect',
      ]),
    });
  });

  it('refuses a stale version with 409 and changes nothing', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[3] } }),
    );
    const response = await act(context, referral.id, 'confirm_triage', { version: 1 }, coordinator);
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ statusCode: 409, currentVersion: referral.version });
  });

  it('lets exactly one of several concurrent actions on one referral win', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[4] } }),
    );
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        act(context, referral.id, 'confirm_triage', { version: referral.version }, coordinator),
      ),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(9);
    const [{ count }] = await context.database.dataSource.query<{ count: string }[]>(
      `SELECT count(*) FROM referral_events WHERE referral_id = $1 AND type = 'confirm_triage'`,
      [referral.id],
    );
    expect(count).toBe('1');
  });

  it('lets only the team holding a referral act on it, and only in the roles the action names', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[5] } }),
    );
    await act(context, referral.id, 'confirm_triage', { version: referral.version }, coordinator);
    const otherTeam = await act(
      context,
      referral.id,
      'accept',
      { version: referral.version + 1 },
      teamLead('ucr-swale'),
    );
    expect(otherTeam.status).toBe(403);
    const wrongRole = await act(
      context,
      referral.id,
      'accept',
      { version: referral.version + 1 },
      coordinator,
    );
    expect(wrongRole.status).toBe(403);
    const url = `${context.api.url}/api/v1/referrals/${referral.id}/actions/accept`;
    const unsigned = await postJson(url, { version: referral.version + 1 }, { authorization: '' });
    expect(unsigned.status).toBe(401);
    const forged = await postJson(
      url,
      { version: referral.version + 1 },
      { authorization: 'Bearer not.a.token' },
    );
    expect(forged.status).toBe(401);
  });

  it('hands back to the hub (never the referrer) with a reason, and the hub routes it again', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[6] } }),
    );
    const team = referral.teamCode;
    await act(context, referral.id, 'confirm_triage', { version: referral.version }, coordinator);
    await act(context, referral.id, 'accept', { version: referral.version + 1 }, teamLead(team));
    const back = await act(
      context,
      referral.id,
      'hand_back',
      { version: referral.version + 2, reason: 'Needs a dementia crisis response' },
      teamLead(team),
    );
    expect(back.body).toMatchObject({ status: 'triaged', teamCode: null });
    const rerouted = await act(
      context,
      referral.id,
      'override_triage',
      {
        version: referral.version + 3,
        pathway: 'dementia_crisis',
        urgency: 'same_day',
        reason: 'Crisis team better placed',
      },
      coordinator,
    );
    expect(rerouted.body).toMatchObject({
      status: 'triaged',
      pathway: 'dementia_crisis',
      urgency: 'same_day',
    });
    expect(rerouted.body.teamCode).toMatch(/dementia/);
    const view = await getJson<{
      triage: { decidedBy: string; override: { reason: string; previous: { pathway: string } } };
    }>(`${context.api.url}/api/v1/referrals/${referral.id}`);
    expect(view.body.triage).toMatchObject({
      decidedBy: 'clinician',
      override: { reason: 'Crisis team better placed', previous: { pathway: 'ucr' } },
    });
  });

  it('refuses an override without a reason, naming the field, and leaves the triage as it was', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: '9990000107' } }),
    );
    for (const reason of [undefined, '', '   ']) {
      const refused = await act(
        context,
        referral.id,
        'override_triage',
        { version: referral.version, pathway: 'falls', urgency: '48_hour', reason },
        coordinator,
      );
      expect(refused.status).toBe(400);
      const details = (refused.body as unknown as { details: { field: string }[] }).details;
      expect(details.map((detail) => detail.field)).toContain('reason');
    }
    const view = await getJson<{ version: number; triage: { decidedBy: string } }>(
      `${context.api.url}/api/v1/referrals/${referral.id}`,
    );
    expect(view.body).toMatchObject({ version: referral.version, triage: { decidedBy: 'engine' } });
  });

  it('asks the referrer a question they see on the status page, and returns to where it was when answered', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[7] } }),
    );
    const asked = await act(
      context,
      referral.id,
      'request_information',
      { version: referral.version, question: 'Is she on blood thinners?' },
      coordinator,
    );
    expect(asked.body.status).toBe('awaiting_information');
    const status = await getJson<{ status: string; question: { text: string } }>(
      `${context.api.url}/api/v1/referrals/by-reference/${referral.reference}/status`,
    );
    expect(status.body).toMatchObject({
      status: 'awaiting_information',
      question: { text: 'Is she on blood thinners?' },
    });
    const answered = await act(
      context,
      referral.id,
      'provide_information',
      { version: referral.version + 1, answer: 'Yes, apixaban' },
      referrer('VNA12'),
    );
    expect(answered.body.status).toBe('triaged');
  });

  it('answers bad action bodies with 400 field errors and an unknown action with 404', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[8] } }),
    );
    const bad = await act(
      context,
      referral.id,
      'override_triage',
      { version: 'x', pathway: 'spa' },
      coordinator,
    );
    expect(bad.status).toBe(400);
    const unknown = await act(
      context,
      referral.id,
      'reject',
      { version: referral.version },
      coordinator,
    );
    expect(unknown.status).toBe(404);
  });
});

describe('tracker actions that change targets', () => {
  let context: ApiContext;

  beforeAll(async () => {
    context = await startApiContext({ worker: true });
  });
  afterAll(async () => {
    await context.close();
  });

  it('gives an overridden urgency a clock with the new target, the old one ended without a verdict', async () => {
    const referral = await submitTriaged(
      context,
      newSubmission({ patient: { nhsNumber: TEST_NHS[0] } }),
    );
    const response = await act(
      context,
      referral.id,
      'override_triage',
      {
        version: referral.version,
        pathway: 'ucr',
        urgency: 'same_day',
        reason: 'Seen by GP this morning; stable',
      },
      coordinator,
    );
    expect(response.status).toBe(200);
    const view = await getJson<{ responseDueAt: string; triage: { responseDueAt: string } }>(
      `${context.api.url}/api/v1/referrals/${referral.id}`,
    );
    expect(view.body.responseDueAt).toBe(view.body.triage.responseDueAt);
    const clocks = await context.database.dataSource.query<
      { kind: string; stopped: boolean; met: boolean | null }[]
    >(
      `SELECT kind, stopped_at IS NOT NULL AS stopped, met FROM response_clocks WHERE referral_id = $1 ORDER BY created_at`,
      [referral.id],
    );
    expect(clocks).toEqual([
      { kind: '2_hour', stopped: true, met: null },
      { kind: 'same_day', stopped: false, met: null },
    ]);
  });
});

describe('a question asked before triage', () => {
  let context: ApiContext;

  beforeAll(async () => {
    context = await startApiContext();
  });
  afterAll(async () => {
    await context.close();
  });

  it('queues triage again once answered, so the referral is never stuck in received', async () => {
    const { body } = await postJson<{ id: string }>(
      `${context.api.url}/api/v1/referrals`,
      newSubmission(),
    );
    await act(
      context,
      body.id,
      'request_information',
      { version: 1, question: 'Which care home room?' },
      coordinator,
    );
    const answered = await act(
      context,
      body.id,
      'provide_information',
      { version: 2, answer: 'Room 12' },
      coordinator,
    );
    expect(answered.body).toMatchObject({ status: 'received', version: 3 });
    const jobs = await context.database.dataSource.query<{ payload: { version: number } }[]>(
      `SELECT payload FROM outbox WHERE job_name = 'triage.referral' AND payload->>'referralId' = $1 ORDER BY created_at`,
      [body.id],
    );
    expect(jobs.map((job) => job.payload.version)).toEqual([1, 3]);
  });
});
