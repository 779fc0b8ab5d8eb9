/**
 * Property-based fuzzing (fast-check) of every write endpoint of the api. It proves that
 * malformed input — broken JSON, wrong content types, wrong types and missing fields, huge
 * strings, deep nesting, prototype-pollution keys, injection strings in validated fields, bad
 * ids, bad Idempotency-Keys and bad credentials — is answered with a 4xx in the contract's
 * error shape (an OperationOutcome under /fhir/r4/), never a 5xx, a stack trace or an echoed
 * patient identifier, and that it changes nothing stored. Injection strings in free text are
 * accepted and stored verbatim, as data. A failing property prints its shrunk counterexample
 * and the seed that replays it.
 */
import fc from 'fast-check';
import { connect } from 'node:net';
import { ACTIONS, exampleSubmission, type Action } from '@frontdoor/domain';
import { PERMISSION_MATRIX, actionPermission } from '@frontdoor/auth';
import { signToken } from '../../scripts/token';
import { admin, bearer, coordinator, referrer, teamLead } from '../support/auth';
import { startApiContext, type ApiContext } from '../support/context';
import { newSubmission, TEST_NHS } from '../support/factories';
import { postJson } from '../support/http';
import { containedServiceRequest, referralMessage } from '../fhir/fixtures';

const RUNS = 40;
// A failure stops, shrunk as far as it got, before Jest's timeout abandons it mid-request.
fc.configureGlobal({ interruptAfterTimeLimit: 25_000, markInterruptAsFailure: true });
const BASE64URL = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'];

type Path = (string | number)[];
type HeaderMap = Record<string, string>;

interface Answer {
  status: number;
  type: string;
  text: string;
  body: Record<string, unknown>;
}

// ------------------------------------------------------------------------------------------
// Building bodies

/** The paths of every value inside `value` (not the root), parents before children. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    return [path, ...pathsOf(child, path)];
  });
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, key) => (node as Record<string | number, unknown> | null)?.[key],
    root,
  );
}

/** A copy of `root` with the value at `path` replaced, or removed when `value` is REMOVE. */
const REMOVE = Symbol('remove');
function withValue<T>(root: T, path: Path, value: unknown): T {
  const copy = JSON.parse(JSON.stringify(root)) as T;
  const parent = valueAt(copy, path.slice(0, -1));
  if (typeof parent !== 'object' || parent === null) return copy;
  const key = path[path.length - 1];
  if (value === REMOVE) delete (parent as Record<string | number, unknown>)[key];
  else (parent as Record<string | number, unknown>)[key] = value;
  return copy;
}

/** JSON text of `root` with raw JSON `text` at `path` (built as text: no depth limit). */
const HOLE = '@@hole@@';
function jsonWith(root: unknown, path: Path, text: string): string {
  const json = JSON.stringify(path.length ? withValue(root, path, HOLE) : HOLE);
  return json.replace(`"${HOLE}"`, () => text);
}

/** JSON text of `root` with the member `"key": text` added to the object at `path`. */
function jsonWithMember(root: unknown, path: Path, key: string, text: string): string {
  const target = valueAt(root, path) as Record<string, unknown>;
  const json = JSON.stringify(withValue(root, path, { [HOLE]: 0, ...target }));
  return json.replace(`"${HOLE}":0`, () => `${JSON.stringify(key)}:${text}`);
}

const objectPaths = (root: unknown): Path[] => [
  [],
  ...pathsOf(root).filter((path) => {
    const value = valueAt(root, path);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }),
];

// ------------------------------------------------------------------------------------------
// Arbitraries

/** A JSON value of another type than `value` (never null: null is "absent" for optional fields). */
function wrongTypeFor(value: unknown): fc.Arbitrary<unknown> {
  const text = fc.oneof(fc.string(), fc.constantFrom('true', '1', '0', '', 'null', '[]', '{}'));
  const number = fc.oneof(fc.integer(), fc.constantFrom(0, 1, -1, 2 ** 53, 1e308, -1e308));
  const list = fc.oneof(
    fc.constant([]),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
    fc.constant([[[value]]]),
  );
  const object = fc.oneof(
    fc.constant({}),
    fc.constant({ $gt: '' }),
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), {
      minKeys: 1,
      maxKeys: 3,
    }),
  );
  if (typeof value === 'string') return fc.oneof(number, fc.boolean(), list, object);
  if (typeof value === 'number') {
    return fc.oneof(text, fc.constant(String(value)), fc.boolean(), list, object);
  }
  if (typeof value === 'boolean') return fc.oneof(text, fc.constantFrom(0, 1), list, object);
  if (Array.isArray(value)) return fc.oneof(text, number, fc.boolean(), object);
  return fc.oneof(text, number, fc.boolean(), list); // an object, or null standing for one
}

interface Mutation {
  path: Path;
  value: unknown;
}

/**
 * One to three changes to a valid body, each making it invalid on its own: a wrong type at
 * any path, or a required field missing or null. Later changes may replace earlier ones'
 * parents, never with something valid.
 */
function invalidBody(valid: object, required: Path[] = []): fc.Arbitrary<object> {
  const wrongType = fc
    .constantFrom(...pathsOf(valid))
    .chain((path) =>
      wrongTypeFor(valueAt(valid, path)).map((value): Mutation => ({ path, value })),
    );
  const missing = required.length
    ? fc
        .constantFrom(...required)
        .chain((path) =>
          fc
            .constantFrom<Mutation['value']>(REMOVE, null)
            .map((value): Mutation => ({ path, value })),
        )
    : wrongType;
  return fc
    .array(fc.oneof(wrongType, missing), { minLength: 1, maxLength: 3 })
    .map((mutations) =>
      mutations.reduce<object>((body, { path, value }) => withValue(body, path, value), valid),
    );
}

/** Text that is not a JSON body: truncated, trailing commas, bare words, or anything at all. */
function malformedJson(validText: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc.nat({ max: validText.length - 1 }).map((end) => validText.slice(0, end)),
    fc.constant(`${validText.slice(0, -1)},}`),
    fc.constant(`${validText.slice(0, -1)}${validText.length > 2 ? ',' : ''}"bare":word}`),
    fc.constantFrom(
      '{',
      '{"referrer":',
      '[1,2,',
      "{'single': 'quotes'}",
      '{"a": NaN}',
      '{"a": undefined}',
      '{/* comment */}',
      'true',
      'null',
      '"a string"',
      '12',
      'referral',
      '\u0000',
      '\ufeff{}',
    ),
    fc.string({ unit: 'binary', maxLength: 200 }),
  );
}

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'application/fhir+xml',
  'text/html',
  'application/octet-stream',
  'image/png',
  'application/jsonx',
  'application/json-patch+json',
];

/** Text built from a recipe, which a counterexample prints instead of the text itself. */
interface Built {
  text: string;
  [fc.toStringMethod]: () => string;
}
const built = (text: string, recipe: string): Built => ({
  text,
  [fc.toStringMethod]: () => recipe,
});

/** A JSON string too long for any field (the longest is over the 1 MiB body limit). */
const hugeText = (char: string, length: number): Built =>
  built(JSON.stringify(char.repeat(length)), `"${char}" × ${length}`);
const huge = fc
  .record({
    length: fc.constantFrom(4_001, 100_000, 1_100_000),
    char: fc.constantFrom('a', '9', 'é', '😀'),
  })
  .map(({ length, char }) => hugeText(char, length));

/** Arrays or objects nested deeper than any body needs, as JSON text. */
const deepText = (kind: '[' | '{', depth: number): Built =>
  built(
    kind === '['
      ? '['.repeat(depth) + ']'.repeat(depth)
      : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    `${kind} nested ${depth} deep`,
  );
const deep = fc
  .record({
    depth: fc.integer({ min: 65, max: 50_000 }),
    kind: fc.constantFrom<'[' | '{'>('[', '{'),
  })
  .map(({ depth, kind }) => deepText(kind, depth));

const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];
const POLLUTION = [
  '{"isAdmin":true}',
  '{"prototype":{"isAdmin":true}}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"isAdmin":true}}}',
  'true',
];

const INJECTIONS = [
  "'; DROP TABLE referrals; --",
  '1 OR 1=1',
  "' OR '1'='1",
  '{"$gt": ""}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  'NUL \u0000 inside',
  '\u0001\u0007\u001b[31m\u007f\u0085',
  'RTL \u202eoverride\u202c and \u200f marks',
  'Ω≈ç√∫˜µ≤≥÷ 田中さん 😀👩‍⚕️',
];

const CONTROL = fc.string({
  unit: fc
    .oneof(
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 0x0e, max: 0x1f }),
      fc.integer({ min: 0x7f, max: 0x9f }),
    )
    .map((code) => String.fromCharCode(code)),
  minLength: 1,
  maxLength: 12,
});

/**
 * Injection strings, control characters and any unicode, short or long. The unicode always
 * has a character no code, ODS code, phone number or date may hold, so that around a valid
 * value ("VNA12" + "3") it never makes another valid one.
 */
const injection = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  CONTROL,
  fc
    .oneof(
      fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
      fc.string({ unit: 'binary', minLength: 200, maxLength: 1_000 }),
    )
    .filter((text) => /[^A-Za-z0-9 +()-]/.test(text)),
);

/** A valid value with an injection string around or instead of it: never valid itself. */
const injectedInto = (valid: string): fc.Arbitrary<string> =>
  fc.oneof(
    injection,
    injection.map((attack) => valid + attack),
    injection.map((attack) => attack + valid),
  );

/** Header values fetch can send: visible ASCII, spaces and Latin-1 (controls are refused by fetch). */
const headerText = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }))
      .map((code) => String.fromCharCode(code)),
    ...options,
  });

// ------------------------------------------------------------------------------------------
// The suite

describe('fuzzing every write endpoint', () => {
  let context: ApiContext;
  let referralId: string;
  const auth: Record<'coordinator' | 'admin' | 'lead' | 'practice', HeaderMap> = {
    coordinator: {},
    admin: {},
    lead: {},
    practice: {},
  };

  beforeAll(async () => {
    context = await startApiContext();
    auth.coordinator = await bearer(context.config, coordinator);
    auth.admin = await bearer(context.config, admin);
    auth.lead = await bearer(context.config, teamLead('ucr-medway'));
    auth.practice = await bearer(context.config, referrer('G82001'));
    const created = await postJson<{ id: string }>(
      `${context.api.url}/api/v1/referrals`,
      newSubmission({ patient: { nhsNumber: TEST_NHS[8] } }),
      auth.coordinator,
    );
    expect(created.status).toBe(201);
    referralId = created.body.id;
    // Held by the lead's team, so the lead's actions get past the scope check to validation.
    await context.database.dataSource.query(
      `UPDATE referrals SET team_code = 'ucr-medway' WHERE id = $1`,
      [referralId],
    );
  });

  afterAll(async () => {
    await context?.close();
  });

  async function send(
    method: 'POST' | 'PATCH' | 'GET',
    path: string,
    options: { body?: string; headers?: HeaderMap } = {},
  ): Promise<Answer> {
    const response = await fetch(`${context.api.url}${path}`, {
      method,
      headers: options.headers,
      body: options.body,
    });
    const text = await response.text();
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Asserted below: every answer is JSON.
    }
    return {
      status: response.status,
      type: response.headers.get('content-type') ?? '',
      text,
      body,
    };
  }

  /** A request written byte for byte: for control characters in headers, which fetch refuses. */
  function rawPost(path: string, headers: HeaderMap, body: string): Promise<Answer> {
    const { hostname, port } = new URL(context.api.url);
    const head = Object.entries({ ...headers, 'content-length': String(Buffer.byteLength(body)) })
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      const chunks: Buffer[] = [];
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', reject);
      socket.on('end', () => {
        const response = Buffer.concat(chunks).toString();
        const split = response.indexOf('\r\n\r\n');
        const [head, text] = [response.slice(0, split), response.slice(split + 4)];
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // Asserted by the caller: every answer is JSON.
        }
        const status = Number(head.split(' ')[1]);
        const type = /^content-type: *(.*)$/im.exec(head)?.[1] ?? '';
        resolve({ status, type, text, body });
      });
      socket.end(
        `POST ${path} HTTP/1.1\r\nhost: ${hostname}\r\nconnection: close\r\n${head}\r\n${body}`,
      );
    });
  }

  const withJson = (credential: HeaderMap, type = 'application/json'): HeaderMap => ({
    ...credential,
    'content-type': type,
  });

  /** What is stored: row counts, the newest ids, team capacity and the test referral. */
  async function snapshot(): Promise<Record<string, unknown>> {
    const [row] = await context.database.dataSource.query<Record<string, unknown>[]>(
      `SELECT
         (SELECT count(*) FROM referrals)::int AS referrals,
         (SELECT count(*) FROM referral_events)::int AS referral_events,
         (SELECT max(seq) FROM referral_events)::text AS referral_events_max_seq,
         (SELECT count(*) FROM outbox)::int AS outbox,
         (SELECT count(*) FROM team_events)::int AS team_events,
         (SELECT count(*) FROM api_keys)::int AS api_keys,
         (SELECT count(*) FROM api_keys WHERE revoked_at IS NOT NULL)::int AS api_keys_revoked,
         (SELECT count(*) FROM gp_deliveries)::int AS gp_deliveries,
         (SELECT count(*) FROM discharges)::int AS discharges,
         (SELECT count(*) FROM response_clocks)::int AS response_clocks,
         (SELECT count(*) FROM audit_events)::int AS audit_events,
         (SELECT max(id) FROM audit_events)::text AS audit_events_max_id,
         (SELECT json_agg(json_build_array(code, caseload_limit, beds) ORDER BY code) FROM teams)
           AS team_capacity,
         (SELECT json_build_array(version, status) FROM referrals WHERE id = $1) AS referral`,
      [referralId],
    );
    return row;
  }

  /** A refusal: a 4xx in the contract's shape, with no stack trace and no patient identifier. */
  function expectRefused(answer: Answer, door: 'api' | 'fhir' = 'api'): void {
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    if (door === 'fhir') {
      expect(answer.type).toMatch(/^application\/fhir\+json/);
      expect(answer.body.resourceType).toBe('OperationOutcome');
      expect(Array.isArray(answer.body.issue) && answer.body.issue.length > 0).toBe(true);
    } else {
      expect(answer.type).toMatch(/^application\/json/);
      expect(answer.body).toEqual(
        expect.objectContaining({
          statusCode: answer.status,
          error: expect.any(String),
          message: expect.any(String),
        }),
      );
      if ('details' in answer.body) expect(Array.isArray(answer.body.details)).toBe(true);
    }
    expect(answer.text).not.toMatch(/\bat .*:\d+:\d+|\.[jt]s:\d+|node_modules|\/work\//);
    expect(answer.text).not.toMatch(/999[ -]?\d{3}[ -]?\d{4}|Lovelace|\bAda\b|1938-04-02/);
  }

  /**
   * Tries `runs` inputs and checks that each was refused and changed nothing stored (each run
   * against its own snapshot, so a failure and its shrinking are judged one input at a time).
   */
  async function refusesAll<T>(
    inputs: fc.Arbitrary<T>,
    attempt: (input: T) => Promise<Answer>,
    options: {
      door?: 'api' | 'fhir';
      status?: number | number[];
      runs?: number;
      /** Tried first, among the runs: the bugs this suite found, kept as regressions. */
      examples?: T[];
    } = {},
  ): Promise<void> {
    await fc.assert(
      fc.asyncProperty(inputs, async (input) => {
        const before = await snapshot();
        const answer = await attempt(input);
        if (options.status) expect([options.status].flat()).toContain(answer.status);
        expectRefused(answer, options.door);
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: options.runs ?? RUNS, examples: (options.examples ?? []).map((e) => [e]) },
    );
  }

  /** What one stored referral adds: its row, its `received` event, two outbox rows, an audit row. */
  function expectOneReferralMore(
    before: Record<string, unknown>,
    after: Record<string, unknown>,
  ): void {
    expect(after).toEqual({
      ...before,
      referrals: Number(before.referrals) + 1,
      referral_events: Number(before.referral_events) + 1,
      referral_events_max_seq: after.referral_events_max_seq,
      // The triage job, and the live update its `received` event's trigger queues.
      outbox: Number(before.outbox) + 2,
      audit_events: Number(before.audit_events) + 1,
      audit_events_max_id: after.audit_events_max_id,
    });
  }

  // ----------------------------------------------------------------------------------------
  // POST /api/v1/referrals and POST /api/v1/triage/evaluate: the contract's submission

  const REQUIRED_SUBMISSION_FIELDS: Path[] = [
    ['referrer'],
    ['referrer', 'type'],
    ['patient'],
    ['clinical'],
    ['clinical', 'summary'],
    ['clinical', 'presentingNeeds'],
    ['consent'],
  ];

  /** Fields whose format is checked, with a valid value each. */
  const VALIDATED_FIELDS: [Path, string][] = [
    [['referrer', 'type'], 'care_home'],
    [['referrer', 'organisation', 'odsCode'], 'VNA12'],
    [['referrer', 'phone'], '01634 000000'],
    [['patient', 'nhsNumber'], '9990000018'],
    [['patient', 'dateOfBirth'], '1938-04-02'],
    [['patient', 'sex'], 'female'],
    [['patient', 'postcode'], 'ME7 1AA'],
    [['patient', 'gpPracticeOdsCode'], 'G82001'],
    [['patient', 'phone'], '01634 000001'],
    [['clinical', 'presentingNeeds', 0], 'fall'],
    [['clinical', 'observations', 'consciousness'], 'A'],
    [['clinical', 'knownConditions', 0], 'dementia'],
    [['consent'], 'patient_consented'],
  ];

  const FREE_TEXT_FIELDS: Path[] = [
    ['clinical', 'summary'],
    ['patient', 'givenName'],
    ['patient', 'familyName'],
    ['patient', 'communicationNeeds'],
    ['referrer', 'name'],
    ['referrer', 'role'],
    ['referrer', 'organisation', 'name'],
  ];

  describe.each([
    ['POST /api/v1/referrals', '/api/v1/referrals'],
    ['POST /api/v1/triage/evaluate', '/api/v1/triage/evaluate'],
  ])('%s', (_name, path) => {
    const valid = exampleSubmission();
    const validText = JSON.stringify(valid);
    const post = (body: string, type = 'application/json', headers: HeaderMap = {}) =>
      send('POST', path, { body, headers: { ...withJson(auth.coordinator, type), ...headers } });

    it('refuses malformed JSON', async () => {
      await refusesAll(malformedJson(validText), (text) => post(text));
    });

    it('refuses a valid submission sent as another content type', async () => {
      await refusesAll(fc.constantFrom(...WRONG_CONTENT_TYPES), (type) => post(validText, type), {
        // Every one (examples count among the runs). A form body was parsed, and its "field"
        // (the whole JSON text, NHS number and all) repeated in the error.
        runs: WRONG_CONTENT_TYPES.length,
        examples: WRONG_CONTENT_TYPES,
      });
    });

    it('refuses wrong types, and missing or null required fields, with 400', async () => {
      await refusesAll(
        invalidBody(valid, REQUIRED_SUBMISSION_FIELDS),
        (body) => post(JSON.stringify(body)),
        {
          status: 400,
          runs: 50,
          examples: [
            // A list where an object belongs: a 500, or stored as a list.
            withValue(valid, ['referrer'], [valid.referrer]),
            withValue(valid, ['patient'], []),
            withValue(valid, ['clinical', 'observations'], []),
            // Names were not checked at all beside an NHS number: stored whatever they were.
            withValue(valid, ['patient', 'givenName'], { a: 1 }),
            withValue(valid, ['patient', 'familyName'], false),
          ],
        },
      );
    });

    it('refuses a submission that names the patient by neither NHS number nor name', async () => {
      const anonymous = withValue(
        withValue(valid, ['patient', 'nhsNumber'], REMOVE),
        ['patient', 'givenName'],
        REMOVE,
      );
      await refusesAll(fc.constant(anonymous), (body) => post(JSON.stringify(body)), {
        status: 400,
        runs: 1,
      });
    });

    it('refuses huge strings in any text field', async () => {
      const textPaths = pathsOf(valid).filter((p) => typeof valueAt(valid, p) === 'string');
      await refusesAll(
        fc.tuple(fc.constantFrom(...textPaths), huge),
        ([at, text]) => post(jsonWith(valid, at, text.text)),
        { examples: [[['patient', 'familyName'], hugeText('a', 4_001)]] },
      );
    });

    it('refuses deeply nested arrays and objects, as the body or in any field', async () => {
      await refusesAll(
        fc.tuple(fc.constantFrom([], ...pathsOf(valid)), deep),
        ([at, nested]) => post(jsonWith(valid, at, nested.text)),
        // Nest's validation pipe recursed into it until the stack overflowed: a 500.
        { examples: [[[], deepText('[', 1_314)]] },
      );
    });

    it('refuses prototype-pollution keys at the top level and nested, and pollutes nothing', async () => {
      await refusesAll(
        fc.tuple(
          fc.constantFrom(...objectPaths(valid)),
          fc.constantFrom(...POLLUTION_KEYS),
          fc.constantFrom(...POLLUTION),
          fc.boolean(),
        ),
        ([at, key, payload, alone]) =>
          post(
            alone ? `{${JSON.stringify(key)}:${payload}}` : jsonWithMember(valid, at, key, payload),
          ),
        // Stripped without a word by Nest, so an invalid body was accepted.
        { examples: [[['clinical'], 'prototype', '{"isAdmin":true}', false]] },
      );
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('isAdmin');
      const still = await post(validText);
      expect(still.status).toBeLessThan(300);
      expect(still.text).not.toContain('isAdmin');
    });

    it('refuses injection strings in every validated field with 400', async () => {
      await refusesAll(
        fc
          .constantFrom(...VALIDATED_FIELDS)
          .chain(([at, good]) => injectedInto(good).map((value) => ({ at, value }))),
        ({ at, value }) => post(JSON.stringify(withValue(valid, at, value))),
        { status: 400, runs: 50 },
      );
    });
  });

  describe('POST /api/v1/referrals', () => {
    const url = '/api/v1/referrals';
    const post = (body: unknown, headers: HeaderMap = {}) =>
      send('POST', url, {
        body: JSON.stringify(body),
        headers: { ...withJson(auth.coordinator), ...headers },
      });

    it('stores injection strings in free text verbatim, as data, and nothing else', async () => {
      const freeText = fc.oneof(
        injection,
        fc
          .string({ unit: 'binary', minLength: 1_000, maxLength: 1_900 })
          .map((long) => `abc${long}`),
        fc.constant('lone surrogate \ud800 here'),
      );
      // Half a surrogate pair failed in Postgres as a 500.
      const examples: [Path, string][] = [[['clinical', 'summary'], 'lone surrogate \ud800 here']];
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...FREE_TEXT_FIELDS), freeText, async (at, text) => {
          // Long text goes where there is room for it; names take up to 100 characters.
          const field = text.length > 100 ? ['clinical', 'summary'] : at;
          const value = field[1] === 'summary' ? `abc${text}` : text;
          const before = await snapshot();
          const answer = await post(withValue(newSubmission(), field, value));
          // Postgres stores neither NUL nor half a surrogate pair: those are the client's to fix.
          const unstorable = value.includes('\u0000') || /\p{Cs}/u.test(value);
          if (unstorable) {
            expect(answer.status).toBe(400);
            expectRefused(answer);
            expect(await snapshot()).toEqual(before);
            return;
          }
          expect(answer.status).toBe(201);
          expectOneReferralMore(before, await snapshot());
          const stored = await send('GET', `${url}/${String(answer.body.id)}`, {
            headers: auth.coordinator,
          });
          expect(valueAt(stored.body, field)).toBe(value);
        }),
        { numRuns: 40, examples },
      );
    });

    it('refuses a malformed Idempotency-Key with 400 and stores nothing', async () => {
      const keys = fc.oneof(
        headerText({ minLength: 201, maxLength: 1_000 }).filter((key) => key.trim().length > 200),
        fc
          .tuple(
            headerText({ minLength: 1, maxLength: 20 }),
            fc.constantFrom(' ', '\t', 'é', '\u0085', '\u00a0', '\u009b'),
            headerText({ minLength: 1, maxLength: 20 }),
          )
          .map(([a, bad, b]) => `k${a}${bad}${b}k`),
      );
      await refusesAll(keys, (key) => post(newSubmission(), { 'idempotency-key': key }), {
        status: 400,
      });
    });

    it('refuses an Idempotency-Key with a raw control character with 400', async () => {
      const control = fc
        .oneof(
          fc.integer({ min: 0, max: 8 }),
          fc.integer({ min: 0x0b, max: 0x0c }),
          fc.integer({ min: 0x0e, max: 0x1f }),
          fc.constant(0x7f),
        )
        .map((code) => String.fromCharCode(code));
      await refusesAll(
        fc.tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 20 }), control),
        ([text, character]) =>
          rawPost(
            url,
            { ...withJson(auth.coordinator), 'idempotency-key': `k${text}${character}k` },
            JSON.stringify(newSubmission()),
          ),
        { status: 400 },
      );
    });
  });

  // ----------------------------------------------------------------------------------------
  // The FHIR doors

  /** Elements the FHIR doors map into the submission (others, like Observation.status, are not read). */
  const READ_ELEMENTS =
    /(note\.0\.text|name\.0\.given\.0|name\.0\.family|identifier\.0\.value|birthDate|postalCode|telecom\.0\.value)$/;

  describe.each([
    ['POST /fhir/r4/ServiceRequest', '/fhir/r4/ServiceRequest', () => containedServiceRequest()],
    ['POST /fhir/r4/$process-message', '/fhir/r4/$process-message', () => referralMessage()],
  ])('%s', (_name, path, fixture) => {
    const valid = fixture();
    const validText = JSON.stringify(valid);
    const post = (body: string, type = 'application/fhir+json') =>
      send('POST', path, { body, headers: withJson(auth.coordinator, type) });

    it('refuses malformed JSON with an OperationOutcome', async () => {
      await refusesAll(malformedJson(validText), (text) => post(text), { door: 'fhir' });
    });

    it('refuses a valid resource sent as another content type with 415', async () => {
      await refusesAll(fc.constantFrom(...WRONG_CONTENT_TYPES), (type) => post(validText, type), {
        door: 'fhir',
        status: 415,
        runs: WRONG_CONTENT_TYPES.length,
        examples: WRONG_CONTENT_TYPES,
      });
    });

    it('never fails on a wrong type anywhere: a refusal stores nothing, an acceptance one referral', async () => {
      const family = pathsOf(valid).find((at) => at.join('.').endsWith('name.0.family')) ?? [];
      await fc.assert(
        fc.asyncProperty(invalidBody(fixture()), async (body) => {
          const before = await snapshot();
          const answer = await post(JSON.stringify(body));
          expect(answer.status).toBeLessThan(500);
          if (answer.status >= 400) {
            expectRefused(answer, 'fhir');
            expect(await snapshot()).toEqual(before);
          } else if (answer.status === 201) {
            expectOneReferralMore(before, await snapshot());
          } else {
            // 200: a replay of the message stored first (the same Bundle.identifier), audited.
            expect(await snapshot()).toEqual({
              ...before,
              audit_events: Number(before.audit_events) + 1,
              audit_events_max_id: String(Number(before.audit_events_max_id) + 1),
            });
          }
        }),
        // A family name that is not text went through to the intake: a 500.
        { numRuns: 50, examples: [[withValue(fixture(), family, false)]] },
      );
    });

    it('refuses huge strings in the elements it reads, and deep nesting in any element', async () => {
      const paths = pathsOf(valid);
      const read = paths.filter((path) => READ_ELEMENTS.test(path.join('.')));
      await refusesAll(
        fc.oneof(
          fc.tuple(fc.constantFrom(...read), huge),
          fc.tuple(fc.constantFrom([], ...paths), deep),
        ),
        ([at, { text }]) => post(jsonWith(valid, at, text)),
        { door: 'fhir' },
      );
    });

    it('refuses prototype-pollution keys anywhere', async () => {
      await refusesAll(
        fc.tuple(
          fc.constantFrom(...objectPaths(valid)),
          fc.constantFrom(...POLLUTION_KEYS),
          fc.constantFrom(...POLLUTION),
        ),
        ([at, key, payload]) => post(jsonWithMember(valid, at, key, payload)),
        // Nothing looked for them in FHIR bodies: accepted, and the referral stored.
        { door: 'fhir', examples: [[[], 'constructor', '{"isAdmin":true}']] },
      );
      expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    });
  });

  // ----------------------------------------------------------------------------------------
  // POST /api/v1/referrals/:id/actions/:action

  const now = new Date().toISOString();
  const VALID_ACTION_BODIES: Record<Action, Record<string, unknown>> = {
    confirm_triage: {},
    override_triage: {
      pathway: 'ucr',
      urgency: '2_hour',
      reason: 'Needs a visit today',
      teamCode: 'ucr-medway',
    },
    request_information: { question: 'Is she on anticoagulants?' },
    provide_information: { answer: 'No, she is not' },
    accept: {},
    hand_back: { reason: 'Not our area' },
    assign: { clinicianId: 'nurse-7' },
    record_contact: { at: now, faceToFace: true, notes: 'Seen at home' },
    admit: {},
    step_up: { pathway: 'virtual_ward_frailty', urgency: '2_hour', reason: 'Needs IV antibiotics' },
    step_down: { pathway: 'community_nursing', urgency: 'routine', reason: 'Stable now' },
    discharge: {
      outcome: 'remained_at_home',
      summary: {
        reasonForReferral: 'Fall at the care home',
        pathways: ['ucr'],
        whatWasDone: 'Assessed; therapy at home',
        medicinesChanges: [{ medicine: 'Amlodipine 5 mg', change: 'stopped', reason: 'Dizzy' }],
        advanceCarePlan: { respect: 'in_place', notes: 'Discussed' },
        informationGiven: 'Falls leaflet',
      },
      gpActions: ['Review blood pressure'],
    },
    redirect: { destination: 'Emergency department', reason: 'Chest pain' },
    transfer_out: { destination: 'Kent UCR', reason: 'Lives out of area' },
    cancel: { reason: 'duplicate', notes: 'Sent twice' },
  };

  /** Versions that are not the referral's (1): wrong numbers and wrong types. */
  const wrongVersion = fc.oneof(
    fc.integer({ max: 0 }),
    fc.integer({ min: 2 }),
    fc.constantFrom<unknown>(
      2 ** 53,
      1e308,
      -1e308,
      1.5,
      0.5,
      '1',
      ' 1',
      '1e0',
      '0x1',
      'one',
      '',
      true,
      false,
      null,
      [1],
      { $gt: 0 },
      {},
    ),
  );

  it.each(ACTIONS.map((action) => [action]))(
    'refuses fuzzed bodies for %s and leaves the referral as it was',
    async (action) => {
      // Someone the permission matrix lets take the action, so the body is what is checked.
      const person = PERMISSION_MATRIX[actionPermission(action)].coordinator
        ? 'coordinator'
        : 'lead';
      const valid = { version: 1, ...VALID_ACTION_BODIES[action] };
      const validText = JSON.stringify(valid);
      const bodies = fc.oneof(
        malformedJson(validText),
        fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
        wrongVersion.map((version) => JSON.stringify({ ...valid, version })),
        invalidBody(valid).map((body) => JSON.stringify(body)),
        huge.chain((text) =>
          fc.constantFrom(...pathsOf(valid)).map((at) => jsonWith(valid, at, text.text)),
        ),
        deep.map((nested) => jsonWith(valid, [], nested.text)),
      );
      await refusesAll(
        bodies,
        (body) =>
          send('POST', `/api/v1/referrals/${referralId}/actions/${action}`, {
            body,
            headers: withJson(auth[person]),
          }),
        {
          // One endpoint, fifteen actions: fewer runs each, and 80 more below for wrong types.
          runs: 25,
          examples: [
            // "1" and true were taken for version 1, and the action carried out.
            JSON.stringify({ ...valid, version: '1' }),
            JSON.stringify({ ...valid, version: true }),
            // A team code that looks like an NHS number was repeated in the error.
            ...(action === 'override_triage'
              ? [JSON.stringify({ ...valid, teamCode: '9990000018' })]
              : []),
          ],
        },
      );
    },
  );

  it('refuses wrong types in action bodies with 400, once the caller may act', async () => {
    const dischargeBody = { version: 1, ...VALID_ACTION_BODIES.discharge };
    const cases = fc.constantFrom(...ACTIONS).chain((action) =>
      invalidBody({ version: 1, ...VALID_ACTION_BODIES[action] }, [['version']]).map((body) => ({
        action,
        body,
      })),
    );
    await refusesAll(
      cases,
      ({ action, body }) => {
        const person = PERMISSION_MATRIX[actionPermission(action)].coordinator
          ? 'coordinator'
          : 'lead';
        return send('POST', `/api/v1/referrals/${referralId}/actions/${action}`, {
          body: JSON.stringify(body),
          headers: withJson(auth[person]),
        });
      },
      {
        status: 400,
        runs: 80,
        examples: [
          {
            action: 'record_contact',
            body: { ...VALID_ACTION_BODIES.record_contact, version: '1' },
          },
          { action: 'discharge', body: withValue(dischargeBody, ['summary'], []) },
          {
            action: 'discharge',
            body: withValue(dischargeBody, ['summary', 'medicinesChanges', 0], []),
          },
        ],
      },
    );
  });

  // ----------------------------------------------------------------------------------------
  // Teams, API keys, GP deliveries

  /** Ids for a path segment, escaped (or deliberately malformed, as a raw %-escape). */
  const fuzzedSegment: fc.Arbitrary<Built> = fc.oneof(
    fc
      .oneof(
        fc.uuid(),
        fc.string({ minLength: 1, maxLength: 60 }),
        injection,
        fc.constantFrom('00000000-0000-0000-0000-000000000000', '0', '-1', 'null', '..', '%'),
      )
      .map((id) => built(encodeURIComponent(id), JSON.stringify(id))),
    fc
      .record({
        length: fc.integer({ min: 101, max: 2_000 }),
        char: fc.constantFrom('a', '9', 'é'),
      })
      .map(({ length, char }) =>
        built(encodeURIComponent(char.repeat(length)), `"${char}" × ${length}`),
      ),
    fc
      .constantFrom('%', '%zz', '%e0%a4', '%ED%A0%80', 'a%2')
      .map((raw) => built(raw, `raw ${raw}`)),
  );
  /** Fastify answered these itself, off the contract's shape and repeating the path. */
  const SEGMENT_EXAMPLES = [built('9'.repeat(101), '"9" × 101'), built('%zz', 'raw %zz')];

  describe('PATCH /api/v1/teams/:code/capacity', () => {
    const valid = { caseloadLimit: 40, reason: 'Two nurses off sick' };

    it('refuses wrong types and a missing reason with 400', async () => {
      await refusesAll(
        fc.oneof(
          invalidBody(valid, [['reason']]),
          fc.record({
            caseloadLimit: fc.oneof(
              fc.integer({ max: 0 }),
              fc.integer({ min: 10_001 }),
              // JSON cannot carry Infinity (it would arrive as null): finite fractions only.
              fc
                .double({ noNaN: true, noDefaultInfinity: true })
                .filter((n) => !Number.isInteger(n)),
            ),
            reason: fc.constant('Two nurses off sick'),
          }),
          fc.record({
            reason: fc.oneof(
              fc.constantFrom('', 'ab'),
              fc.string({ minLength: 501, maxLength: 600 }),
            ),
          }),
        ),
        (body) =>
          send('PATCH', '/api/v1/teams/ucr-medway/capacity', {
            body: JSON.stringify(body),
            headers: withJson(auth.admin),
          }),
        { status: 400 },
      );
    });

    it('refuses malformed JSON, deep nesting and unknown team codes', async () => {
      const team = built('ucr-medway', 'ucr-medway');
      await refusesAll(
        fc.oneof(
          malformedJson(JSON.stringify(valid)).map((body) => ({ code: team, body })),
          deep.map((nested) => ({
            code: team,
            body: jsonWith(valid, ['caseloadLimit'], nested.text),
          })),
          fuzzedSegment.map((code) => ({ code, body: JSON.stringify(valid) })),
        ),
        ({ code, body }) =>
          send('PATCH', `/api/v1/teams/${code.text}/capacity`, {
            body,
            headers: withJson(auth.admin),
          }),
        // A NUL in the code failed the audit row's insert, answered as a 503.
        { examples: [{ code: built('%00', 'raw %00'), body: JSON.stringify(valid) }] },
      );
    });
  });

  describe('POST /api/v1/admin/api-keys', () => {
    const valid = { name: 'Fuzz CAD', orgCode: 'RYD' };

    it('refuses wrong types, missing fields and bad ODS codes with 400', async () => {
      await refusesAll(
        fc.oneof(
          invalidBody(valid, [['name'], ['orgCode']]),
          injectedInto('RYD').map((orgCode) => ({ ...valid, orgCode })),
          fc.constantFrom({ ...valid, name: '' }, { ...valid, name: 'x'.repeat(101) }),
        ),
        (body) =>
          send('POST', '/api/v1/admin/api-keys', {
            body: JSON.stringify(body),
            headers: withJson(auth.admin),
          }),
        { status: 400 },
      );
    });

    it('refuses revoking fuzzed ids', async () => {
      await refusesAll(
        fuzzedSegment,
        (id) =>
          send('POST', `/api/v1/admin/api-keys/${id.text}/revoke`, {
            body: '{}',
            headers: withJson(auth.admin),
          }),
        { examples: SEGMENT_EXAMPLES },
      );
    });
  });

  describe('GP deliveries', () => {
    it('refuses resending fuzzed ids', async () => {
      await refusesAll(
        fuzzedSegment,
        (id) =>
          send('POST', `/api/v1/admin/gp-deliveries/${id.text}/resend`, {
            body: '{}',
            headers: withJson(auth.admin),
          }),
        { examples: SEGMENT_EXAMPLES },
      );
    });

    it('refuses acknowledging fuzzed ids, whatever the body', async () => {
      await refusesAll(
        fc.tuple(
          fuzzedSegment,
          fc.jsonValue({ maxDepth: 2 }),
          fc.constantFrom<keyof typeof auth>('practice', 'admin'),
        ),
        ([id, body, person]) =>
          send('POST', `/api/v1/gp-deliveries/${id.text}/acknowledgement`, {
            body: JSON.stringify(body),
            headers: withJson(auth[person]),
          }),
      );
    });
  });

  // ----------------------------------------------------------------------------------------
  // Credentials, on the submission door with a valid submission: only the credential is wrong

  describe('credentials', () => {
    const submit = (headers: HeaderMap) =>
      send('POST', '/api/v1/referrals', {
        body: JSON.stringify(newSubmission()),
        headers: { 'content-type': 'application/json', ...headers },
      });
    const base64url = fc.string({
      unit: fc.constantFrom(...BASE64URL),
      minLength: 1,
      maxLength: 80,
    });

    /** Well-formed tokens that must still fail: another secret, no signature, expired. */
    async function forgedTokens(): Promise<string[]> {
      const claims = { sub: 'coord-1', roles: [coordinator.role], ttl: '15m' };
      const none = [
        { alg: 'none', typ: 'JWT' },
        { sub: 'admin-1', roles: ['admin'], exp: 9e9 },
      ]
        .map((part) => Buffer.from(JSON.stringify(part)).toString('base64url'))
        .join('.');
      return [
        await signToken(claims, 'another secret, long enough for HS256 but not ours'),
        await signToken({ ...claims, ttl: '1h ago' }, context.config.AUTH_JWT_SECRET),
        `${none}.`,
      ].map((token) => `Bearer ${token}`);
    }

    it('answers a random Authorization header with 401 and stores nothing', async () => {
      const forged = await forgedTokens();
      const authorization = fc.oneof(
        headerText({ maxLength: 200 }),
        headerText({ maxLength: 200 }).map((token) => `Bearer ${token}`),
        fc.tuple(base64url, base64url, base64url).map((parts) => `Bearer ${parts.join('.')}`),
        fc.constantFrom('Bearer', 'Basic YWRtaW46YWRtaW4=', 'bearer null', ...forged),
      );
      await refusesAll(authorization, (value) => submit({ authorization: value }), {
        status: 401,
      });
    });

    it('answers a random X-Api-Key, alone or beside a token, with 401 and stores nothing', async () => {
      const keys = fc.oneof(
        // Not blank: a blank X-Api-Key is no key, and the token beside it would be used.
        headerText({ minLength: 1, maxLength: 200 }).filter((key) => key.trim() !== ''),
        fc
          .string({ unit: fc.constantFrom(...BASE64URL), minLength: 43, maxLength: 43 })
          .map((key) => `fdk_${key}`),
      );
      await refusesAll(
        fc.tuple(keys, fc.boolean()),
        ([key, withToken]) => submit({ ...(withToken && auth.coordinator), 'x-api-key': key }),
        { status: 401 },
      );
    });

    it('answers a random X-Break-Glass-Reason with 400, 401, 403 or 404, never a 5xx', async () => {
      const people = ['coordinator', 'admin', 'lead', 'practice', 'nobody'] as const;
      await refusesAll(
        fc.tuple(headerText({ maxLength: 600 }), fc.constantFrom(...people)),
        ([reason, person]) =>
          send('POST', `/api/v1/referrals/${referralId}/actions/confirm_triage`, {
            body: JSON.stringify({ version: 'x' }),
            headers: {
              ...withJson(person === 'nobody' ? {} : auth[person]),
              'x-break-glass-reason': reason,
            },
          }),
        { status: [400, 401, 403, 404] },
      );
    });
  });
});
