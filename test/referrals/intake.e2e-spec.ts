import { bearer, referrer } from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission } from '../support/factories';
import { getJson, postJson, withCredential } from '../support/http';
import { startApi, testConfig, type RunningApi } from '../support/apps';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTestRedis, type TestRedis } from '../support/redis';
import { TcpProxy } from '../support/tcp-proxy';

interface Submitted {
  id: string;
  reference: string;
  status: string;
  version: number;
  receivedAt: string;
  flags: string[];
  links: { self: string; status: string };
}
interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  details?: { field: string; message: string }[];
}

describe('POST /api/v1/referrals', () => {
  let context: ApiContext;
  const url = () => `${context.api.url}/api/v1/referrals`;
  const rows = async (sql: string, params: unknown[] = []) =>
    context.database.dataSource.query<Record<string, unknown>[]>(sql, params);

  beforeAll(async () => {
    context = await startApiContext();
  });
  afterAll(async () => {
    await context.close();
  });

  it('stores the referral, its received event and its triage outbox row, and answers 201', async () => {
    const before = Date.now();
    const response = await postJson<Submitted>(
      url(),
      newSubmission({ patient: { nhsNumber: '999 000 0026' } }),
    );
    expect(response.status).toBe(201);
    const body = response.body;
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      reference: expect.stringMatching(/^FD-[A-Z2-9]{4}-[A-Z2-9]{4}$/),
      status: 'received',
      version: 1,
      receivedAt: expect.any(String),
      flags: [],
      links: {
        self: `/api/v1/referrals/${body.id}`,
        status: `/api/v1/referrals/by-reference/${body.reference}/status`,
      },
    });
    expect(response.headers.get('location')).toBe(body.links.self);
    const receivedAt = Date.parse(body.receivedAt);
    expect(receivedAt).toBeGreaterThanOrEqual(before - 1000);
    expect(receivedAt).toBeLessThanOrEqual(Date.now() + 1000);

    const [referral] = await rows(
      'SELECT nhs_number, neighbourhood_code, channel FROM referrals WHERE id = $1',
      [body.id],
    );
    expect(referral).toEqual({
      nhs_number: '9990000026',
      neighbourhood_code: 'nh-gillingham',
      channel: 'api',
    });
    const events = await rows(
      'SELECT seq, type, to_status FROM referral_events WHERE referral_id = $1',
      [body.id],
    );
    expect(events).toEqual([{ seq: expect.any(String), type: 'received', to_status: 'received' }]);
    const outbox = await rows(
      `SELECT job_name, payload FROM outbox WHERE job_name = 'triage.referral' AND payload->>'referralId' = $1`,
      [body.id],
    );
    expect(outbox).toEqual([
      {
        job_name: 'triage.referral',
        payload: { referralId: body.id, version: 1, correlationId: expect.any(String) },
      },
    ]);
  });

  it('accepts a referral with no NHS number when name and date of birth are given, flagged identity_unverified', async () => {
    const response = await postJson<Submitted>(
      url(),
      newSubmission({
        patient: { nhsNumber: undefined, familyName: 'Quill', postcode: 'CT9 1AA' },
      }),
    );
    expect(response.status).toBe(201);
    expect(response.body.flags).toEqual(['identity_unverified']);
  });

  it('lists every invalid field at once, without echoing the NHS number, name or date of birth', async () => {
    const submission = newSubmission({
      referrer: { type: 'pharmacist' as never },
      patient: {
        nhsNumber: '9990000010',
        givenName: 'Zebedee',
        dateOfBirth: '2999-01-01',
        postcode: 'QA1 1AA',
        gpPracticeOdsCode: 'nope',
      },
      clinical: {
        presentingNeeds: ['fall', 'unicorn'] as never,
        observations: { pulse: 400, spo2: 101, temperature: 36.8, consciousness: 'Z' as never },
        clinicalFrailtyScale: 10,
      },
      consent: 'maybe' as never,
    });
    const response = await postJson<ErrorBody>(url(), submission);
    expect(response.status).toBe(400);
    expect(response.body.statusCode).toBe(400);
    expect(response.body.error).toBe('Bad Request');
    const fields = (response.body.details ?? []).map((detail) => detail.field);
    expect(new Set(fields)).toEqual(
      new Set([
        'referrer.type',
        'patient.nhsNumber',
        'patient.dateOfBirth',
        'patient.postcode',
        'patient.gpPracticeOdsCode',
        'clinical.presentingNeeds',
        'clinical.observations.pulse',
        'clinical.observations.spo2',
        'clinical.observations.consciousness',
        'clinical.clinicalFrailtyScale',
        'consent',
      ]),
    );
    for (const identifier of ['9990000010', 'Zebedee', 'Lovelace', '2999-01-01']) {
      expect(response.text).not.toContain(identifier);
    }
  });

  it('requires given name, family name and date of birth when there is no NHS number', async () => {
    const response = await postJson<ErrorBody>(
      url(),
      newSubmission({
        patient: {
          nhsNumber: undefined,
          givenName: undefined,
          familyName: undefined,
          dateOfBirth: undefined,
        },
      }),
    );
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        { field: 'patient.givenName', message: 'is required when there is no NHS number' },
        { field: 'patient.familyName', message: 'is required when there is no NHS number' },
        expect.objectContaining({ field: 'patient.dateOfBirth' }),
      ]),
    );
  });

  it('refuses a date of birth 120 or more years ago', async () => {
    const response = await postJson<ErrorBody>(
      url(),
      newSubmission({ patient: { dateOfBirth: '1900-01-01' } }),
    );
    expect(response.status).toBe(400);
    expect(response.body.details?.map((d) => d.field)).toEqual(['patient.dateOfBirth']);
  });

  it('accepts an NHS pseudo-postcode such as no fixed abode', async () => {
    const response = await postJson<Submitted>(
      url(),
      newSubmission({ patient: { postcode: 'ZZ99 3VZ' } }),
    );
    expect(response.status).toBe(201);
  });

  it('rejects unknown fields, at any depth, by name', async () => {
    const submission = { ...newSubmission(), priority: 'high' } as Record<string, unknown>;
    (submission.patient as Record<string, unknown>).favouriteColour = 'blue';
    const response = await postJson<ErrorBody>(url(), submission);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual(
      expect.arrayContaining([
        { field: 'priority', message: 'property priority should not exist' },
        { field: 'patient.favouriteColour', message: 'property favouriteColour should not exist' },
      ]),
    );
  });

  it.each([
    ['malformed JSON', '{"referrer": {"type": "gp"', 'application/json'],
    ['an empty body', '', 'application/json'],
    ['a JSON array', '[1,2,3]', 'application/json'],
    ['a text body', 'hello', 'text/plain'],
  ])('answers %s with a 4xx in the contract shape, never a 500', async (_case, body, type) => {
    const response = await fetch(url(), {
      method: 'POST',
      headers: withCredential({ 'content-type': type }),
      body,
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const json = (await response.json()) as ErrorBody;
    expect(json).toEqual(
      expect.objectContaining({
        statusCode: response.status,
        error: expect.any(String),
        message: expect.any(String),
      }),
    );
    expect(JSON.stringify(json)).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  describe('with an Idempotency-Key', () => {
    it('stores 50 concurrent identical submissions once and answers all with its id (201 once, 200 after)', async () => {
      const key = `concurrent-${Date.now()}`;
      const submission = newSubmission({ patient: { nhsNumber: '9990000034' } });
      const responses = await Promise.all(
        Array.from({ length: 50 }, () =>
          postJson<Submitted>(url(), submission, { 'idempotency-key': key }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(49);
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(1);
      const [{ count }] = await rows('SELECT count(*) FROM referrals WHERE idempotency_key = $1', [
        key,
      ]);
      expect(count).toBe('1');
      const [{ count: jobs }] = await rows(
        `SELECT count(*) FROM outbox WHERE job_name = 'triage.referral' AND payload->>'referralId' = $1`,
        [responses[0].body.id],
      );
      expect(jobs).toBe('1');
    });

    it('answers 409 when the same key comes with a different body', async () => {
      const key = `reused-${Date.now()}`;
      const first = await postJson(url(), newSubmission(), { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const second = await postJson<ErrorBody>(
        url(),
        newSubmission({ clinical: { summary: 'A different story altogether.' } }),
        { 'idempotency-key': key },
      );
      expect(second.status).toBe(409);
      expect(second.body.message).toMatch(/Idempotency-Key/);
    });

    it('refuses a malformed key', async () => {
      const response = await postJson<ErrorBody>(url(), newSubmission(), {
        'idempotency-key': 'x'.repeat(201),
      });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: 'Idempotency-Key', message: expect.any(String) },
      ]);
    });
  });

  describe.each([
    ['POST /api/v1/referrals', '/api/v1/referrals', 201],
    ['POST /api/v1/triage/evaluate', '/api/v1/triage/evaluate', 200],
  ])('the NHS number at %s', (_name, path, ok) => {
    const post = <T>(patient: Record<string, unknown>) =>
      postJson<T>(`${context.api.url}${path}`, newSubmission({ patient }));

    it.each([
      ['a wrong check digit', '9990000010', /check digit/],
      ['check digit 10 (never issued)', '9990000000', /check digit/],
      ['transposed digits', '999 227 4552', /check digit/],
      ['nine digits', '999000001', /10 digits/],
      ['eleven digits', '99900000181', /10 digits/],
      ['letters', '999000001A', /10 digits/],
      ['letters for digits', '999 OOO OO18', /10 digits/],
      ['empty', '', /10 digits/],
    ])(
      'refuses %s with a 400 naming patient.nhsNumber only, never the value',
      async (_case, value, why) => {
        const response = await post<ErrorBody>({ nhsNumber: value });
        expect(response.status).toBe(400);
        expect(response.body.details).toEqual([
          { field: 'patient.nhsNumber', message: expect.any(String) },
        ]);
        expect(response.body.details?.[0].message).toMatch(why);
        if (value.trim()) {
          expect(response.text).not.toContain(value);
          expect(response.text).not.toContain(value.replace(/\s/g, ''));
        }
      },
    );

    it.each([
      ['missing', undefined],
      ['null', null],
    ])('accepts it %s, flagged identity_unverified (never a refusal)', async (_case, value) => {
      const response = await post<{ flags: string[] }>({
        nhsNumber: value,
        familyName: 'Pemberton',
      });
      expect(response.status).toBe(ok);
      expect(response.body.flags).toContain('identity_unverified');
    });

    it('accepts it typed with spaces, the same as without', async () => {
      const response = await post<{ flags: string[] }>({ nhsNumber: '999 120 0118' });
      expect(response.status).toBe(ok);
      expect(response.body.flags).not.toContain('identity_unverified');
    });
  });

  describe('a patient who already has an open referral', () => {
    it('is linked to it by NHS number and flagged possible_duplicate, never dropped or merged', async () => {
      const first = await postJson<Submitted>(
        url(),
        newSubmission({ patient: { nhsNumber: '9990000042' } }),
      );
      const second = await postJson<Submitted>(
        url(),
        newSubmission({ patient: { nhsNumber: '9990000042' } }),
      );
      expect(second.status).toBe(201);
      expect(second.body.id).not.toBe(first.body.id);
      expect(second.body.flags).toEqual(['possible_duplicate']);
      const view = await getJson<{
        episode: { linkedReferralId: string; possibleDuplicateOf: unknown };
      }>(`${context.api.url}${second.body.links.self}`);
      expect(view.body.episode.linkedReferralId).toBe(first.body.id);
      expect(view.body.episode.possibleDuplicateOf).toEqual({
        id: first.body.id,
        reference: first.body.reference,
        status: 'received',
        team: null,
      });
      const [event] = await rows(`SELECT data FROM referral_events WHERE referral_id = $1`, [
        second.body.id,
      ]);
      expect(event.data).toMatchObject({ possibleDuplicateOf: first.body.id });
    });

    it('is found without an NHS number by family name, date of birth and postcode', async () => {
      const patient = {
        nhsNumber: undefined,
        givenName: 'Bea',
        familyName: "O'Hara",
        dateOfBirth: '1941-05-06',
        postcode: 'TN23 1AA',
      };
      const first = await postJson<Submitted>(url(), newSubmission({ patient }));
      const second = await postJson<Submitted>(
        url(),
        newSubmission({ patient: { ...patient, familyName: 'OHARA', postcode: 'tn231aa' } }),
      );
      expect(first.body.flags).toEqual(['identity_unverified']);
      expect(second.body.flags).toEqual(['identity_unverified', 'possible_duplicate']);
    });
  });
});

describe('reading referrals', () => {
  let context: ApiContext;
  let submitted: Submitted;
  let careHome: Record<string, string>;
  const get = <T>(path: string, headers?: Record<string, string>) =>
    getJson<T>(`${context.api.url}${path}`, headers);

  beforeAll(async () => {
    context = await startApiContext();
    careHome = await bearer(context.config, referrer('VNA12'));
    submitted = (
      await postJson<Submitted>(`${context.api.url}/api/v1/referrals`, newSubmission(), careHome)
    ).body;
  });
  afterAll(async () => {
    await context.close();
  });

  it('GET /api/v1/referrals/:id returns the whole referral', async () => {
    const response = await get<Record<string, unknown>>(submitted.links.self);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      id: submitted.id,
      reference: submitted.reference,
      status: 'received',
      version: 1,
      patient: { nhsNumber: '9990000018', familyName: 'Lovelace', postcode: 'ME7 1AA' },
      referrer: { type: 'care_home' },
      clinical: { presentingNeeds: ['fall'] },
      triage: null,
      team: null,
    });
  });

  it('GET /api/v1/referrals/:id/events returns the timeline with seq, actor and statuses', async () => {
    const response = await get<unknown[]>(`/api/v1/referrals/${submitted.id}/events`);
    expect(response.body).toEqual([
      {
        seq: expect.any(Number),
        type: 'received',
        at: expect.any(String),
        actor: { id: 'referrer-VNA12', role: 'referrer' },
        fromStatus: null,
        toStatus: 'received',
        reason: null,
        data: { channel: 'api', flags: [] },
      },
    ]);
  });

  it('the status endpoint shows the referrer only the reference, status, team, time and next step', async () => {
    const response = await get<Record<string, unknown>>(submitted.links.status, careHome);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      reference: submitted.reference,
      status: 'received',
      team: null,
      updatedAt: expect.any(String),
      nextStep: expect.stringContaining('Received by the hub'),
    });
    const typed = submitted.reference.toLowerCase().replace(/-/g, ' ');
    expect(
      (await get(`/api/v1/referrals/by-reference/${encodeURIComponent(typed)}/status`, careHome))
        .status,
    ).toBe(200);
  });

  it("shows a referrer only their own organisation's referrals, and never the full record", async () => {
    const otherHome = await bearer(context.config, referrer('VNA99'));
    expect((await get(submitted.links.status, otherHome)).status).toBe(403);
    expect((await get(submitted.links.self, careHome)).status).toBe(403);
    expect((await get(`${submitted.links.self}/events`, careHome)).status).toBe(403);
  });

  it.each([
    ['an unknown id', '/api/v1/referrals/00000000-0000-4000-8000-000000000000', 404],
    ['a malformed id', '/api/v1/referrals/not-a-uuid', 400],
    [
      'a reference with a bad check character',
      '/api/v1/referrals/by-reference/FD-2345-6789/status',
      404,
    ],
  ])('answers %s (%s) with %i', async (_case, path, status) => {
    const response = await get<ErrorBody>(path);
    expect(response.status).toBe(status);
    expect(response.body.statusCode).toBe(status);
  });
});

describe('a submission while Postgres does not answer', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let proxy: TcpProxy;
  let api: RunningApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    proxy = TcpProxy.for(database.url);
    await proxy.start();
    api = await startApi(
      testConfig({
        databaseUrl: proxy.wrap(database.url),
        redisUrl: redis.url,
        redisPrefix: redis.prefix,
      }),
    );
  });
  afterAll(async () => {
    await api.close();
    await proxy.stop();
    await redis.cleanup();
    await database.drop();
  });

  it('answers 503 in the contract shape, so the referrer retries, and stores nothing', async () => {
    await proxy.stop();
    try {
      const response = await postJson<ErrorBody>(`${api.url}/api/v1/referrals`, newSubmission());
      expect(response.status).toBe(503);
      expect(response.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'A service Front Door depends on is not answering; please try again shortly',
      });
      expect(response.text).not.toContain('9990000018');
    } finally {
      await proxy.start();
    }
    const [{ count }] = await database.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM referrals',
    );
    expect(count).toBe('0');
  });
});
