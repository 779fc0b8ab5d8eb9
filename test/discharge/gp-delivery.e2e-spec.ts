import type { INestApplicationContext } from '@nestjs/common';
import type * as R4 from 'fhir/r4';
import type { Config } from '@frontdoor/config';
import { ReferralEntity } from '@frontdoor/persistence';
import { DischargeService } from '../../apps/api/src/discharge/discharge.service';
import type { DischargeDto } from '../../apps/api/src/discharge/dto/discharge.dto';
import { startApi, startWorker, testConfig, type RunningApi } from '../support/apps';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { admin, bearer, referrer } from '../support/auth';
import { getJson, postJson, withCredential } from '../support/http';
import { createTestRedis, type TestRedis } from '../support/redis';
import { startGpServer } from '../support/gp-server';

const body = (): DischargeDto => ({
  outcome: 'goals_met',
  summary: {
    reasonForReferral: 'Fall at the care home; unable to get up.',
    pathways: ['ucr', 'falls'],
    whatWasDone: 'Assessed within 2 hours; five days of therapy at home.',
    medicinesChanges: [
      { medicine: 'Amlodipine 5 mg', change: 'stopped', reason: 'Postural hypotension' },
    ],
    advanceCarePlan: { respect: 'in_place', notes: 'Form kept at the care home' },
    informationGiven: 'Falls prevention leaflet given to the patient and the care home.',
  },
  gpActions: ['Review blood pressure in two weeks'],
});

const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  endpoint: string | null;
}

describe('discharge back to general practice', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let api: RunningApi;
  let worker: INestApplicationContext;
  let gp: Awaited<ReturnType<typeof startGpServer>>;
  let count = 0;
  let asAdmin: Record<string, string>;
  let config: Config;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    gp = await startGpServer();
    config = testConfig(
      { databaseUrl: database.url, redisUrl: redis.url, redisPrefix: redis.prefix },
      { GP_NOTIFY_BACKOFF_MS: '50' },
    );
    api = await startApi(config);
    asAdmin = await bearer(config, admin);
    worker = await startWorker(config);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await gp?.close();
    await redis?.cleanup();
    await database?.drop();
  });

  const db = () => database.dataSource;

  /** A synthetic referral in care with the UCR team, registered at `practice`. */
  async function inCare(practice: string | null): Promise<ReferralEntity> {
    count += 1;
    const [row] = await db().query<{ id: string }[]>(
      `INSERT INTO referrals (reference, status, referrer_type, referrer, patient, clinical,
         consent, nhs_number, channel, pathway, urgency, team_code, submitted_by)
       VALUES ($1, 'in_care', 'care_home', $2, $3, '{"summary": "fall"}', 'patient_consented',
         '9990000018', 'api', 'ucr', '2_hour', 'ucr-medway', 'test')
       RETURNING id`,
      [
        `FD-DSC${String(count).padStart(2, '0')}-TEST`,
        {
          type: 'care_home',
          organisation: { name: 'Oak House Care Home', odsCode: 'VNA12' },
          name: 'Sam Carter',
        },
        {
          nhsNumber: '9990000018',
          givenName: 'Ada',
          familyName: 'Lovelace',
          dateOfBirth: '1938-04-02',
          postcode: 'ME7 1AA',
          ...(practice && { gpPracticeOdsCode: practice }),
        },
      ],
    );
    return db().manager.findOneByOrFail(ReferralEntity, { id: row.id });
  }

  /** Points practice G82001 at a path on the stand-in server (or at nothing). */
  async function practiceEndpoint(path: string | null): Promise<void> {
    await db().query(`UPDATE gp_practices SET notify_url = $1 WHERE ods_code = 'G82001'`, [
      path === null ? null : gp.url(path),
    ]);
  }

  async function discharge(referral: ReferralEntity) {
    const service = api.app.get(DischargeService);
    return db().transaction((manager) =>
      service.record(manager, referral, body(), { id: 'clin-1', role: 'clinician' }),
    );
  }

  const delivery = async (id: string) =>
    (await db().query<DeliveryRow[]>(`SELECT * FROM gp_deliveries WHERE id = $1`, [id]))[0];
  const events = async (referralId: string) =>
    (
      await db().query<{ type: string; actor_id: string; data: Record<string, unknown> }[]>(
        `SELECT type, actor_id, data FROM referral_events WHERE referral_id = $1 ORDER BY seq`,
        [referralId],
      )
    ).filter((event) => event.type.startsWith('gp.'));
  const settled = (id: string) =>
    until(
      () => delivery(id),
      (row) => row.status !== 'pending',
    );

  it('delivers the FHIR letter to the practice endpoint and records the event', async () => {
    await practiceEndpoint('/ok');
    gp.on('/ok', () => ({ status: 202 }));
    const referral = await inCare('G82001');
    const { dischargeId, deliveryId, deliveryStatus } = await discharge(referral);
    expect(deliveryStatus).toBe('pending');

    const row = await settled(deliveryId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_error: null });
    const [request] = gp.received('/ok');
    expect(request.contentType).toMatch(/^application\/fhir\+json/);
    expect(request.body).toMatchObject({ resourceType: 'Bundle', type: 'document' });
    expect(request.body.entry?.[0].resource).toMatchObject({
      resourceType: 'Composition',
      id: dischargeId,
      status: 'final',
    });
    expect(await events(referral.id)).toEqual([
      {
        type: 'gp.delivered',
        actor_id: 'gp-notify',
        data: { deliveryId, dischargeId, practiceOdsCode: 'G82001', attempts: 1 },
      },
    ]);

    const html = await fetch(`${api.url}/api/v1/referrals/${referral.id}/discharge-letter`, {
      headers: withCredential({}),
    });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain('Review blood pressure in two weeks');
    expect(page).toContain('Lighthouse Health Centre, Gillingham');
    expect(page).toContain('Medway');
    const fhir = await getJson<R4.Bundle>(
      `${api.url}/api/v1/referrals/${referral.id}/discharge-letter.fhir`,
    );
    expect(fhir.status).toBe(200);
    expect(fhir.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    expect(fhir.body).toEqual(request.body);
  });

  it('GP endpoint down then up: retries with backoff and delivers once', async () => {
    await practiceEndpoint('/flaky');
    // Refused connection, then 503, then up.
    gp.on('/flaky', (n) => (n === 1 ? 'drop' : n === 2 ? { status: 503 } : { status: 200 }));
    const referral = await inCare('G82001');
    const { deliveryId } = await discharge(referral);

    const row = await settled(deliveryId);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3 });
    expect(gp.received('/flaky')).toHaveLength(3);
    expect((await events(referral.id)).map((event) => event.type)).toEqual(['gp.delivered']);
  });

  it('marks the delivery failed after the last attempt, lists it, and resends it', async () => {
    await practiceEndpoint('/down');
    let up = false;
    gp.on('/down', () => (up ? { status: 200 } : { status: 500 }));
    const referral = await inCare('G82001');
    const { deliveryId } = await discharge(referral);

    const row = await settled(deliveryId);
    expect(row).toMatchObject({
      status: 'failed',
      attempts: 6,
      last_error: 'The practice endpoint answered HTTP 500',
    });
    expect(gp.received('/down')).toHaveLength(6);
    expect(await events(referral.id)).toEqual([
      expect.objectContaining({
        type: 'gp.delivery_failed',
        data: expect.objectContaining({ attempts: 6 }),
      }),
    ]);

    const list = await getJson<{ items: Record<string, unknown>[] }>(
      `${api.url}/api/v1/admin/gp-deliveries?status=failed`,
      asAdmin,
    );
    expect(list.status).toBe(200);
    const item = list.body.items.find((entry) => entry.id === deliveryId);
    expect(item).toMatchObject({
      referralId: referral.id,
      reference: referral.reference,
      practiceOdsCode: 'G82001',
      status: 'failed',
      attempts: 6,
    });
    expect(list.text).not.toContain('9990000018');
    expect(list.text).not.toContain('Lovelace');
    expect(
      (await getJson(`${api.url}/api/v1/admin/gp-deliveries?status=lost`, asAdmin)).status,
    ).toBe(400);

    up = true;
    const resend = await postJson(
      `${api.url}/api/v1/admin/gp-deliveries/${deliveryId}/resend`,
      {},
      asAdmin,
    );
    expect(resend.status).toBe(202);
    expect(resend.body).toMatchObject({ id: deliveryId, status: 'pending' });
    expect(await settled(deliveryId)).toMatchObject({ status: 'delivered', attempts: 7 });
    expect((await events(referral.id)).map((event) => event.type)).toEqual([
      'gp.delivery_failed',
      'gp.resend_requested',
      'gp.delivered',
    ]);
    const again = await postJson(
      `${api.url}/api/v1/admin/gp-deliveries/${deliveryId}/resend`,
      {},
      asAdmin,
    );
    expect(again.status).toBe(422);

    // Stuck pending for over an hour (a lost job, an unrecorded last failure): resendable too.
    await database.dataSource.query(
      `UPDATE gp_deliveries SET status = 'pending', last_attempt_at = now() - interval '2 hours'
       WHERE id = $1`,
      [deliveryId],
    );
    const stuck = await postJson(
      `${api.url}/api/v1/admin/gp-deliveries/${deliveryId}/resend`,
      {},
      asAdmin,
    );
    expect(stuck.status).toBe(202);
  });

  it('records an acknowledgement once, from the answer or from the practice later', async () => {
    await practiceEndpoint('/ack');
    gp.on('/ack', () => ({ status: 200, body: { acknowledged: true } }));
    const first = await inCare('G82001');
    const acked = await discharge(first);
    expect(await settled(acked.deliveryId)).toMatchObject({ status: 'acknowledged' });
    expect((await events(first.id)).map((event) => event.type)).toEqual([
      'gp.delivered',
      'gp.acknowledged',
    ]);

    await practiceEndpoint('/later');
    gp.on('/later', () => ({ status: 200, body: { received: true } }));
    const second = await inCare('G82001');
    const { deliveryId } = await discharge(second);
    expect(await settled(deliveryId)).toMatchObject({ status: 'delivered' });
    const ackUrl = `${api.url}/api/v1/gp-deliveries/${deliveryId}/acknowledgement`;
    const issued = await postJson<{ key: string }>(
      `${api.url}/api/v1/admin/api-keys`,
      { name: 'Practice system', orgCode: 'G82001' },
      asAdmin,
    );
    const practice = { 'x-api-key': issued.body.key };
    const anotherPractice = await bearer(config, referrer('G82002'));
    expect((await postJson(ackUrl, {}, anotherPractice)).status).toBe(403);
    const one = await postJson(ackUrl, {}, practice);
    const two = await postJson(ackUrl, {}, practice);
    expect(one.status).toBe(200);
    expect(two.status).toBe(200);
    expect(two.body).toMatchObject({ id: deliveryId, status: 'acknowledged' });
    expect((await events(second.id)).map((event) => event.type)).toEqual([
      'gp.delivered',
      'gp.acknowledged',
    ]);
    const unknown = await postJson(
      `${api.url}/api/v1/gp-deliveries/00000000-0000-4000-8000-000000000000/acknowledgement`,
      {},
      practice,
    );
    expect(unknown.status).toBe(404);
  });

  it('records a failed delivery at once when the practice has no endpoint, and none for V81997', async () => {
    await practiceEndpoint(null);
    const noEndpoint = await discharge(await inCare('G82001'));
    expect(noEndpoint.deliveryStatus).toBe('failed');
    expect(await delivery(noEndpoint.deliveryId)).toMatchObject({
      status: 'failed',
      attempts: 0,
      last_error: 'The GP practice has no discharge endpoint configured',
    });
    const list = await getJson<{ items: { id: string }[] }>(
      `${api.url}/api/v1/admin/gp-deliveries?status=failed`,
      asAdmin,
    );
    expect(list.body.items.map((item) => item.id)).toContain(noEndpoint.deliveryId);
    const resend = await postJson(
      `${api.url}/api/v1/admin/gp-deliveries/${noEndpoint.deliveryId}/resend`,
      {},
      asAdmin,
    );
    expect(resend.status).toBe(422);

    const unregistered = await discharge(await inCare('V81997'));
    expect(await delivery(unregistered.deliveryId)).toMatchObject({
      status: 'not_applicable',
      last_error: 'No registered GP practice (V81997): give the letter to the patient',
    });
    const unknownPractice = await discharge(await inCare(null));
    expect(unknownPractice.deliveryStatus).toBe('failed');
    const [{ n }] = await db().query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox WHERE payload->>'deliveryId' = ANY($1)`,
      [[noEndpoint.deliveryId, unregistered.deliveryId, unknownPractice.deliveryId]],
    );
    expect(n).toBe(0);
  });
});
