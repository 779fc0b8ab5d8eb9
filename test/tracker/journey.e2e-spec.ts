import type { INestApplicationContext } from '@nestjs/common';
import { startApi, startWorker, testConfig, type RunningApi } from '../support/apps';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { newSubmission } from '../support/factories';
import { startGpServer } from '../support/gp-server';
import { getJson, withCredential } from '../support/http';
import { createTestRedis, type TestRedis } from '../support/redis';
import type { ApiContext } from '../support/context';
import { act, clinician, coordinator, submitTriaged, teamLead } from '../support/journey';

/**
 * The whole journey through the API alone: a care home's referral is triaged, confirmed,
 * accepted, seen face to face within its 2-hour clock, admitted to the virtual ward and
 * discharged, and the letter reaches the GP practice (a local stand-in for its system).
 */
describe('a referral from intake to a delivered GP discharge letter', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let gp: Awaited<ReturnType<typeof startGpServer>>;
  let context: ApiContext;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    gp = await startGpServer();
    gp.on('/G82001', () => ({ status: 200, body: { acknowledged: true } }));
    await database.dataSource.query(
      `UPDATE gp_practices SET notify_url = $1 WHERE ods_code = 'G82001'`,
      [gp.url('/G82001')],
    );
    const config = testConfig(
      { databaseUrl: database.url, redisUrl: redis.url, redisPrefix: redis.prefix },
      { GP_NOTIFY_BACKOFF_MS: '50' },
    );
    api = await startApi(config);
    worker = await startWorker(config);
    context = { database, redis, config, api, close: () => Promise.resolve() };
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await gp?.close();
    await redis?.cleanup();
    await database?.drop();
  });

  it('ends with the letter delivered and acknowledged, every step on the timeline and the clock met', async () => {
    const referral = await submitTriaged(context, newSubmission());
    const team = referral.teamCode;
    let version = referral.version;
    const step = async (
      action: string,
      body: Record<string, unknown>,
      actor: Parameters<typeof act>[4],
    ) => {
      const response = await act(context, referral.id, action, { version, ...body }, actor);
      expect({ action, status: response.status }).toEqual({ action, status: 200 });
      version = response.body.version;
      return response.body;
    };

    await step('confirm_triage', {}, coordinator);
    await step('accept', {}, teamLead(team));
    await step('assign', { clinicianId: 'nurse-7' }, teamLead(team));
    await step(
      'record_contact',
      { at: new Date().toISOString(), faceToFace: true },
      clinician(team),
    );
    await step('admit', {}, clinician(team));
    const discharged = await step(
      'discharge',
      {
        outcome: 'goals_met',
        summary: {
          reasonForReferral: 'Fall at care home, unable to get up',
          pathways: ['ucr'],
          whatWasDone: 'Assessed at home within two hours; no injury; mobility aids reviewed.',
          medicinesChanges: [],
          advanceCarePlan: { respect: 'discussed' },
          informationGiven: 'Falls prevention advice given to the patient and the care home.',
        },
        gpActions: ['Refer to the falls prevention service'],
      },
      clinician(team),
    );
    expect(discharged.status).toBe('discharged');

    const deadline = Date.now() + 20_000;
    let types: string[] = [];
    while (Date.now() < deadline) {
      const events = await getJson<{ type: string }[]>(
        `${api.url}/api/v1/referrals/${referral.id}/events`,
      );
      types = events.body.map((event) => event.type);
      if (types.includes('gp.acknowledged')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(types).toEqual(
      expect.arrayContaining([
        'received',
        'triaged',
        'confirm_triage',
        'accept',
        'assign',
        'record_contact',
        'admit',
        'discharge',
        'gp.delivered',
        'gp.acknowledged',
      ]),
    );
    expect(gp.received('/G82001')).toHaveLength(1);
    expect(gp.received('/G82001')[0].body.resourceType).toBe('Bundle');

    const view = await getJson<{ status: string; clockState: string }>(
      `${api.url}/api/v1/referrals/${referral.id}`,
    );
    expect(view.body).toMatchObject({ status: 'discharged', clockState: 'stopped' });
    const [clock] = await database.dataSource.query<{ met: boolean; measurement_type: string }[]>(
      'SELECT met, measurement_type FROM response_clocks WHERE referral_id = $1',
      [referral.id],
    );
    expect(clock).toEqual({ met: true, measurement_type: '05' });
    const letter = await fetch(`${api.url}/api/v1/referrals/${referral.id}/discharge-letter`, {
      headers: withCredential({}),
    });
    expect(letter.headers.get('content-type')).toMatch(/text\/html/);
    expect(await letter.text()).toContain('Refer to the falls prevention service');
  });
});
