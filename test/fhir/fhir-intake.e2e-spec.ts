import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTestRedis, type TestRedis } from '../support/redis';
import { startApi, testConfig, type RunningApi } from '../support/apps';
import { TcpProxy } from '../support/tcp-proxy';
import { withCredential } from '../support/http';
import { containedServiceRequest, NHS_NUMBER, referralMessage, URI, without } from './fixtures';

interface Issue {
  severity: string;
  code: string;
  details?: { text?: string };
  diagnostics?: string;
  expression?: string[];
}
interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue: Issue[];
}
interface ServiceRequest {
  resourceType: 'ServiceRequest';
  id: string;
  identifier: { system: string; value: string }[];
  status: string;
  intent: string;
  meta: { lastUpdated: string };
  subject: { reference: string };
}
interface Bundle {
  resourceType: 'Bundle';
  type: string;
  entry: { fullUrl: string; resource: Record<string, unknown> }[];
}

describe('FHIR R4 intake', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let postgresProxy: TcpProxy;
  let api: RunningApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    postgresProxy = TcpProxy.for(database.url);
    await postgresProxy.start();
    api = await startApi(
      testConfig({
        databaseUrl: postgresProxy.wrap(database.url),
        redisUrl: redis.url,
        redisPrefix: redis.prefix,
      }),
    );
  });

  afterAll(async () => {
    await api?.close();
    await postgresProxy?.stop();
    await redis?.cleanup();
    await database?.drop();
  });

  const post = (
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> =>
    fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: withCredential({ 'content-type': 'application/fhir+json', ...headers }),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  const rowsWithKey = async (key: string): Promise<number> => {
    const [row] = await database.dataSource.query<{ count: string }[]>(
      'SELECT count(*) FROM referrals WHERE idempotency_key = $1',
      [key],
    );
    return Number(row.count);
  };

  /** Every error answer: an OperationOutcome, as FHIR JSON, never the JSON error shape. */
  async function outcome(response: Response, status: number): Promise<OperationOutcome> {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
    const body = (await response.json()) as OperationOutcome;
    expect(body.resourceType).toBe('OperationOutcome');
    expect(body.issue.length).toBeGreaterThan(0);
    for (const issue of body.issue) expect(issue.severity).toBe('error');
    return body;
  }

  describe('POST /fhir/r4/ServiceRequest', () => {
    it('stores a ServiceRequest with a contained Patient and answers the stored ServiceRequest', async () => {
      const sent = containedServiceRequest({ nhsNumber: NHS_NUMBER.valid });
      const response = await post('/fhir/r4/ServiceRequest', sent);

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
      const stored = (await response.json()) as ServiceRequest;
      expect(stored).toMatchObject({
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'plan',
        subject: { reference: '#patient' },
      });
      expect(stored.id).toMatch(/^[0-9a-f-]{36}$/);
      const reference = stored.identifier.find((id) => id.system === URI.referralReference);
      expect(reference?.value).toMatch(/^FD-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      expect(response.headers.get('location')).toBe(`/api/v1/referrals/${stored.id}`);

      const read = await fetch(`${api.url}/api/v1/referrals/${stored.id}`, {
        headers: withCredential({}),
      });
      expect(read.status).toBe(200);
      const referral = (await read.json()) as Record<string, unknown>;
      expect(referral).toMatchObject({
        id: stored.id,
        reference: reference?.value,
        receivedAt: stored.meta.lastUpdated,
        channel: 'fhir',
        consent: 'patient_consented',
        referrer: {
          type: 'care_home',
          organisation: { name: 'Oak House Care Home', odsCode: 'VNA12' },
        },
        patient: {
          nhsNumber: NHS_NUMBER.valid,
          givenName: 'Ada',
          familyName: 'Lovelace',
          dateOfBirth: '1938-04-02',
          sex: 'female',
          postcode: 'ME7 1AA',
          gpPracticeOdsCode: 'G82001',
          phone: '01634 000001',
        },
        clinical: {
          summary: 'Slid from armchair, witnessed, no head strike, no pain, cannot get up.',
          presentingNeeds: ['fall'],
          observations: {
            respiratoryRate: 18,
            spo2: 96,
            pulse: 84,
            temperature: 36.8,
            systolicBp: 134,
            consciousness: 'A',
          },
          clinicalFrailtyScale: 6,
          knownConditions: ['dementia'],
        },
      });
    });

    it('honours Idempotency-Key: same body → 200 and the same ServiceRequest; another body → 409', async () => {
      const key = `fhir-${randomUUID()}`;
      const sent = containedServiceRequest({ nhsNumber: NHS_NUMBER.validToo });
      const first = await post('/fhir/r4/ServiceRequest', sent, { 'idempotency-key': key });
      expect(first.status).toBe(201);
      const again = await post('/fhir/r4/ServiceRequest', sent, { 'idempotency-key': key });
      expect(again.status).toBe(200);
      expect(await again.json()).toEqual(await first.json());
      expect(await rowsWithKey(key)).toBe(1);

      const other = containedServiceRequest({ nhsNumber: NHS_NUMBER.validElevenIsZero });
      const conflict = await outcome(
        await post('/fhir/r4/ServiceRequest', other, { 'idempotency-key': key }),
        409,
      );
      expect(conflict.issue[0].code).toBe('conflict');
    });

    it('answers an invalid NHS number with a 400 OperationOutcome that repeats neither number nor name', async () => {
      const response = await post(
        '/fhir/r4/ServiceRequest',
        containedServiceRequest({
          nhsNumber: NHS_NUMBER.invalid,
          given: 'Zebedee',
          family: 'Quixotic',
        }),
      );
      const text = await response.clone().text();
      const body = await outcome(response, 400);
      expect(body.issue).toEqual([
        expect.objectContaining({
          code: 'value',
          diagnostics: 'patient.nhsNumber',
          expression: ['Patient.identifier[0].value'],
        }),
      ]);
      expect(text).not.toContain(NHS_NUMBER.invalid);
      expect(text).not.toContain('Zebedee');
      expect(text).not.toContain('Quixotic');
    });

    it.each([
      ['nine digits', '999000001'],
      ['letters', '999000001A'],
    ])('answers an NHS number of %s the same way, without the value', async (_case, value) => {
      const response = await post(
        '/fhir/r4/ServiceRequest',
        containedServiceRequest({ nhsNumber: value }),
      );
      const text = await response.clone().text();
      const body = await outcome(response, 400);
      expect(body.issue).toEqual([
        expect.objectContaining({ code: 'value', diagnostics: 'patient.nhsNumber' }),
      ]);
      expect(text).not.toContain(value);
    });

    it('answers missing consent with a required issue', async () => {
      const body = await outcome(
        await post('/fhir/r4/ServiceRequest', without(containedServiceRequest(), 'consent')),
        400,
      );
      expect(body.issue).toEqual([
        expect.objectContaining({
          code: 'required',
          diagnostics: 'consent',
          expression: ['ServiceRequest.supportingInfo'],
        }),
      ]);
      expect(body.issue[0].details?.text).toContain(URI.consent);
    });

    it('answers missing presenting needs with a required issue', async () => {
      const sent = {
        ...containedServiceRequest(),
        reasonCode: [{ coding: [{ system: URI.snomed, code: '404684003' }], text: 'Finding' }],
      };
      const body = await outcome(await post('/fhir/r4/ServiceRequest', sent), 400);
      expect(body.issue).toEqual([
        expect.objectContaining({
          code: 'required',
          diagnostics: 'clinical.presentingNeeds',
          expression: ['ServiceRequest.reasonCode'],
        }),
      ]);
    });

    it('lists every problem at once', async () => {
      const sent = {
        ...without(containedServiceRequest(), 'consent'),
        category: [],
        reasonCode: [],
      };
      const body = await outcome(await post('/fhir/r4/ServiceRequest', sent), 400);
      expect(body.issue.map((issue) => [issue.code, issue.diagnostics])).toEqual(
        expect.arrayContaining([
          ['required', 'referrer.type'],
          ['required', 'clinical.presentingNeeds'],
          ['required', 'consent'],
        ]),
      );
    });

    it('requires the Patient to be contained', async () => {
      const sent = { ...containedServiceRequest(), subject: { reference: 'Patient/elsewhere' } };
      const body = await outcome(await post('/fhir/r4/ServiceRequest', sent), 400);
      expect(body.issue).toEqual([
        expect.objectContaining({
          code: 'not-found',
          diagnostics: 'patient',
          expression: ['ServiceRequest.subject.reference'],
        }),
      ]);
    });

    it('answers another resourceType with a 400 OperationOutcome', async () => {
      const body = await outcome(
        await post('/fhir/r4/ServiceRequest', { resourceType: 'Patient', id: 'x' }),
        400,
      );
      expect(body.issue[0].code).toBe('invalid');
      expect(body.issue[0].details?.text).toMatch(/ServiceRequest/);
      await outcome(await post('/fhir/r4/ServiceRequest', [1, 2]), 400);
      await outcome(await post('/fhir/r4/ServiceRequest', '"just a string"'), 400);
    });

    it('answers invalid JSON with a 400 OperationOutcome that does not echo the body', async () => {
      const response = await post('/fhir/r4/ServiceRequest', `{"nhs": "${NHS_NUMBER.valid}", oops`);
      const text = await response.clone().text();
      const body = await outcome(response, 400);
      expect(body.issue[0].details?.text).toBe('The request body is not valid JSON');
      expect(text).not.toContain(NHS_NUMBER.valid);
    });

    it('answers a body over the limit with a 413 OperationOutcome', async () => {
      const huge = { ...containedServiceRequest(), note: [{ text: 'x'.repeat(1_100_000) }] };
      await outcome(await post('/fhir/r4/ServiceRequest', huge), 413);
    });

    it('answers an empty body with a 400 OperationOutcome', async () => {
      await outcome(await post('/fhir/r4/ServiceRequest', ''), 400);
    });

    it('answers a non-JSON content type with a 415 OperationOutcome', async () => {
      for (const contentType of ['text/plain', 'application/xml', 'application/fhir+xml']) {
        const body = await outcome(
          await post('/fhir/r4/ServiceRequest', JSON.stringify(containedServiceRequest()), {
            'content-type': contentType,
          }),
          415,
        );
        expect(body.issue[0].code).toBe('not-supported');
      }
    });

    it('accepts application/json and a charset parameter', async () => {
      const sent = containedServiceRequest({ nhsNumber: NHS_NUMBER.validToo });
      expect(
        (await post('/fhir/r4/ServiceRequest', sent, { 'content-type': 'application/json' }))
          .status,
      ).toBe(201);
      expect(
        (
          await post('/fhir/r4/ServiceRequest', sent, {
            'content-type': 'application/fhir+json; charset=utf-8',
          })
        ).status,
      ).toBe(201);
    });

    it('answers a malformed Idempotency-Key with a 400 OperationOutcome', async () => {
      const body = await outcome(
        await post('/fhir/r4/ServiceRequest', containedServiceRequest(), {
          'idempotency-key': 'x'.repeat(201),
        }),
        400,
      );
      expect(body.issue[0].diagnostics).toBe('Idempotency-Key');
    });
  });

  describe('POST /fhir/r4/$process-message', () => {
    it('stores the focus ServiceRequest and answers a response message Bundle', async () => {
      const message = referralMessage({ patient: { nhsNumber: NHS_NUMBER.validToo } });
      const requestHeader = (message.entry as { resource: { id: string } }[])[0].resource;
      const response = await post('/fhir/r4/$process-message', message);

      expect(response.status).toBe(201);
      expect(response.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
      const reply = (await response.json()) as Bundle;
      expect(reply).toMatchObject({ resourceType: 'Bundle', type: 'message' });
      const [header, focus] = reply.entry;
      expect(header.resource).toMatchObject({
        resourceType: 'MessageHeader',
        eventCoding: { system: URI.barsEvents, code: 'servicerequest-request' },
        response: { identifier: requestHeader.id, code: 'ok' },
        focus: [{ reference: focus.fullUrl }],
        destination: [{ endpoint: 'https://sender.example.nhs.uk/fhir' }],
      });
      const stored = focus.resource as unknown as ServiceRequest;
      expect(stored).toMatchObject({
        resourceType: 'ServiceRequest',
        status: 'active',
        intent: 'plan',
      });
      const reference = stored.identifier.find((id) => id.system === URI.referralReference);
      expect(reference?.value).toMatch(/^FD-/);
      expect(response.headers.get('location')).toBe(`/api/v1/referrals/${stored.id}`);

      const read = await fetch(`${api.url}/api/v1/referrals/${stored.id}`, {
        headers: withCredential({}),
      });
      const referral = (await read.json()) as Record<string, unknown>;
      expect(referral).toMatchObject({
        channel: 'fhir',
        reference: reference?.value,
        referrer: { type: 'ambulance' },
        patient: { nhsNumber: NHS_NUMBER.validToo, familyName: 'Lovelace' },
        clinical: { presentingNeeds: ['fall'], respect: { present: true } },
        consent: 'patient_consented',
      });
    });

    it('treats a retry of the same message as the same referral (200, one row)', async () => {
      const identifier = randomUUID();
      const message = referralMessage({ identifier });
      const first = await post('/fhir/r4/$process-message', message);
      expect(first.status).toBe(201);
      const retry = await post('/fhir/r4/$process-message', message);
      expect(retry.status).toBe(200);
      const focusOf = async (response: Response) =>
        ((await response.json()) as Bundle).entry[1].resource as unknown as ServiceRequest;
      const [a, b] = [await focusOf(first), await focusOf(retry)];
      expect(b.id).toBe(a.id);
      expect(b.identifier).toEqual(a.identifier);
      expect(await rowsWithKey(`bars:${identifier}`)).toBe(1);
    });

    it('keys on MessageHeader.id when the Bundle has no identifier', async () => {
      const headerId = randomUUID();
      const message = { ...referralMessage({ headerId }), identifier: undefined };
      expect((await post('/fhir/r4/$process-message', message)).status).toBe(201);
      expect((await post('/fhir/r4/$process-message', message)).status).toBe(200);
      expect(await rowsWithKey(`bars:${headerId}`)).toBe(1);
    });

    it('answers a reused message identifier with different content with a 409 OperationOutcome', async () => {
      const identifier = randomUUID();
      expect(
        (await post('/fhir/r4/$process-message', referralMessage({ identifier }))).status,
      ).toBe(201);
      const changed = referralMessage({
        identifier,
        patient: { nhsNumber: NHS_NUMBER.validElevenIsZero },
      });
      const body = await outcome(await post('/fhir/r4/$process-message', changed), 409);
      expect(body.issue[0]).toMatchObject({ code: 'conflict', expression: ['Bundle.identifier'] });
    });

    it('prefers an Idempotency-Key header to the message identifier', async () => {
      const key = `header-${randomUUID()}`;
      const message = referralMessage();
      expect(
        (await post('/fhir/r4/$process-message', message, { 'idempotency-key': key })).status,
      ).toBe(201);
      expect(await rowsWithKey(key)).toBe(1);
    });

    it('stores exactly one referral for 50 concurrent identical messages', async () => {
      const identifier = randomUUID();
      const body = JSON.stringify(referralMessage({ identifier }));
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => post('/fhir/r4/$process-message', body)),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses.filter((status) => status === 201)).toHaveLength(1);
      expect(statuses.filter((status) => status === 200)).toHaveLength(49);
      const ids = new Set(
        await Promise.all(
          responses.map(
            async (response) => ((await response.json()) as Bundle).entry[1].resource.id,
          ),
        ),
      );
      expect(ids.size).toBe(1);
      expect(await rowsWithKey(`bars:${identifier}`)).toBe(1);
    });

    it('answers a ServiceRequest (not a Bundle) with a 400 OperationOutcome', async () => {
      const body = await outcome(
        await post('/fhir/r4/$process-message', containedServiceRequest()),
        400,
      );
      expect(body.issue[0].details?.text).toMatch(/Bundle/);
    });

    it('answers a Bundle that is not a message, or has no MessageHeader first, with 400', async () => {
      const message = referralMessage();
      await outcome(
        await post('/fhir/r4/$process-message', { ...message, type: 'collection' }),
        400,
      );
      const entries = message.entry as unknown[];
      await outcome(
        await post('/fhir/r4/$process-message', { ...message, entry: [...entries].reverse() }),
        400,
      );
    });

    it('answers an unsupported event with a 422 OperationOutcome', async () => {
      const message = referralMessage();
      const [first, ...rest] = message.entry as { resource: Record<string, unknown> }[];
      const booking = {
        ...message,
        entry: [
          {
            ...first,
            resource: {
              ...first.resource,
              eventCoding: { system: URI.barsEvents, code: 'booking-request' },
            },
          },
          ...rest,
        ],
      };
      const body = await outcome(await post('/fhir/r4/$process-message', booking), 422);
      expect(body.issue[0]).toMatchObject({
        code: 'not-supported',
        expression: ['MessageHeader.eventCoding'],
      });
    });

    it('answers a message whose Patient is invalid without echoing it', async () => {
      const message = referralMessage({
        patient: { nhsNumber: NHS_NUMBER.invalid, given: 'Perpetua', family: 'Wobblethorpe' },
      });
      const response = await post('/fhir/r4/$process-message', message);
      const text = await response.clone().text();
      const body = await outcome(response, 400);
      expect(body.issue[0]).toMatchObject({ code: 'value', diagnostics: 'patient.nhsNumber' });
      for (const secret of [NHS_NUMBER.invalid, 'Perpetua', 'Wobblethorpe']) {
        expect(text).not.toContain(secret);
      }
    });

    it('answers invalid JSON and other content types with OperationOutcomes', async () => {
      await outcome(await post('/fhir/r4/$process-message', '{"resourceType": "Bundle",'), 400);
      await outcome(
        await post('/fhir/r4/$process-message', 'hello', { 'content-type': 'text/plain' }),
        415,
      );
    });
  });
  describe('when Postgres does not answer', () => {
    it('answers a 503 OperationOutcome that says nothing about the failure or the patient', async () => {
      await postgresProxy.stop();
      try {
        const response = await post(
          '/fhir/r4/ServiceRequest',
          containedServiceRequest({ nhsNumber: NHS_NUMBER.valid }),
        );
        const text = await response.clone().text();
        const body = await outcome(response, 503);
        expect(body.issue).toEqual([
          {
            severity: 'error',
            code: 'exception',
            details: {
              text: 'A service Front Door depends on is not answering; please try again shortly',
            },
          },
        ]);
        expect(text).not.toContain(NHS_NUMBER.valid);
      } finally {
        await postgresProxy.start();
      }
    });
  });
});
